"""Event listings in date order on both backends: the stored sort date, pages and the upgrade that fills it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from store_samples import corpus, document

from rasd import query
from rasd.model import Document, Event, Span
from rasd.query import Filters
from rasd.store import Store, base, open_store
from rasd.store.schema import MIGRATIONS
from rasd.store.sqlite import SQLiteStore

BEFORE_SORT_DATE = MIGRATIONS[:4]  # the schema up to 0004_incidents


def _protests(doc_id: str, text: str, published: dt.date | None, dates: list[dt.date | None]) -> Document:
    events = tuple(Event(type="PROTEST", mode="demo", evidence=Span(0, len(text)), date=date) for date in dates)
    return dataclasses.replace(document(doc_id, text, published=published), events=events)


@pytest.fixture
def listed(store: Store) -> Store:
    """The sample corpus plus articles with undated events, with and without a publication date."""
    for doc in corpus():
        store.add(doc)
    store.add(_protests("no-dates", "تظاهر مئات الطلاب أمام مبنى الجامعة في عمّان.", None, [None, None]))
    store.add(
        _protests(
            "same-day",
            "خرج محتجون إلى شوارع صنعاء، وتجمّع آخرون في تعز.",
            dt.date(2023, 7, 17),
            [None, dt.date(2023, 7, 17)],
        )
    )
    return store


def _keys(rows: object) -> list[str]:
    return [row.event_id for row in rows]  # type: ignore[attr-defined]


def test_undated_events_of_undated_articles_list_last(listed: Store) -> None:
    docs = [row.doc_id for row in query.events(listed, Filters())]
    assert docs[-2:] == ["no-dates", "no-dates"]
    # the visit (published 2024-01-08), then 2023-07-17: an event dated by its article and one
    # dated that day, in their article's order; the protest of 2023-07-16 (published a day later) next
    assert docs[:5] == ["visit", "visit", "same-day", "same-day", "protest"]


@pytest.mark.parametrize(
    "selection",
    [
        Filters(),
        Filters(include_negated=True, include_historical=True),
        Filters(types=("PROTEST",)),
        Filters(modes=("demo",)),
        Filters(since=dt.date(2023, 1, 1)),
        Filters(text="الجيش"),
    ],
)
def test_every_page_is_a_slice_of_the_whole_listing(listed: Store, selection: Filters) -> None:
    whole = _keys(query.events(listed, selection))
    assert whole, "the selection must hold events for the pages to mean something"
    for offset in range(len(whole) + 1):
        page = _keys(query.events(listed, dataclasses.replace(selection, limit=2, offset=offset)))
        assert page == whole[offset : offset + 2]


def test_dates_filter_on_the_event_date_else_the_publication_date(listed: Store) -> None:
    rows = list(query.events(listed, Filters(since=dt.date(2023, 7, 17), until=dt.date(2023, 7, 17))))
    # the protest published that day happened the day before: its own date decides
    assert [(row.doc_id, row.date) for row in rows] == [("same-day", None), ("same-day", "2023-07-17")]


def test_upgrade_fills_the_sort_date_of_stored_events(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Events stored before migration 0005 list and filter by their (article's) date after it."""
    monkeypatch.setattr(base, "MIGRATIONS", BEFORE_SORT_DATE)
    with open_store(store_url) as old:
        for number, published in enumerate(["2024-03-01", "2024-01-10", None]):
            old.execute(
                "INSERT INTO documents (doc_id, content_hash, source, format, published, text, match_text, record,"
                " ingested_at) VALUES (?, ?, 'old.txt', 'text', ?, 'نص', 'نص', '{}', '2024-04-01')",
                (f"old-{number}", f"{number:016x}", published),
            )
        # (document, seq, own date): old-0's second event happened before its article's month
        for document_id, seq, date in [(1, 0, None), (1, 1, "2023-12-31"), (2, 0, None), (3, 0, None)]:
            old.execute(
                "INSERT INTO events (document_id, seq, type, date, negated, historical, evidence_start,"
                " evidence_end, record) VALUES (?, ?, 'PROTEST', ?, 0, 0, 0, 2, ?)",
                (document_id, seq, date, json.dumps({"type": "PROTEST"})),
            )
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert store.migrations() == [m.name for m in MIGRATIONS]
        listing = [(row.doc_id, row.date) for row in query.events(store, Filters())]
        january = [row.doc_id for row in query.events(store, Filters(since=dt.date(2024, 1, 1)))]
    assert listing == [("old-0", None), ("old-1", None), ("old-0", "2023-12-31"), ("old-2", None)]
    assert january == ["old-0", "old-1"]


def _key_query_plan(db: Path, selection: Filters) -> str:
    """Return SQLite's plan for the query that picks a page's event keys."""
    with SQLiteStore(db) as store:
        for doc in corpus():
            store.add(doc)
        seen: list[tuple[str, list[object]]] = []
        fetch = store.fetch
        store.fetch = lambda sql, params=(): seen.append((sql, list(params))) or fetch(sql, params)  # type: ignore[method-assign]
        list(query.events(store, selection))
        [(sql, params)] = seen
        keys = sql[sql.index("(SELECT e.id") + 1 : sql.rindex(")")]
        plan = sqlite3.connect(db).execute("EXPLAIN QUERY PLAN " + keys, params).fetchall()
    return " / ".join(row[3] for row in plan)


@pytest.mark.parametrize(
    ("selection", "index"),
    [
        (Filters(limit=20), "COVERING INDEX events_all_latest"),
        (Filters(types=("ASSAULT",), limit=20), "COVERING INDEX events_type_latest"),
        (Filters(modes=("demo",), limit=20, offset=40), "COVERING INDEX events_mode_latest"),
        (
            Filters(countries=("SYR",), since=dt.date(2024, 1, 1), until=dt.date(2024, 6, 30), limit=20),
            "COVERING INDEX events_country_latest (country=? AND sort_date>? AND sort_date<?)",
        ),
        (Filters(bbox=query.BBox(35.5, 32.5, 42.5, 37.5), limit=20), "COVERING INDEX events_place_latest"),
    ],
)
def test_a_page_picks_its_keys_from_one_index(tmp_path: Path, selection: Filters, index: str) -> None:
    """A page never reads the events table to find its rows (that sort cost 10-50 ms on 10,000 events)."""
    plan = _key_query_plan(tmp_path / "rasd.db", selection)
    assert index in plan
    assert "SCAN e" not in plan.replace("SCAN e USING COVERING INDEX", "")


@pytest.mark.parametrize(
    "selection",
    [Filters(), Filters(include_negated=True, include_historical=True, limit=3, offset=2), Filters(text="الجيش")],
)
def test_event_records_are_the_rows_records_as_json(listed: Store, selection: Filters) -> None:
    """The REST API's spliced record texts say exactly what EventRow.to_record says, key order too."""
    texts = list(query.event_records(listed, selection))
    records = [row.to_record() for row in query.events(listed, selection)]
    assert [json.loads(text) for text in texts] == records
    assert [list(json.loads(text)) for text in texts] == [list(record) for record in records]
