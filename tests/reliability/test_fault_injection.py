"""Fault injection: ingest killed at random moments (SQLite), PostgreSQL restarted mid-ingest.

The many-runs version of the kill test is `python fuzz/kill_ingest.py --runs 20`; here a
few runs keep the suite short. The single-kill test lives in tests/store/test_ingest_kill.py.
"""

from __future__ import annotations

import random
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz.kill_ingest import Expected, finish, ingest, one_run, per_document, write_corpus
from tests.store.conftest import PORT, SCRATCH_SETTINGS, PostgresServer, _bindir, _server_user

from rasd import query
from rasd.query import Filters
from rasd.store import open_store

ARTICLES = 80
RUNS = 3
RESTART_AFTER = 15  # articles stored before the server restarts: mid-run, far from its end


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "corpus"
    write_corpus(folder, ARTICLES)
    return folder


@pytest.fixture(scope="module")
def expected(corpus: Path) -> Expected:
    db = corpus.parent / "clean.db"
    finish(corpus, db)
    stored = per_document(db)
    assert len(stored) == ARTICLES and sum(events for events, _ in stored.values()) > 0
    return stored


def test_random_kills_leave_a_whole_store_and_a_rerun_equals_a_clean_run(
    corpus: Path, expected: Expected, tmp_path: Path
) -> None:
    rng = random.Random(2024)
    seen = [n for run in range(RUNS) for n in one_run(corpus, tmp_path / f"run-{run}.db", expected, rng)]
    assert any(0 < n < ARTICLES for n in seen), f"no kill landed mid-ingest: {seen}"


class RestartableServer:
    """A throw-away PostgreSQL cluster of our own, so restarting it disturbs no other test."""

    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            pytest.skip("no PostgreSQL server binaries (Debian/Ubuntu: apt-get install postgresql)")
        self.bindir = bindir
        self.run_as = _server_user()
        self.root = Path(tempfile.mkdtemp(prefix="rasd-pg-restart-"))
        if self.run_as:
            subprocess.run(["chown", self.run_as, str(self.root)], check=True)
        self.data = self.root / "data"
        self.server = PostgresServer(self.root, "rasd")

    def _ctl(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(arg) for arg in args], user=self.run_as, capture_output=True, text=True, check=False)

    def start(self) -> None:
        init = self._ctl(
            self.bindir / "initdb", "-D", self.data, "-U", "rasd", "-A", "trust", "-E", "UTF8", "--locale=C"
        )
        assert init.returncode == 0, init.stderr
        options = " ".join(["-k", str(self.root), "-c", "listen_addresses=", "-p", str(PORT), *SCRATCH_SETTINGS])
        started = self._ctl(
            self.bindir / "pg_ctl", "-D", self.data, "-l", self.root / "log", "-w", "-o", options, "start"
        )
        assert started.returncode == 0, started.stderr

    def restart(self) -> None:
        restarted = self._ctl(
            self.bindir / "pg_ctl", "-D", self.data, "-l", self.root / "log", "-w", "-m", "fast", "restart"
        )
        assert restarted.returncode == 0, restarted.stderr

    def stop(self) -> None:
        self._ctl(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        subprocess.run(["rm", "-rf", str(self.root)], check=False)


@pytest.fixture(scope="module")
def restartable() -> Iterator[PostgresServer | RestartableServer]:
    pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip install 'rasd[postgres]')")
    server = RestartableServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _stored(url: str) -> dict[str, tuple[int, int]]:
    with open_store(url) as store:
        return {row.content_hash: (row.events, row.claims) for row in query.documents(store, Filters())}


def _count(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]
    except psycopg.Error:  # schema not there yet, or the server is restarting
        return 0


def test_postgres_restart_mid_ingest_retries_or_fails_in_one_line_with_nothing_half_written(
    restartable: RestartableServer, corpus: Path, expected: Expected
) -> None:
    url = restartable.server.url("postgres")
    process = ingest(corpus, url)  # type: ignore[arg-type]
    deadline = time.monotonic() + 300
    while _count(url) < RESTART_AFTER and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if process.poll() is not None:
        pytest.fail(f"ingest finished before the restart: {process.communicate()[1].decode()[-800:]}")
    restartable.restart()
    _, err = process.communicate(timeout=600)
    message = err.decode().strip()
    if process.returncode != 0:
        assert "Traceback" not in message, message
        assert len(message.splitlines()) == 1 and message.startswith("Error:"), message
    partial = _stored(url)
    assert {h: partial[h] for h in partial} == {h: expected[h] for h in partial}, "an article was half-written"
    finish(corpus, url)  # type: ignore[arg-type]
    assert _stored(url) == expected
