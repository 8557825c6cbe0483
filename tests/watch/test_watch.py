"""End to end: a local news site polled into a store, with the site misbehaving in the usual ways."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("httpx", reason="rasd watch needs httpx")
pytest.importorskip("feedparser", reason="rasd watch needs feedparser")

from click.testing import CliRunner
from news import BAGHDAD, CAIRO, FASHER, IDLIB, RAIDS, SANCTIONS, atom, news_sitemap, rss, sitemap_index, url_set
from watch_site import SLOW, Reply, Site, loopback_policy

from rasd import query
from rasd.cli import main
from rasd.pipeline import Pipeline
from rasd.store import Store, open_store
from rasd.watch.fetch import PoliteClient
from rasd.watch.policy import WatchLimits
from rasd.watch.watcher import Watcher

HTML = {"Content-Type": "text/html; charset=utf-8"}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
RSS_ETAG = '"rss-v1"'
RSS_MODIFIED = "Tue, 14 May 2024 07:00:00 GMT"


def conditional(body: bytes, etag: str, content_type: str) -> Callable[[dict[str, str]], Reply]:
    """A route that answers 304 when the client already has this version."""

    def route(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply(body, headers={"Content-Type": content_type, "ETag": etag, "Last-Modified": RSS_MODIFIED})

    return route


def page(article_html: bytes) -> Reply:
    return Reply(article_html, headers=HTML)


@pytest.fixture
def newsroom(site: Site) -> Site:
    """The site's robots.txt, two feeds and their articles, a few of them troublesome."""
    base = site.base
    site.routes.update(
        {
            "/robots.txt": Reply(ROBOTS, headers={"Content-Type": "text/plain"}),
            "/rss.xml": conditional(
                rss(
                    base,
                    [
                        # 01:30 in Damascus is still the 13th in UTC: the publisher's own day must be kept.
                        (IDLIB.path, IDLIB.title, "Tue, 14 May 2024 01:30:00 +0300"),
                        (BAGHDAD.path, BAGHDAD.title, "Mon, 13 May 2024 09:00:00 +0300"),
                        ("/news/slow.html", "تقرير مطوّل", "Mon, 13 May 2024 08:00:00 +0300"),
                        (FASHER.path, FASHER.title, "Sun, 12 May 2024 20:00:00 +0300"),
                        ("/private/draft.html", "مسودة", "Sun, 12 May 2024 10:00:00 +0300"),
                        ("/news/huge.html", "ملف ضخم", "Sat, 11 May 2024 10:00:00 +0300"),
                    ],
                ),
                RSS_ETAG,
                "application/rss+xml; charset=utf-8",
            ),
            "/atom.xml": conditional(
                atom(
                    base,
                    [
                        (SANCTIONS.path, SANCTIONS.title, "2024-05-14T08:00:00+03:00"),
                    ],
                ),
                '"atom-v1"',
                "application/atom+xml",
            ),
            IDLIB.path: page(IDLIB.html()),
            BAGHDAD.path: page(BAGHDAD.html()),
            "/news/slow.html": Reply(IDLIB.html(), headers=HTML, delay=SLOW),
            FASHER.path: [Reply(b"<h1>Internal Server Error</h1>", status=500, headers=HTML), page(FASHER.html())],
            "/private/draft.html": page(CAIRO.html()),
            "/news/huge.html": Reply(b"<html><body>" + "حشو ".encode() * 100_000 + b"</body></html>", headers=HTML),
            SANCTIONS.path: Reply(
                SANCTIONS.html("windows-1256"), headers={"Content-Type": "text/html; charset=windows-1256"}
            ),
        }
    )
    return site


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "watch.db"


@pytest.fixture
def sqlite_store(store_path: Path) -> Iterator[Store]:
    with open_store(store_path) as opened:
        yield opened


@pytest.fixture
def watcher(sqlite_store: Store, pipeline: Pipeline) -> Iterator[Watcher]:
    with PoliteClient(loopback_policy()) as client:
        yield Watcher(sqlite_store, client, pipeline)


def stored(store: Store) -> dict[str, query.DocumentRow]:
    return {row.url: row for row in query.documents(store, query.Filters()) if row.url}


def source(store: Store, url: str) -> query.SourceRow:
    return next(row for row in query.sources(store) if row.url == url)


def test_a_feed_poll_stores_each_article_with_its_events_and_dates(newsroom: Site, watcher: Watcher) -> None:
    report = watcher.poll(newsroom.url("/rss.xml"))
    docs = stored(watcher.store)
    assert set(docs) == {newsroom.url(a.path) for a in (IDLIB, BAGHDAD, FASHER)}
    assert report.status == "ok" and report.items == 6 and report.stored == 3
    # The page states no date: the feed's, as the publisher wrote it (not the UTC day).
    assert docs[newsroom.url(IDLIB.path)].published == "2024-05-14"
    # The page states its own date, which wins over the feed's.
    assert docs[newsroom.url(BAGHDAD.path)].published == "2024-05-12"
    events = list(query.events(watcher.store, query.Filters(types=("ASSAULT",))))
    idlib = next(event for event in events if event.url == newsroom.url(IDLIB.path))
    assert (idlib.fatalities, idlib.injuries) == (3, 7)
    assert idlib.date == "2024-05-14"


def test_each_article_is_fetched_once_across_polls(newsroom: Site, watcher: Watcher) -> None:
    watcher.poll(newsroom.url("/rss.xml"))
    newsroom.routes["/rss.xml"] = Reply(newsroom.routes["/rss.xml"]({}).body, headers={"Content-Type": "text/xml"})
    second = watcher.poll(newsroom.url("/rss.xml"))
    assert second.stored == 0
    for article in (IDLIB, BAGHDAD):
        assert len(newsroom.requests(article.path)) == 1
    # The slow page failed transiently: it is tried again; the huge one failed for good: it is not.
    assert len(newsroom.requests("/news/slow.html")) == 2 * (loopback_policy().retries + 1)
    assert len(newsroom.requests("/news/huge.html")) == 1


def test_a_slow_page_times_out_is_recorded_and_the_others_go_on(newsroom: Site, watcher: Watcher) -> None:
    started = time.monotonic()
    report = watcher.poll(newsroom.url("/rss.xml"))
    assert time.monotonic() - started < SLOW  # the slow page did not hold the poll
    assert any("/news/slow.html: timeout" in failure for failure in report.failed)
    assert report.stored == 3
    status = source(watcher.store, newsroom.url("/rss.xml"))
    assert status.last_status == "ok" and status.article_errors == 2
    assert "slow.html: timeout" in (status.last_error or "")
    assert not watcher.store.was_fetched(newsroom.url("/news/slow.html"))


def test_a_slow_feed_is_an_error_of_its_source_only(newsroom: Site, watcher: Watcher) -> None:
    newsroom.routes["/slow-feed.xml"] = Reply(b"<rss/>", delay=SLOW)
    reports = watcher.poll_all([newsroom.url("/slow-feed.xml"), newsroom.url("/atom.xml")])
    assert [report.status for report in reports] == ["error", "ok"]
    slow = source(watcher.store, newsroom.url("/slow-feed.xml"))
    assert slow.last_status == "error" and slow.errors == 1
    assert slow.last_error == f"timeout: no response within {loopback_policy().timeout:g} s"
    assert newsroom.url(SANCTIONS.path) in stored(watcher.store)


def test_a_server_error_is_retried_until_the_page_comes(newsroom: Site, watcher: Watcher) -> None:
    watcher.poll(newsroom.url("/rss.xml"))
    assert [hit.path for hit in newsroom.hits].count(FASHER.path) == 2
    assert newsroom.url(FASHER.path) in stored(watcher.store)


def test_a_malformed_feed_is_an_error_with_a_clear_message(site: Site, watcher: Watcher) -> None:
    site.routes["/broken.xml"] = Reply(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>\xd8\xa3\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1'
        b"<item><title>x</titl></channel>",
        headers={"Content-Type": "application/rss+xml"},
    )
    report = watcher.poll(site.url("/broken.xml"))
    assert report.status == "error"
    status = source(watcher.store, site.url("/broken.xml"))
    assert status.last_status == "error" and status.errors == 1
    assert status.last_error is not None and status.last_error.startswith("malformed feed XML: ")
    assert "line 1" in status.last_error


def test_robots_txt_keeps_the_watcher_out_of_disallowed_paths(newsroom: Site, watcher: Watcher) -> None:
    report = watcher.poll(newsroom.url("/rss.xml"))
    assert newsroom.requests("/private/draft.html") == []
    assert report.skipped == 1
    assert len(newsroom.requests("/robots.txt")) == 1  # one fetch per host, then the cache


def test_the_second_poll_is_conditional_and_a_304_is_not_modified(site: Site, watcher: Watcher) -> None:
    site.routes.update(
        {
            "/robots.txt": Reply(b"", status=404),
            "/atom.xml": conditional(
                atom(site.base, [(SANCTIONS.path, SANCTIONS.title, "2024-05-14T08:00:00Z")]),
                '"atom-v1"',
                "application/atom+xml",
            ),
            SANCTIONS.path: page(SANCTIONS.html()),
        }
    )
    first = watcher.poll(site.url("/atom.xml"))
    second = watcher.poll(site.url("/atom.xml"))
    assert (first.status, second.status) == ("ok", "not-modified")
    sent = site.requests("/atom.xml")[1].headers
    assert sent["if-none-match"] == '"atom-v1"'
    assert sent["if-modified-since"] == RSS_MODIFIED
    status = source(watcher.store, site.url("/atom.xml"))
    assert (status.last_status, status.items_seen, status.articles) == ("not-modified", 1, 1)


def test_a_poll_with_articles_left_over_is_not_hidden_by_a_304(newsroom: Site, watcher: Watcher) -> None:
    watcher.poll(newsroom.url("/rss.xml"))  # the slow page failed: the feed's ETag is not kept
    watcher.poll(newsroom.url("/rss.xml"))
    assert "if-none-match" not in newsroom.requests("/rss.xml")[1].headers
    assert len(newsroom.requests("/news/slow.html")) == 4


def test_max_items_leaves_the_rest_for_the_next_round(newsroom: Site, sqlite_store: Store, pipeline: Pipeline) -> None:
    with PoliteClient(loopback_policy()) as client:
        watcher = Watcher(sqlite_store, client, pipeline, WatchLimits(max_items=1))
        first = watcher.poll(newsroom.url("/rss.xml"))
        second = watcher.poll(newsroom.url("/rss.xml"))
    assert (first.stored, second.stored) == (1, 1)
    assert set(stored(sqlite_store)) == {newsroom.url(IDLIB.path), newsroom.url(BAGHDAD.path)}


def test_a_huge_body_is_capped_and_recorded(newsroom: Site, watcher: Watcher) -> None:
    newsroom.routes["/news/huge.html"] = Reply(b"<p>" + b"x" * 5_000_000 + b"</p>", headers=HTML, chunked=True)
    report = watcher.poll(newsroom.url("/rss.xml"))
    assert any("/news/huge.html: too-large: body exceeds the 200000-byte cap" in f for f in report.failed)
    outcome = watcher.store.execute("SELECT outcome FROM fetched WHERE url = ?", (newsroom.url("/news/huge.html"),))
    assert outcome.fetchone()[0] == "too-large"


def test_sitemap_index_news_sitemap_and_plain_sitemap(site: Site, watcher: Watcher) -> None:
    base = site.base
    site.routes.update(
        {
            "/robots.txt": Reply(b"User-agent: *\nAllow: /\n"),
            "/sitemap-index.xml": Reply(
                sitemap_index(base, [("/sitemap-news.xml", "2024-05-15"), ("/sitemap-pages.xml", "2024-05-01")]),
                headers={"Content-Type": "application/xml"},
            ),
            "/sitemap-news.xml": Reply(
                news_sitemap(base, [(RAIDS.path, RAIDS.title, "2024-05-15T06:10:00+03:00")]),
                headers={"Content-Type": "application/xml"},
            ),
            "/sitemap-pages.xml": Reply(url_set(base, [CAIRO.path]), headers={"Content-Type": "text/xml"}),
            RAIDS.path: page(RAIDS.html()),
            CAIRO.path: page(CAIRO.html()),
        }
    )
    report = watcher.poll(site.url("/sitemap-index.xml"))
    assert [child.url for child in report.children] == [site.url("/sitemap-news.xml"), site.url("/sitemap-pages.xml")]
    docs = stored(watcher.store)
    assert docs[site.url(RAIDS.path)].published == "2024-05-15"  # from the news sitemap
    assert docs[site.url(CAIRO.path)].published is None  # <lastmod> is not a publication date
    kinds = {row.url: (row.kind, row.items_seen) for row in query.sources(watcher.store)}
    assert kinds[site.url("/sitemap-index.xml")] == ("sitemap", 2)
    assert kinds[site.url("/sitemap-news.xml")] == ("sitemap", 1)


def test_the_user_agent_names_rasd(newsroom: Site, watcher: Watcher) -> None:
    watcher.poll(newsroom.url("/atom.xml"))
    assert {hit.headers["user-agent"].split("/")[0] for hit in newsroom.hits} == {"rasd"}


# --- the command line ---------------------------------------------------------------------------

FAST = [
    "--timeout",
    "0.4",
    "--deadline",
    "2",
    "--host-delay",
    "0",
    "--retries",
    "1",
    "--backoff",
    "0.01",
    "--max-bytes",
    "200000",
]


def test_cli_once_then_status(newsroom: Site, store_path: Path) -> None:
    runner = CliRunner()
    feeds = [newsroom.url("/rss.xml"), newsroom.url("/atom.xml"), newsroom.url("/missing.xml")]
    result = runner.invoke(main, ["watch", *feeds, "--db", str(store_path), "--once", *FAST])
    assert result.exit_code == 0, result.output
    assert f"rasd watch: {newsroom.url('/atom.xml')} [feed] ok: 1 listed, 1 stored" in result.stderr
    assert f"rasd watch: {newsroom.url('/missing.xml')} [feed] error: http-404: HTTP 404" in result.stderr
    status = runner.invoke(main, ["watch", "--status", "--db", str(store_path)])
    assert status.exit_code == 0
    lines = status.stdout.splitlines()
    assert lines[0].split() == [
        "url",
        "kind",
        "last_fetch",
        "last_status",
        "items_seen",
        "articles",
        "errors",
        "article_errors",
    ]
    atom_line = next(line for line in lines if line.startswith(newsroom.url("/atom.xml")))
    assert atom_line.split()[1:2] + atom_line.split()[3:] == ["feed", "ok", "1", "1", "0", "0"]
    assert "    last error: http-404: HTTP 404" in lines


def test_cli_exits_1_when_every_source_failed(site: Site, store_path: Path) -> None:
    result = CliRunner().invoke(main, ["watch", site.url("/nothing.xml"), "--db", str(store_path), "--once", *FAST])
    assert result.exit_code == 1


def test_cli_needs_a_url_unless_asking_for_status(store_path: Path) -> None:
    result = CliRunner().invoke(main, ["watch", "--db", str(store_path)])
    assert result.exit_code == 2 and "give at least one feed or sitemap URL" in result.output


def test_sigterm_stops_the_loop_cleanly(newsroom: Site, store_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "rasd.cli",
        "watch",
        newsroom.url("/atom.xml"),
        "--db",
        str(store_path),
        "--interval",
        "60",
        *FAST,
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 30
        line = ""
        while "[feed] ok" not in line and time.monotonic() < deadline:
            line = process.stderr.readline()
        assert "[feed] ok" in line
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert "rasd watch: stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with open_store(store_path) as reopened:
        assert source(reopened, newsroom.url("/atom.xml")).articles == 1
        record = json.loads(next(reopened.rows("SELECT record FROM documents"))["record"])
        assert record["published"] == dt.date(2024, 5, 14).isoformat()
