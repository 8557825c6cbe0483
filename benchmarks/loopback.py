"""A rasd API server on a free loopback port, for the load benchmarks (never any other address)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx

SERVER_CODE = (
    "import uvicorn, sys\nfrom rasd.api import create_app\n"
    "uvicorn.run(create_app(sys.argv[1], token=sys.argv[3] or None), host='127.0.0.1', port=int(sys.argv[2]),"
    " log_level='warning')"
)
START_LIMIT_S = 60


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: str, port: int, token: str = "") -> subprocess.Popen[bytes]:
    """Start `rasd`'s API on 127.0.0.1:`port` over the store `db`; return once it answers."""
    server = subprocess.Popen([sys.executable, "-c", SERVER_CODE, db, str(port), token])
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")
