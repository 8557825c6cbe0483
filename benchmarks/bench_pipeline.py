"""Benchmark the analysis pipeline on one core: per-stage cost, throughput, load time, memory.

Run: `.venv/bin/python benchmarks/bench_pipeline.py [--shared ../shared] [--articles 400]`

The corpus is generated from the bundled examples (and, when present, the dev articles beside
the repository), by recombining paragraphs so that every document differs and no cache can
help. Prints knowledge-base load times (each in a fresh interpreter), peak RSS with the whole
knowledge base loaded, end-to-end articles/s, extraction sentences/s, and the share of each stage.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOADERS = {
    "actor knowledge base": "from rasd.knowledge.actors import ActorLexicon as L; L.load()",
    "event lexicon": "from rasd.events.events import EventExtractor as L; L.load()",
    "gazetteer": "from rasd.knowledge.gazetteer import Gazetteer as L; L.load()",
    "attribution lexicon": "from rasd.resolve.attribution import Attributor as L; L.load()",
    "whole pipeline": "from rasd.pipeline import Pipeline as L; L.build()",
}
CONTEXT_STAGES = {"PlaceResolver", "resolve_dates", "resolve_casualties", "Attributor"}
EXTRACTION_STAGES = {"ActorRecogniser", "PlaceRecogniser", "EventExtractor", "merge_event_mentions"}


def load_time(code: str) -> tuple[float, float]:
    """Return (seconds, peak RSS MB) to run `code` in a fresh interpreter, imports excluded."""
    probe = (
        "import time, resource, rasd.pipeline\n"
        f"t = time.perf_counter()\n{code}\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    seconds, rss = out.split()
    return float(seconds), float(rss)


def paragraphs(shared: Path | None) -> list[str]:
    """Collect article paragraphs from the bundled examples and the dev articles if present."""
    found: list[str] = []
    seed = (REPO / "examples" / "seed-article.txt").read_text(encoding="utf-8")
    found += [p.strip() for p in seed.split("\n\n")[1:13] if len(p.strip()) > 40]
    for line in (REPO / "examples" / "wire-reports.jsonl").read_text(encoding="utf-8").splitlines():
        found += [p for p in json.loads(line)["text"].split("\n\n") if len(p) > 40]
    articles = shared / "eval" / "articles_dev.jsonl" if shared else None
    if articles and articles.is_file():
        for line in articles.read_text(encoding="utf-8").splitlines():
            found += [p.strip() for p in json.loads(line)["text"].split("\n") if len(p.strip()) > 40]
    return found


def corpus(paras: list[str], count: int, size: int = 5000) -> list[str]:
    """Make `count` distinct articles of about `size` characters from shuffled paragraphs."""
    rng = random.Random(7)
    docs = []
    for i in range(count):
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(paras))
        rng.shuffle(parts)
        docs.append(f"تقرير رقم {i}\n\n" + "\n\n".join(parts))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    print("knowledge load (fresh interpreter, after imports):")
    for name, code in LOADERS.items():
        seconds, rss = load_time(code)
        print(f"  {name:<22} {seconds:6.3f} s   peak RSS {rss:6.0f} MB")

    from rasd.model import Document, Provenance
    from rasd.pipeline import Pipeline

    pipeline = Pipeline.build()
    docs = corpus(paragraphs(args.shared if args.shared.is_dir() else None), args.articles)
    stage_time: dict[str, float] = defaultdict(float)
    sentences = 0
    started = time.perf_counter()
    for i, text in enumerate(docs):
        doc = Document(id=f"b{i}", provenance=Provenance(source=f"b{i}", format="text"), raw_text=text)
        for stage in (*pipeline.prepare, *pipeline.analyse):
            name = getattr(stage, "__name__", type(stage).__name__)
            t = time.perf_counter()
            doc = stage(doc)
            stage_time[name] += time.perf_counter() - t
        sentences += len(doc.sentences)
    total = time.perf_counter() - started
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    extraction = sum(t for n, t in stage_time.items() if n in EXTRACTION_STAGES)
    context = sum(t for n, t in stage_time.items() if n in CONTEXT_STAGES)
    print(f"\nend to end (clean → resolve), {len(docs)} articles of ~5 KB, {sentences} sentences, one core:")
    print(f"  {len(docs) / total:8.1f} articles/s   {megabytes / total:6.2f} MB/s")
    print(f"  extraction (recognise + extract): {sentences / extraction:8.0f} sentences/s")
    print(f"  context stage adds {100 * context / extraction:5.1f}% to extraction time")
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print("\nper stage (share of total):")
    for name, t in sorted(stage_time.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24} {1000 * t / len(docs):7.3f} ms/article  {100 * t / total:5.1f}%")


if __name__ == "__main__":
    main()
