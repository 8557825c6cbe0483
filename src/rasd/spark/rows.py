"""Documents as rows: the store's columns, computed by the store's own code, plus work fields.

A work row is one input record after the shard stage: either a read/prepare error, or a
prepared document with its MinHash signature and itself pickled. An analysis row is one
original after the analysis stage, which runs once duplicates are known: its output record
with its events and claims nested, or the reason its analysis failed. The final tables keep
exactly the store's columns (see `rasd.store.schema`); events and claims are keyed by
(document_id, seq) there, as the store's own surrogate `id` of an event or claim is an
auto-increment no shard can know.
"""

from __future__ import annotations

import json
import pickle
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

from rasd.model import Document
from rasd.store.rows import claim_values, document_values, event_values

S, INT, D = StringType(), IntegerType(), DoubleType()

# The events table's columns after (document_id, seq), in the store table's order (which puts
# `record` after the actor names; `rasd.store.rows.EVENT_FIELDS` is the INSERT order).
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
    ("date_precision", S),
)

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
# linked_at is the run's time too: the job links every document (`rasd.spark.incidents`).
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
        *(StructField(name, S) for name in _SHARD_DOCUMENT_FIELDS),
        StructField("hashvalues", BinaryType()),
        StructField("prepared", BinaryType()),  # the prepared Document, pickled, for the analysis stage
    ]
)
# An original's analysis: its output record (events and claims included) and its events and
# claims as rows, or the reason its analysis failed.
ANALYSIS_SCHEMA = StructType(
    [
        StructField("shard", S, nullable=False),
        StructField("record_index", LongType(), nullable=False),
        StructField("analysis_error_reason", S),
        StructField("analysis_error_message", S),
        StructField("analysed_record", S),
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


def document_row(shard: str, index: int, doc: Document, hashvalues: bytes | None) -> tuple[Any, ...]:
    """Return the work row of a prepared document: its store columns, signature, and itself pickled."""
    fields = document_values(doc)
    return (
        shard,
        index,
        None,
        None,
        None,
        *(fields[name] for name in _SHARD_DOCUMENT_FIELDS),
        hashvalues,
        pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL),
    )


def analysed_row(shard: str, index: int, doc: Document) -> tuple[Any, ...]:
    """Return the analysis row of an analysed original: its output record, events and claims."""
    record = doc.to_dict()
    published = record["published"]
    events = [
        (seq, *_in_order(event_values(event, event_record, published), EVENT_COLUMNS))
        for seq, (event, event_record) in enumerate(zip(doc.events, record["events"], strict=True))
    ]
    claims = [
        (seq, *_in_order(claim_values(claim, claim_record), CLAIM_COLUMNS))
        for seq, (claim, claim_record) in enumerate(zip(doc.claims, record["claims"], strict=True))
    ]
    return (shard, index, None, None, json.dumps(record, ensure_ascii=False), events, claims)


def analysis_error_row(shard: str, index: int, reason: str, message: str) -> tuple[Any, ...]:
    """Return the analysis row of an original whose analysis failed (it is skipped, as in one process)."""
    return (shard, index, reason, message, None, None, None)


def _in_order(values: dict[str, Any], columns: tuple[tuple[str, DataType], ...]) -> tuple[Any, ...]:
    return tuple(values[name] for name, _ in columns)


def as_duplicate(record_json: str, first: str) -> str:
    """Return a prepared (never analysed) document's output record as a copy of `first`."""
    record = json.loads(record_json)
    record["duplicate_of"] = first
    return json.dumps(record, ensure_ascii=False)
