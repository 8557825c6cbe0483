"""`rasd serve` as a user runs it: a process on loopback, writes only with RASD_API_TOKEN."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

STARTUP = 20.0  # seconds for the server process to answer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(db: Path, port: int, token: str | None) -> subprocess.Popen[str]:
    env = {key: value for key, value in os.environ.items() if key != "RASD_API_TOKEN"}
    if token:
        env["RASD_API_TOKEN"] = token
    command = [sys.executable, "-m", "rasd.cli", "serve", "--db", str(db), "--port", str(port)]
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)


def _wait(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"rasd serve exited: {server.stderr.read() if server.stderr else ''}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail("rasd serve did not answer")


def test_serve_binds_loopback_and_refuses_writes_without_a_token(tmp_path: Path) -> None:
    port = _free_port()
    server = _serve(tmp_path / "rasd.db", port, token=None)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/api/stats", server)
        assert httpx.get(base + "/api/stats").json()["data"]["store"] == {"documents": 0, "events": 0, "claims": 0}
        refused = httpx.post(base + "/api/ingest", content="تظاهر المئات في عمّان.".encode())
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True, check=False).stdout
        if listening:
            assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)
    assert "writes disabled" in errors


def test_serve_accepts_writes_with_the_token(tmp_path: Path) -> None:
    port = _free_port()
    server = _serve(tmp_path / "rasd.db", port, token="s3cret-token")
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/api/stats", server)
        article = "تظاهر مئات المعلمين أمام مقر الحكومة في عمّان للمطالبة برفع الأجور، بحسب وكالة الأنباء الأردنية."
        stored = httpx.post(
            base + "/api/ingest",
            content=article.encode(),
            headers={"Authorization": "Bearer s3cret-token"},
            params={"published": "2024-09-01"},
            timeout=60,
        )
        assert stored.status_code == 200 and len(stored.json()["data"]["stored"]) == 1
        assert httpx.get(base + "/api/documents").json()["meta"]["count"] == 1
    finally:
        server.terminate()
        server.communicate(timeout=10)
