"""The store's schema as named, ordered migrations: one definition for every backend.

Statements use only SQL that SQLite and PostgreSQL share; `{pk}` stands for each backend's
auto-increment primary key and `{json}` for its JSON column type. The one thing the two
engines do not share is the full-text index, so a migration step may name a statement per
dialect. A migration can also ask the store to recompute the derived search columns of rows
written before it (`backfill`), because those columns are computed in Python (the Arabic
matching view), not in SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Step = str | Mapping[str, str]  # shared SQL, or {dialect: SQL}


@dataclass(frozen=True, slots=True)
class Migration:
    """One named, ordered schema change."""

    name: str
    steps: tuple[Step, ...]
    backfill: bool = False  # recompute derived search columns of existing rows afterwards

    def statements(self, dialect: str, types: Mapping[str, str]) -> list[str]:
        """Return this migration's statements for one dialect, placeholders filled in."""
        chosen = [step if isinstance(step, str) else step.get(dialect) for step in self.steps]
        return [statement.format(**types) for statement in chosen if statement]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_documents_events_claims",
        (
            """CREATE TABLE documents (
                id {pk},
                doc_id TEXT NOT NULL,
                content_hash TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                format TEXT NOT NULL,
                url TEXT,
                title TEXT,
                published TEXT,
                language TEXT,
                text TEXT NOT NULL,
                match_text TEXT NOT NULL,
                duplicate_of TEXT,
                record {json} NOT NULL,
                ingested_at TEXT NOT NULL
            )""",
            "CREATE INDEX documents_published ON documents (published)",
            """CREATE TABLE events (
                id {pk},
                document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                type TEXT NOT NULL,
                mode TEXT,
                source_text TEXT, source_country TEXT, source_sector TEXT,
                target_text TEXT, target_country TEXT, target_sector TEXT,
                place_text TEXT, place_name TEXT, country TEXT, admin1 TEXT,
                lat DOUBLE PRECISION, lon DOUBLE PRECISION,
                date TEXT,
                fatalities INTEGER, injuries INTEGER,
                negated INTEGER NOT NULL, historical INTEGER NOT NULL,
                attribution_kind TEXT, attribution_text TEXT,
                evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
                record {json} NOT NULL,
                UNIQUE (document_id, seq)
            )""",
            "CREATE INDEX events_type_date ON events (type, date)",
            "CREATE INDEX events_country ON events (country)",
            """CREATE TABLE claims (
                id {pk},
                document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                text TEXT NOT NULL,
                verb TEXT,
                quoted INTEGER NOT NULL,
                attribution_kind TEXT NOT NULL,
                attribution_text TEXT NOT NULL,
                evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
                record {json} NOT NULL,
                UNIQUE (document_id, seq)
            )""",
        ),
    ),
    Migration(
        "0002_search_and_actor_names",
        (
            "ALTER TABLE documents ADD COLUMN search_terms TEXT",
            "ALTER TABLE events ADD COLUMN source_name TEXT",
            "ALTER TABLE events ADD COLUMN target_name TEXT",
            "ALTER TABLE events ADD COLUMN place_precision TEXT",
            "ALTER TABLE events ADD COLUMN actor_terms TEXT",
            "ALTER TABLE claims ADD COLUMN attribution_name TEXT",
            "ALTER TABLE claims ADD COLUMN attribution_terms TEXT",
            "CREATE INDEX events_lat_lon ON events (lat, lon)",
            "CREATE INDEX events_document ON events (document_id)",
            "CREATE INDEX claims_document ON claims (document_id)",
            # SQLite: an FTS5 index whose content is documents.search_terms (external content,
            # filled by the store in the document's own transaction). PostgreSQL: a GIN index
            # on the `simple` configuration's tsvector of the same column; `simple` only
            # lower-cases, so both engines see the same terms and return the same documents.
            {
                "sqlite": "CREATE VIRTUAL TABLE documents_fts USING fts5("
                "search_terms, content='documents', content_rowid='id', tokenize='unicode61')",
                "postgresql": "CREATE INDEX documents_search ON documents"
                " USING GIN (to_tsvector('simple', coalesce(search_terms, '')))",
            },
        ),
        backfill=True,
    ),
    # `rasd watch`: each polled feed or sitemap with its last outcome and the validators for
    # conditional requests, and every article URL already fetched so none is fetched twice.
    Migration(
        "0003_watch_sources_fetched",
        (
            """CREATE TABLE sources (
                url TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                last_fetch TEXT,
                last_status TEXT,
                last_error TEXT,
                etag TEXT,
                last_modified TEXT,
                items_seen INTEGER NOT NULL DEFAULT 0,
                errors INTEGER NOT NULL DEFAULT 0,
                articles INTEGER NOT NULL DEFAULT 0,
                article_errors INTEGER NOT NULL DEFAULT 0
            )""",
            """CREATE TABLE fetched (
                url TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                fetched_at TEXT NOT NULL,
                outcome TEXT NOT NULL,
                doc_id TEXT
            )""",
        ),
    ),
    # Incident linking (rasd.link.incidents): events of different articles that report one
    # real-world happening, every report kept with the audit record of why it was linked.
    Migration(
        "0004_incidents",
        (
            # When the document was linked into incidents; NULL for documents stored before
            # linking existed (Store.link_pending links them).
            "ALTER TABLE documents ADD COLUMN linked_at TEXT",
            # An incident's place, dates, counts and toll ranges summarise its reports; they are
            # recomputed in the transaction that adds a report.
            """CREATE TABLE incidents (
                id {pk},
                key TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                first_date TEXT, last_date TEXT,
                place_text TEXT, place_name TEXT, country TEXT, admin1 TEXT,
                lat DOUBLE PRECISION, lon DOUBLE PRECISION, place_precision TEXT,
                reports INTEGER NOT NULL DEFAULT 0,
                articles INTEGER NOT NULL DEFAULT 0,
                fatalities_min INTEGER, fatalities_max INTEGER,
                injuries_min INTEGER, injuries_max INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX incidents_last_date ON incidents (last_date)",
            # One row per report: an event (event_id), or a syndicated copy of an article that
            # reports the incident (event_id NULL, copy_of its original). type, link_date, cell
            # and country are the blocking keys; link is the audit record of the decision.
            """CREATE TABLE incident_reports (
                id {pk},
                incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                event_id INTEGER UNIQUE REFERENCES events (id) ON DELETE CASCADE,
                copy_of INTEGER REFERENCES documents (id) ON DELETE CASCADE,
                type TEXT,
                link_date TEXT,
                date_basis TEXT NOT NULL,
                cell TEXT,
                country TEXT,
                link {json} NOT NULL,
                linked_at TEXT NOT NULL,
                UNIQUE (incident_id, document_id)
            )""",
            # The blocking queries (Store.incident_candidates) scan one index range each: equality
            # on the type and the place key, then the date window. The key is a fine place's grid
            # cell, else the country (a cell-less report matches by country), else none.
            "CREATE INDEX incident_reports_cell ON incident_reports (type, cell, link_date)",
            "CREATE INDEX incident_reports_country ON incident_reports (type, country, link_date)",
            "CREATE INDEX incident_reports_date ON incident_reports (type, link_date)",
            "CREATE INDEX incident_reports_document ON incident_reports (document_id)",
        ),
    ),
    # Event listings run latest first on the event's date, else its article's publication date.
    # Sorting on coalesce(e.date, d.published) spans two tables, so no index can give that order
    # and every query sorted all its matching rows, records and evidence included (10-50 ms a
    # page on 10,000 events). sort_date stores the coalesced date (set at insert, back-filled
    # here); each index below yields one filter's rows already in listing order, and its last
    # columns answer the negated/historical test without reading the table. Within a date the
    # order is the article's, then the event's position. PostgreSQL needs NULLS LAST spelled out
    # (undated events list last); SQLite puts NULLs last in descending order by itself.
    Migration(
        "0005_event_sort_date",
        (
            "ALTER TABLE events ADD COLUMN sort_date TEXT",
            "UPDATE events SET sort_date = coalesce(date,"
            " (SELECT d.published FROM documents d WHERE d.id = events.document_id))",
            # The new (type, ...), (country, ...), (lat, lon, ...) and (document_id, ...) indexes
            # serve every lookup these four did.
            "DROP INDEX events_type_date",
            "DROP INDEX events_country",
            "DROP INDEX events_lat_lon",
            "DROP INDEX events_document",
            # A text filter selects articles, then their events: these carry their sort keys.
            "CREATE INDEX events_document_latest ON events (document_id, sort_date, seq, negated, historical)",
            # A bounding box is a range on lat (then lon), so its rows come out of place order and
            # are sorted; carrying the sort keys makes that a sort of index entries, not of events.
            "CREATE INDEX events_place_latest ON events (lat, lon, sort_date, document_id, seq, negated, historical)",
            *(
                {
                    "sqlite": f"CREATE INDEX events_{name}_latest ON events"
                    f" ({prefix}sort_date DESC, document_id, seq, negated, historical)",
                    "postgresql": f"CREATE INDEX events_{name}_latest ON events"
                    f" ({prefix}sort_date DESC NULLS LAST, document_id, seq, negated, historical)",
                }
                for name, prefix in (("all", ""), ("type", "type, "), ("mode", "mode, "), ("country", "country, "))
            ),
        ),
    ),
    # How much of an event's date the text fixes (Event.date_precision): "day", or "month" /
    # "year" when only those are known («الشهر الماضي», «العام الماضي»: the date is then the
    # period's first day). Every date stored before this migration was a day.
    Migration(
        "0006_event_date_precision",
        (
            "ALTER TABLE events ADD COLUMN date_precision TEXT",
            "UPDATE events SET date_precision = 'day' WHERE date IS NOT NULL",
        ),
    ),
)
