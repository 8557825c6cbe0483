"""JSONL input: one article object per line.

Fields read: `id` (string or integer), `text` or `html` (string; `text` wins when both are
there), `published` or `date`, `title`, `url`. A null field counts as absent. Every other
field is kept in `extra`. A line that is not valid JSON, not an object, has a field of the
wrong type or no text yields a `RecordError` naming `file#line N`, and reading goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any, BinaryIO

from rasd.errors import RecordError
from rasd.model import Provenance, RawRecord
from rasd.read.dates import parse_published
from rasd.read.sniff import BOM_UTF8, HTML, JSONL, MAX_RECORD_BYTES, TEXT

log = logging.getLogger(__name__)

KNOWN_FIELDS = frozenset({"id", "text", "html", "published", "date", "title", "url"})
# Lines longer than the record limit are skipped in pieces of this size (memory stays bounded).
SKIP_CHUNK = 1024 * 1024


def read_jsonl(stream: BinaryIO, source: str) -> Iterator[RawRecord | RecordError]:
    """Yield one RawRecord (or RecordError) per non-blank line of a JSONL stream."""
    name = PurePath(source).name if source != "-" else "-"
    number = 0
    while True:
        line = stream.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        number += 1
        where = f"line {number}"
        if len(line) > MAX_RECORD_BYTES:
            _skip_rest_of_line(stream)
            yield RecordError(f"{source}#{where}", "too-large", f"line longer than {MAX_RECORD_BYTES} bytes")
            continue
        if number == 1:
            line = line.removeprefix(BOM_UTF8)
        if not line.strip():
            continue
        try:
            yield _record(line.rstrip(b"\r\n"), source, name, where)
        except RecordError as error:
            yield error


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _record(line: bytes, source: str, name: str, where: str) -> RawRecord:
    label = f"{source}#{where}"
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise RecordError(label, "undecodable", f"JSONL line is not UTF-8 ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise RecordError(label, "bad-json", f"{error.msg} at column {error.colno}") from None
    if not isinstance(obj, dict):
        raise RecordError(label, "not-object", f"line holds a JSON {type(obj).__name__}, not an object")
    record_id = _id(obj.get("id"), label) or f"{name}#{where}"
    text = _string(obj, "text", label)
    html = _string(obj, "html", label)
    body, fmt = (text, TEXT) if text is not None else (html, HTML)
    if body is None:
        raise RecordError(label, "no-text", "object has neither a 'text' nor an 'html' string")
    if not body.strip():
        raise RecordError(label, "empty", f"'{'text' if fmt == TEXT else 'html'}' is empty")
    extra = {key: value for key, value in obj.items() if key not in KNOWN_FIELDS}
    published_key = "published" if obj.get("published") is not None else "date"
    published_raw = _string(obj, published_key, label)
    published = parse_published(published_raw) if published_raw else None
    if published_raw and published is None:
        log.warning("%s: %r is not an ISO-like date; kept in extra, not parsed", label, published_raw)
        extra[published_key] = published_raw
    return RawRecord(
        id=record_id,
        provenance=Provenance(
            source=source,
            format=JSONL,
            record=where,
            input_sha256=hashlib.sha256(line).hexdigest(),
            encoding="utf-8",
        ),
        data=body,
        format=fmt,
        title=_string(obj, "title", label),
        published=published,
        url=_string(obj, "url", label),
        extra=extra,
    )


def _id(value: Any, label: str) -> str | None:
    # bool is a subclass of int, and an id of `true` is a mistake, not a number.
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise RecordError(label, "wrong-type", f"'id' is a {type(value).__name__}, not a string or integer")


def _string(obj: dict[str, Any], key: str, label: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise RecordError(label, "wrong-type", f"'{key}' is a {type(value).__name__}, not a string")
