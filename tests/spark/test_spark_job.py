"""The Spark job's output equals a single process's: same documents, copies, events, claims, skips."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sparkcorpus import build

from rasd.errors import RecordError
from rasd.model import Document
from rasd.pipeline import Pipeline, RunStats, process
from rasd.store import open_store

# Columns a store fills itself: its own row ids and the times it ingested and linked a document.
LOCAL_COLUMNS = ("id", "ingested_at", "linked_at")


def run_spark(spark: Any, inputs: list[str], output: Path, files_per_shard: int = 2) -> Any:
    from rasd.spark.job import Options, run

    return run(spark, Options(tuple(inputs), str(output), files_per_shard=files_per_shard))


def table(output: Path, name: str) -> list[dict[str, Any]]:
    return pq.read_table(output / name).to_pylist()


def single_process(inputs: list[str]) -> tuple[list[Document], RunStats]:
    stats = RunStats()
    errors: list[RecordError] = []
    return list(process(inputs, Pipeline.build(), on_error=errors.append, stats=stats)), stats


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("spark"))


@pytest.fixture(scope="module")
def single(corpus: Path) -> tuple[list[Document], RunStats]:
    return single_process([str(corpus)])


@pytest.fixture(scope="module")
def spark_run(spark: Any, corpus: Path) -> tuple[Path, Any]:
    output = corpus.parent / "out"
    return output, run_spark(spark, [str(corpus)], output)


def test_documents_equal_the_single_process_records_in_arrival_order(
    spark_run: tuple[Path, Any], single: tuple[list[Document], RunStats]
) -> None:
    output, _ = spark_run
    docs, _ = single
    rows = sorted(table(output, "documents"), key=lambda row: row["id"])
    assert [json.loads(row["record"]) for row in rows] == [doc.to_dict() for doc in docs]
    assert [row["duplicate_of"] for row in rows] == [doc.duplicate_of for doc in docs]


def test_corpus_holds_exact_and_near_copies_and_bad_records(single: tuple[list[Document], RunStats]) -> None:
    docs, stats = single
    copies = {doc.id: doc.duplicate_of for doc in docs if doc.duplicate_of}
    assert copies["b-variants/seed-exact-copy.txt"] == "a-examples/seed-article.txt"
    assert copies["wire-rewritten"] == "wire-2024-05-20-sanaa"
    assert copies["https://example.net/mirror/nablus-strike"] == "https://example.org/nablus-strike"
    assert {"bad-json", "empty", "binary"} <= set(stats.skipped)


def test_counts_match_the_single_process_run(
    spark_run: tuple[Path, Any], single: tuple[list[Document], RunStats]
) -> None:
    output, report = spark_run
    docs, stats = single
    assert (report.processed, report.duplicates) == (stats.processed, stats.duplicates)
    assert report.skipped == stats.skipped
    assert report.events == sum(len(doc.events) for doc in docs) > 10
    assert report.claims == sum(len(doc.claims) for doc in docs)
    written = json.loads((output / "stats.json").read_text(encoding="utf-8"))
    assert written["processed"] == stats.processed and written["skipped"] == dict(stats.skipped)


def _store_rows(db: Path, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        rows = [dict(row) for row in connection.execute(f"SELECT * FROM {name}")]
        columns = [info[1] for info in connection.execute(f"PRAGMA table_info({name})")]
    return columns, rows


def test_tables_have_the_store_columns_and_values(
    spark_run: tuple[Path, Any], single: tuple[list[Document], RunStats], tmp_path: Path
) -> None:
    output, _ = spark_run
    docs, _ = single
    db = tmp_path / "rasd.db"
    with open_store(db) as store:
        for doc in docs:
            store.add(doc)
    documents: dict[str, dict[str, Any]] = {}  # the store keeps the first article of each clean text
    for row in sorted(table(output, "documents"), key=lambda row: row["id"]):
        documents.setdefault(row["content_hash"], row)
    store_columns, stored = _store_rows(db, "documents")
    assert list(documents[stored[0]["content_hash"]]) == store_columns
    hash_of_store_id = {row["id"]: row["content_hash"] for row in stored}
    hash_of_spark_id = {row["id"]: hash_ for hash_, row in documents.items()}
    for row in stored:
        ours = documents[row["content_hash"]]
        assert {k: v for k, v in ours.items() if k not in LOCAL_COLUMNS} == {
            k: v for k, v in row.items() if k not in LOCAL_COLUMNS
        }
    for name in ("events", "claims"):
        columns, rows = _store_rows(db, name)
        ours = table(output, name)
        assert list(ours[0]) == [column for column in columns if column != "id"]
        keyed = lambda row, ids: (ids[row["document_id"]], row["seq"])  # noqa: E731
        expected = {
            keyed(row, hash_of_store_id): {k: v for k, v in row.items() if k not in ("id", "document_id")}
            for row in rows
        }
        got = {keyed(row, hash_of_spark_id): {k: v for k, v in row.items() if k != "document_id"} for row in ours}
        assert got == expected


def _analysis(output: Path) -> tuple[set[str], set[str]]:
    """Return the analysis stage's wave ids and marker keys."""
    root = output / "_rasd" / "analysis"
    markers = {name.name.split(".")[0] for name in (root / "markers").glob("*.json")}
    return {wave.name for wave in (root / "waves").iterdir()}, markers


def test_only_originals_are_analysed(spark_run: tuple[Path, Any], single: tuple[list[Document], RunStats]) -> None:
    output, report = spark_run
    docs, _ = single
    waves, _ = _analysis(output)
    analysed = [row for wave in waves for row in table(output / "_rasd" / "analysis" / "waves", wave)]
    originals = [doc for doc in docs if doc.duplicate_of is None]
    assert report.duplicates > 0 and len(analysed) == len(originals) == report.processed - report.duplicates
    assert sorted(json.loads(row["analysed_record"])["content_hash"] for row in analysed) == sorted(
        doc.content_hash for doc in originals
    )
    copies = [row for row in table(output, "documents") if row["duplicate_of"]]
    assert copies and all(json.loads(row["record"])["events"] == [] for row in copies)


def test_rerun_skips_completed_shards_and_a_new_file_is_one_new_shard(
    spark: Any, spark_run: tuple[Path, Any], corpus: Path
) -> None:
    output, first = spark_run
    waves, analysed = _analysis(output)
    again = run_spark(spark, [str(corpus)], output)
    assert again.shards_done_before == again.shards == first.shards
    assert again.to_dict() | {"seconds": None, "shards_done_before": 0} == first.to_dict() | {"seconds": None}
    assert _analysis(output) == (waves, analysed)  # every shard's analysis was reused
    late = corpus / "e-late.txt"
    late.write_text("قصف مدفعي على قرى في ريف إدلب الجنوبي أدى إلى مقتل مدنيين اثنين.", encoding="utf-8")
    try:
        grown = run_spark(spark, [str(corpus)], output)
    finally:
        late.unlink()
    # The new file joins (or starts) one shard; at most that one and its neighbour are redone.
    assert grown.shards in (first.shards, first.shards + 1)
    assert grown.shards_done_before >= first.shards - 2
    assert grown.processed == first.processed + 1
    assert "e-late.txt" in {row["doc_id"] for row in table(output, "documents")}
    # only the shards whose originals changed were analysed again, in one new wave
    grown_waves, grown_analysed = _analysis(output)
    assert len(grown_waves - waves) == 1 and 1 <= len(grown_analysed - analysed) <= 2


def test_hadoop_uris_read_through_spark_give_the_same_documents(spark: Any, corpus: Path, tmp_path: Path) -> None:
    inputs = [corpus / "a-examples" / "wire-reports.jsonl", corpus / "c-crawl.warc.gz"]
    missing = (corpus / "no-such-file.txt").as_uri()
    report = run_spark(spark, [*(path.as_uri() for path in inputs), missing], tmp_path / "out")
    docs, stats = single_process([str(path) for path in inputs])
    rows = sorted(table(tmp_path / "out", "documents"), key=lambda row: row["id"])
    without_source = lambda record: {k: v for k, v in record.items() if k != "source"}  # noqa: E731
    assert [without_source(json.loads(row["record"])) for row in rows] == [
        without_source(doc.to_dict()) for doc in docs
    ]
    assert {row["source"] for row in rows} == {f"file:{path}" for path in inputs}
    assert (report.processed, report.duplicates) == (stats.processed, stats.duplicates) == (6, 2)
    assert report.skipped == Counter({"not-found": 1})
