"""Incident linking on Spark groups events exactly as the store's incremental linker does.

Two corpora: the incident-linking corpus (real Arabic reports of the same happenings by
several outlets, a syndicated copy, and look-alikes that must stay apart) run through the
whole job; and random hand-built articles crowded into a few towns and days, so that chains,
ties, complete-link refusals and copies occur far more often than in news.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'rasd[spark]')")

import pyarrow.parquet as pq

from rasd.arabic.normalise import MatchView
from rasd.errors import RecordError
from rasd.link.incidents import LinkingGold, pairwise_scores
from rasd.model import Actor, Document, Event, Place, Provenance, Span
from rasd.pipeline import Pipeline, RunStats, process
from rasd.spark.incidents import components, write_incidents
from rasd.spark.rows import EVENTS_SCHEMA
from rasd.store import open_store
from rasd.store.rows import event_values

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "link" / "incident_corpus" / "gold.json"
PUBLISHED = dt.date(2021, 2, 26)  # the seed article's, for records that carry no date
REPORT_COLUMNS = ("copy_of", "type", "link_date", "date_basis", "cell", "country", "link")
SUMMARY = (
    "type", "first_date", "last_date", "place_text", "place_name", "country", "admin1", "lat", "lon",
    "place_precision", "reports", "articles", "fatalities_min", "fatalities_max", "injuries_min", "injuries_max",
)  # fmt: skip


def _store_linking(db: Path) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str | None], dict[str, Any]]]:
    """Return the store's incidents by key (summary and member events) and its reports by (key, article, event)."""
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        incidents = {row["key"]: dict(row) for row in connection.execute("SELECT * FROM incidents")}
        reports = [
            dict(row)
            for row in connection.execute(
                "SELECT i.key, d.content_hash, e.seq, c.content_hash AS copy_hash, r.type, r.link_date, r.date_basis,"
                " r.cell, r.country, r.link FROM incident_reports r JOIN incidents i ON i.id = r.incident_id"
                " JOIN documents d ON d.id = r.document_id LEFT JOIN events e ON e.id = r.event_id"
                " LEFT JOIN documents c ON c.id = r.copy_of ORDER BY r.id"
            )
        ]
    members: dict[str, list[str]] = defaultdict(list)
    for row in reports:
        if row["seq"] is not None:
            members[row["key"]].append(f"{row['content_hash'][:16]}-e{row['seq']}")
    summaries = {
        key: {**{name: row[name] for name in SUMMARY}, "event_ids": members[key]} for key, row in incidents.items()
    }
    by_report = {
        (
            row["key"],
            row["content_hash"],
            f"{row['content_hash'][:16]}-e{row['seq']}" if row["seq"] is not None else None,
        ): {
            "copy_of": row["copy_hash"],
            **{name: row[name] for name in ("type", "link_date", "date_basis", "cell", "country")},
            "link": json.loads(row["link"]),
        }
        for row in reports
    }
    return summaries, by_report


def _spark_linking(
    output: Path, hashes: dict[int, str] | None = None
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str | None], dict[str, Any]]]:
    """Return the job's incidents and reports as `_store_linking` does (`hashes`: document id to text hash)."""
    if hashes is None:
        hashes = {row["id"]: row["content_hash"] for row in pq.read_table(output / "documents").to_pylist()}
    incidents = pq.read_table(output / "incidents").to_pylist()
    summaries = {
        row["key"]: {**{name: row[name] for name in SUMMARY}, "event_ids": row["event_ids"]} for row in incidents
    }
    assert all(len(row["document_ids"]) == row["articles"] for row in incidents)
    by_report = {
        (row["incident"], hashes[row["document_id"]], row["event_id"]): {
            "copy_of": hashes[row["copy_of"]] if row["copy_of"] is not None else None,
            **{name: row[name] for name in ("type", "link_date", "date_basis", "cell", "country")},
            "link": json.loads(row["link"]),
        }
        for row in pq.read_table(output / "incident_reports").to_pylist()
    }
    return summaries, by_report


def _groupings(summaries: dict[str, dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset(incident["event_ids"]) for incident in summaries.values()}


# --- the linking corpus, through the whole job --------------------------------------------------


@pytest.fixture(scope="module")
def corpus_inputs() -> list[str]:
    return [str(REPO / path) for path, _ in LinkingGold.load(GOLD).inputs]


@pytest.fixture(scope="module")
def store_db(corpus_inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "rasd.db"
    errors: list[RecordError] = []
    docs = process(corpus_inputs, Pipeline.build(), published=PUBLISHED, on_error=errors.append, stats=RunStats())
    with open_store(db) as store:
        for doc in docs:
            store.add(doc)
    return db


@pytest.fixture(scope="module")
def spark_output(spark: Any, corpus_inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rasd.spark.job import Options, run

    output = tmp_path_factory.mktemp("spark") / "out"
    report = run(spark, Options(tuple(corpus_inputs), str(output), published=PUBLISHED, files_per_shard=1))
    assert report.incidents == len(pq.read_table(output / "incidents"))
    return output


def test_spark_incidents_group_the_corpus_events_as_the_store_does(spark_output: Path, store_db: Path) -> None:
    ours, _ = _spark_linking(spark_output)
    theirs, _ = _store_linking(store_db)
    assert _groupings(ours) == _groupings(theirs)
    several = [incident for incident in theirs.values() if incident["articles"] > 1]
    assert len(several) >= 4  # the corpus's happenings told by several outlets are linked...
    assert ours == theirs  # ...with the same keys, members in link order, places, dates and tolls


def test_spark_reports_carry_the_store_audit_records_and_copies(spark_output: Path, store_db: Path) -> None:
    _, ours = _spark_linking(spark_output)
    _, theirs = _store_linking(store_db)
    assert ours == theirs
    copies = [report for report in theirs.values() if report["date_basis"] == "copy"]
    assert copies and all(report["link"]["agreed"] == ["text"] for report in copies)
    assert any(report["link"]["candidates"] > 1 for report in theirs.values())


def test_incident_tables_have_the_store_columns(spark_output: Path, store_db: Path) -> None:
    with sqlite3.connect(store_db) as connection:
        columns = {
            name: [info[1] for info in connection.execute(f"PRAGMA table_info({name})")]
            for name in ("incidents", "incident_reports")
        }
    own = ("id", "created_at", "updated_at", "linked_at")  # the store's row ids and times
    assert pq.read_table(spark_output / "incidents").schema.names == [
        *(name for name in columns["incidents"] if name not in own),
        "event_ids",
        "document_ids",
    ]
    # the incident by its key, the event by its public id and its position in its article
    assert columns["incident_reports"] == ["id", "incident_id", "document_id", "event_id", *REPORT_COLUMNS, "linked_at"]
    assert pq.read_table(spark_output / "incident_reports").schema.names == [
        "incident",
        "document_id",
        "event_id",
        "seq",
        *REPORT_COLUMNS,
    ]


def test_the_look_alikes_stay_apart_on_spark(spark_output: Path) -> None:
    gold = LinkingGold.load(GOLD)
    doc_ids = {row["id"]: row["doc_id"] for row in pq.read_table(spark_output / "documents").to_pylist()}
    types = {row["key"]: row["type"] for row in pq.read_table(spark_output / "incidents").to_pylist()}
    predicted: dict[str, set[str]] = defaultdict(set)
    for row in pq.read_table(spark_output / "incident_reports").to_pylist():
        if types[row["incident"]] in gold.types:
            predicted[doc_ids[row["document_id"]]].add(row["incident"])
    score = pairwise_scores(predicted, gold.groups)
    assert score.false_positives == 0 and score.true_positives >= 10


# --- crowded random articles, linked from tables -------------------------------------------------

PLACES = (
    Place(text="إدلب", name="Idlib", country="SYR", admin1="Idlib", lat=35.9306, lon=36.6339, precision="city"),
    Place(text="أريحا", name="Ariha", country="SYR", admin1="Idlib", lat=35.8137, lon=36.6096, precision="city"),
    Place(text="سراقب", name="Saraqib", country="SYR", admin1="Idlib", lat=35.8647, lon=36.8006, precision="city"),
    Place(text="حلب", name="Aleppo", country="SYR", admin1="Aleppo", lat=36.2012, lon=37.1612, precision="city"),
    Place(text="ريف إدلب", name="Idlib", country="SYR", admin1="Idlib", lat=35.75, lon=36.6, precision="admin1"),
    Place(text="سوريا", name="Syria", country="SYR", lat=34.8, lon=38.9, precision="country"),
    Place(text="الموصل", name="Mosul", country="IRQ", admin1="Nineveh", lat=36.34, lon=43.13, precision="city"),
    Place(text="الحدود", name=None, country=None, lat=36.0, lon=37.0, precision="region"),
    None,
)
ACTORS = (
    None,
    Actor(text="طائرات روسية", country="RUS", sector="MIL"),
    Actor(text="قوات النظام", country="SYR", sector="MIL"),
    Actor(text="الحكومة السورية", country="SYR", sector="GOV"),
    Actor(text="مسلحون", sector="UAF"),
    Actor(text="مدنيون", country="SYR", sector="CVL"),
)


def _random_articles(seed: int, count: int) -> list[Document]:
    rng = random.Random(seed)
    docs: list[Document] = []
    for number in range(count):
        text = f"تقرير رقم {number} من البذرة {seed}."
        published = dt.date(2024, 2, 10) + dt.timedelta(days=rng.randrange(8))
        duplicate_of, events = None, ()
        if docs and rng.random() < 0.1:  # a syndicated copy (near: its own text; exact: the same text)
            original = rng.choice(docs)
            duplicate_of = original.id
            text = original.text if rng.random() < 0.3 else text
        else:
            events = tuple(
                Event(
                    type=rng.choice(("ASSAULT", "ASSAULT", "PROTEST", "AGREE", "COOPERATE")),
                    mode=rng.choice((None, "aerial", "ground")),
                    evidence=Span(0, len(text)),
                    source=rng.choice(ACTORS),
                    target=rng.choice(ACTORS),
                    location=rng.choice(PLACES),
                    date=rng.choice((None, published, published - dt.timedelta(days=rng.randrange(4)))),
                    date_precision=rng.choice((None, "day", "day", "month", "year")),
                    fatalities=rng.choice((None, rng.randrange(30))),
                    injuries=rng.choice((None, rng.randrange(30))),
                    negated=rng.random() < 0.05,
                    historical=rng.random() < 0.05,
                )
                for _ in range(rng.randrange(1, 4))
            )
        docs.append(
            Document(
                id=f"doc-{number}",
                provenance=Provenance(source=f"corpus/doc-{number}", format="text"),
                raw_text=text,
                published=published,
                text=text,
                content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                view=MatchView.of(text),
                language="ar",
                duplicate_of=duplicate_of,
                events=events,
            )
        )
    return docs


def _tables(spark: Any, docs: list[Document]) -> tuple[Any, Any]:
    documents, events = [], []
    for number, doc in enumerate(docs, start=1):
        record = doc.to_dict()
        documents.append((number, doc.id, doc.content_hash, record["published"], doc.duplicate_of))
        for seq, (event, event_record) in enumerate(zip(doc.events, record["events"], strict=True)):
            values = {**event_values(event, event_record, record["published"]), "document_id": number, "seq": seq}
            events.append(tuple(values[name] for name in EVENTS_SCHEMA.names))
    return (
        spark.createDataFrame(
            documents, "id long, doc_id string, content_hash string, published string, duplicate_of string"
        ),
        spark.createDataFrame(events, EVENTS_SCHEMA),
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_crowded_random_articles_link_as_in_the_store(spark: Any, seed: int, tmp_path: Path) -> None:
    docs = _random_articles(seed, 90)
    db = tmp_path / "rasd.db"
    with open_store(db) as store:
        for doc in docs:
            store.add(doc)
    hashes = {number: doc.content_hash for number, doc in enumerate(docs, start=1)}
    documents, events = _tables(spark, docs)
    output = tmp_path / "out"
    count = write_incidents(documents, events, str(output), 2)
    ours, our_reports = _spark_linking(output, hashes)
    theirs, their_reports = _store_linking(db)
    assert count == len(theirs)
    assert _groupings(ours) == _groupings(theirs)
    assert max(len(incident["event_ids"]) for incident in theirs.values()) >= 3  # chains were there to follow
    assert ours == theirs
    assert our_reports == their_reports


def test_components_are_those_of_union_find(spark: Any) -> None:
    rng = random.Random(7)
    nodes = rng.sample(range(10**12), 300)
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(220)]
    edges += [(nodes[i], nodes[i + 1]) for i in range(100, 160)]  # one long chain
    parent = {node: node for node in nodes}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        parent[max(find(a), find(b))] = min(find(a), find(b))
    linked = {node for edge in edges for node in edge}
    expected = {node: min(other for other in linked if find(other) == find(node)) for node in linked}
    got = dict(components(spark.sparkContext.parallelize(edges, 4)).collect())
    assert {node: got.get(node, node) for node in linked} == expected
    assert all(got[node] != node for node in got)  # roots are not listed as their own members
