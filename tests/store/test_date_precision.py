"""An event's date precision in the store: its column, the upgrade that fills it, exports and linking."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from store_samples import document

from rasd import export, query
from rasd.link.incidents import Report
from rasd.model import Event, Span
from rasd.query import Filters
from rasd.store import Store, base, open_store
from rasd.store.schema import MIGRATIONS

BEFORE_PRECISION = MIGRATIONS[:5]  # the schema up to 0005_event_sort_date
TEXT = "وشنت الطائرات غارات على أطراف المدينة الشهر الماضي، وقصفت المدفعية القرى يوم الأحد."


@pytest.fixture
def dated(store: Store) -> Store:
    events = (
        Event(type="ASSAULT", evidence=Span(0, 40), date=dt.date(2024, 2, 1), date_precision="month"),
        Event(type="ASSAULT", evidence=Span(41, len(TEXT)), date=dt.date(2024, 3, 10), date_precision="day"),
        Event(type="ASSAULT", evidence=Span(0, len(TEXT))),
    )
    store.add(document("strikes", TEXT, events, published=dt.date(2024, 3, 12)))
    return store


def test_the_precision_is_stored_and_listed(dated: Store) -> None:
    rows = list(query.events(dated, Filters()))
    assert {(row.date, row.date_precision) for row in rows} == {
        (None, None),
        ("2024-02-01", "month"),
        ("2024-03-10", "day"),
    }
    assert {row.record["date_precision"] for row in rows} == {None, "month", "day"}


def test_exports_carry_the_precision(dated: Store) -> None:
    events = list(query.events(dated, Filters()))
    out = io.StringIO()
    export.write_csv(events, out, query.EventRow)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sorted(row["date_precision"] for row in table) == ["", "day", "month"]
    out = io.StringIO()
    export.write_acled(events, out)
    acled = {row["event_date"]: row["time_precision"] for row in csv.DictReader(io.StringIO(out.getvalue()))}
    # ACLED: 1 the day, 2 the week (the publication date stands in), 3 the month
    assert acled == {"2024-02-01": "3", "2024-03-10": "1", "2024-03-12": "2"}


def test_upgrade_marks_every_stored_date_a_day(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before migration 0006 only days were stored: the upgrade says so, and leaves undated events alone."""
    monkeypatch.setattr(base, "MIGRATIONS", BEFORE_PRECISION)
    with open_store(store_url) as old:
        old.execute(
            "INSERT INTO documents (doc_id, content_hash, source, format, published, text, match_text, record,"
            " ingested_at) VALUES ('old', '00000000000000aa', 'old.txt', 'text', '2024-03-12', 'نص', 'نص', '{}',"
            " '2024-04-01')"
        )
        for seq, date in enumerate(["2024-03-10", None]):
            old.execute(
                "INSERT INTO events (document_id, seq, type, date, negated, historical, evidence_start,"
                " evidence_end, record, sort_date) VALUES (1, ?, 'ASSAULT', ?, 0, 0, 0, 2, ?, ?)",
                (seq, date, json.dumps({"type": "ASSAULT"}), date or "2024-03-12"),
            )
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert store.migrations()[-1] == "0006_event_date_precision"
        rows = store.fetch("SELECT date, date_precision FROM events ORDER BY seq")
    assert [(row["date"], row["date_precision"]) for row in rows] == [("2024-03-10", "day"), (None, None)]


def test_a_month_links_by_the_publication_date() -> None:
    row = {
        "id": 1,
        "event_key": "e1",
        "document_id": 1,
        "type": "ASSAULT",
        "mode": None,
        "date": "2024-02-01",
        "date_precision": "month",
        "published": "2024-03-12",
        "source_country": None,
        "source_sector": None,
        "target_country": None,
        "target_sector": None,
        "country": "SYR",
        "admin1": None,
        "lat": None,
        "lon": None,
        "place_precision": None,
    }
    month = Report.from_row(row)
    assert (month.date, month.date_basis) == (dt.date(2024, 3, 12), "publication")
    day = Report.from_row({**row, "date": "2024-03-10", "date_precision": "day"})
    assert (day.date, day.date_basis) == (dt.date(2024, 3, 10), "event")
