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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rasd.model import Actor, Claim, Document, Event
from rasd.store.rows import (
    CLAIM_FIELDS,
    DOCUMENT_FIELDS,
    EVENT_FIELDS,
    actor_terms,
    claim_values,
    document_values,
    event_values,
    name_terms,
)
from rasd.store.schema import MIGRATIONS, Migration
from rasd.store.terms import QueryTerm, index_terms

if TYPE_CHECKING:
    from rasd.link.incidents import Block

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
        self.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
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
                    source.name if source else None,
                    target.name if target else None,
                    place.get("precision"),
                    actor_terms(source, target),
                    row["id"],
                ),
            )
        for row in list(self.rows("SELECT id, record FROM claims")):
            attribution = json.loads(row["record"])["attribution"]
            self.execute(
                "UPDATE claims SET attribution_name = ?, attribution_terms = ? WHERE id = ?",
                (attribution.get("name"), name_terms(attribution["text"], attribution.get("name")), row["id"]),
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
        row = document_values(doc, record)
        with self.transaction():
            inserted = self.execute(
                f"INSERT INTO documents ({', '.join(DOCUMENT_FIELDS)}, ingested_at)"
                f" VALUES ({', '.join('?' * (len(DOCUMENT_FIELDS) + 1))})"
                " ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                (*(row[name] for name in DOCUMENT_FIELDS), _now()),
            ).fetchone()
            if inserted is None:
                return False
            document_id = inserted[0]
            self._index_document(document_id, row["search_terms"])
            self._add_events(document_id, doc.events, record["events"], record["published"])
            self._add_claims(document_id, doc.claims, record["claims"])
            self._link_incidents(document_id, doc.duplicate_of)
        return True

    def _add_events(
        self, document_id: int, events: Sequence[Event], records: list[dict[str, Any]], published: str | None
    ) -> None:
        sql = (
            f"INSERT INTO events (document_id, seq, {', '.join(EVENT_FIELDS)})"
            f" VALUES ({', '.join('?' * (len(EVENT_FIELDS) + 2))})"
        )
        for seq, (event, record) in enumerate(zip(events, records, strict=True)):
            row = event_values(event, record, published)
            self.execute(sql, (document_id, seq, *(row[name] for name in EVENT_FIELDS)))

    def _add_claims(self, document_id: int, claims: Sequence[Claim], records: list[dict[str, Any]]) -> None:
        sql = (
            f"INSERT INTO claims (document_id, seq, {', '.join(CLAIM_FIELDS)})"
            f" VALUES ({', '.join('?' * (len(CLAIM_FIELDS) + 2))})"
        )
        for seq, (claim, record) in enumerate(zip(claims, records, strict=True)):
            row = claim_values(claim, record)
            self.execute(sql, (document_id, seq, *(row[name] for name in CLAIM_FIELDS)))

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

    # --- incidents (rasd.link.incidents) ---------------------------------------------------

    def _link_incidents(self, document_id: int, duplicate_of: str | None) -> None:
        """Link a just-stored document's events into incidents, inside its own transaction."""
        # Imported here: the rasd.link package loads datasketch (≈0.4 s), which the query
        # commands that open a store never need.
        from rasd.link.incidents import IncidentLinker

        IncidentLinker(self).link_document(document_id, duplicate_of)

    def link_pending(self) -> int:
        """Link the documents stored before incident linking existed, oldest first; return how many."""
        pending = list(self.rows("SELECT id, duplicate_of FROM documents WHERE linked_at IS NULL ORDER BY id"))
        for row in pending:
            with self.transaction():
                self._link_incidents(row["id"], row["duplicate_of"])
        return len(pending)

    def linkable_events(self, document_id: int) -> list[dict[str, Any]]:
        """Return a document's events that belong in incidents and are not in one yet.

        Which events are reports is `rasd.link.incidents.linkable_condition`.
        """
        from rasd.link.incidents import linkable_condition

        return self._incident_rows(
            f"e.document_id = ? AND {linkable_condition('e')}"
            " AND NOT EXISTS (SELECT 1 FROM incident_reports r WHERE r.event_id = e.id) ORDER BY e.seq",
            (document_id,),
        )

    def candidate_reports(self, block: Block) -> list[dict[str, Any]]:
        """Return every event report of the incidents a block proposes (see `_blocks`), with `incident_id`."""
        blocks, params = _blocks(block)
        return self._incident_rows(f"r.incident_id IN ({blocks}) ORDER BY r.id", params, join_reports=True)

    def _incident_rows(self, condition: str, params: Params, *, join_reports: bool = False) -> list[dict[str, Any]]:
        reports = " JOIN incident_reports r ON r.event_id = e.id" if join_reports else ""
        sql = (
            "SELECT e.id, e.document_id, e.seq, e.type, e.mode, e.date, e.date_precision, e.source_country,"
            " e.source_sector,"
            " e.target_country, e.target_sector, e.country, e.admin1, e.lat, e.lon, e.place_precision,"
            " d.published, d.content_hash"
            + (", r.incident_id" if join_reports else "")
            + " FROM events e JOIN documents d ON d.id = e.document_id"
            + reports
            + " WHERE "
            + condition
        )
        found = self.fetch(sql, params)
        for row in found:
            row["event_key"] = f"{row.pop('content_hash')[:16]}-e{row['seq']}"  # as query.EventRow.event_id
        return found

    def create_incident(self, key: str, event: int, link_date: str | None) -> int:
        """Start an incident from its first event, its summary that event's own; return its store key."""
        now = _now()
        return int(
            self.execute(
                "INSERT INTO incidents (key, type, first_date, last_date, place_text, place_name, country, admin1,"
                " lat, lon, place_precision, reports, articles, fatalities_min, fatalities_max, injuries_min,"
                " injuries_max, created_at, updated_at)"
                " SELECT ?, e.type, ?, ?, e.place_text, e.place_name, e.country, e.admin1, e.lat, e.lon,"
                " e.place_precision, 1, 1, e.fatalities, e.fatalities, e.injuries, e.injuries, ?, ?"
                " FROM events e WHERE e.id = ? RETURNING id",
                (key, link_date, link_date, now, now, event),
            ).fetchone()[0]
        )

    def add_incident_report(
        self,
        incident: int,
        document_id: int,
        *,
        event: int | None,
        type: str | None,
        link_date: str | None,
        date_basis: str,
        cell: str | None,
        country: str | None,
        link: Mapping[str, Any],
        copy_of: int | None = None,
    ) -> bool:
        """File one report (an event, or a copy of an article) under an incident; False if already there."""
        inserted = self.execute(
            "INSERT INTO incident_reports (incident_id, document_id, event_id, copy_of, type, link_date, date_basis,"
            " cell, country, link, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING RETURNING id",
            (
                incident,
                document_id,
                event,
                copy_of,
                type,
                link_date,
                date_basis,
                cell,
                country,
                json.dumps(link, ensure_ascii=False),
                _now(),
            ),
        ).fetchone()
        return inserted is not None

    def refresh_incident(self, incident: int) -> None:
        """Recompute an incident's summary (dates, counts, toll ranges, best place) from its reports."""
        from rasd.link.incidents import incident_summary

        reports = self.fetch(
            "SELECT r.event_id, r.link_date, r.document_id, e.fatalities, e.injuries, e.place_text, e.place_name,"
            " e.country, e.admin1, e.lat, e.lon, e.place_precision"
            " FROM incident_reports r LEFT JOIN events e ON e.id = r.event_id WHERE r.incident_id = ? ORDER BY r.id",
            (incident,),
        )
        summary = incident_summary(reports)
        columns = list(summary)
        self.execute(
            f"UPDATE incidents SET {', '.join(f'{column} = ?' for column in columns)}, updated_at = ? WHERE id = ?",
            (*(summary[column] for column in columns), _now(), incident),
        )

    def original_document(self, doc_id: str, copy: int) -> int | None:
        """Return the store key of the latest stored original with this input id (a copy's original)."""
        found = self.execute(
            "SELECT id FROM documents WHERE doc_id = ? AND duplicate_of IS NULL AND id <> ? ORDER BY id DESC LIMIT 1",
            (doc_id, copy),
        ).fetchone()
        return None if found is None else int(found[0])

    def incidents_of_document(self, document_id: int) -> list[int]:
        """Return the incidents a document's events report, in order."""
        rows = self.fetch(
            "SELECT DISTINCT incident_id FROM incident_reports WHERE document_id = ? AND event_id IS NOT NULL"
            " ORDER BY incident_id",
            (document_id,),
        )
        return [row["incident_id"] for row in rows]

    def mark_linked(self, document_id: int) -> None:
        self.execute("UPDATE documents SET linked_at = ? WHERE id = ?", (_now(), document_id))

    def fetch(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Return a small query's rows at once as {column: value} (a bounded page, a linking lookup).

        `rows` opens a server-side cursor on PostgreSQL: three more round trips per query, which
        made linking five times slower and a 20-event page 1.5 ms instead of 0.3 ms.
        """
        cursor = self.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- watched sources (`rasd watch`) -------------------------------------------------

    def source(self, url: str) -> dict[str, Any] | None:
        """Return a watched feed's or sitemap's status row, or None before its first poll."""
        found = list(self.rows("SELECT * FROM sources WHERE url = ?", (url,)))
        return found[0] if found else None

    def sources(self) -> list[dict[str, Any]]:
        """Return every watched source's status row, by URL."""
        return list(self.rows("SELECT * FROM sources ORDER BY url"))

    def record_poll(self, poll: SourcePoll) -> None:
        """Store one poll's outcome: status and validators replaced, counters accumulated."""
        self.execute(
            "INSERT INTO sources (url, kind, last_fetch, last_status, last_error, etag, last_modified, items_seen,"
            " errors, articles, article_errors) VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, 0), ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, last_fetch = excluded.last_fetch,"
            " last_status = excluded.last_status, last_error = excluded.last_error, etag = excluded.etag,"
            " last_modified = excluded.last_modified, items_seen = coalesce(?, sources.items_seen),"
            " errors = sources.errors + excluded.errors, articles = sources.articles + excluded.articles,"
            " article_errors = sources.article_errors + excluded.article_errors",
            (
                poll.url,
                poll.kind,
                poll.at,
                poll.status,
                poll.error,
                poll.etag,
                poll.last_modified,
                poll.items_seen,
                int(poll.status == "error"),
                poll.new_articles,
                poll.failed_articles,
                poll.items_seen,
            ),
        )

    def was_fetched(self, url: str) -> bool:
        """Tell whether a watched article URL has been fetched to a final outcome."""
        return self.execute("SELECT 1 FROM fetched WHERE url = ?", (url,)).fetchone() is not None

    def mark_fetched(self, url: str, source: str, outcome: str, doc_id: str | None = None) -> None:
        """Remember an article URL's final outcome (stored, duplicate, or an error reason)."""
        self.execute(
            "INSERT INTO fetched (url, source, fetched_at, outcome, doc_id) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (url) DO NOTHING",
            (url, source, _now(), outcome, doc_id),
        )


@dataclass(frozen=True, slots=True)
class SourcePoll:
    """The outcome of polling one feed or sitemap once."""

    url: str
    kind: str  # feed | sitemap
    at: str  # ISO 8601 UTC time of the poll
    status: str  # ok | not-modified | error
    error: str | None = None  # the error, or a warning on a feed parsed leniently
    etag: str | None = None  # validators for the next conditional request
    last_modified: str | None = None
    items_seen: int | None = None  # entries listed in the fetched document; None keeps the last count
    new_articles: int = 0  # articles stored from it in this poll
    failed_articles: int = 0  # its articles whose fetch or processing failed in this poll


def _blocks(block: Block) -> tuple[str, list[Any]]:
    """Return the blocking query: incident ids with a report of the block's types in its window, at its places.

    Each place key (`rasd.link.incidents.place_keys`) is a condition on the reports' cell and
    country columns; a fine place's cells make one branch. Each branch of the UNION is one
    index range scan.
    """
    cells = [value for kind, value in block.places if kind == "cell"]
    places: list[tuple[str, list[Any]]] = [(f"r.cell IN ({', '.join('?' * len(cells))}) AND ", cells)] if cells else []
    for kind, value in block.places:
        if kind == "any":
            places.append(("", []))
        elif kind != "cell":
            cell = "r.cell IS NULL AND " if kind == "bare" else ""
            places.append((f"{cell}r.country = ? AND ", [value]) if value else (f"{cell}r.country IS NULL AND ", []))
    types = list(block.types)
    since, until = block.since.isoformat(), block.until.isoformat()
    kinds = f"r.type IN ({', '.join('?' * len(types))}) AND "
    sql = " UNION ".join(
        f"SELECT r.incident_id FROM incident_reports r WHERE {kinds}{place}r.link_date BETWEEN ? AND ?"
        for place, _ in places
    )
    return sql, [value for _, values in places for value in (*types, *values, since, until)]


def _actor_of(record: Mapping[str, Any] | None) -> Actor | None:
    if not record:
        return None
    return Actor(text=record["text"], name=record.get("name"), country=record.get("country"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
