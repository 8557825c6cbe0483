"""One open store per worker thread.

A SQLite connection may only be used by the thread that opened it, and opening a store
runs its migrations, so each of the server's worker threads opens the store once and keeps
it; PostgreSQL connections are kept per thread the same way, one per worker.
"""

from __future__ import annotations

import threading

from rasd.store import Store, open_store


class StorePool:
    """Hand each thread its own open store for one URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()

    def check(self) -> None:
        """Open and close the store once, so a bad URL fails at start-up, not on a request."""
        open_store(self.url).close()

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
        return store
