"""The work of the executors: records of a shard's files to work rows, and originals to analyses.

Every Python worker builds the pipeline once (`rasd.pipeline.default_pipeline`, cached for
the life of the worker, which Spark reuses across tasks), never per record. The shard stage
prepares each record (decode, clean, normalise, segment, language) and signs it (MinHash, for
the distributed duplicate step); once copies are marked across all shards, the analysis
stage runs recognition, extraction and resolution on the originals only, as a single process
does.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import pickle
import urllib.request
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from rasd.errors import RecordError
from rasd.link.duplicates import matching_text, signature
from rasd.model import Document, RawRecord
from rasd.pipeline import Pipeline, default_pipeline, guarded, prepare_record
from rasd.read.inputs import Item, read_stream
from rasd.spark.inputs import HTTP, InputFile, Shard
from rasd.spark.rows import analysed_row, analysis_error_row, document_row, error_row

log = logging.getLogger(__name__)

# Seconds without a byte before an HTTP read fails (and the record is reported unreadable).
HTTP_TIMEOUT = 60


def local_shard_rows(shards: Iterable[Shard], published: dt.date | None) -> Iterator[tuple[Any, ...]]:
    """Yield the work rows of shards whose files the executor opens itself (paths, HTTP)."""
    pipeline = default_pipeline()
    for shard in shards:
        items = (item for file in shard.files for item in _read_file(file))
        yield from shard_rows(shard.key, items, pipeline, published)


def hadoop_file_rows(
    uri: str, data: bytes, shard_of: dict[str, tuple[str, str]], published: dt.date | None
) -> Iterator[tuple[Any, ...]]:
    """Yield the work rows of one whole file Spark read through Hadoop (`binaryFiles`)."""
    key, record_id = shard_of[uri]
    name = uri.rstrip("/").rsplit("/", 1)[-1]
    items = read_stream(io.BytesIO(data), uri, record_id, name)
    yield from shard_rows(key, items, default_pipeline(), published)


def _read_file(file: InputFile) -> Iterator[Item]:
    try:
        stream: BinaryIO = (
            urllib.request.urlopen(file.uri, timeout=HTTP_TIMEOUT) if file.access == HTTP else open(file.uri, "rb")  # noqa: SIM115 - closed below, after the records are read
        )
    except OSError as error:
        yield RecordError(file.uri, "unreadable", getattr(error, "strerror", None) or str(error))
        return
    with stream:
        yield from read_stream(stream, file.uri, file.record_id, file.name)


def shard_rows(
    key: str, items: Iterable[Item], pipeline: Pipeline, published: dt.date | None
) -> Iterator[tuple[Any, ...]]:
    """Yield one work row per record, numbered in reading order within the shard."""
    for index, item in enumerate(items):
        if isinstance(item, RecordError):
            yield error_row(key, index, item.reason, item.record, item.message)
        else:
            yield _record_row(key, index, item, pipeline, published)


def _record_row(key: str, index: int, raw: RawRecord, pipeline: Pipeline, published: dt.date | None) -> tuple[Any, ...]:
    try:
        doc = prepare_record(raw, pipeline, published)
    except RecordError as err:
        return error_row(key, index, err.reason, err.record, err.message)
    sketch = signature(matching_text(doc.text, doc.view))
    return document_row(key, index, doc, sketch.hashvalues.tobytes() if sketch is not None else None)


def analysed_rows(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Yield the analysis row of each (shard, record_index, prepared) row of an original."""
    pipeline = default_pipeline()
    for row in rows:
        doc: Document = pickle.loads(row["prepared"])
        try:
            analysed = guarded(doc.provenance.label(), lambda doc=doc: pipeline.run_analyse(doc))
        except RecordError as err:
            yield analysis_error_row(row["shard"], row["record_index"], err.reason, err.message)
        else:
            yield analysed_row(row["shard"], row["record_index"], analysed)
