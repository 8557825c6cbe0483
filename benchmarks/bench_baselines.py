"""Benchmark rasd end to end against two floors measured in the same run, on one core.

- HTML pages: rasd (read → decode with trafilatura → clean → … → resolve) against
  trafilatura's main-text extraction alone (`trafilatura.extract`, the library rasd uses).
- Text articles: rasd end to end, and its extraction stages (recognise + extract), against a
  plain keyword matcher over the same clean text: one pyahocorasick automaton of every
  trigger form in the event lexicon, the cost floor for any trigger-based extractor.

Every article differs (paragraphs recombined, serial numbers), so no cache can help.

    python benchmarks/bench_baselines.py [--articles 600] [--pages 200] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ahocorasick
import trafilatura
from bench_pipeline import EXTRACTION_STAGES, corpus, paragraphs
from bench_read_clean import compose, html_page, load_paragraphs

from rasd.arabic.normalise import normalise
from rasd.model import Document
from rasd.pipeline import Pipeline, RunStats, process

REPO = Path(__file__).resolve().parent.parent
TRIGGERS = REPO / "src" / "rasd" / "knowledge" / "data" / "triggers.tsv"
# Aims from the project brief, per core.
TEXT_AIM, HTML_AIM, FLOOR_AIM = 200.0, 50.0, 5.0


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def keyword_automaton() -> ahocorasick.Automaton:
    """Every trigger form of the event lexicon, in the matching view, as one automaton."""
    automaton = ahocorasick.Automaton()
    lines = [line for line in TRIGGERS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    header = lines[0].split("\t")
    for values in (dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()):
        for form in values["forms"].split("|"):
            automaton.add_word(normalise(form), values["type"])
    automaton.make_automaton()
    return automaton


def count_keywords(automaton: ahocorasick.Automaton, texts: list[str]) -> int:
    return sum(1 for text in texts for _ in automaton.iter(text))


def run_files(folder: Path) -> list[Document]:
    return list(process([str(folder)], Pipeline.build(), on_error=lambda err: None, stats=RunStats()))


def extraction_seconds(pipeline: Pipeline, docs: list[Document]) -> float:
    """Seconds the extraction stages (recognise + extract) take over prepared documents."""
    total = 0.0
    for doc in docs:
        prepared = pipeline.run_prepare(doc)
        for stage in pipeline.analyse:
            name = getattr(stage, "__name__", type(stage).__name__)
            started = time.perf_counter()
            prepared = stage(prepared)
            if name in EXTRACTION_STAGES:
                total += time.perf_counter() - started
    return total


def write_corpus(root: Path, texts: list[str], pages: list[str]) -> tuple[Path, Path]:
    text_dir, html_dir = root / "texts", root / "pages"
    text_dir.mkdir()
    html_dir.mkdir()
    for i, text in enumerate(texts):
        (text_dir / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
    for i, page in enumerate(pages):
        (html_dir / f"page-{i:05d}.html").write_text(page, encoding="utf-8")
    return text_dir, html_dir


def line(label: str, count: int, megabytes: float, seconds: float, unit: str) -> str:
    return f"  {label:<44} {count / seconds:9.1f} {unit}/s  {megabytes / seconds:7.2f} MB/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = corpus(paragraphs(args.shared if args.shared.is_dir() else None), args.articles)
    rng, html_paragraphs = random.Random(11), load_paragraphs()
    pages = [html_page(*compose(rng, html_paragraphs, serial), serial) for serial in range(args.pages)]
    text_mb = sum(len(t.encode()) for t in texts) / 1e6
    html_mb = sum(len(p.encode()) for p in pages) / 1e6
    pipeline = Pipeline.build()
    automaton = keyword_automaton()
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        text_dir, html_dir = write_corpus(Path(tmp), texts, pages)
        run_files(html_dir / "page-00000.html")  # warm-up: imports, trafilatura set-up
        html_seconds = timed(lambda: run_files(html_dir))
        trafilatura_seconds = timed(lambda: [trafilatura.extract(page) for page in pages])
        docs: list[Document] = []
        text_seconds = timed(lambda: docs.extend(run_files(text_dir)))
    clean_texts = [doc.text for doc in docs]
    floor_seconds = timed(lambda: count_keywords(automaton, clean_texts))
    raw = [Document(id=d.id, provenance=d.provenance, raw_text=t) for d, t in zip(docs, texts, strict=True)]
    extract_seconds = extraction_seconds(pipeline, raw)
    print("rasd against baselines, one core (pinned), every document distinct")
    print(f"HTML pages ({len(pages)}, {html_mb:.1f} MB):")
    print(line("rasd end to end (read → resolve)", len(pages), html_mb, html_seconds, "pages"))
    print(line("trafilatura.extract alone (baseline)", len(pages), html_mb, trafilatura_seconds, "pages"))
    print(f"  ratio rasd / trafilatura time: {html_seconds / trafilatura_seconds:.2f}×"
          f"   aim ≥ {HTML_AIM:.0f} pages/s: {'met' if len(pages) / html_seconds >= HTML_AIM else 'NOT met'}")
    print(f"text articles ({len(texts)}, {text_mb:.1f} MB):")
    print(line("rasd end to end (read → resolve)", len(texts), text_mb, text_seconds, "articles"))
    print(line("rasd extraction stages (recognise + extract)", len(texts), text_mb, extract_seconds, "articles"))
    print(line("keyword floor: pyahocorasick over triggers", len(texts), text_mb, floor_seconds, "articles"))
    ratio = extract_seconds / floor_seconds
    print(f"  ratio extraction / keyword floor: {ratio:.1f}×  (aim ≤ {FLOOR_AIM:.0f}×: "
          f"{'met' if ratio <= FLOOR_AIM else 'NOT met'});  end to end / floor: {text_seconds / floor_seconds:.1f}×")
    met = "met" if len(texts) / text_seconds >= TEXT_AIM else "NOT met"
    print(f"  aim ≥ {TEXT_AIM:.0f} articles/s end to end: {met}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
