"""The store on both backends: migrations, one transaction per document, idempotence."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_samples import corpus, document

from rasd.model import Document
from rasd.store import Store, open_store
from rasd.store.schema import MIGRATIONS
from rasd.store.sqlite import SQLiteStore


def _fill(store: Store) -> list[Document]:
    docs = corpus()
    for doc in docs:
        assert store.add(doc)
    return docs


def test_round_trip_counts(store: Store) -> None:
    docs = _fill(store)
    assert store.counts() == {
        "documents": len(docs),
        "events": sum(len(d.events) for d in docs),
        "claims": sum(len(d.claims) for d in docs),
    }
    # negated and historical events are not current events
    assert dict(store.event_types()) == {"ASSAULT": 2, "PROTEST": 2, "CONSULT": 1, "COOPERATE": 1}


def test_adding_twice_changes_nothing(store: Store) -> None:
    _fill(store)
    before = store.counts()
    assert not any(store.add(doc) for doc in corpus())
    assert store.counts() == before


def test_same_text_under_another_name_is_the_same_article(store: Store) -> None:
    [first, *_] = corpus()
    assert store.add(first)
    assert not store.add(document("copy-from-another-site", first.text))
    assert store.has(first.content_hash or "")
    assert store.counts()["documents"] == 1


def test_migrations_are_recorded_once(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.migrations() == [m.name for m in MIGRATIONS]
    with open_store(store_url) as store:  # reopening applies nothing again
        assert store.migrations() == [m.name for m in MIGRATIONS]


def test_failed_document_leaves_nothing_half_written(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    [strike, *_] = corpus()
    original = Document.to_dict

    def short_claims(doc: Document) -> dict:
        record = original(doc)
        record["claims"] = []  # one claim, no record: the claims insert fails after the events
        return record

    monkeypatch.setattr(Document, "to_dict", short_claims)
    with pytest.raises(ValueError):
        store.add(strike)
    assert store.counts() == {"documents": 0, "events": 0, "claims": 0}
    monkeypatch.undo()
    assert store.add(strike)  # the hash is free again: nothing was committed


def test_document_without_hash_is_refused(store: Store) -> None:
    [strike, *_] = corpus()
    unhashed = Document(id="x", provenance=strike.provenance, raw_text="نص", text="نص")
    with pytest.raises(ValueError, match="content hash"):
        store.add(unhashed)


def test_sqlite_store_is_a_plain_wal_file_with_working_fts(tmp_path: Path) -> None:
    # Datasette and the sqlite3 shell open it with no extension: the FTS5 table is standard.
    db = tmp_path / "rasd.db"
    with SQLiteStore(db) as store:
        _fill(store)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "events", "claims", "documents_fts", "schema_migrations"} <= tables
    hits = conn.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'البصره'").fetchall()
    assert len(hits) == 1


@pytest.mark.parametrize("url", ["sqlite:///{tmp}/a.db", "{tmp}/b.db"])
def test_open_store_accepts_paths_and_sqlite_urls(tmp_path: Path, url: str) -> None:
    with open_store(url.format(tmp=tmp_path)) as store:
        assert isinstance(store, SQLiteStore)
        assert Path(store.path).parent == tmp_path


def test_open_store_rejects_unknown_schemes() -> None:
    with pytest.raises(ValueError, match="unknown store URL"):
        open_store("mysql://localhost/rasd")


def test_upgrade_from_first_schema_backfills_search(tmp_path: Path) -> None:
    """A file made by the first schema gains search terms for the articles it already holds."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in MIGRATIONS[0].statements("sqlite", SQLiteStore.types):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations VALUES (?, '2024-01-01')", (MIGRATIONS[0].name,))
    [strike, *_] = corpus()
    conn.execute(
        "INSERT INTO documents (doc_id, content_hash, source, format, text, match_text, record, ingested_at)"
        " VALUES ('old', 'h', 'old.txt', 'text', ?, ?, '{}', '2024-01-01')",
        (strike.text, strike.view.text if strike.view else ""),
    )
    conn.execute(
        "INSERT INTO events (document_id, seq, type, negated, historical, evidence_start, evidence_end, record)"
        " VALUES (1, 0, 'ASSAULT', 0, 0, 0, 10, ?)",
        ('{"source": {"text": "طائرات أميركية", "name": "US military"}, "target": null, "location": null}',),
    )
    conn.close()
    from rasd import query

    with SQLiteStore(db) as store:
        assert store.migrations() == [m.name for m in MIGRATIONS]
        [hit] = query.search(store, query.Filters(text="الأمريكية"))
        [event] = query.events(store, query.Filters(actor="US military"))
    assert hit.doc_id == "old"
    assert event.source_name == "US military"
