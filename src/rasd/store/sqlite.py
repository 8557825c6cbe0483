"""The embedded default store: one SQLite file in WAL mode, full-text search with FTS5.

The file is a plain SQLite database: Datasette, the `sqlite3` shell and pandas open it
as it is. Each document is written in one transaction with its events and claims; WAL
keeps every committed document across a killed process, and a write that was cut short
is rolled back when the file is next opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from rasd.store.base import Params, Store
from rasd.store.terms import QueryTerm

# Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT = 30.0


class SQLiteStore(Store):
    """Documents, events and claims in a SQLite file."""

    dialect: ClassVar[str] = "sqlite"
    types: ClassVar[dict[str, str]] = {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "json": "TEXT"}

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.url = self.path
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        # NORMAL in WAL mode loses no committed transaction when the process dies; only a
        # power cut can drop the last commits, never corrupt the file.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def rows(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        # The cursor is left to the garbage collector: a listing abandoned half-way (a reader
        # that closed the pipe) must not fail when the store closes before the generator.
        cursor = self.conn.execute(sql, tuple(params))
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def text_match(self, document_alias: str, terms: Sequence[QueryTerm]) -> tuple[str, list[Any]]:
        # Every form is a quoted FTS5 string of letters and digits, so the MATCH expression
        # has no operator a user could inject; it still travels as a parameter.
        groups = [
            "(" + " OR ".join(f'"{form}"' + ("*" if term.prefix else "") for form in term.forms) + ")" for term in terms
        ]
        condition = f"{document_alias}.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
        return condition, [" AND ".join(groups)]

    def _lock_schema(self) -> None:
        """BEGIN IMMEDIATE already holds the write lock for the migration's transaction."""

    def _index_document(self, document_id: int, terms: str) -> None:
        self.conn.execute("INSERT INTO documents_fts (rowid, search_terms) VALUES (?, ?)", (document_id, terms))

    def _rebuild_index(self) -> None:
        self.conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
