"""How politely and how patiently `rasd watch` fetches (kept free of the HTTP library)."""

from __future__ import annotations

from dataclasses import dataclass

from rasd import __version__

PRODUCT = "rasd"  # the token robots.txt rules name us by
DEFAULT_USER_AGENT = f"{PRODUCT}/{__version__} (Arabic news event extraction; polite feed watcher)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and how patiently to fetch."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between two reads of the body
    deadline: float = 60.0  # seconds for one whole response, so a trickling server cannot hold us
    host_delay: float = 1.0  # minimum seconds between two requests to one host
    retries: int = 3  # further attempts after a 5xx, 429, timeout or dropped connection
    backoff: float = 1.0  # seconds before the first retry; doubled for each further one
    max_backoff: float = 60.0  # longest wait before a retry, Retry-After included
    max_bytes: int = 10 * 1024 * 1024  # body size cap, after decompression
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class WatchLimits:
    """How much one poll may do."""

    max_items: int = 50  # new articles fetched per source per poll; the rest wait for the next
    max_sitemaps: int = 20  # child sitemaps of an index polled per poll, most recently changed first
