"""A polite HTTP client for watching news sites: robots.txt, pacing, retries, size caps.

Every request goes through `PoliteClient.get`, which checks the host's robots.txt (fetched
once per host and cached), waits until the host's minimum delay since the last request has
passed, follows redirects itself (so each hop is checked and paced too), retries 5xx, 429,
timeouts and dropped connections with exponential back-off a bounded number of times, and
reads at most `max_bytes` of (decompressed) body within an overall deadline.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from rasd.watch.policy import PRODUCT, FetchPolicy

log = logging.getLogger(__name__)

# RFC 9309 §2.5: crawlers must read at least 500 KiB of a robots.txt; more is not needed.
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_TTL = 24 * 3600.0  # RFC 9309 §2.4: a robots.txt should not be cached longer than 24 hours
# An unreachable robots.txt means "disallow everything" (RFC 9309 §2.3.1.4); ask again after
# this long rather than on every request to the host.
ROBOTS_RETRY_AFTER = 600.0
DISALLOW_ALL = ("User-agent: *", "Disallow: /")
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this is taken as this
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class Stopped(Exception):
    """Raised inside a wait when the watcher has been asked to stop."""


class FetchError(Exception):
    """A request that did not yield a usable response, with a stable reason code."""

    def __init__(self, url: str, reason: str, message: str, *, transient: bool) -> None:
        super().__init__(f"{url}: {reason}: {message}")
        self.url = url
        self.reason = reason  # timeout | connection | http-404 | http-503 | too-large | robots | ...
        self.message = message
        self.transient = transient  # worth trying again at the next poll


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched response: the final URL after redirects, its status, headers and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


@dataclass
class _HostState:
    last_request: float | None = None
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_expires: float = 0.0


@dataclass
class PoliteClient:
    """Fetch URLs politely; one instance per watcher, shared by all its sources."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    stop: threading.Event = field(default_factory=threading.Event)
    clock: Callable[[], float] = time.monotonic
    _hosts: dict[str, _HostState] = field(default_factory=dict, init=False)
    _client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        timeout = httpx.Timeout(self.policy.timeout)
        self._client = httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": self.policy.user_agent}
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """Fetch `url` (following redirects); return a 2xx or 304 response or raise FetchError."""
        for _ in range(self.policy.max_redirects + 1):
            self._check_allowed(url)
            response = self._with_retries(url, dict(headers or {}))
            if response.status not in REDIRECT_STATUSES:
                return self._accepted(response)
            location = response.headers.get("location")
            if not location:
                raise FetchError(url, f"http-{response.status}", "redirect without a Location", transient=False)
            url = urljoin(url, location)
        raise FetchError(url, "redirects", f"more than {self.policy.max_redirects} redirects", transient=False)

    def allowed(self, url: str) -> bool:
        """Tell whether the host's robots.txt lets us fetch `url`."""
        return self._robots(url).can_fetch(PRODUCT, url)

    # --- robots.txt -------------------------------------------------------------------------

    def _check_allowed(self, url: str) -> None:
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise FetchError(url, "bad-url", f"not an http(s) URL (scheme {scheme!r})", transient=False)
        if not self.allowed(url):
            raise FetchError(url, "robots", "disallowed by the site's robots.txt", transient=False)

    def _robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        host = self._host(url)
        now = self.clock()
        if host.robots is None or now >= host.robots_expires:
            host.robots, ttl = self._fetch_robots(url)
            host.robots_expires = now + ttl
        return host.robots

    def _fetch_robots(self, url: str) -> tuple[urllib.robotparser.RobotFileParser, float]:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self._with_retries(robots_url, {}, max_bytes=ROBOTS_MAX_BYTES, truncate=True)
        except FetchError as error:
            log.warning("robots.txt of %s unreachable (%s): not fetching from this host for now", parts.netloc, error)
            parser.parse(DISALLOW_ALL)
            return parser, ROBOTS_RETRY_AFTER
        if response.status >= 500:
            parser.parse(DISALLOW_ALL)
            return parser, ROBOTS_RETRY_AFTER
        if response.status >= 400 or response.status in REDIRECT_STATUSES:
            # RFC 9309 §2.3.1.3: an unavailable robots.txt (4xx) allows everything. A redirect
            # is treated the same: sites rarely redirect it, and following it across hosts
            # would let another host's rules decide.
            parser.parse([])
        else:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return parser, ROBOTS_TTL

    # --- pacing, retries and bounded reads --------------------------------------------------

    def _host(self, url: str) -> _HostState:
        return self._hosts.setdefault(urlsplit(url).netloc.lower(), _HostState())

    def _delay(self, url: str) -> float:
        host = self._host(url)
        crawl_delay = host.robots.crawl_delay(PRODUCT) if host.robots is not None else None
        return max(self.policy.host_delay, min(float(crawl_delay or 0), MAX_CRAWL_DELAY))

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise Stopped
        if self.stop.is_set():
            raise Stopped

    def _pace(self, url: str) -> None:
        host = self._host(url)
        if host.last_request is not None:
            self._wait(host.last_request + self._delay(url) - self.clock())

    def _with_retries(
        self, url: str, headers: dict[str, str], *, max_bytes: int | None = None, truncate: bool = False
    ) -> Response:
        attempt = 0
        while True:
            self._pace(url)
            try:
                response = self._request(url, headers, max_bytes or self.policy.max_bytes, truncate)
            except FetchError as error:
                if not error.transient or attempt >= self.policy.retries:
                    raise
                wait = self._backoff(attempt, None)
                log.info("%s; retrying in %.2f s", error, wait)
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                if attempt >= self.policy.retries:
                    return response
                wait = self._backoff(attempt, response.headers.get("retry-after"))
                log.info("%s: HTTP %d; retrying in %.2f s", url, response.status, wait)
            attempt += 1
            self._wait(wait)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = self.policy.backoff * 2**attempt
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after))
        return min(wait, self.policy.max_backoff)

    def _request(self, url: str, headers: dict[str, str], max_bytes: int, truncate: bool) -> Response:
        started = self.clock()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                body = (
                    b""
                    if response.status_code in (304, *REDIRECT_STATUSES)
                    else self._read(response, url, started, max_bytes, truncate)
                )
                return Response(str(response.url), response.status_code, dict(response.headers), body)
        except httpx.TimeoutException as exc:
            raise FetchError(url, "timeout", f"no response within {self.policy.timeout:g} s", transient=True) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(url, "connection", f"{type(exc).__name__}: {exc}", transient=True) from exc
        finally:
            self._host(url).last_request = self.clock()

    def _read(self, response: httpx.Response, url: str, started: float, max_bytes: int, truncate: bool) -> bytes:
        """Read the body within the size cap and the deadline."""
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(
                url, "too-large", f"body of {declared} bytes exceeds the {max_bytes}-byte cap", transient=False
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks.append(chunk[: len(chunk) - (size - max_bytes)])
                    break
                raise FetchError(url, "too-large", f"body exceeds the {max_bytes}-byte cap", transient=False)
            if self.clock() - started > self.policy.deadline:
                raise FetchError(url, "timeout", f"body not received within {self.policy.deadline:g} s", transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    def _accepted(self, response: Response) -> Response:
        if response.status == 304 or 200 <= response.status < 300:
            return response
        reason = f"http-{response.status}"
        transient = response.status in RETRY_STATUSES
        retried = f" after {self.policy.retries} retries" if transient else ""
        raise FetchError(response.url, reason, f"HTTP {response.status}{retried}", transient=transient)
