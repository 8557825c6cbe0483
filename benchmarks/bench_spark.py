"""Benchmark rasd on Spark: one process against Spark local[1] and local[2] on the same corpus.

The corpus is generated from the bundled examples (and the dev articles beside the
repository, when present): distinct ~5 KB text articles in JSONL files, with 5 % exact and
5 % lightly edited copies so the duplicate step has work. Reports, for each run, articles/s
and MB/s over each stage (shards: read → prepare → sign; assemble: duplicates, analysis of
the originals, tables; incidents) and over the whole job, the speed-up of two workers over
one, and the peak RSS of each Spark Python worker and of the JVM.

    python benchmarks/bench_spark.py [--articles 3000] [--per-file 100] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_pipeline import corpus, paragraphs

REPO = Path(__file__).resolve().parent.parent
SPEEDUP_AIM, RSS_AIM_MB = 1.7, 1024


def write_corpus(folder: Path, texts: list[str], per_file: int) -> float:
    """Write the articles (plus copies) as JSONL files; return the megabytes of article text."""
    rng = random.Random(5)
    records = [{"id": f"a{i}", "published": "2024-03-01", "text": text} for i, text in enumerate(texts)]
    for i in rng.sample(range(len(texts)), len(texts) // 20):
        records.append({"id": f"exact{i}", "text": texts[i]})
    for i in rng.sample(range(len(texts)), len(texts) // 20):
        words = texts[i].split(" ")
        words[rng.randrange(len(words))] = "أيضاً"
        records.append({"id": f"near{i}", "text": "نقلاً عن مراسلنا.\n\n" + " ".join(words)})
    rng.shuffle(records)
    folder.mkdir()
    for start in range(0, len(records), per_file):
        chunk = records[start : start + per_file]
        lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in chunk)
        (folder / f"part-{start // per_file:04d}.jsonl").write_text(lines, encoding="utf-8")
    return sum(len(record["text"].encode()) for record in records) / 1e6


def single_process(folder: Path) -> tuple[int, float]:
    from rasd.pipeline import Pipeline, RunStats, process

    pipeline = Pipeline.build()
    started = time.perf_counter()
    count = sum(1 for _ in process([str(folder)], pipeline, on_error=lambda err: None, stats=RunStats()))
    return count, time.perf_counter() - started


def spark_run(folder: Path, output: Path, workers: int) -> dict[str, Any]:
    from rasd.spark.job import Options, run, session

    spark = session(f"local[{workers}]", {"spark.ui.enabled": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    try:
        started = time.perf_counter()
        report = run(spark, Options((str(folder),), str(output), files_per_shard=1))
        seconds = time.perf_counter() - started
        workers_rss = _python_worker_rss(spark, workers)
        jvm_rss = _jvm_rss()
    finally:
        spark.stop()
    return {"report": report, "seconds": seconds, "worker_rss": workers_rss, "jvm_rss": jvm_rss}


def _python_worker_rss(spark: Any, workers: int) -> dict[int, float]:
    """Peak RSS (MB) of each Python worker Spark reuses (their pipelines are still loaded)."""
    probe = spark.sparkContext.parallelize(range(workers * 8), workers * 8)
    found = probe.map(lambda _: (os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)).collect()
    return dict(found)


def _jvm_rss() -> float:
    """Peak RSS (MB) of the JVM this process started (driver and executors in local mode)."""
    peak = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("Name", "").strip() == "java" and int(fields.get("PPid", "0")) == os.getpid():
            peak = max(peak, int(fields.get("VmHWM", "0 kB").split()[0]) / 1024)
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--per-file", type=int, default=100, help="articles per JSONL file (one shard each)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    texts = corpus(paragraphs(args.shared if args.shared.is_dir() else None), args.articles)
    with tempfile.TemporaryDirectory(prefix="rasd-bench-spark-") as tmp:
        folder = Path(tmp) / "corpus"
        megabytes = write_corpus(folder, texts, args.per_file)
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        count, single_seconds = single_process(folder)
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        runs = {workers: spark_run(folder, Path(tmp) / f"out{workers}", workers) for workers in (1, 2)}
    print(f"rasd on Spark: {count} records ({megabytes:.1f} MB of article text), {os.cpu_count()} cores")
    print(f"  {'run':<22}{'stage':<14}{'seconds':>9}{'articles/s':>12}{'MB/s':>8}")
    print(f"  {'single process':<22}{'end to end':<14}{single_seconds:>9.1f}{count / single_seconds:>12.1f}"
          f"{megabytes / single_seconds:>8.2f}")
    stages = {"shards": "shards", "assemble": "assemble", "incidents": "incidents", "whole job": None}
    for workers, result in runs.items():
        report = result["report"]
        for stage, key in stages.items():
            seconds = report.seconds[key] if key else result["seconds"]
            print(f"  {f'spark local[{workers}]':<22}{stage:<14}{seconds:>9.1f}{report.records / seconds:>12.1f}"
                  f"{megabytes / seconds:>8.2f}")
    one, two = runs[1], runs[2]
    ratios = {
        stage: (one["report"].seconds[key] / two["report"].seconds[key]) if key else one["seconds"] / two["seconds"]
        for stage, key in stages.items()
    }
    verdict = "met" if ratios["whole job"] >= SPEEDUP_AIM else "NOT met"
    print("  speed-up local[2] / local[1]: " + ", ".join(f"{stage} {ratio:.2f}×" for stage, ratio in ratios.items())
          + f"  (aim ≥ {SPEEDUP_AIM}× for the whole job: {verdict})")
    for workers, result in runs.items():
        rss = ", ".join(f"{mb:.0f}" for mb in sorted(result["worker_rss"].values()))
        worst = max(result["worker_rss"].values(), default=0.0)
        print(f"  local[{workers}] peak RSS: Python workers {rss} MB (aim ≤ {RSS_AIM_MB} MB each:"
              f" {'met' if worst <= RSS_AIM_MB else 'NOT met'}); JVM {result['jvm_rss']:.0f} MB")
    report = runs[2]["report"]
    print(f"  output: {report.documents} documents ({report.duplicates} copies), {report.events} events,"
          f" {report.claims} claims, {report.incidents} incidents; single process kept {count}")


if __name__ == "__main__":
    main()
