"""Poll feeds and sitemaps, fetch each new article once, and ingest it through the pipeline.

One poll of a source: a conditional request (If-None-Match / If-Modified-Since from the
last poll), then the listing is read, the article URLs not fetched before are fetched newest
first (at most `max_items` per poll), each page goes through decode → prepare → duplicate
marking → analysis and into the store, and the poll's outcome is stored for `rasd watch
--status`. A page that fails transiently (timeout, 5xx after retries) is not remembered, so
the next poll tries it again; one that fails for good (404, not HTML, no text) is remembered
with its reason and never fetched again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from rasd.errors import RecordError
from rasd.link.duplicates import DuplicateMarker
from rasd.model import Document, Provenance, RawRecord
from rasd.pipeline import Pipeline, guarded
from rasd.read.decode import decode
from rasd.store.base import SourcePoll, Store
from rasd.watch.fetch import FetchError, PoliteClient, Response, Stopped
from rasd.watch.listing import FEED, SITEMAP, Entry, Listing, ListingError, canonical, parse_listing
from rasd.watch.policy import WatchLimits

log = logging.getLogger(__name__)

LISTING_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT_LANGUAGE = "ar, *;q=0.5"
# The sitemap protocol forbids an index inside an index; one level of children is all we follow.
MAX_SITEMAP_DEPTH = 1
SHOWN_FAILURES = 3  # failed articles named in a source's last_error; the count covers the rest


# Errors unexpected from a stage on odd input: reported for that article, never fatal to the loop
# (the same families the batch pipeline turns into per-record errors).
@dataclass
class PollReport:
    """What one poll of one source did (a sitemap index's children get reports of their own)."""

    url: str
    kind: str = FEED
    status: str = "ok"  # ok | not-modified | error | stopped
    error: str | None = None
    items: int = 0  # entries the listing names
    stored: int = 0  # new articles stored
    duplicates: int = 0  # new articles that copy one already seen
    failed: list[str] = field(default_factory=list)  # "url: reason: message" per failed article
    skipped: int = 0  # articles robots.txt disallows, or left for the next poll
    children: list[PollReport] = field(default_factory=list)

    def walk(self) -> Iterator[PollReport]:
        yield self
        for child in self.children:
            yield from child.walk()

    def line(self) -> str:
        """Describe the poll in one line for the command line."""
        if self.status == "error":
            return f"{self.url} [{self.kind}] error: {self.error}"
        if self.status in ("not-modified", "stopped"):
            return f"{self.url} [{self.kind}] {self.status.replace('-', ' ')}"
        counts = f"{self.items} listed, {self.stored} stored, {self.duplicates} duplicates, {len(self.failed)} failed"
        extra = f", {self.skipped} skipped" if self.skipped else ""
        warning = f" (warning: {self.error})" if self.error else ""
        return f"{self.url} [{self.kind}] ok: {counts}{extra}{warning}"


class ArticleFailure(Exception):
    """An article that could not be stored; `final` when trying again would not help."""

    def __init__(self, url: str, reason: str, message: str, *, final: bool) -> None:
        super().__init__(f"{url}: {reason}: {message}")
        self.reason = reason
        self.final = final


@dataclass
class Watcher:
    """Polls sources into one store with one polite client and one pipeline."""

    store: Store
    client: PoliteClient
    pipeline: Pipeline
    limits: WatchLimits = field(default_factory=WatchLimits)
    marker: DuplicateMarker = field(default_factory=DuplicateMarker)

    def poll_all(self, urls: Sequence[str]) -> list[PollReport]:
        """Poll each source once, in order; stop early (between articles) when asked to."""
        reports: list[PollReport] = []
        for url in urls:
            if self.client.stop.is_set():
                break
            reports.append(self.poll(url))
        return reports

    def poll(self, url: str, depth: int = 0) -> PollReport:
        """Poll one feed or sitemap and ingest its new articles."""
        previous = self.store.source(url) or {}
        report = PollReport(url, kind=previous.get("kind") or _likely_kind(url))
        try:
            response = self.client.get(url, headers={"Accept": LISTING_ACCEPT, **_validators(previous)})
        except FetchError as error:
            return self._failed(report, f"{error.reason}: {error.message}")
        except Stopped:
            report.status = "stopped"  # nothing learnt about the source: nothing recorded
            return report
        if response.status == 304:
            report.status = "not-modified"
            self._record(report, previous.get("etag"), previous.get("last_modified"), items=None)
            return report
        try:
            listing = parse_listing(
                response.body, response.url, response.content_type, max_bytes=self.client.policy.max_bytes
            )
        except ListingError as error:
            return self._failed(report, str(error))
        report.kind, report.items, report.error = listing.kind, len(listing.entries), listing.warning
        children_done = self._follow_index(listing, report, depth)
        articles_done = self._ingest_entries(listing.entries, url, report)
        complete = children_done and articles_done
        # Validators are kept only when every listed article was dealt with: otherwise a 304
        # next time would hide the articles left over (over max_items, or failed transiently).
        etag = response.headers.get("etag") if complete else None
        modified = response.headers.get("last-modified") if complete else None
        self._record(report, etag, modified, items=len(listing.entries) + len(listing.sitemaps))
        return report

    # --- sources -----------------------------------------------------------------------------

    def _follow_index(self, listing: Listing, report: PollReport, depth: int) -> bool:
        if not listing.sitemaps:
            return True
        if depth >= MAX_SITEMAP_DEPTH:
            report.error = "a sitemap index inside a sitemap index is not followed"
            return True
        chosen = listing.sitemaps[: self.limits.max_sitemaps]
        for child in chosen:
            if self.client.stop.is_set():
                return False
            report.children.append(self.poll(child.url, depth + 1))
        return len(chosen) == len(listing.sitemaps)

    def _failed(self, report: PollReport, message: str) -> PollReport:
        log.info("watch %s: %s", report.url, message)
        report.status, report.error = "error", message
        self._record(report, None, None, items=None)
        return report

    def _record(self, report: PollReport, etag: str | None, modified: str | None, *, items: int | None) -> None:
        self.store.record_poll(
            SourcePoll(
                url=report.url,
                kind=report.kind,
                at=_now(),
                status=report.status,
                error=_problems(report),
                etag=etag,
                last_modified=modified,
                items_seen=items,
                new_articles=report.stored,
                failed_articles=len(report.failed),
            )
        )

    # --- articles ----------------------------------------------------------------------------

    def _ingest_entries(self, entries: Sequence[Entry], source: str, report: PollReport) -> bool:
        """Fetch and store the entries not fetched before; True when none is left over."""
        new = [entry for entry in entries if not self.store.was_fetched(entry.url)]
        complete = len(new) <= self.limits.max_items
        for entry in new[: self.limits.max_items]:
            if self.client.stop.is_set():
                return False
            try:
                if not self.client.allowed(entry.url):
                    log.info("watch: %s disallowed by robots.txt; not fetched", entry.url)
                    report.skipped += 1
                    continue
                outcome, doc_id = self._ingest(entry, source)
            except Stopped:
                return False
            except ArticleFailure as failure:
                report.failed.append(str(failure))
                if failure.final:
                    self.store.mark_fetched(entry.url, source, failure.reason)
                else:
                    complete = False
                continue
            self.store.mark_fetched(entry.url, source, outcome, doc_id)
            report.stored += outcome == "stored"
            report.duplicates += outcome == "duplicate"
        report.skipped += max(0, len(new) - self.limits.max_items)
        return complete

    def _ingest(self, entry: Entry, source: str) -> tuple[str, str]:
        """Fetch, analyse and store one article; return (outcome, document id)."""
        response = self._fetch_page(entry.url)
        doc = self._document(_raw_record(entry, source, response), entry)
        doc = self.marker.mark(doc)
        if doc.duplicate_of is not None:
            self.store.add(doc)
            return "duplicate", doc.id
        doc = self._guarded(entry.url, lambda: self.pipeline.run_analyse(doc))
        return ("stored" if self.store.add(doc) else "duplicate"), doc.id

    def _fetch_page(self, url: str) -> Response:
        try:
            response = self.client.get(url, headers={"Accept": PAGE_ACCEPT, "Accept-Language": ACCEPT_LANGUAGE})
        except FetchError as error:
            raise ArticleFailure(url, error.reason, error.message, final=not error.transient) from error
        media_type = (response.content_type or "text/html").split(";")[0].strip().lower()
        if media_type not in HTML_TYPES:
            raise ArticleFailure(url, "not-html", f"content type {media_type}", final=True)
        return response

    def _document(self, raw: RawRecord, entry: Entry) -> Document:
        """Decode and prepare the page; the listing's date and title fill what the page lacks."""
        doc = self._guarded(entry.url, lambda: decode(raw))
        doc = dataclasses.replace(doc, published=doc.published or entry.published, title=doc.title or entry.title)
        doc = self._guarded(entry.url, lambda: self.pipeline.run_prepare(doc))
        if not doc.text.strip():
            raise ArticleFailure(entry.url, "no-text", "nothing left after removing page boilerplate", final=True)
        return doc

    @staticmethod
    def _guarded(url: str, step: Callable[[], Document]) -> Document:
        try:
            return guarded(url, step)
        except RecordError as error:
            raise ArticleFailure(url, error.reason, error.message, final=True) from error


def _problems(report: PollReport) -> str | None:
    """Summarise a poll's error or warning and its failed articles (the first few) for the status."""
    parts = [report.error] if report.error else []
    if report.failed:
        shown = "; ".join(report.failed[:SHOWN_FAILURES])
        more = len(report.failed) - SHOWN_FAILURES
        noun = "article" if len(report.failed) == 1 else "articles"
        parts.append(f"{len(report.failed)} {noun} failed: {shown}" + (f" (and {more} more)" if more > 0 else ""))
    return "; ".join(parts) or None


def _likely_kind(url: str) -> str:
    """Guess a source's kind before its first successful fetch (the document decides after)."""
    return SITEMAP if "sitemap" in url.lower() else FEED


def _validators(previous: dict[str, object]) -> dict[str, str]:
    headers = {}
    if previous.get("etag"):
        headers["If-None-Match"] = str(previous["etag"])
    if previous.get("last_modified"):
        headers["If-Modified-Since"] = str(previous["last_modified"])
    return headers


def _raw_record(entry: Entry, source: str, response: Response) -> RawRecord:
    url = canonical(response.url)
    provenance = Provenance(source=url, format="html", input_sha256=hashlib.sha256(response.body).hexdigest())
    return RawRecord(
        id=url,
        provenance=provenance,
        data=response.body,
        format="html",
        url=url,
        extra={"content_type": response.content_type, "listed_in": source, "listed_url": entry.url},
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
