"""Byte streams for readers: put a sniffed head back in front, decompress gzip without loss."""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO, cast

from rasd.read.sniff import SNIFF_BYTES


class _Rejoined(io.RawIOBase):
    """Serve `head` first, then the rest of `stream`: the head was read off to sniff the format."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class TruncatedGzipError(Exception):
    """The compressed input ends inside a gzip member.

    Not an EOFError on purpose: warcio takes EOFError for a clean end of the archive and
    would hide the truncation.
    """


class _GunzipAll(io.RawIOBase):
    """Decompress a (multi-member) gzip stream, giving out every byte before a truncation error.

    `GzipFile.read1` returns what the decompressor has before it raises `EOFError` on a cut
    stream, so records that end before the cut still reach the readers; a plain `read(n)`
    would lose the last partial block together with the error.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._gzip = gzip.GzipFile(fileobj=stream, mode="rb")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._gzip.read1(len(buffer))
        except EOFError as error:
            raise TruncatedGzipError(str(error)) from None
        buffer[: len(data)] = data
        return len(data)


def peek_head(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """Read the head of `stream` for sniffing; return it and an unbuffered stream still starting with it.

    The stream stays unbuffered so that a reader which must see every byte before a
    truncation error (WARC) gets short reads instead of a buffer that drops them; wrap it
    with `buffered` for line reading.
    """
    head = stream.read(SNIFF_BYTES)
    return head, cast(BinaryIO, _Rejoined(head, stream))


def buffered(stream: BinaryIO) -> BinaryIO:
    """Wrap an unbuffered stream from this module for fast `readline` and large reads."""
    return cast(BinaryIO, io.BufferedReader(cast(io.RawIOBase, stream), buffer_size=SNIFF_BYTES))


def gunzip(stream: BinaryIO) -> BinaryIO:
    """Return an unbuffered stream of the decompressed bytes; a cut input raises TruncatedGzipError after its data."""
    return cast(BinaryIO, _GunzipAll(stream))


def read_bounded(stream: BinaryIO, limit: int) -> bytes | None:
    """Read the whole stream if it holds at most `limit` bytes, else return None (read no further)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data
