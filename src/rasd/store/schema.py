"""The store's schema as named, ordered migrations: one definition for every backend.

Statements use only SQL that SQLite and PostgreSQL share; `{pk}` stands for each backend's
auto-increment primary key and `{json}` for its JSON column type.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
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
)
