"""Hostile and broken inputs, built at run time, and a bounded-memory runner for them.

`python -m tests.reliability.hostile_inputs CASE FOLDER` writes one case's input files into
FOLDER, runs them through `rasd.pipeline.process` and prints a JSON summary on its last
line: the records processed (id, clean text), the per-record errors and the peak RSS. The
tests run it in a child process under an address-space limit, so a reader that loads a
decompression bomb into memory fails the test instead of the machine.
"""

from __future__ import annotations

import gzip
import io
import json
import resource
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from rasd.errors import RecordError
from rasd.pipeline import Pipeline, RunStats, process

REPO = Path(__file__).resolve().parents[2]
ADDRESS_SPACE_LIMIT = 1536 * 1024 * 1024  # 1.5 GiB: a bomb member expands to more than this
BOMB_BYTES = 2 * 1024**3  # what one bomb member expands to
BLOCK = (b"<p>" + b"a" * 1021) * 1024  # 1 MiB of markup: the bombs' repeated content
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
LONG_LINE_BYTES = 100 * 1024 * 1024
NESTING = 100_000

ARTICLE = (
    "قصفت طائرات حربية مواقع لفصائل المعارضة في ريف إدلب الجنوبي فجر اليوم، ما أسفر عن مقتل أربعة مقاتلين"
    " وإصابة سبعة آخرين، بحسب ما أفاد المرصد السوري لحقوق الإنسان."
)
PAGE = f"<html><head><title>غارات على إدلب</title></head><body><article><p>{ARTICLE}</p></article></body></html>"


def _gzip_member(out: BinaryIO, total: int, head: bytes = b"", tail: bytes = b"") -> None:
    """Write one gzip member holding `head`, `total` bytes of repeated markup and `tail`, streaming.

    The markup block is deflated once with a full flush (which makes its compressed form
    independent of what came before), and that compressed form is written again and again,
    so a 2 GiB member takes about a second to build.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out.write(GZIP_HEADER + compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH))
    crc = zlib.crc32(head)
    repeated = compressor.compress(BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
    for _ in range(total // len(BLOCK)):
        out.write(repeated)
        crc = zlib.crc32(BLOCK, crc)
    out.write(compressor.compress(tail) + compressor.flush())
    size = len(head) + total // len(BLOCK) * len(BLOCK) + len(tail)
    out.write(zlib.crc32(tail, crc).to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little"))


def _warc_head(uri: str, length: int, http_extra: str = "") -> tuple[bytes, bytes]:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{http_extra}\r\n".encode()
    warc = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\nWARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2024-04-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + length}\r\n\r\n"
    ).encode()
    return warc, http


def _warc_page(uri: str, body: bytes) -> bytes:
    warc, http = _warc_head(uri, len(body))
    return warc + http + body + b"\r\n\r\n"


def build_warc_gzip_bomb(folder: Path) -> list[str]:
    """A .warc.gz: a page, then a record whose gzip member expands to 2 GiB, then a page."""
    path = folder / "crawl.warc.gz"
    with path.open("wb") as out:
        out.write(gzip.compress(_warc_page("https://example.org/one", PAGE.encode())))
        warc, http = _warc_head("https://example.org/bomb", BOMB_BYTES)
        # one member holds the bomb record whole: headers, the 2 GiB payload and the record's end
        _gzip_member(out, BOMB_BYTES, head=warc + http, tail=b"\r\n\r\n")
        out.write(gzip.compress(_warc_page("https://example.org/two", PAGE.replace("إدلب", "حماة").encode())))
    return [str(path)]


def build_warc_content_encoding_bomb(folder: Path) -> list[str]:
    """A WARC whose HTML response is sent gzip-encoded and expands to 2 GiB when decoded."""
    payload = io.BytesIO()
    _gzip_member(payload, BOMB_BYTES)
    body = payload.getvalue()
    warc, http = _warc_head("https://example.org/encoded", len(body), "Content-Encoding: gzip\r\n")
    path = folder / "crawl.warc"
    path.write_bytes(warc + http + body + b"\r\n\r\n" + _warc_page("https://example.org/after", PAGE.encode()))
    return [str(path)]


def build_text_gzip_bomb(folder: Path) -> list[str]:
    path = folder / "article.txt.gz"
    with path.open("wb") as out:
        _gzip_member(out, BOMB_BYTES)
    return [str(path)]


def build_long_line_text(folder: Path) -> list[str]:
    path = folder / "one-line.txt"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(LONG_LINE_BYTES // (len(ARTICLE.encode()) + 1)):
            out.write(ARTICLE + " ")
    return [str(path)]


def build_long_line_jsonl(folder: Path) -> list[str]:
    path = folder / "wire.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "before", "text": ARTICLE}, ensure_ascii=False) + "\n")
        out.write('{"id": "huge", "text": "')
        for _ in range(LONG_LINE_BYTES // len(ARTICLE.encode())):
            out.write(ARTICLE)
        out.write('"}\n')
        out.write(json.dumps({"id": "after", "text": ARTICLE.replace("إدلب", "حماة")}, ensure_ascii=False) + "\n")
    return [str(path)]


def build_nested_html(folder: Path) -> list[str]:
    path = folder / "nested.html"
    path.write_text(
        "<html><body>" + "<div>" * NESTING + f"<p>{ARTICLE}</p>" + "</div>" * NESTING + "</body></html>",
        encoding="utf-8",
    )
    unclosed = folder / "unclosed.html"
    unclosed.write_text("<html><body>" + "<span><b><i>" * NESTING + ARTICLE, encoding="utf-8")
    return [str(path), str(unclosed)]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "warc-gzip-bomb": build_warc_gzip_bomb,
    "warc-content-encoding-bomb": build_warc_content_encoding_bomb,
    "text-gzip-bomb": build_text_gzip_bomb,
    "long-line-text": build_long_line_text,
    "long-line-jsonl": build_long_line_jsonl,
    "nested-html": build_nested_html,
}


def run_case(case: str, folder: Path) -> dict[str, object]:
    paths = CASES[case](folder)
    errors: list[RecordError] = []
    docs = [
        {"id": doc.id, "text": doc.text, "events": len(doc.events)}
        for doc in process(paths, Pipeline.build(), on_error=errors.append, stats=RunStats())
    ]
    return {
        "processed": docs,
        "errors": [{"record": e.record, "reason": e.reason} for e in errors],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def run_bounded(case: str, folder: Path, timeout: float) -> dict[str, object]:
    """Run one case in a child process under the address-space limit; return its summary."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.reliability.hostile_inputs", case, str(folder)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        preexec_fn=_limit_memory,
        check=False,
        env={"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, f"{case} failed (exit {result.returncode}):\n{result.stderr[-3000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(run_case(sys.argv[1], Path(sys.argv[2])), ensure_ascii=False))
