"""Fixtures for the watcher's tests: a news site on 127.0.0.1, a pipeline, a polite client, stores."""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from watch_site import Site, handler, loopback_policy

from rasd.pipeline import Pipeline

if TYPE_CHECKING:
    from rasd.watch.fetch import PoliteClient

# The PostgreSQL fixtures of the store tests, so the store's watch tables are tested on both backends.
_store_fixtures = importlib.util.spec_from_file_location(
    "store_fixtures", Path(__file__).resolve().parent.parent / "store" / "conftest.py"
)
assert _store_fixtures is not None and _store_fixtures.loader is not None
_store_module = importlib.util.module_from_spec(_store_fixtures)
sys.modules[_store_fixtures.name] = _store_module
_store_fixtures.loader.exec_module(_store_module)
postgres_server = _store_module.postgres_server
postgres_url = _store_module.postgres_url
store_url = _store_module.store_url
store = _store_module.store


@pytest.fixture
def site() -> Iterator[Site]:
    """Serve a fresh site on a free loopback port for one test."""
    served = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(served))
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.build()


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    pytest.importorskip("httpx", reason="rasd watch needs httpx (pip install 'rasd[watch]')")
    from rasd.watch.fetch import PoliteClient

    with PoliteClient(loopback_policy()) as polite:
        yield polite
