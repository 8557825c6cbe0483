"""`rasd watch`: poll RSS/Atom feeds and XML sitemaps and ingest new articles politely.

`Watcher(store, client, pipeline).poll_all(urls)` runs one poll round; `PoliteClient`
(robots.txt, per-host pacing, retries with back-off, conditional requests, size caps)
does every request; `parse_listing` reads feeds and sitemaps. The HTTP and feed libraries
are imported only when one of these is first used, so `rasd --help` does not pay for them.
"""

from __future__ import annotations

import importlib
from typing import Any

from rasd.watch.policy import DEFAULT_USER_AGENT, FetchPolicy, WatchLimits

_LAZY = {
    "FetchError": "rasd.watch.fetch",
    "PoliteClient": "rasd.watch.fetch",
    "Response": "rasd.watch.fetch",
    "Stopped": "rasd.watch.fetch",
    "Entry": "rasd.watch.listing",
    "Listing": "rasd.watch.listing",
    "ListingError": "rasd.watch.listing",
    "parse_listing": "rasd.watch.listing",
    "PollReport": "rasd.watch.watcher",
    "Watcher": "rasd.watch.watcher",
}

__all__ = ["DEFAULT_USER_AGENT", "FetchPolicy", "WatchLimits", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rasd.watch' has no attribute {name!r}")
