"""Input files and shards: what the driver hands out, in the order a single process reads it.

A local path is expanded exactly as `rasd.read.read_inputs` expands it (directories walked
recursively in name order, hidden entries passed over, a file inside a directory named by
its path relative to the directory), so that record ids, sources and arrival order, and
with them duplicate marking, are the same as in one process. A URI with a scheme
(`file://`, `hdfs://`, `s3a://`, ...) is listed by the driver through Hadoop and read on the
executors through Spark; an `http://` or `https://` URI names one file that the executors
stream themselves.

Files are grouped into shards, the unit of work and of resumption: consecutive files, about
`files_per_shard` of them and at most `SHARD_BYTES` in total; a file read through Hadoop is a
shard of its own. A shard's key hashes what it reads and the options that change its output, so a
re-run finds the shards it already completed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rasd import __version__
from rasd.errors import RecordError

# Consecutive small files share a shard up to this many bytes: large enough that a shard's
# fixed costs (a task, a marker) stay small against its work, small enough that a rerun
# after a failure redoes little.
SHARD_BYTES = 64 * 1024 * 1024
FILES_PER_SHARD = 256

LOCAL = "local"  # read by the executors with open()
HADOOP = "hadoop"  # read through Spark's binaryFiles (any Hadoop file system)
HTTP = "http"  # streamed by the executors over HTTP(S)
HTTP_SCHEMES = ("http://", "https://")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: where it is, how to reach it, and the record id a single file gets."""

    uri: str  # local path, or a URI
    record_id: str  # id of a text/HTML file's one record (its name, or its path in a directory)
    size: int = 0
    access: str = LOCAL

    @property
    def name(self) -> str:
        return self.uri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Shard:
    """Consecutive input files processed, written and marked complete together."""

    key: str
    rank: int  # position in the run's input order
    files: tuple[InputFile, ...]

    @property
    def access(self) -> str:
        return self.files[0].access


def has_scheme(path: str) -> bool:
    return "://" in path


def list_local(path: str) -> Iterator[InputFile | RecordError]:
    """Expand one local path as `read_inputs` does: a file, or a directory walked in name order."""
    root = Path(path)
    if root.is_dir():
        yield from _walk(root, path)
    elif root.exists():
        yield InputFile(path, root.name, _size(root))
    else:
        yield RecordError(path, "not-found", "no such file or directory")


def _walk(root: Path, source: str) -> Iterator[InputFile | RecordError]:
    failures: list[OSError] = []
    for folder, subfolders, names in os.walk(root, onerror=failures.append):
        while failures:
            failure = failures.pop()
            yield RecordError(str(failure.filename or source), "unreadable", failure.strerror or str(failure))
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                path = Path(folder, name)
                yield InputFile(str(path), path.relative_to(root).as_posix(), _size(path))
    for failure in failures:
        yield RecordError(str(failure.filename or source), "unreadable", failure.strerror or str(failure))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_list(path: str, prefix: str = "") -> list[str]:
    """Read a paths file (one path or URI a line, `.gz` allowed, `#` comments), each behind `prefix`.

    Common Crawl's `warc.paths.gz` listings hold paths relative to the bucket; give the
    bucket's `s3a://` or `https://` root as `prefix`.
    """
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [prefix + line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def make_shards(
    files: Iterable[InputFile], *, files_per_shard: int = FILES_PER_SHARD, published: dt.date | None = None
) -> list[Shard]:
    """Group files into shards in input order; the options that shape output go into each key.

    Where a shard ends depends on the files themselves (a file whose name hashes to 0 modulo
    `files_per_shard` starts a new one), not on a running count, so a file added to or removed
    from the input changes the shard it falls in and at most its neighbour, and a re-run
    keeps every other shard's marker.
    """
    groups: list[list[InputFile]] = []
    size = 0
    for file in files:
        if _starts_shard(file, groups, size, files_per_shard):
            groups.append([])
            size = 0
        groups[-1].append(file)
        size += file.size
    return [Shard(_key(group, published), rank, tuple(group)) for rank, group in enumerate(groups)]


def _starts_shard(file: InputFile, groups: list[list[InputFile]], size: int, files_per_shard: int) -> bool:
    if not groups or file.access != LOCAL or groups[-1][0].access != LOCAL:
        return True
    boundary = int.from_bytes(hashlib.sha256(file.uri.encode()).digest()[:8], "big") % files_per_shard == 0
    # The caps keep an unlucky run of non-boundary names from making one huge shard.
    return boundary or len(groups[-1]) >= 2 * files_per_shard or size + file.size > SHARD_BYTES


def _key(files: Sequence[InputFile], published: dt.date | None) -> str:
    digest = hashlib.sha256(f"rasd {__version__}\npublished={published}\n".encode())
    for file in files:
        digest.update(f"{file.uri}\t{file.record_id}\t{file.size}\n".encode())
    return digest.hexdigest()[:24]
