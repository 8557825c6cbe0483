"""Score incident linking on the linking corpus: pairwise precision and recall over articles.

    python benchmarks/eval_incidents.py [--db PATH] [--shared ../shared]

Ingests the corpus's inputs (tests/link/incident_corpus/gold.json) into a fresh SQLite store
through the whole pipeline and `Store.add` (which links), then counts, over every pair of
gold articles, whether they share an incident of a gold type. With ../shared present, the
development articles are ingested too, each as a distractor that should link to nothing
in the corpus; a second line scores the pairs including them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import tempfile
import time
from pathlib import Path

from rasd.errors import RecordError
from rasd.link.incidents import LinkingGold, article_incidents, pairwise_scores
from rasd.pipeline import Pipeline, RunStats, process
from rasd.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "link" / "incident_corpus" / "gold.json"
DEV_ARTICLES = Path("eval") / "articles_dev.jsonl"

log = logging.getLogger("eval_incidents")


def ingest(store: Store, pipeline: Pipeline, path: Path, published: dt.date | None = None) -> list[str]:
    """Run the pipeline over one input into the store; return the ids of the documents read."""
    ids = []

    def report(err: RecordError) -> None:
        log.warning("%s", err.line())

    for doc in process([str(path)], pipeline, published=published, on_error=report, stats=RunStats()):
        store.add(doc)
        ids.append(doc.id)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file to build (default: a temporary file)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    gold = LinkingGold.load(GOLD)
    pipeline = Pipeline.build()
    db = args.db or str(Path(tempfile.mkdtemp()) / "incidents.db")
    with open_store(db) as store:
        started = time.perf_counter()
        for path, published in gold.inputs:
            ingest(store, pipeline, REPO / path, published)
        predicted = article_incidents(store, gold.types)
        print(pairwise_scores(predicted, gold.groups).summary(), f"[{len(gold.groups)} articles]")
        dev = args.shared / DEV_ARTICLES
        if dev.is_file():
            distractors = ingest(store, pipeline, dev)
            predicted = article_incidents(store, gold.types)
            groups = gold.with_distractors(distractors)
            scored = pairwise_scores(predicted, groups)
            print(scored.summary(), f"[with {len(distractors)} dev articles as distractors]")
        counts = store.counts()
        multi = next(iter(store.rows("SELECT count(*) AS n FROM incidents WHERE articles > 1")))["n"]
        total = next(iter(store.rows("SELECT count(*) AS n FROM incidents")))["n"]
        print(
            f"store: {counts['documents']} documents, {counts['events']} events, {total} incidents"
            f" ({multi} told by several articles); {time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
