"""One definition of a stored row: the values a document, an event and a claim are stored with.

The store's INSERTs (`rasd.store.base`) and the Spark job's Parquet tables (`rasd.spark.rows`)
both build their rows here, so an article has the same columns and values in either. Each
function returns {column: value} for the columns the row's own content decides; the columns a
store fills itself (its row ids, `document_id`, `seq`, `ingested_at`, `linked_at`) are not
in it. `*_FIELDS` name those columns in the order the store inserts them.

    record = doc.to_dict()
    document_values(doc, record)                       # one documents row
    [event_values(e, r, record["published"]) for e, r in zip(doc.events, record["events"])]
    [claim_values(c, r) for c, r in zip(doc.claims, record["claims"])]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rasd.arabic.normalise import normalise
from rasd.model import Actor, Claim, Document, Event
from rasd.store.terms import index_terms

DOCUMENT_FIELDS = (
    "doc_id",
    "content_hash",
    "source",
    "format",
    "url",
    "title",
    "published",
    "language",
    "text",
    "match_text",
    "duplicate_of",
    "record",
    "search_terms",
)
EVENT_FIELDS = (
    "type",
    "mode",
    "source_text",
    "source_country",
    "source_sector",
    "target_text",
    "target_country",
    "target_sector",
    "place_text",
    "place_name",
    "country",
    "admin1",
    "lat",
    "lon",
    "date",
    "fatalities",
    "injuries",
    "negated",
    "historical",
    "attribution_kind",
    "attribution_text",
    "evidence_start",
    "evidence_end",
    "source_name",
    "target_name",
    "place_precision",
    "actor_terms",
    "sort_date",
    "date_precision",
    "record",
)
CLAIM_FIELDS = (
    "text",
    "verb",
    "quoted",
    "attribution_kind",
    "attribution_text",
    "evidence_start",
    "evidence_end",
    "attribution_name",
    "attribution_terms",
    "record",
)


def document_values(doc: Document, record: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return a document's row (DOCUMENT_FIELDS); `record` is `doc.to_dict()` when already made."""
    record = doc.to_dict() if record is None else record
    return {
        "doc_id": doc.id,
        "content_hash": doc.content_hash,
        "source": doc.provenance.source,
        "format": doc.provenance.format,
        "url": doc.url,
        "title": doc.title,
        "published": record["published"],
        "language": doc.language,
        "text": doc.text,
        "match_text": doc.view.text if doc.view else normalise(doc.text),
        "duplicate_of": doc.duplicate_of,
        "record": json.dumps(record, ensure_ascii=False),
        "search_terms": index_terms(doc.title, doc.text),
    }


def event_values(event: Event, record: Mapping[str, Any], published: str | None) -> dict[str, Any]:
    """Return an event's row (EVENT_FIELDS): `record` is its output record, `published` its article's date."""
    source, target, place, attribution = event.source, event.target, event.location, event.attribution
    return {
        "type": event.type,
        "mode": event.mode,
        "source_text": source.text if source else None,
        "source_country": source.country if source else None,
        "source_sector": source.sector if source else None,
        "target_text": target.text if target else None,
        "target_country": target.country if target else None,
        "target_sector": target.sector if target else None,
        "place_text": place.text if place else None,
        "place_name": place.name if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "date": event.date.isoformat() if event.date else None,
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "negated": int(event.negated),
        "historical": int(event.historical),
        "attribution_kind": attribution.kind if attribution else None,
        "attribution_text": attribution.text if attribution else None,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "source_name": source.name if source else None,
        "target_name": target.name if target else None,
        "place_precision": place.precision if place else None,
        "actor_terms": actor_terms(source, target),
        "sort_date": event_sort_date(event, published),
        "date_precision": (event.date_precision or "day") if event.date else None,
        "record": json.dumps(record, ensure_ascii=False),
    }


def claim_values(claim: Claim, record: Mapping[str, Any]) -> dict[str, Any]:
    """Return a claim's row (CLAIM_FIELDS); `record` is its output record."""
    source = claim.attribution
    return {
        "text": claim.text,
        "verb": claim.verb,
        "quoted": int(claim.quoted),
        "attribution_kind": source.kind,
        "attribution_text": source.text,
        "evidence_start": claim.evidence.start,
        "evidence_end": claim.evidence.end,
        "attribution_name": source.name,
        "attribution_terms": name_terms(source.text, source.name),
        "record": json.dumps(record, ensure_ascii=False),
    }


def event_sort_date(event: Event, published: str | None) -> str | None:
    """Return an event's `sort_date` column: its own date, else its article's publication date.

    Event listings order and filter by it (migration 0005); an index can serve them only
    because it is stored on the event rather than computed across events and documents.
    """
    return event.date.isoformat() if event.date else published


def name_terms(*texts: str | None) -> str:
    """Return actor or source names in the matching view, joined with a separator LIKE can't span."""
    return " | ".join(normalise(text) for text in texts if text)


def actor_terms(source: Actor | None, target: Actor | None) -> str | None:
    """Return an event's `actor_terms` column: its actors' texts and names, or None without any."""
    names = [text for actor in (source, target) if actor for text in (actor.text, actor.name) if text]
    return name_terms(*names) or None
