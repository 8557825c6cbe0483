"""Writes through the API: run the pipeline over a posted body and store what it yields.

The body is read like standard input on the command line (`rasd ingest -`): one text or
HTML article, or JSONL with one article per line. Writing needs the bearer token named by
RASD_API_TOKEN in the server's environment; a server started without it refuses every write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import io
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import RecordError
from rasd.pipeline import Pipeline, RunStats, process
from rasd.store import Store

log = logging.getLogger(__name__)

TOKEN_VARIABLE = "RASD_API_TOKEN"
API_SOURCE = "api"  # the provenance source of articles posted to the API
# 4 MiB holds a JSONL batch of ~800 five-kilobyte articles, about four seconds of pipeline
# work at the pipeline's 200 articles/s: a request stays short and memory stays bounded.
MAX_BODY_BYTES = 4 * 1024 * 1024


class WriteRefused(Exception):
    """A write the server does not allow: disabled (403) or without the right token (401)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def authorise(configured: str | None, header: str | None) -> None:
    """Check an Authorization header against the configured token (in constant time)."""
    if not configured:
        raise WriteRefused(403, f"writes are disabled: start the server with {TOKEN_VARIABLE} set to enable them")
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise WriteRefused(401, "send the write token as 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode(), configured.encode()):
        raise WriteRefused(401, "the write token is not valid")


@dataclass
class IngestReport:
    """What one posted body added to the store."""

    stored: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class Ingester:
    """Run the pipeline (built once, on the first write) over posted bodies."""

    def __init__(self) -> None:
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    def pipeline(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline.build()
            return self._pipeline

    def ingest(self, store: Store, body: bytes, published: dt.date | None) -> IngestReport:
        """Analyse every article in `body` and store the new ones; report each record's fate."""
        report = IngestReport()

        def skipped(error: RecordError) -> None:
            report.skipped.append({"record": error.record, "reason": error.reason, "message": error.message})

        docs = process(
            ["-"], self.pipeline(), published=published, stdin=io.BytesIO(body), on_error=skipped, stats=RunStats()
        )
        for doc in docs:
            doc = dataclasses.replace(doc, provenance=dataclasses.replace(doc.provenance, source=API_SOURCE))
            if doc.duplicate_of is not None:
                report.duplicates.append(doc.id)
            if store.add(doc):
                report.stored.append(doc.id)
            else:
                report.already_stored.append(doc.id)
        log.info("ingest: %d stored, %d skipped", len(report.stored), len(report.skipped))
        return report
