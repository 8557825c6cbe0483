"""Store fixtures: every store test runs on SQLite and on a real, throw-away PostgreSQL server.

The PostgreSQL server comes from the operating system's packages (Debian: `postgresql`):
its binaries are found with `pg_config --bindir` or under /usr/lib/postgresql/<version>/bin,
a cluster is initialised in a temporary folder, started on a unix socket in that folder
(no TCP port at all) and stopped when the session ends. Without the binaries, or without
psycopg, the PostgreSQL half of the suite is skipped with the reason.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from glob import glob
from pathlib import Path

import pytest

from rasd.store import Store, open_store

PORT = 5432  # only names the socket file; the server listens on no TCP address
# Durability is pointless for a scratch cluster; turning it off makes CREATE DATABASE fast.
SCRATCH_SETTINGS = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
_database_numbers = itertools.count()


@dataclass(frozen=True)
class PostgresServer:
    socket_dir: Path
    user: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@/{database}?host={self.socket_dir}&port={PORT}"


def _bindir() -> Path | None:
    """Find the PostgreSQL server binaries, newest version first; never a pinned version."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    by_version = sorted(glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    candidates += [Path(path) for path in by_version]
    return next((path for path in candidates if (path / "initdb").is_file() and (path / "pg_ctl").is_file()), None)


def _server_user() -> str | None:
    """Return the OS user to run the server as: ourselves, or `postgres` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no 'postgres' user to run the test server as")
    return "postgres"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip install 'rasd[postgres]')")
    bindir = _bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (Debian/Ubuntu: apt-get install postgresql)")
    run_as = _server_user()
    root = Path(tempfile.mkdtemp(prefix="rasd-pg-"))
    if run_as:
        shutil.chown(root, user=run_as)
    data, log = root / "data", root / "server.log"
    user = "rasd"
    run = {"user": run_as, "capture_output": True, "text": True, "check": False}
    init = subprocess.run([bindir / "initdb", "-D", data, "-U", user, "-A", "trust", "-E", "UTF8", "--locale=C"], **run)
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"initdb failed: {init.stderr}")
    options = " ".join(["-k", str(root), "-c", "listen_addresses=", "-p", str(PORT), *SCRATCH_SETTINGS])
    start = subprocess.run([bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start"], **run)
    if start.returncode != 0:
        message = log.read_text() if log.exists() else start.stderr
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {message}")
    try:
        yield PostgresServer(root, user)
    finally:
        subprocess.run([bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"], **run)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """Return the URL of a fresh, empty database on the test server (dropped afterwards)."""
    import psycopg

    name = f"rasd_test_{os.getpid()}_{next(_database_numbers)}"
    admin_url = postgres_server.url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # name built from our own counter, not input
    yield postgres_server.url(name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return a --db value for an empty store, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "rasd.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """Return an open, empty store, once per backend."""
    with open_store(store_url) as opened:
        yield opened
