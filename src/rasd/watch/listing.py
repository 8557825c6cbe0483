"""Read what a watched URL lists: the articles of an RSS/Atom feed or an XML sitemap.

Feeds are parsed by feedparser, which is lenient: a feed with a stray unescaped «&» still
yields its entries, with a warning kept for the source's status. Sitemaps (a URL set, a
news sitemap, or a sitemap index naming further sitemaps) are parsed with lxml with entity
resolution, DTD loading and network access off, and a sitemap with a DOCTYPE is refused:
the sitemap protocol never needs one, and refusing it closes the entity-expansion attacks
defusedxml guards against. Gzipped sitemaps are unpacked within the same size cap.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

FEED, SITEMAP = "feed", "sitemap"
GZIP_MAGIC = b"\x1f\x8b"
# The root element of a sitemap, looked for in the first bytes (after any XML declaration,
# comments or processing instructions), with or without a namespace prefix.
SITEMAP_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex)[\s>/]")
SNIFF_BYTES = 4096


class ListingError(ValueError):
    """A feed or sitemap that cannot be read, with a message saying why."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One article (or, in a sitemap index, one further sitemap) a listing names."""

    url: str
    published: dt.date | None = None  # publication date as the publisher wrote it
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """What one fetched feed or sitemap lists."""

    kind: str  # feed | sitemap
    entries: tuple[Entry, ...]  # articles, newest first where dates are known
    sitemaps: tuple[Entry, ...] = ()  # further sitemaps a sitemap index names
    warning: str | None = None  # the feed was malformed but read leniently


def parse_listing(body: bytes, url: str, content_type: str | None = None, *, max_bytes: int) -> Listing:
    """Read a fetched feed or sitemap; raise ListingError when it is neither or is broken."""
    if body.startswith(GZIP_MAGIC):
        body = _gunzip(body, max_bytes)
    if not body.strip():
        raise ListingError("empty document")
    if SITEMAP_ROOT.search(body[:SNIFF_BYTES]):
        return parse_sitemap(body, url)
    return parse_feed(body, url, content_type)


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Listing:
    """Read an RSS or Atom feed; a malformed one is read leniently when it yields entries."""
    headers = {"content-location": url, **({"content-type": content_type} if content_type else {})}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    problem = _feed_problem(parsed)
    entries = tuple(_newest_first(_feed_entries(parsed, url)))
    if not entries and problem:
        raise ListingError(f"malformed feed XML: {problem}")
    if not parsed.get("version") and not entries:
        raise ListingError("not an RSS or Atom feed, nor a sitemap")
    warning = f"malformed feed XML, read leniently: {problem}" if problem else None
    return Listing(FEED, entries, warning=warning)


def parse_sitemap(body: bytes, url: str) -> Listing:
    """Read a URL set (plain or news sitemap) or a sitemap index."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"malformed sitemap XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise ListingError("sitemap has a DOCTYPE, which the sitemap protocol never uses: refused")
    kind = etree.QName(root).localname
    items = [_sitemap_entry(element, url) for element in root if _local(element) in ("url", "sitemap")]
    found = tuple(_newest_first(item for item in items if item is not None))
    if kind == "sitemapindex":
        return Listing(SITEMAP, (), sitemaps=found)
    return Listing(SITEMAP, found)


def canonical(url: str) -> str:
    """Return the URL an article is remembered by: without its #fragment."""
    return urldefrag(url.strip()).url


# --- feeds -----------------------------------------------------------------------------------


def _feed_problem(parsed: feedparser.FeedParserDict) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if isinstance(error, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        # A wrong declared encoding that decoded anyway, or a feed served as text/html or with
        # no content type: the document itself is fine.
        return None
    line = getattr(error, "getLineNumber", None)
    where = f" (line {line()}, column {error.getColumnNumber()})" if callable(line) else ""
    message = getattr(error, "getMessage", None)
    text = message() if callable(message) else str(error)
    return f"{text}{where}"


def _feed_entries(parsed: feedparser.FeedParserDict, base: str) -> Iterator[Entry]:
    for item in parsed.get("entries", ()):
        link = _article_url(item.get("link"), base)
        if link is None:
            continue
        published = _date(item.get("published")) or _date(item.get("updated"))
        yield Entry(link, published, (item.get("title") or "").strip() or None)


# --- sitemaps --------------------------------------------------------------------------------


def _sitemap_entry(element: etree._Element, base: str) -> Entry | None:
    fields = {_local(child): child.text for child in element.iter() if child is not element}
    link = _article_url(fields.get("loc"), base)
    if link is None:
        return None
    if _local(element) == "sitemap":
        # A child sitemap's <lastmod> orders the index, newest first.
        return Entry(link, _date(fields.get("lastmod")))
    # A news sitemap's publication date is the article's; <lastmod> is only when the page
    # last changed, so it is never taken as the publication date.
    title = (fields.get("title") or "").strip() or None
    return Entry(link, _date(fields.get("publication_date")), title)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise ListingError(f"broken gzip data: {exc}") from None
    if len(data) > max_bytes:
        raise ListingError(f"unpacks to more than the {max_bytes}-byte cap")
    return data


# --- shared ----------------------------------------------------------------------------------


def _article_url(text: str | None, base: str) -> str | None:
    if not text or not text.strip():
        return None
    url = canonical(urljoin(base, text.strip()))
    return url if urlsplit(url).scheme in ("http", "https") else None


def _date(text: str | None) -> dt.date | None:
    """Read an ISO 8601 / W3C or RFC 822 date, keeping the publisher's own calendar day."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Drop repeated URLs and order entries newest first, undated last, else in document order."""
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(entry.url, entry)
    return sorted(unique.values(), key=_newest_key)


def _newest_key(entry: Entry) -> tuple[bool, int]:
    return entry.published is None, -(entry.published or dt.date.min).toordinal()
