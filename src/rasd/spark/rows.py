"""Documents as rows: the store's columns, computed by the store's own code, plus work fields.

A work row is one input record after the shard stage: either a read/prepare error, or a
prepared document with its MinHash signature, its analysis (events and claims nested) or the
reason its analysis failed. The final tables keep exactly the store's columns (see
`rasd.store.schema`); events and claims are keyed by (document_id, seq) there, as the
store's own surrogate `id` of an event or claim is an auto-increment no shard can know.
"""

from __future__ import annotations

import json
from typing import Any

from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    DataType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from rasd.arabic.normalise import normalise
from rasd.model import Document
from rasd.store.base import _event_columns, _terms, event_sort_date
from rasd.store.terms import index_terms

S, INT, D = StringType(), IntegerType(), DoubleType()

# The events table's columns after (document_id, seq), in the store's order. `_event_columns`
# yields them in the store's INSERT order, which puts `record` after the actor names.
EVENT_COLUMNS: tuple[tuple[str, DataType], ...] = (
    ("type", S),
    ("mode", S),
    ("source_text", S),
    ("source_country", S),
    ("source_sector", S),
    ("target_text", S),
    ("target_country", S),
    ("target_sector", S),
    ("place_text", S),
    ("place_name", S),
    ("country", S),
    ("admin1", S),
    ("lat", D),
    ("lon", D),
    ("date", S),
    ("fatalities", INT),
    ("injuries", INT),
    ("negated", INT),
    ("historical", INT),
    ("attribution_kind", S),
    ("attribution_text", S),
    ("evidence_start", INT),
    ("evidence_end", INT),
    ("record", S),
    ("source_name", S),
    ("target_name", S),
    ("place_precision", S),
    ("actor_terms", S),
    ("sort_date", S),
)
_EVENT_INSERT_ORDER = tuple(name for name, _ in EVENT_COLUMNS if name not in ("record", "sort_date"))

CLAIM_COLUMNS: tuple[tuple[str, DataType], ...] = (
    ("text", S),
    ("verb", S),
    ("quoted", INT),
    ("attribution_kind", S),
    ("attribution_text", S),
    ("evidence_start", INT),
    ("evidence_end", INT),
    ("record", S),
    ("attribution_name", S),
    ("attribution_terms", S),
)

# The documents table's columns, in the store's order (its `id` is the document's arrival
# position, see `document_id`).
DOCUMENT_COLUMNS: tuple[tuple[str, DataType], ...] = (
    ("id", LongType()),
    ("doc_id", S),
    ("content_hash", S),
    ("source", S),
    ("format", S),
    ("url", S),
    ("title", S),
    ("published", S),
    ("language", S),
    ("text", S),
    ("match_text", S),
    ("duplicate_of", S),
    ("record", S),
    ("ingested_at", S),
    ("search_terms", S),
    ("linked_at", S),
)
# Filled by the shard stage; id, duplicate_of and ingested_at are known only when assembling;
# linked_at stays NULL: incidents are linked by the store (`Store.link_pending`), not here.
ASSEMBLED = ("id", "duplicate_of", "ingested_at", "linked_at")
_SHARD_DOCUMENT_FIELDS = tuple(name for name, _ in DOCUMENT_COLUMNS if name not in ASSEMBLED)


def _struct(columns: tuple[tuple[str, DataType], ...]) -> StructType:
    return StructType([StructField(name, kind) for name, kind in columns])


EVENT_STRUCT = StructType([StructField("seq", INT), *_struct(EVENT_COLUMNS).fields])
CLAIM_STRUCT = StructType([StructField("seq", INT), *_struct(CLAIM_COLUMNS).fields])

WORK_SCHEMA = StructType(
    [
        StructField("shard", S, nullable=False),
        StructField("record_index", LongType(), nullable=False),
        StructField("error_reason", S),
        StructField("error_record", S),
        StructField("error_message", S),
        StructField("analysis_error_reason", S),
        StructField("analysis_error_message", S),
        *(StructField(name, S) for name in _SHARD_DOCUMENT_FIELDS),
        StructField("hashvalues", BinaryType()),
        StructField("events", ArrayType(EVENT_STRUCT)),
        StructField("claims", ArrayType(CLAIM_STRUCT)),
    ]
)
DOCUMENTS_SCHEMA = _struct(DOCUMENT_COLUMNS)
EVENTS_SCHEMA = StructType(
    [StructField("document_id", LongType()), StructField("seq", INT), *_struct(EVENT_COLUMNS).fields]
)
CLAIMS_SCHEMA = StructType(
    [StructField("document_id", LongType()), StructField("seq", INT), *_struct(CLAIM_COLUMNS).fields]
)

# A record's position in its shard fits in the low bits of its document id; the shard's
# rank takes the rest, so ids follow arrival order and no two runs' shards collide.
INDEX_BITS = 32


def document_id(rank: int, record_index: int) -> int:
    """Return the id of a shard's record: its arrival position, as one 64-bit integer."""
    if record_index >> INDEX_BITS:
        raise ValueError(f"a shard holds more than 2^{INDEX_BITS} records")
    return (rank << INDEX_BITS) | record_index


def error_row(shard: str, index: int, reason: str, record: str, message: str) -> tuple[Any, ...]:
    """Return the work row of a record that could not be read or prepared."""
    return (shard, index, reason, record, message, *([None] * (len(WORK_SCHEMA) - 5)))


def document_row(
    shard: str, index: int, doc: Document, hashvalues: bytes | None, analysis_error: tuple[str, str] | None
) -> tuple[Any, ...]:
    """Return the work row of a prepared (and, unless it failed, analysed) document."""
    record = doc.to_dict()
    fields = {
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
        "record": json.dumps(record, ensure_ascii=False),
        "search_terms": index_terms(doc.title, doc.text),
    }
    events = [
        (seq, *_event_values(event, event_record, record["published"]))
        for seq, (event, event_record) in enumerate(zip(doc.events, record["events"], strict=True))
    ]
    claims = [
        (
            seq,
            claim.text,
            claim.verb,
            int(claim.quoted),
            claim.attribution.kind,
            claim.attribution.text,
            claim.evidence.start,
            claim.evidence.end,
            json.dumps(claim_record, ensure_ascii=False),
            claim.attribution.name,
            _terms(claim.attribution.text, claim.attribution.name),
        )
        for seq, (claim, claim_record) in enumerate(zip(doc.claims, record["claims"], strict=True))
    ]
    reason, message = analysis_error or (None, None)
    return (
        shard,
        index,
        None,
        None,
        None,
        reason,
        message,
        *(fields[name] for name in _SHARD_DOCUMENT_FIELDS),
        hashvalues,
        events,
        claims,
    )


def _event_values(event: Any, event_record: dict[str, Any], published: str | None) -> tuple[Any, ...]:
    values = dict(zip(_EVENT_INSERT_ORDER, _event_columns(event), strict=True))
    values["record"] = json.dumps(event_record, ensure_ascii=False)
    values["sort_date"] = event_sort_date(event, published)
    return tuple(values[name] for name, _ in EVENT_COLUMNS)


def as_duplicate(record_json: str, first: str) -> str:
    """Return a document's output record as a copy of `first`: marked, and not analysed."""
    record = json.loads(record_json)
    record.update(events=[], claims=[], duplicate_of=first)
    return json.dumps(record, ensure_ascii=False)
