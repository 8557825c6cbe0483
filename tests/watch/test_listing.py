"""Reading feeds and sitemaps: entries, dates as the publisher wrote them, broken and hostile XML."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

pytest.importorskip("feedparser", reason="rasd watch needs feedparser")

from news import atom, news_sitemap, rss, sitemap_index, url_set

from rasd.watch.listing import Entry, ListingError, parse_listing

BASE = "http://127.0.0.1:8000"
CAP = 1_000_000


def test_rss_items_newest_first_with_the_publishers_day() -> None:
    body = rss(
        BASE,
        [
            ("/a.html", "قصف مدفعي على أطراف درعا", "Sun, 12 May 2024 20:00:00 +0300"),
            ("/b.html", "الأمم المتحدة تدعو إلى التهدئة", "Tue, 14 May 2024 01:30:00 +0300"),
            ("/a.html#comments", "قصف مدفعي على أطراف درعا", "Sun, 12 May 2024 20:00:00 +0300"),
        ],
    )
    listing = parse_listing(body, f"{BASE}/rss.xml", "application/rss+xml", max_bytes=CAP)
    assert listing.kind == "feed" and listing.warning is None
    assert listing.entries == (
        Entry(f"{BASE}/b.html", dt.date(2024, 5, 14), "الأمم المتحدة تدعو إلى التهدئة"),
        Entry(f"{BASE}/a.html", dt.date(2024, 5, 12), "قصف مدفعي على أطراف درعا"),
    )


def test_atom_links_resolve_against_the_feed() -> None:
    body = atom(BASE, [("/world/x.html", "مباحثات أميركية - إيرانية في مسقط", "2024-05-14T23:10:00-04:00")])
    listing = parse_listing(body, f"{BASE}/atom.xml", max_bytes=CAP)
    title = "مباحثات أميركية - إيرانية في مسقط"
    assert listing.entries == (Entry(f"{BASE}/world/x.html", dt.date(2024, 5, 14), title),)


def test_a_feed_with_a_stray_ampersand_is_read_leniently_with_a_warning() -> None:
    body = rss(BASE, [("/c.html", "اجتماع وزراء الخارجية العرب", "Mon, 13 May 2024 10:00:00 GMT")])
    body = body.replace(b"</title><link>", b" & </title><link>", 1)
    listing = parse_listing(body, f"{BASE}/rss.xml", max_bytes=CAP)
    assert [entry.url for entry in listing.entries] == [f"{BASE}/c.html"]
    assert listing.warning is not None and listing.warning.startswith("malformed feed XML, read leniently: ")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html><body><p>\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7</p></body></html>", "not an RSS or Atom feed"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</titl>', "malformed feed XML: "),
        (b"   \n", "empty document"),
    ],
)
def test_what_is_not_a_feed_says_why(body: bytes, message: str) -> None:
    with pytest.raises(ListingError, match=message):
        parse_listing(body, f"{BASE}/feed", max_bytes=CAP)


def test_news_sitemap_dates_are_publication_dates() -> None:
    body = news_sitemap(BASE, [("/n1.html", "انفجار في مرفأ", "2024-05-15T06:10:00+03:00")])
    listing = parse_listing(body, f"{BASE}/news.xml", max_bytes=CAP)
    assert listing.kind == "sitemap"
    assert listing.entries == (Entry(f"{BASE}/n1.html", dt.date(2024, 5, 15), "انفجار في مرفأ"),)


def test_a_plain_sitemaps_lastmod_is_not_taken_as_a_publication_date() -> None:
    listing = parse_listing(url_set(BASE, ["/p1.html", "/p2.html"]), f"{BASE}/s.xml", max_bytes=CAP)
    assert listing.entries == (Entry(f"{BASE}/p1.html"), Entry(f"{BASE}/p2.html"))


def test_a_sitemap_index_lists_its_children_most_recently_changed_first() -> None:
    body = sitemap_index(BASE, [("/old.xml", "2023-01-01"), ("/new.xml", "2024-05-15")])
    listing = parse_listing(body, f"{BASE}/index.xml", max_bytes=CAP)
    assert listing.entries == ()
    assert [child.url for child in listing.sitemaps] == [f"{BASE}/new.xml", f"{BASE}/old.xml"]


def test_a_gzipped_sitemap_is_unpacked_within_the_cap() -> None:
    body = gzip.compress(url_set(BASE, ["/g.html"]))
    assert [entry.url for entry in parse_listing(body, f"{BASE}/s.xml.gz", max_bytes=CAP).entries] == [f"{BASE}/g.html"]
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    with pytest.raises(ListingError, match="unpacks to more than the 1000000-byte cap"):
        parse_listing(bomb, f"{BASE}/s.xml.gz", max_bytes=CAP)


def test_a_sitemap_with_entities_is_refused() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x/&b;</loc></url></urlset>'
    )
    with pytest.raises(ListingError, match="DOCTYPE"):
        parse_listing(body, f"{BASE}/s.xml", max_bytes=CAP)


def test_only_web_links_are_kept() -> None:
    body = url_set(BASE, ["/ok.html"]).replace(
        b"</urlset>", b"<url><loc>javascript:alert(1)</loc></url><url><loc>  </loc></url></urlset>"
    )
    assert [entry.url for entry in parse_listing(body, f"{BASE}/s.xml", max_bytes=CAP).entries] == [f"{BASE}/ok.html"]


def test_a_good_feed_served_as_html_needs_no_warning() -> None:
    body = rss(BASE, [("/d.html", "انتخابات بلدية في تونس", "Wed, 15 May 2024 12:00:00 +0100")])
    listing = parse_listing(body, f"{BASE}/rss", "text/html; charset=utf-8", max_bytes=CAP)
    assert listing.warning is None and len(listing.entries) == 1
