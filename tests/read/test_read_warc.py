"""WARC and WARC.gz written with warcio: HTML responses only, truncation, status, dates."""

from __future__ import annotations

import datetime as dt
import gzip
import io
from pathlib import Path

import pytest
from readkit import PARAGRAPHS, Page, errors, html_page, records, warc_bytes

from rasd.model import Document
from rasd.read import decode_records, read_inputs


def crawl() -> list[Page]:
    return [
        Page("https://news.example/syria/1", html_page().encode()),
        Page("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"),
        Page(
            "https://news.example/iraq/2",
            html_page(title="قصف صاروخي على مطار أربيل", published="2021-02-16").encode(),
        ),
        Page("https://news.example/request", b"", record_type="request"),
        Page("https://news.example/gone", "<html><body>غير موجود</body></html>".encode(), status="404 Not Found"),
    ]


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def warc_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    compressed = request.param
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(warc_bytes(crawl(), gzip=compressed))
    return path


def test_html_responses_only_with_uri_ids(warc_file: Path) -> None:
    items = list(read_inputs([str(warc_file)]))
    good = records(items)
    assert [r.id for r in good] == ["https://news.example/syria/1", "https://news.example/iraq/2"]
    assert all(r.format == "html" and r.provenance.format == "warc" for r in good)
    assert good[0].provenance.record.startswith("<urn:uuid:")  # type: ignore[union-attr]
    assert good[0].url == "https://news.example/syria/1"
    assert [(e.record, e.reason) for e in errors(items)] == [(f"{warc_file}#https://news.example/gone", "http-status")]


def test_publication_date_comes_from_the_page_not_warc_date(warc_file: Path) -> None:
    docs = [d for d in decode_records(read_inputs([str(warc_file)])) if isinstance(d, Document)]
    assert [d.published for d in docs] == [dt.date(2021, 3, 7), dt.date(2021, 2, 16)]
    assert docs[0].extra["warc_date"].startswith(str(dt.date.today().year))
    assert docs[0].raw_text.split("\n")[0] == PARAGRAPHS[0]
    assert docs[1].title == "قصف صاروخي على مطار أربيل"


def test_truncated_warc_keeps_records_before_the_cut(tmp_path: Path) -> None:
    data = warc_bytes(crawl()[:3])
    cut = data.rfind(b"<article>")  # inside the third record's payload
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    items = list(read_inputs([str(path)]))
    assert [r.id for r in records(items)] == ["https://news.example/syria/1"]
    assert [(e.record, e.reason) for e in errors(items)] == [(f"{path}#https://news.example/iraq/2", "truncated-warc")]


@pytest.mark.parametrize("fraction", [0.45, 0.7, 0.95])
def test_truncated_warc_gz_keeps_records_before_the_cut(tmp_path: Path, fraction: float) -> None:
    pages = [Page(f"https://news.example/n/{i}", html_page(title=f"خبر رقم {i}").encode()) for i in range(6)]
    data = warc_bytes(pages, gzip=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * fraction)])
    items = list(read_inputs([str(path)]))
    good, bad = records(items), errors(items)
    assert 1 <= len(good) < 6
    assert [r.id for r in good] == [f"https://news.example/n/{i}" for i in range(len(good))]
    assert len(bad) == 1 and bad[0].reason in ("truncated-gzip", "truncated-warc")


def test_warc_gz_on_stdin_is_sniffed() -> None:
    stdin = io.BytesIO(warc_bytes(crawl(), gzip=True))
    assert len(records(read_inputs(["-"], stdin=stdin))) == 2


def test_whole_file_gzip_of_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(warc_bytes(crawl())))
    assert len(records(read_inputs([str(path)]))) == 2


def test_warc_with_binary_first_record_is_still_a_warc(tmp_path: Path) -> None:
    pages = [Page("https://news.example/photo.jpg", b"\xff\xd8\xff\x00" * 100, content_type="image/jpeg")]
    path = tmp_path / "crawl.bin"  # unknown extension: sniffed
    path.write_bytes(warc_bytes([*pages, crawl()[0]]))
    assert [r.id for r in records(read_inputs([str(path)]))] == ["https://news.example/syria/1"]


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_no_cut_point_loses_records_silently(compressed: bool) -> None:
    pages = [Page(f"https://news.example/n/{i}", html_page(title=f"خبر رقم {i}").encode()) for i in range(3)]
    data = warc_bytes(pages, gzip=compressed)
    # A cut that falls exactly between two records leaves a shorter, valid archive.
    members = {i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)}
    for cut in range(40, len(data), 23):
        items = list(read_inputs(["-"], stdin=io.BytesIO(data[:cut])))
        good = records(items)
        at_boundary = cut in members if compressed else data[:cut].rstrip(b"\r\n").endswith(b"</html>")
        assert len(good) == 3 or errors(items) or at_boundary, f"cut at byte {cut} lost records silently"
        assert [r.id for r in good] == [f"https://news.example/n/{i}" for i in range(len(good))]
