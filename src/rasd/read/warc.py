"""WARC input: the HTML pages among a crawl's response records.

Only `response` records whose HTTP payload is HTML are articles; requests, metadata, and
responses for images, scripts or style sheets are passed over (logged at debug level). An HTML
response with a status outside 2xx, a payload over the record limit, or a payload cut short
by a truncated file yields a `RecordError`; records before a truncation come through.

WARC-Date is when the page was crawled, not when it was published, so it goes to `extra`
and the publication date is left to the page's own metadata.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.recordloader import ArcWarcRecord  # type: ignore[import-untyped]

from rasd.errors import RecordError
from rasd.model import Provenance, RawRecord
from rasd.read.sniff import HTML, MAX_RECORD_BYTES, WARC

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
# warcio reports headers cut short or garbled with plain Python errors, not ArchiveLoadFailed
# (a WARC cut inside a header block raises AttributeError on the missing target URI; a
# Content-Length beyond 2**63 raises OverflowError when warcio sizes its read).
WARCIO_PARSE_ERRORS = (AttributeError, ValueError, KeyError, IndexError, TypeError, OverflowError)


def read_warc(stream: BinaryIO, source: str) -> Iterator[RawRecord | RecordError]:
    """Yield a RawRecord (or RecordError) for every HTML response record in an uncompressed WARC stream.

    Give it the decompressed bytes of a .warc.gz (`streams.gunzip`): a cut gzip then raises
    TruncatedGzipError after the last whole record, for the caller to report.
    """
    last: ArcWarcRecord | None = None
    last_reported = False
    archive = ArchiveIterator(stream)
    try:
        for record in archive:
            item = _page(record, source)
            last, last_reported = record, item is not None
            if item is not None:
                yield item
        # Only the last record can be cut short; one that was passed over (not HTML, or its
        # headers cut before the content type) is checked here, after warcio drained it.
        if last is not None and not last_reported and _cut_short(last):
            uri = last.rec_headers.get_header("WARC-Target-URI")
            yield RecordError(
                f"{source}#{uri}" if uri else source, "truncated-warc", "archive ends inside its last record"
            )
        # warcio ends quietly when the file stops inside a record's header block, keeping the
        # block's first line ("WARC/1.0") unparsed in `next_line`.
        elif last is None or (archive.next_line or b"").strip():
            yield RecordError(source, "truncated-warc", "archive ends inside a record's header block")
    except ArchiveLoadFailed as error:
        yield RecordError(source, "bad-warc", str(error).strip().splitlines()[0])
    except WARCIO_PARSE_ERRORS as error:
        yield RecordError(source, "bad-warc", f"broken record headers ({type(error).__name__}: {error})")


def _page(record: ArcWarcRecord, source: str) -> RawRecord | RecordError | None:
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID") or "unnamed"
    uri = headers.get_header("WARC-Target-URI")
    http = record.http_headers
    content_type = (http.get_header("Content-Type") or "") if http else ""
    if record.rec_type != "response" or http is None or not content_type.lower().startswith(HTML_TYPES):
        log.debug("%s: passing over %s record %s (%s)", source, record.rec_type, record_id, content_type)
        return None
    label = f"{source}#{uri or record_id}"
    payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(payload) > MAX_RECORD_BYTES:
        return RecordError(label, "too-large", f"HTML payload larger than {MAX_RECORD_BYTES} bytes")
    if _cut_short(record):
        missing = getattr(record.raw_stream, "limit", 0)
        return RecordError(label, "truncated-warc", f"record {record_id} ends {missing} bytes early")
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return RecordError(label, "http-status", f"HTTP status {status}, not a page")
    return RawRecord(
        id=uri or record_id,
        provenance=Provenance(
            source=source,
            format=WARC,
            record=record_id,
            input_sha256=hashlib.sha256(payload).hexdigest(),
        ),
        data=payload,
        format=HTML,
        url=uri,
        extra={"warc_date": headers.get_header("WARC-Date"), "content_type": content_type},
    )


def _cut_short(record: ArcWarcRecord) -> bool:
    """Return True when the file ended before the record did.

    The record's raw stream counts down the bytes its Content-Length promised, so any left
    once it is read to the end are missing; a header block cut before Content-Length has
    none (or an empty one).
    """
    if not (record.rec_headers.get_header("Content-Length") or "").strip():
        return True
    return getattr(record.raw_stream, "limit", 0) > 0
