"""Kill `rasd ingest` with SIGKILL at random moments, many times; the SQLite store must stay whole.

    python fuzz/kill_ingest.py --runs 20 [--articles 150] [--seed 7]

One clean run gives the expected store. Then, per run, on a fresh store: ingest and kill it
after a random delay (one to three times in a row), checking after every kill that SQLite's
integrity check passes and that every stored article holds exactly the events and claims
of the clean run; finally a re-run must finish and leave the store equal to the clean one.
Prints one line per run and a summary; exits non-zero on the first broken store.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rasd import query
from rasd.query import Filters
from rasd.store import open_store

Expected = dict[str, tuple[int, int]]  # content hash → (events, claims)
KILL_DEADLINE = 300.0  # seconds to wait for the chosen article count before killing anyway

SUBJECTS = ("قوات الأمن", "مسلحون مجهولون", "طائرات حربية", "الجيش السوداني", "قوات الاحتلال", "الشرطة العراقية")
VERBS = ("استهدفت", "قصفت", "اقتحمت", "داهمت", "اعتقلت")
PLACES = ("الموصل", "حمص", "غزة", "الفاشر", "تعز", "بنغازي", "كركوك", "درعا", "نابلس")
AFTERMATH = (
    "ما أسفر عن مقتل {n} أشخاص وإصابة آخرين، بحسب مصادر طبية.",
    "وقال متحدث باسم الدفاع المدني إن {n} جرحى نقلوا إلى المستشفى.",
    "وأعلنت وزارة الداخلية اعتقال {n} مشتبهاً بهم في العملية.",
)


def write_corpus(folder: Path, count: int) -> None:
    """Write `count` distinct short news articles (text files) into `folder`."""
    folder.mkdir(parents=True)
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        lead = f"{VERBS[i % len(VERBS)]} {SUBJECTS[(i // 3) % len(SUBJECTS)]} موقعاً في مدينة {place} فجر اليوم،"
        body = f"{lead} {AFTERMATH[i % len(AFTERMATH)].format(n=i % 19 + 2)}"
        (folder / f"report-{i:04d}.txt").write_text(f"تطورات في {place} (رقم {i + 1})\n\n{body}\n", encoding="utf-8")


def ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "rasd.cli", "ingest", str(corpus), "--db", str(db), "--date", "2024-05-01"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def per_document(db: Path) -> Expected:
    if not db.exists():
        return {}
    with open_store(str(db)) as store:
        return {row.content_hash: (row.events, row.claims) for row in query.documents(store, Filters())}


def integrity(db: Path) -> str:
    if not db.exists():
        return "ok"
    with sqlite3.connect(db) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def check_partial(db: Path, expected: Expected) -> int:
    """Check a store left by a kill; return how many articles it holds."""
    state = integrity(db)
    if state != "ok":
        raise AssertionError(f"integrity_check: {state}")
    stored = per_document(db)
    wrong = {h: n for h, n in stored.items() if expected.get(h) != n}
    if wrong:
        raise AssertionError(f"{len(wrong)} articles stored incompletely or unexpectedly: {list(wrong.items())[:3]}")
    return len(stored)


def finish(corpus: Path, db: Path) -> None:
    process = ingest(corpus, db)
    _, err = process.communicate(timeout=900)
    if process.returncode != 0:
        raise AssertionError(f"ingest exited {process.returncode}: {err.decode()[-500:]}")


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet, or its schema is being written
        return 0


def kill_at_random(process: subprocess.Popen[bytes], db: Path, total: int, rng: random.Random) -> None:
    """SIGKILL once a random number of articles is stored, plus a random few milliseconds.

    Waiting for a stored count (not a wall-clock delay) puts every kill inside the ingest
    loop, not in the second of start-up; the extra delay lands it anywhere in a transaction.
    """
    target = rng.randint(min(stored_count(db) + 1, total), total)
    deadline = time.monotonic() + KILL_DEADLINE
    while process.poll() is None and stored_count(db) < target and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(rng.uniform(0.0, 0.05))
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def one_run(corpus: Path, db: Path, expected: Expected, rng: random.Random) -> list[int]:
    """Kill, check, repeat 1-3 times; re-run; check equality. Return the article counts seen after kills."""
    seen = []
    for _ in range(rng.randint(1, 3)):
        kill_at_random(ingest(corpus, db), db, len(expected), rng)
        seen.append(check_partial(db, expected))
    finish(corpus, db)
    final = per_document(db)
    if final != expected:
        raise AssertionError(f"after the re-run: {len(final)} articles, expected {len(expected)}")
    with open_store(str(db)) as store:
        counts = store.counts()
    if (counts["events"], counts["claims"]) != tuple(map(sum, zip(*expected.values(), strict=True))):
        raise AssertionError(f"counts {counts} differ from the clean run")
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="write the summary here too")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="rasd-kill-") as scratch:
        root = Path(scratch)
        corpus = root / "corpus"
        write_corpus(corpus, args.articles)
        started = time.monotonic()
        finish(corpus, root / "clean.db")
        expected = per_document(root / "clean.db")
        print(f"clean run: {len(expected)} articles in {time.monotonic() - started:.1f} s", flush=True)
        kills = mid_run = 0
        for run in range(1, args.runs + 1):
            seen = one_run(corpus, root / f"run-{run}.db", expected, rng)
            kills += len(seen)
            mid_run += sum(0 < n < len(expected) for n in seen)
            print(f"run {run}: killed with {seen} articles stored; re-run equals the clean run", flush=True)
    summary = {"runs": args.runs, "kills": kills, "kills_mid_ingest": mid_run, "articles": len(expected)}
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
