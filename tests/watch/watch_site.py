"""A news site on 127.0.0.1 for the watcher's tests: feeds, sitemaps, Arabic pages, bad behaviour.

Each test gets a threaded `http.server` on a free loopback port serving the routes it sets,
and a log of every request (path, headers, time). Slow routes wait on an event the fixture
sets at teardown, so no handler outlives its test by more than a moment.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from rasd.watch.policy import FetchPolicy

# Test timings: short enough that the suite stays quick, long enough to be unambiguous.
TIMEOUT = 0.4  # seconds the client waits for a response
SLOW = 3.0  # seconds a slow route would take (it is released at teardown)


@dataclass(frozen=True)
class Reply:
    """One canned response."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    chunked: bool = False  # send the body without Content-Length, in pieces
    trickle: float = 0.0  # seconds between 1 KB pieces of the body (a server dribbling bytes)


Route = Reply | list[Reply] | Callable[[dict[str, str]], Reply]


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """The routes served and the requests received."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str) -> list[Hit]:
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]

    def reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self.lock:
            self.hits.append(Hit(path, headers, time.monotonic()))
            route = self.routes.get(path)
            if isinstance(route, list):  # a sequence of replies, the last one repeated
                return route.pop(0) if len(route) > 1 else route[0]
        if route is None:
            return Reply(b"not found", status=404, headers={"Content-Type": "text/plain"})
        return route(headers) if callable(route) else route


def handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            reply = site.reply(self.path, {key.lower(): value for key, value in self.headers.items()})
            if reply.delay and site.release.wait(reply.delay):
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if not reply.chunked:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            piece = 1024 if reply.trickle else 65536
            try:
                for start in range(0, len(reply.body), piece):
                    self.wfile.write(reply.body[start : start + piece])
                    self.wfile.flush()
                    if reply.trickle and site.release.wait(reply.trickle):
                        return
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: what a size cap does

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

    return Handler


def loopback_policy(**changes: object) -> FetchPolicy:
    """A policy for loopback tests: short timeouts, no pacing, quick bounded retries."""
    values: dict[str, object] = {
        "timeout": TIMEOUT,
        "deadline": 2.0,
        "host_delay": 0.0,
        "retries": 1,
        "backoff": 0.01,
        "max_bytes": 200_000,
    }
    values.update(changes)
    return FetchPolicy(**values)  # type: ignore[arg-type]
