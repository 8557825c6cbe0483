"""The `rasd watch` command: poll feeds and sitemaps into a store, or show their status."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

import click

from rasd import query
from rasd.cli_store import open_cli_store
from rasd.pipeline import Pipeline
from rasd.store import Store
from rasd.watch.policy import DEFAULT_USER_AGENT, FetchPolicy, WatchLimits

DEFAULTS = FetchPolicy()
LIMITS = WatchLimits()
INSTALL_HINT = "pip install 'httpx>=0.27,<1' 'feedparser>=6.0.11,<7'"
STATUS_COLUMNS = ("url", "kind", "last_fetch", "last_status", "items_seen", "articles", "errors", "article_errors")


@click.command()
@click.argument("urls", nargs=-1)
@click.option(
    "--db",
    default="rasd.db",
    show_default=True,
    help="Store: a SQLite file path, sqlite:///path, or postgresql://user@host/dbname.",
)
@click.option(
    "--interval", type=click.FloatRange(min=1), default=900, show_default=True, help="Seconds between poll rounds."
)
@click.option("--once", is_flag=True, help="Poll every source once, then exit.")
@click.option(
    "--max-items",
    type=click.IntRange(min=1),
    default=LIMITS.max_items,
    show_default=True,
    help="New articles fetched per source per round; the rest wait for the next round.",
)
@click.option("--status", is_flag=True, help="Show each watched source's last poll and counts, then exit.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULTS.timeout,
    show_default=True,
    help="Seconds to connect and between reads of a response.",
)
@click.option(
    "--deadline",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULTS.deadline,
    show_default=True,
    help="Seconds for one whole response.",
)
@click.option(
    "--host-delay",
    type=click.FloatRange(min=0),
    default=DEFAULTS.host_delay,
    show_default=True,
    help="Minimum seconds between two requests to one host (a robots.txt Crawl-delay can raise it).",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=DEFAULTS.retries,
    show_default=True,
    help="Retries after a 5xx, 429, timeout or dropped connection.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    default=DEFAULTS.backoff,
    show_default=True,
    help="Seconds before the first retry, doubled for each further one.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULTS.max_bytes,
    show_default=True,
    help="Largest response body read (after decompression); larger pages are skipped.",
)
@click.option("--user-agent", default=DEFAULT_USER_AGENT, show_default=True, help="User-Agent header sent.")
def watch(
    urls: tuple[str, ...],
    db: str,
    interval: float,
    once: bool,
    max_items: int,
    status: bool,
    timeout: float,
    deadline: float,
    host_delay: float,
    retries: int,
    backoff: float,
    max_bytes: int,
    user_agent: str,
) -> None:
    """Poll FEED_OR_SITEMAP URLS and ingest each new article once, politely.

    RSS and Atom feeds, sitemaps, news sitemaps and sitemap indexes are read; every article
    page is fetched once, with robots.txt obeyed, requests to one host spaced out, errors
    retried with back-off, and feeds asked for only when they changed. Without --once the
    rounds repeat every --interval seconds until SIGINT or SIGTERM, which finish the
    article in hand and exit cleanly. Exit status 1 when every source failed (--once).
    """
    if status:
        with open_cli_store(db) as store:
            _print_status(store, urls)
        return
    if not urls:
        raise click.UsageError("give at least one feed or sitemap URL (or --status)")
    policy = FetchPolicy(
        user_agent=user_agent,
        timeout=timeout,
        deadline=deadline,
        host_delay=host_delay,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
    )
    try:  # the HTTP and feed libraries are loaded only for watching
        from rasd.watch.fetch import PoliteClient
        from rasd.watch.watcher import Watcher
    except ImportError as exc:
        raise click.ClickException(f"rasd watch needs httpx and feedparser ({exc}): {INSTALL_HINT}") from exc
    stop = threading.Event()
    with open_cli_store(db) as store, PoliteClient(policy, stop) as client, _stopped_by_signals(stop):
        watcher = Watcher(store, client, Pipeline.build(), WatchLimits(max_items=max_items))
        while True:
            reports = watcher.poll_all(urls)
            for report in reports:
                for polled in report.walk():
                    click.echo(f"rasd watch: {polled.line()}", err=True)
            if once or stop.wait(interval):
                break
    if stop.is_set():
        click.echo("rasd watch: stopped", err=True)
    elif once and reports and all(report.status == "error" for report in reports):
        sys.exit(1)


@contextlib.contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    """Turn SIGINT and SIGTERM into a stop request while watching; restore the handlers after."""

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _print_status(store: Store, urls: Sequence[str]) -> None:
    rows = [row for row in query.sources(store) if not urls or row.url in urls]
    if not rows:
        click.echo("no watched sources yet")
        return
    cells = [[_cell(getattr(row, name)) for name in STATUS_COLUMNS] for row in rows]
    widths = [max(len(name), *(len(line[i]) for line in cells)) for i, name in enumerate(STATUS_COLUMNS)]
    click.echo("  ".join(name.ljust(width) for name, width in zip(STATUS_COLUMNS, widths, strict=True)).rstrip())
    for row, line in zip(rows, cells, strict=True):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if row.last_error:
            click.echo(f"    last error: {row.last_error}")


def _cell(value: object) -> str:
    return "" if value is None else str(value)
