"""What every store backend does, written once over a small set of backend primitives.

A backend supplies a connection, transactions, its placeholder style and its full-text
clause; the schema (`schema.MIGRATIONS`), the writes and every query are shared, so SQLite
and PostgreSQL hold the same rows and answer the same questions the same way. All SQL is
written with `?` placeholders and user values travel only as parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from rasd.arabic.normalise import normalise
from rasd.model import Actor, Claim, Document, Event
from rasd.store.schema import MIGRATIONS, Migration
from rasd.store.terms import QueryTerm, index_terms

log = logging.getLogger(__name__)

Params = Sequence[Any]
TABLES = ("documents", "events", "claims")


class Store(ABC):
    """Documents, events and claims in a SQL database, one transaction per document."""

    dialect: ClassVar[str]
    types: ClassVar[Mapping[str, str]]  # values for the schema's {pk} and {json} placeholders
    url: str

    # --- backend primitives -------------------------------------------------------------

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Return a context that commits on success and rolls back on any exception."""

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> Any:
        """Run one statement written with `?` placeholders; return the backend's cursor."""

    @abstractmethod
    def rows(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        """Yield a query's rows as {column: value}, JSON columns as text, streaming."""

    @abstractmethod
    def text_match(self, document_alias: str, terms: Sequence[QueryTerm]) -> tuple[str, list[Any]]:
        """Return an SQL condition true when the aliased document contains every query term."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @abstractmethod
    def _lock_schema(self) -> None:
        """Serialise concurrent migrations (called inside the migration's transaction)."""

    @abstractmethod
    def _index_document(self, document_id: int, terms: str) -> None:
        """Add one document's search terms to the full-text index (inside its transaction)."""

    @abstractmethod
    def _rebuild_index(self) -> None:
        """Rebuild the full-text index from documents.search_terms."""

    # --- shared behaviour ---------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def migrate(self) -> None:
        """Apply every migration this database lacks, each in its own transaction."""
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        for migration in MIGRATIONS:
            with self.transaction():
                self._lock_schema()
                applied = self.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (migration.name,))
                if applied.fetchone():
                    continue
                self._apply(migration)

    def _apply(self, migration: Migration) -> None:
        log.info("store %s: applying migration %s", self.url, migration.name)
        for statement in migration.statements(self.dialect, self.types):
            self.execute(statement)
        if migration.backfill:
            self._backfill()
        self.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (migration.name, _now()))

    def migrations(self) -> list[str]:
        """Return the names of the applied migrations, in order."""
        return [row["name"] for row in self.rows("SELECT name FROM schema_migrations ORDER BY name")]

    def _backfill(self) -> None:
        """Recompute the derived search columns of rows stored before they existed."""
        for row in list(self.rows("SELECT id, title, text FROM documents")):
            terms = index_terms(row["title"], row["text"])
            self.execute("UPDATE documents SET search_terms = ? WHERE id = ?", (terms, row["id"]))
        for row in list(self.rows("SELECT id, record FROM events")):
            record = json.loads(row["record"])
            source, target = (_actor_of(record.get(side)) for side in ("source", "target"))
            place = record.get("location") or {}
            self.execute(
                "UPDATE events SET source_name = ?, target_name = ?, place_precision = ?, actor_terms = ? WHERE id = ?",
                (
                    source.name if source else None, target.name if target else None, place.get("precision"),
                    _actor_terms(source, target), row["id"],
                ),
            )
        for row in list(self.rows("SELECT id, record FROM claims")):
            attribution = json.loads(row["record"])["attribution"]
            self.execute(
                "UPDATE claims SET attribution_name = ?, attribution_terms = ? WHERE id = ?",
                (attribution.get("name"), _terms(attribution["text"], attribution.get("name")), row["id"]),
            )
        self._rebuild_index()

    def has(self, content_hash: str) -> bool:
        """Tell whether an article with this clean-text hash is stored."""
        return self.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def add(self, doc: Document) -> bool:
        """Store one analysed document with its events and claims in one transaction.

        Return False, changing nothing, when an article with the same clean text is stored.
        """
        if doc.content_hash is None:
            raise ValueError(f"{doc.id}: document has no content hash (run the clean stage first)")
        record = doc.to_dict()
        terms = index_terms(doc.title, doc.text)
        with self.transaction():
            inserted = self.execute(
                "INSERT INTO documents (doc_id, content_hash, source, format, url, title, published, language,"
                " text, match_text, duplicate_of, record, ingested_at, search_terms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                (
                    doc.id, doc.content_hash, doc.provenance.source, doc.provenance.format, doc.url,
                    doc.title, record["published"], doc.language, doc.text,
                    doc.view.text if doc.view else normalise(doc.text), doc.duplicate_of,
                    json.dumps(record, ensure_ascii=False), _now(), terms,
                ),
            ).fetchone()
            if inserted is None:
                return False
            document_id = inserted[0]
            self._index_document(document_id, terms)
            self._add_events(document_id, doc.events, record["events"])
            self._add_claims(document_id, doc.claims, record["claims"])
        return True

    def _add_events(self, document_id: int, events: Sequence[Event], records: list[dict[str, Any]]) -> None:
        for seq, (event, record) in enumerate(zip(events, records, strict=True)):
            self.execute(
                "INSERT INTO events (document_id, seq, type, mode, source_text, source_country, source_sector,"
                " target_text, target_country, target_sector, place_text, place_name, country, admin1, lat, lon,"
                " date, fatalities, injuries, negated, historical, attribution_kind, attribution_text,"
                " evidence_start, evidence_end, source_name, target_name, place_precision, actor_terms, record)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document_id, seq, *_event_columns(event), json.dumps(record, ensure_ascii=False)),
            )

    def _add_claims(self, document_id: int, claims: Sequence[Claim], records: list[dict[str, Any]]) -> None:
        for seq, (claim, record) in enumerate(zip(claims, records, strict=True)):
            source = claim.attribution
            self.execute(
                "INSERT INTO claims (document_id, seq, text, verb, quoted, attribution_kind, attribution_text,"
                " evidence_start, evidence_end, attribution_name, attribution_terms, record)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document_id, seq, claim.text, claim.verb, int(claim.quoted), source.kind, source.text,
                    claim.evidence.start, claim.evidence.end, source.name, _terms(source.text, source.name),
                    json.dumps(record, ensure_ascii=False),
                ),
            )

    def counts(self) -> dict[str, int]:
        """Return how many documents, events and claims the store holds."""
        # Table names come from the TABLES constant, never from input.
        return {table: self.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}

    def event_types(self) -> list[tuple[str, int]]:
        """Return (type, count) for the stored current events, most frequent first."""
        query = (
            "SELECT type, count(*) AS n FROM events WHERE negated = 0 AND historical = 0"
            " GROUP BY type ORDER BY count(*) DESC, type"
        )
        return [(row["type"], row["n"]) for row in self.rows(query)]


def _actor_of(record: Mapping[str, Any] | None) -> Actor | None:
    if not record:
        return None
    return Actor(text=record["text"], name=record.get("name"), country=record.get("country"))


def _terms(*texts: str | None) -> str:
    """Return actor or source names in the matching view, joined with a separator LIKE can't span."""
    return " | ".join(normalise(text) for text in texts if text)


def _actor_terms(source: Actor | None, target: Actor | None) -> str | None:
    names = [text for actor in (source, target) if actor for text in (actor.text, actor.name) if text]
    return _terms(*names) or None


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
        source.name if source else None, target.name if target else None, place.precision if place else None,
        _actor_terms(source, target),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
