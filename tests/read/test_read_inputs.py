"""read_inputs(): files, directories, sniffing, gzip, stdin and every kind of bad input."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest
from readkit import ARTICLE, FIXTURES, PARAGRAPHS, TITLE, errors, html_page, records, warc_bytes
from readkit import Page as WarcPage

from rasd.errors import RecordError
from rasd.model import Document
from rasd.read import MAX_RECORD_BYTES, decode_records, read_inputs
from rasd.read.sniff import format_from_name, sniff


def only(items: list[object]) -> object:
    assert len(items) == 1, items
    return items[0]


def test_text_file_record_id_provenance_and_digest() -> None:
    path = FIXTURES / "raqqa-drone.txt"
    raw = only(list(read_inputs([str(path)])))
    assert raw.id == "raqqa-drone.txt"  # type: ignore[attr-defined]
    assert raw.provenance.source == str(path)  # type: ignore[attr-defined]
    assert raw.provenance.format == "text"  # type: ignore[attr-defined]
    assert raw.provenance.input_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # type: ignore[attr-defined]


def test_text_fixture_decodes_title_and_entities() -> None:
    doc = only(list(decode_records(read_inputs([str(FIXTURES / "raqqa-drone.txt")]))))
    assert isinstance(doc, Document)
    assert doc.title == "مقتل قيادي في تنظيم الدولة بغارة لطائرة مسيّرة قرب الرقة"
    assert '"الخلايا الأمنية"' in doc.raw_text
    assert "© 2022" in doc.raw_text  # page junk stays for the cleaning stage to remove


def test_html_fixture_decodes_main_text_and_metadata() -> None:
    doc = only(list(decode_records(read_inputs([str(FIXTURES / "baghdad-protest.html")]))))
    assert isinstance(doc, Document)
    assert doc.title == "متظاهرون يغلقون طرقاً رئيسية في بغداد احتجاجاً على انقطاع الكهرباء"
    assert doc.author == "سلام الجبوري"
    assert str(doc.published) == "2023-07-16"
    lines = doc.raw_text.split("\n")
    assert len(lines) == 4 and lines[0].startswith("أغلق مئات المتظاهرين")
    assert "«الانقطاعات سببها تراجع إمدادات الغاز الإيراني»" in lines[2]
    for junk in ("الرئيسية", "الأكثر قراءة", "تعليق القارئ", "جميع الحقوق", "dataLayer"):
        assert junk not in doc.raw_text


def make_tree(root: Path) -> None:
    (root / "2021" / "02").mkdir(parents=True)
    (root / "2021" / "02" / "erbil.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "2021" / "page.htm").write_text(html_page(), encoding="utf-8")
    (root / "feeds").mkdir()
    lines = [{"id": f"w-{i}", "text": p} for i, p in enumerate(PARAGRAPHS)]
    (root / "feeds" / "wire.ndjson").write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8"
    )
    (root / "feeds" / "crawl.warc.gz").write_bytes(
        warc_bytes([WarcPage("https://news.example/x", html_page().encode())], gzip=True)
    )
    # Unknown extensions: told by content.
    (root / "no-extension").write_text(ARTICLE, encoding="utf-8")
    (root / "saved.page").write_text(html_page(), encoding="utf-8")
    (root / "dump.data").write_text(json.dumps({"id": "d1", "text": PARAGRAPHS[0]}, ensure_ascii=False))
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    (root / "article.txt.gz").write_bytes(gzip.compress(ARTICLE.encode("cp1256")))
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".notes.txt").write_text("ملاحظات خاصة")


def test_directory_is_read_recursively_with_sniffing(tmp_path: Path) -> None:
    make_tree(tmp_path)
    items = list(read_inputs([str(tmp_path)]))
    by_id = {item.id: item for item in records(items)}
    assert sorted(by_id) == sorted(
        [
            "2021/02/erbil.txt",
            "2021/page.htm",
            "w-0",
            "w-1",
            "w-2",
            "w-3",
            "https://news.example/x",
            "no-extension",
            "saved.page",
            "d1",
            "article.txt.gz",
        ]
    )
    assert by_id["no-extension"].format == "text"
    assert by_id["saved.page"].format == "html"
    assert by_id["d1"].provenance.format == "jsonl"
    assert [(Path(e.record).name, e.reason) for e in errors(items)] == [("photo.jpg", "binary")]
    docs = {d.id: d for d in decode_records(items) if isinstance(d, Document)}
    assert docs["article.txt.gz"].title == TITLE
    assert docs["article.txt.gz"].provenance.encoding == "windows-1256"
    assert docs["2021/page.htm"].raw_text.split("\n")[0] == PARAGRAPHS[0]


@pytest.mark.parametrize(
    "payload, expected",
    [
        (ARTICLE.encode(), ("text", "-")),
        (html_page().encode(), ("html", "-")),
        (gzip.compress(ARTICLE.encode()), ("text", "-")),
    ],
    ids=["text", "html", "gzip"],
)
def test_stdin_single_documents_are_sniffed(payload: bytes, expected: tuple[str, str]) -> None:
    raw = only(list(read_inputs(["-"], stdin=io.BytesIO(payload))))
    assert (raw.format, raw.id) == expected  # type: ignore[attr-defined]
    assert raw.provenance.source == "-"  # type: ignore[attr-defined]


def test_stdin_jsonl_and_warc() -> None:
    jsonl = "\n".join(json.dumps({"id": f"s{i}", "text": p}, ensure_ascii=False) for i, p in enumerate(PARAGRAPHS))
    assert [r.id for r in records(read_inputs(["-"], stdin=io.BytesIO(jsonl.encode())))] == ["s0", "s1", "s2", "s3"]
    warc = warc_bytes([WarcPage("https://news.example/y", html_page().encode())])
    assert [r.id for r in records(read_inputs(["-"], stdin=io.BytesIO(warc)))] == ["https://news.example/y"]


def test_many_inputs_one_bad_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    sources = [str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "good.txt")]
    items = list(read_inputs(sources))
    assert [(e.record, e.reason) for e in errors(items)] == [(sources[0], "not-found"), (sources[1], "empty")]
    assert [r.id for r in records(items)] == ["good.txt"]


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("blank.txt", b"\n \n\t\n", "empty"),
        ("nul.txt", "خبر".encode() + b"\x00\x00\x01\x02" * 40, "binary"),
        ("late-nul.txt", ARTICLE.encode() * 300 + b"\x00", "binary"),
        ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        ("page.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("article.txt.gz", gzip.compress(ARTICLE.encode() * 20)[:-40], "truncated-gzip"),
        ("wire.jsonl.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 60, "bad-gzip"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    error = only(list(read_inputs([str(path)])))
    assert isinstance(error, RecordError)
    assert (error.record, error.reason) == (str(path), reason)
    line = error.line()
    assert line.startswith(f"rasd: skipped {path}: {reason}: ") and "\n" not in line


def test_truncated_jsonl_gz_keeps_lines_before_the_cut(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"n{i}", "text": f"{PARAGRAPHS[i % 4]} ({i})"}, ensure_ascii=False) for i in range(400)]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_inputs([str(path)]))
    good = records(items)
    assert 0 < len(good) < 400
    assert [r.id for r in good] == [f"n{i}" for i in range(len(good))]
    assert [(e.record, e.reason) for e in errors(items)] == [(str(path), "truncated-gzip")]


@pytest.fixture(scope="module")
def fifty_megabyte_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "one-line.txt"
    sentence = "قصفت طائرات حربية مواقع في ريف حماة الشمالي، ".encode()
    with path.open("wb") as out:
        for _ in range(50 * 1024 * 1024 // len(sentence) + 1):
            out.write(sentence)
    return path


def test_fifty_megabyte_single_line_is_too_large(fifty_megabyte_line: Path) -> None:
    assert fifty_megabyte_line.stat().st_size > 50 * 1024 * 1024 > MAX_RECORD_BYTES
    error = only(list(read_inputs([str(fifty_megabyte_line)])))
    assert isinstance(error, RecordError) and error.reason == "too-large"


def test_fifty_megabyte_line_on_stdin_is_too_large(fifty_megabyte_line: Path) -> None:
    with fifty_megabyte_line.open("rb") as stdin:
        error = only(list(read_inputs(["-"], stdin=stdin)))
    assert isinstance(error, RecordError) and (error.record, error.reason) == ("-", "too-large")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("a.txt", (False, "text")),
        ("a.HTM", (False, "html")),
        ("a.jsonl.gz", (True, "jsonl")),
        ("crawl.warc.gz", (True, "warc")),
        ("notes", (False, None)),
        ("data.gz", (True, None)),
    ],
)
def test_format_from_name(name: str, expected: tuple[bool, str | None]) -> None:
    assert format_from_name(name) == expected


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"WARC/1.1\r\nWARC-Type: warcinfo", "warc"),
        (b'\n{"id": "1", "text": "...."}', "jsonl"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        ("عاجل: انفجار في مرفأ بيروت".encode(), "text"),
        ("عاجل".encode("cp1256"), "text"),
        ("<p>خبر</p>".encode("utf-16"), "html"),
        (b"\x00\x01\x02\x03binary", "binary"),
    ],
)
def test_sniff(head: bytes, expected: str) -> None:
    assert sniff(head) == expected
