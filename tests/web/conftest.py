"""Browser fixtures: `rasd serve`'s app on a free loopback port, driven by headless Chromium.

Chromium comes from the operating system's packages (Debian: `apt-get install chromium`)
and is driven by Playwright for Python with that executable; Playwright's own browser
download is never used. Without either, the browser tests are skipped with the reason.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from tests.api.conftest import REPO, build_store, client, store_path  # noqa: F401  (fixtures reused here)

from rasd.api import create_app

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 15.0  # seconds for the server to accept connections


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a store ingested from examples/ (plus our own test articles) on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("web-store")
    db = str(folder / "rasd.db")
    build_store(db, folder)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the rasd server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser_context() -> Iterator[Any]:
    """A fresh headless Chromium profile (skipped when Chromium or Playwright is missing)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("no chromium executable (Debian: apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="rasd-chromium-")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            locale="en-GB",
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A new tab that records script errors (any would fail the test that asserts on them)."""
    tab = browser_context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    tab.close()


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
