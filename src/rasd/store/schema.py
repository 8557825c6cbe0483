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
)
