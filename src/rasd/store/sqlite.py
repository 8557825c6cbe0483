"""The embedded default store: one SQLite file in WAL mode.

Each document is written in one transaction together with its events and claims, keyed by
the hash of its clean text, so ingesting the same article twice changes nothing and an
interrupted run never leaves half a document behind.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from rasd.model import Document, Event
from rasd.store.schema import MIGRATIONS

SQLITE_TYPES = {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "json": "TEXT"}


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event joined with its article, as listings show it."""

    doc_id: str
    type: str
    mode: str | None
    source: str | None
    target: str | None
    place: str | None
    country: str | None
    date: str | None
    fatalities: int | None
    injuries: int | None
    negated: bool


class SQLiteStore:
    """Documents, events and claims in a SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        applied = {row[0] for row in self.conn.execute("SELECT name FROM schema_migrations")}
        for name, statements in MIGRATIONS:
            if name in applied:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in statements:
                    self.conn.execute(statement.format(**SQLITE_TYPES))
                self.conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, _now())
                )
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def add(self, doc: Document) -> bool:
        """Store one analysed document in one transaction; return False if it was already there."""
        record = doc.to_dict()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            row = self.conn.execute(
                "INSERT INTO documents (doc_id, content_hash, source, format, url, title, published, language,"
                " text, match_text, duplicate_of, record, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                (
                    doc.id, doc.content_hash, doc.provenance.source, doc.provenance.format, doc.url,
                    doc.title, record["published"], doc.language, doc.text,
                    doc.view.text if doc.view else doc.text, doc.duplicate_of,
                    json.dumps(record, ensure_ascii=False), _now(),
                ),
            ).fetchone()
            if row is None:
                self.conn.execute("ROLLBACK")
                return False
            self._add_events(row[0], doc, record["events"])
            self._add_claims(row[0], doc, record["claims"])
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return True

    def _add_events(self, document_id: int, doc: Document, records: list[dict]) -> None:
        for seq, (event, record) in enumerate(zip(doc.events, records, strict=True)):
            self.conn.execute(
                "INSERT INTO events (document_id, seq, type, mode, source_text, source_country, source_sector,"
                " target_text, target_country, target_sector, place_text, place_name, country, admin1, lat, lon,"
                " date, fatalities, injuries, negated, historical, attribution_kind, attribution_text,"
                " evidence_start, evidence_end, record)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document_id, seq, *_event_columns(event), json.dumps(record, ensure_ascii=False)),
            )

    def _add_claims(self, document_id: int, doc: Document, records: list[dict]) -> None:
        for seq, (claim, record) in enumerate(zip(doc.claims, records, strict=True)):
            self.conn.execute(
                "INSERT INTO claims (document_id, seq, text, verb, quoted, attribution_kind, attribution_text,"
                " evidence_start, evidence_end, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document_id, seq, claim.text, claim.verb, int(claim.quoted), claim.attribution.kind,
                    claim.attribution.text, claim.evidence.start, claim.evidence.end,
                    json.dumps(record, ensure_ascii=False),
                ),
            )

    def counts(self) -> dict[str, int]:
        """Return how many documents, events and claims the store holds."""
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # table names are constants
            for table in ("documents", "events", "claims")
        }

    def event_types(self) -> list[tuple[str, int]]:
        """Return (type, count) for the stored current events, most frequent first."""
        query = (
            "SELECT type, count(*) FROM events WHERE negated = 0 AND historical = 0"
            " GROUP BY type ORDER BY count(*) DESC, type"
        )
        return list(self.conn.execute(query))

    def events(self, limit: int = 50) -> Iterator[EventRow]:
        """Yield stored events, newest article first."""
        query = (
            "SELECT d.doc_id, e.type, e.mode, e.source_text, e.target_text, coalesce(e.place_name, e.place_text),"
            " e.country, e.date, e.fatalities, e.injuries, e.negated FROM events e"
            " JOIN documents d ON d.id = e.document_id"
            " ORDER BY d.published DESC, d.id, e.seq LIMIT ?"
        )
        with closing(self.conn.execute(query, (limit,))) as cursor:
            for row in cursor:
                yield EventRow(*row[:10], negated=bool(row[10]))


def _event_columns(event: Event) -> tuple[object, ...]:
    source, target, place, attribution = event.source, event.target, event.location, event.attribution
    return (
        event.type, event.mode,
        source.text if source else None, source.country if source else None, source.sector if source else None,
        target.text if target else None, target.country if target else None, target.sector if target else None,
        place.text if place else None, place.name if place else None,
        place.country if place else None, place.admin1 if place else None,
        place.lat if place else None, place.lon if place else None,
        event.date.isoformat() if event.date else None,
        event.fatalities, event.injuries, int(event.negated), int(event.historical),
        attribution.kind if attribution else None, attribution.text if attribution else None,
        event.evidence.start, event.evidence.end,
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
