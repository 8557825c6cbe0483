"""The driver's view of Hadoop file systems (local, HDFS, S3A, ...), through Spark's JVM.

The driver lists inputs and writes completion markers and statistics with whatever file
systems the cluster's Hadoop configuration knows, so an output on HDFS or S3 works like a
local one; executors never need this (Spark reads and writes the data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyspark.sql import SparkSession


@dataclass(frozen=True, slots=True)
class Listed:
    """A file found under an input URI: its qualified URI, size, and path relative to the input."""

    uri: str
    size: int
    relative: str


class HadoopFiles:
    """Small file-system operations through the Hadoop FileSystem API of a running session."""

    def __init__(self, session: SparkSession) -> None:
        context = session.sparkContext
        self._jvm: Any = context._jvm
        self._conf: Any = context._jsc.hadoopConfiguration()

    def _at(self, uri: str) -> tuple[Any, Any]:
        path = self._jvm.org.apache.hadoop.fs.Path(uri)
        return path.getFileSystem(self._conf), path

    def exists(self, uri: str) -> bool:
        fs, path = self._at(uri)
        return bool(fs.exists(path))

    def names(self, uri: str) -> list[str]:
        """Return the names of the entries of a directory (none when it does not exist)."""
        fs, path = self._at(uri)
        if not fs.exists(path):
            return []
        return sorted(str(status.getPath().getName()) for status in fs.listStatus(path))

    def read_text(self, uri: str) -> str:
        fs, path = self._at(uri)
        stream = fs.open(path)
        try:
            return str(self._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8"))
        finally:
            stream.close()

    def write_text(self, uri: str, text: str) -> None:
        """Write a small file whole (overwriting); the rename makes it appear complete or not at all."""
        fs, path = self._at(uri)
        partial = self._jvm.org.apache.hadoop.fs.Path(uri + ".partial")
        stream = fs.create(partial, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()
        fs.delete(path, False)
        fs.rename(partial, path)

    def delete(self, uri: str) -> None:
        fs, path = self._at(uri)
        fs.delete(path, True)

    def list_files(self, uri: str) -> list[Listed]:
        """Expand a URI (a file, a directory walked recursively, or a glob) into files in name order.

        Hidden entries (names starting with "." or "_", as Hadoop writers mark their own) are
        passed over.
        """
        fs, path = self._at(uri)
        found: list[Listed] = []
        for status in fs.globStatus(path) or []:
            top = status.getPath()
            if not status.isDirectory():
                found.append(Listed(str(top.toString()), int(status.getLen()), str(top.getName())))
                continue
            prefix = str(top.toString()).rstrip("/") + "/"
            walker = fs.listFiles(top, True)
            inside: list[Listed] = []
            while walker.hasNext():
                child = walker.next()
                qualified = str(child.getPath().toString())
                relative = qualified[len(prefix) :] if qualified.startswith(prefix) else str(child.getPath().getName())
                if not any(part.startswith((".", "_")) for part in relative.split("/")):
                    inside.append(Listed(qualified, int(child.getLen()), relative))
            found += sorted(inside, key=lambda listed: listed.relative.split("/"))
        return found
