"""The store: SQLite by default (one file, WAL, FTS5), PostgreSQL for servers.

`open_store(url)` picks the backend from a `--db` value: a file path or `sqlite:///path`
opens SQLite; `postgresql://...` (or `postgres://...`) opens PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from rasd.store.base import Store

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"


def open_store(url: str | Path) -> Store:
    """Open (creating and migrating as needed) the store a `--db` value names."""
    text = str(url)
    if text.startswith(POSTGRES_SCHEMES):
        from rasd.store.postgres import PostgresStore

        return PostgresStore(text)
    from rasd.store.sqlite import SQLiteStore

    if text.startswith(SQLITE_SCHEME):
        return SQLiteStore(text[len(SQLITE_SCHEME) :])
    if "://" in text:
        raise ValueError(f"unknown store URL {text!r}: use a file path, sqlite:///path or postgresql://...")
    return SQLiteStore(text)


__all__ = ["Store", "open_store"]
