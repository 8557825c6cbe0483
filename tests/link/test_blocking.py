"""Blocking: the store's query, the Spark job's keys and `proposes` choose the same stored reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import random
from pathlib import Path

from rasd.arabic.normalise import MatchView
from rasd.link.incidents import LinkRules, Report, asked_keys, block_of, found_keys, proposes
from rasd.model import Document, Provenance
from rasd.store import open_store
from rasd.store.base import _blocks

RULES = LinkRules.load()
DAY = dt.date(2024, 2, 15)
# (country, lat, lon, precision): fine places on both sides of cell borders, areas, countries, unknowns
PLACES = (
    ("SYR", 35.93, 36.63, "city"),
    ("SYR", 35.99, 36.99, "site"),
    ("SYR", 36.01, 37.01, "city"),
    ("SYR", 34.2, 38.5, "city"),
    ("SYR", 35.8, 36.6, "admin1"),
    ("SYR", 34.8, 38.9, "country"),
    ("SYR", None, None, None),
    ("IRQ", 36.34, 43.13, "city"),
    ("IRQ", 33.0, 44.0, "region"),
    (None, 36.0, 37.0, "region"),
    (None, 35.95, 36.95, "city"),
    (None, None, None, None),
)


def _report(number: int, rng: random.Random) -> Report:
    country, lat, lon, precision = rng.choice(PLACES)
    return Report(
        event=number,
        event_id=f"{number:016x}-e0",
        document=number,
        type=rng.choice(("ASSAULT", "PROTEST", "AGREE", "COOPERATE")),
        mode=None,
        date=rng.choice((None, *(DAY + dt.timedelta(days=offset) for offset in range(-6, 7)))),
        date_basis="event",
        source_country=None,
        source_sector=None,
        target_country=None,
        target_sector=None,
        country=country,
        admin1=None,
        lat=lat,
        lon=lon,
        precision=precision,
    )


def test_keys_share_at_most_one_key_and_find_every_proposed_report() -> None:
    rng = random.Random(3)
    reports = [_report(number, rng) for number in range(160)]
    proposed = 0
    for new, stored in itertools.product(reports, reports):
        block = block_of(new, RULES)
        if block is None:
            assert new.date is None
            continue
        shared = set(asked_keys(block, RULES)) & set(found_keys(stored, RULES))
        assert len(shared) <= 1
        if proposes(block, stored, RULES):
            proposed += 1
            assert shared
        elif shared:
            assert stored.date is not None and abs((stored.date - new.date).days) > RULES.widest_window  # type: ignore[operator]
    assert 1000 < proposed < 160 * 160 / 2  # blocking proposes many, and leaves out many


def test_the_store_query_proposes_what_proposes_proposes(tmp_path: Path) -> None:
    rng = random.Random(5)
    stored = [_report(number, rng) for number in range(120)]
    text = "نص"
    doc = Document(
        id="doc",
        provenance=Provenance(source="doc", format="text"),
        raw_text=text,
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        view=MatchView.of(text),
    )
    with open_store(tmp_path / "rasd.db") as store:
        store.add(doc)
        with store.transaction():
            for report in stored:
                store.execute(
                    "INSERT INTO incidents (id, key, type, created_at, updated_at) VALUES (?, ?, ?, '', '')",
                    (report.event + 1, f"i{report.event}", report.type),
                )
                store.execute(
                    "INSERT INTO incident_reports (incident_id, document_id, type, link_date, date_basis, cell,"
                    " country, link, linked_at) VALUES (?, 1, ?, ?, 'event', ?, ?, ?, '')",
                    (
                        report.event + 1,
                        report.type,
                        report.date.isoformat() if report.date else None,
                        report.cell(RULES),
                        report.country,
                        json.dumps({}),
                    ),
                )
        hits = 0
        for new in (dataclasses.replace(_report(1000 + n, rng), document=1000 + n) for n in range(60)):
            block = block_of(new, RULES)
            if block is None:
                continue
            sql, params = _blocks(block)
            found = {row["incident_id"] - 1 for row in store.rows(sql, params)}
            assert found == {report.event for report in stored if proposes(block, report, RULES)}
            hits += len(found)
    assert hits > 100
