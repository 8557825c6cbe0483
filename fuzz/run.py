"""Run the atheris fuzz targets for a fixed time each and summarise what they found.

    python fuzz/run.py --seconds 600 --parallel 2            # every target
    python fuzz/run.py --seconds 60 warc jsonl                # some targets

Each target runs in its own subprocess (`harness.py`) over a scratch corpus seeded from
the committed corpus (`fuzz/corpus/TARGET`), the repository's examples and read fixtures.
Afterwards the scratch corpus is minimised with libFuzzer's merge into the committed one,
capped at `MAX_FILES` files and `MAX_BYTES` bytes (the smallest inputs are kept first), and
any crash, timeout or out-of-memory input is copied to `fuzz/crashes/TARGET/`, where the
regression tests replay it. A JSON summary (executions, coverage, crashes) is written.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parent
TARGETS = ("text", "html", "jsonl", "warc", "stream", "clean", "normalise", "extract")
# Committed corpus cap per target, so the replay test stays a few seconds long.
MAX_FILES = 50
MAX_BYTES = 200 * 1024
# Longest fuzzed input: article-sized for readers; the full pipeline is slower per byte.
MAX_LEN = {"extract": 8192, "normalise": 4096, "clean": 16384}
DEFAULT_MAX_LEN = 32768
SEED_SUFFIXES = {
    "text": (".txt",),
    "html": (".html",),
    "jsonl": (".jsonl",),
    "warc": (),
    "stream": (".txt", ".html", ".jsonl"),
    "clean": (".txt",),
    "normalise": (".txt",),
    "extract": (".txt",),
}
SEED_DIRS = (REPO / "examples", REPO / "tests" / "fixtures" / "read")
FINDING_PREFIXES = ("crash-", "timeout-", "oom-", "leak-", "slow-unit-")


@dataclass
class Result:
    target: str
    seconds: int
    executions: int = 0
    coverage: int = 0
    features: int = 0
    corpus_files: int = 0
    peak_rss_mb: int = 0
    findings: list[str] = field(default_factory=list)
    exit_code: int = 0


def warc_seed() -> bytes:
    """A small WARC with an HTML response, a request and an image (the reader's three paths)."""
    from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
    from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    body = (REPO / "examples" / "protest-basra.html").read_bytes()
    for uri, ctype, payload in (
        ("https://example.org/a", "text/html; charset=utf-8", body),
        ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ):
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http))
    writer.write_record(writer.create_warc_record("https://example.org/a", "request", payload=io.BytesIO(b"GET /a")))
    return out.getvalue()


def seed(target: str, into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True)
    for folder in SEED_DIRS:
        for path in sorted(folder.glob("*")):
            if path.suffix in SEED_SUFFIXES[target]:
                shutil.copy(path, into / f"seed-{path.name}")
    if target in ("warc", "stream"):
        (into / "seed-crawl.warc").write_bytes(warc_seed())


def _launcher(target: str, work: Path) -> Path:
    """A script that runs the harness for `target`: what libFuzzer re-executes to merge."""
    path = work / target / "launch.sh"
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FUZZ / "harness.py"}" {target} "$@"\n')
    path.chmod(0o755)
    return path


def _libfuzzer(launcher: Path, args: list[str], log: Path) -> int:
    environment = {**os.environ, "RASD_FUZZ_SELF": str(launcher)}
    with log.open("w") as out:
        return subprocess.run(
            [str(launcher), *args], stdout=out, stderr=subprocess.STDOUT, cwd=REPO, env=environment, check=False
        ).returncode


def _parse(log: str, result: Result) -> None:
    if found := re.findall(r"stat::number_of_executed_units:\s+(\d+)", log):
        result.executions = int(found[-1])
    if found := re.findall(r"stat::peak_rss_mb:\s+(\d+)", log):
        result.peak_rss_mb = int(found[-1])
    if found := re.findall(r"#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+)", log):
        last = found[-1]
        result.executions = max(result.executions, int(last[0]))
        result.coverage, result.features = int(last[1]), int(last[2])


def _keep_corpus(target: str, merged: Path) -> int:
    """Replace the committed corpus by the smallest merged inputs within the caps."""
    committed = FUZZ / "corpus" / target
    shutil.rmtree(committed, ignore_errors=True)
    committed.mkdir(parents=True)
    total = kept = 0
    for path in sorted(merged.iterdir(), key=lambda p: (p.stat().st_size, p.name)):
        size = path.stat().st_size
        if kept == MAX_FILES or total + size > MAX_BYTES:
            break
        shutil.copy(path, committed / path.name)
        total, kept = total + size, kept + 1
    return kept


def run_target(target: str, seconds: int, work: Path) -> Result:
    result = Result(target, seconds)
    scratch, seeds, artifacts = work / target / "corpus", work / target / "seeds", work / target / "artifacts"
    for folder in (scratch, artifacts):
        folder.mkdir(parents=True, exist_ok=True)
    seed(target, seeds)
    launcher = _launcher(target, work)
    committed = FUZZ / "corpus" / target
    committed.mkdir(parents=True, exist_ok=True)
    options = [
        f"-max_total_time={seconds}",
        f"-max_len={MAX_LEN.get(target, DEFAULT_MAX_LEN)}",
        "-timeout=30",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        f"-artifact_prefix={artifacts}/",
    ]
    log = work / target / "fuzz.log"
    result.exit_code = _libfuzzer(launcher, [*options, str(scratch), str(committed), str(seeds)], log)
    _parse(log.read_text(errors="replace"), result)
    crashes = FUZZ / "crashes" / target
    for path in sorted(artifacts.iterdir()):
        if path.name.startswith(FINDING_PREFIXES):
            crashes.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, crashes / path.name)
            result.findings.append(path.name)
    merged = work / target / "merged"
    shutil.rmtree(merged, ignore_errors=True)
    merged.mkdir()
    _libfuzzer(launcher, ["-merge=1", "-timeout=30", str(merged), str(scratch), str(committed), str(seeds)],
               work / target / "merge.log")
    if any(merged.iterdir()):
        result.corpus_files = _keep_corpus(target, merged)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"some of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--seconds", type=int, default=60, help="fuzzing time per target")
    parser.add_argument("--parallel", type=int, default=1, help="targets run at once (one per core)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "rasd-fuzz")
    parser.add_argument("--summary", type=Path, default=None, help="JSON summary path (default: WORK/summary.json)")
    args = parser.parse_args()
    targets = args.targets or list(TARGETS)
    if unknown := set(targets) - set(TARGETS):
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        results = list(pool.map(lambda t: run_target(t, args.seconds, args.work), targets))
    summary = {
        "seconds_per_target": args.seconds,
        "wall_seconds": round(time.monotonic() - started),
        "targets": [asdict(r) for r in results],
    }
    out = args.summary or args.work / "summary.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    for r in results:
        status = f"{len(r.findings)} findings" if r.findings else "no findings"
        print(f"{r.target:10} {r.executions:>9} execs  cov {r.coverage:>5}  ft {r.features:>6}  "
              f"rss {r.peak_rss_mb:>5} MB  corpus {r.corpus_files:>3}  {status}")
    print(f"summary: {out}")
    if any(r.findings for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
