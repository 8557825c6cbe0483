"""Turn input paths into raw records: files, directories, gzip, JSONL, WARC and stdin.

A file's format comes from its extension (`sniff.EXTENSIONS`, optionally with `.gz`); when
the extension says nothing, and for stdin, it comes from the first bytes (`sniff.sniff`).
Content that is empty or binary is reported whatever the extension says. A text or HTML
file is one record whose id is its file name (inside a directory: its path relative to the
directory, so ids stay unique); JSONL and WARC files hold many records.

Directories are walked recursively in name order without following directory symlinks;
hidden entries (names starting with ".") are passed over, as version-control and editor
files live there.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from rasd.errors import RecordError
from rasd.model import Provenance, RawRecord
from rasd.read.jsonl import read_jsonl
from rasd.read.sniff import (
    BINARY,
    EMPTY,
    GZIP,
    JSONL,
    MAX_RECORD_BYTES,
    WARC,
    format_from_name,
    has_utf16_bom,
    sniff,
)
from rasd.read.streams import TruncatedGzipError, buffered, gunzip, peek_head, read_bounded
from rasd.read.warc import read_warc

log = logging.getLogger(__name__)

STDIN = "-"

Item = RawRecord | RecordError


def read_inputs(paths: Sequence[str], stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Yield every record of every input, or a RecordError for what cannot be read; never stop early.

    `-` reads standard input (or `stdin` when given), sniffing its format.
    """
    for path in paths:
        if path == STDIN:
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer, STDIN, STDIN)
        else:
            yield from _read_path(path)


def _read_path(source: str) -> Iterator[Item]:
    path = Path(source)
    if path.is_dir():
        yield from _read_directory(path, source)
    elif path.exists():
        yield from _read_file(path, source, path.name)
    else:
        yield RecordError(source, "not-found", "no such file or directory")


def _read_directory(root: Path, source: str) -> Iterator[Item]:
    failures: list[OSError] = []
    for folder, subfolders, names in os.walk(root, onerror=failures.append):
        while failures:
            failure = failures.pop()
            yield RecordError(str(failure.filename or source), "unreadable", failure.strerror or str(failure))
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith("."):
                log.debug("passing over hidden file %s", path)
                continue
            yield from _read_file(path, str(path), path.relative_to(root).as_posix())
    for failure in failures:
        yield RecordError(str(failure.filename or source), "unreadable", failure.strerror or str(failure))


def _read_file(path: Path, source: str, record_id: str) -> Iterator[Item]:
    try:
        stream = path.open("rb")
    except OSError as error:
        yield RecordError(source, "unreadable", error.strerror or str(error))
        return
    with stream:
        yield from read_stream(stream, source, record_id, path.name)


def read_stream(stream: BinaryIO, source: str, record_id: str, name: str = "") -> Iterator[Item]:
    """Yield the records of one input stream; `name` (a file name) may tell its format."""
    compressed, named = format_from_name(name)
    try:
        head, stream = peek_head(stream)
        found = sniff(head)
        if found == GZIP:
            head, stream = peek_head(gunzip(stream))
            found = sniff(head)
        elif compressed:
            log.debug("%s: named .gz but not gzip data; reading it as it is", source)
        yield from _dispatch(_choose(named, found), stream, head, source, record_id)
    except TruncatedGzipError:
        yield RecordError(source, "truncated-gzip", "compressed data ends before its end marker")
    except (gzip.BadGzipFile, zlib.error) as error:
        yield RecordError(source, "bad-gzip", str(error))
    except OSError as error:
        yield RecordError(source, "unreadable", error.strerror or str(error))


def _choose(named: str | None, found: str) -> str:
    """Let the extension decide, except for content that is empty or cannot be text."""
    if found == EMPTY or named is None:
        return found
    if named == WARC or found != BINARY:
        return named
    return BINARY


def _dispatch(fmt: str, stream: BinaryIO, head: bytes, source: str, record_id: str) -> Iterator[Item]:
    if fmt == WARC:
        yield from read_warc(stream, source)
    elif fmt == JSONL:
        yield from read_jsonl(buffered(stream), source)
    elif fmt == BINARY:
        yield RecordError(source, "binary", "not text: NUL bytes, control bytes or a binary file signature")
    elif fmt == EMPTY:
        yield RecordError(source, "empty", "no content" if not head else "only whitespace")
    else:
        yield _document(buffered(stream), head, fmt, source, record_id)


def _document(stream: BinaryIO, head: bytes, fmt: str, source: str, record_id: str) -> Item:
    """Read one text or HTML document whole, within the record size limit."""
    data = read_bounded(stream, MAX_RECORD_BYTES)
    if data is None:
        return RecordError(source, "too-large", f"larger than the {MAX_RECORD_BYTES}-byte record limit")
    if b"\x00" in data and not has_utf16_bom(head):
        return RecordError(source, "binary", "NUL bytes after the first block: not text")
    return RawRecord(
        id=record_id,
        provenance=Provenance(source=source, format=fmt, input_sha256=hashlib.sha256(data).hexdigest()),
        data=data,
        format=fmt,
    )
