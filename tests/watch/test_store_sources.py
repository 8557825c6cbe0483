"""The store's record of watched sources and fetched articles, on SQLite and PostgreSQL."""

from __future__ import annotations

from rasd import query
from rasd.store import Store
from rasd.store.base import SourcePoll

FEED = "https://news.example/ar/rss.xml"


def test_a_poll_is_recorded_and_counters_accumulate(store: Store) -> None:
    store.record_poll(
        SourcePoll(
            FEED,
            "feed",
            "2024-05-14T07:00:00+00:00",
            "ok",
            etag='"v1"',
            last_modified="Tue, 14 May 2024 07:00:00 GMT",
            items_seen=20,
            new_articles=18,
            failed_articles=2,
            error="2 articles failed: ...",
        )
    )
    store.record_poll(
        SourcePoll(
            FEED,
            "feed",
            "2024-05-14T07:15:00+00:00",
            "not-modified",
            etag='"v1"',
            last_modified="Tue, 14 May 2024 07:00:00 GMT",
        )
    )
    store.record_poll(SourcePoll(FEED, "feed", "2024-05-14T07:30:00+00:00", "error", error="timeout: no response"))
    [row] = query.sources(store)
    assert row == query.SourceRow(
        url=FEED,
        kind="feed",
        last_fetch="2024-05-14T07:30:00+00:00",
        last_status="error",
        last_error="timeout: no response",
        items_seen=20,
        errors=1,
        articles=18,
        article_errors=2,
    )
    assert store.source(FEED)["etag"] is None  # an error clears the validators: the next poll is full


def test_an_article_url_is_remembered_once(store: Store) -> None:
    url = "https://news.example/ar/2024/05/14/غارة.html"
    assert not store.was_fetched(url)
    store.mark_fetched(url, FEED, "stored", "doc-1")
    store.mark_fetched(url, FEED, "duplicate", "doc-2")
    assert store.was_fetched(url)
    rows = list(store.rows("SELECT outcome, doc_id FROM fetched WHERE url = ?", (url,)))
    assert rows == [{"outcome": "stored", "doc_id": "doc-1"}]


def test_the_watch_tables_come_from_a_named_migration(store: Store) -> None:
    assert "0003_watch_sources_fetched" in store.migrations()
    assert list(query.sources(store)) == []
