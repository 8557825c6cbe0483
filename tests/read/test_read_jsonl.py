"""JSONL reading: fields, extra, ids, dates, and bad lines that do not stop the file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from readkit import FIXTURES, errors, records

from rasd.model import Document
from rasd.read import MAX_RECORD_BYTES, decode_records, read_inputs


def test_fixture_file_reads_every_line_or_names_it() -> None:
    source = str(FIXTURES / "agencies.jsonl")
    items = list(read_inputs([source]))
    assert len(items) == 6  # nothing dropped: 4 records, 2 errors
    good, bad = records(items), errors(items)
    assert [r.id for r in good] == ["agency-0412", "413", "agencies.jsonl#line 3", "agency-0416"]
    assert [(e.record, e.reason) for e in bad] == [
        (f"{source}#line 4", "wrong-type"),
        (f"{source}#line 5", "bad-json"),
    ]
    first = good[0]
    assert first.title == "اشتباكات بين الجيش ومسلحين في ريف درعا الغربي"
    assert first.published == dt.date(2022, 1, 27)
    assert first.url == "https://news.example/daraa/0412"
    assert dict(first.extra) == {"section": "سوريا", "tags": ["درعا", "اشتباكات"]}
    assert first.provenance.format == "jsonl"
    assert first.provenance.label() == f"{source}#line 1"
    line = (FIXTURES / "agencies.jsonl").read_bytes().split(b"\n")[0]
    assert first.provenance.input_sha256 == hashlib.sha256(line).hexdigest()
    assert good[1].published == dt.date(2022, 1, 28)  # from "date", with a time part
    assert good[3].format == "html" and good[3].published == dt.date(2023, 11, 3)


def test_fixture_documents_decode() -> None:
    docs = records_decoded(str(FIXTURES / "agencies.jsonl"))
    assert docs["agency-0416"].title == "وقفة تضامنية في عمّان"
    assert docs["agency-0416"].raw_text.startswith("نظّم عشرات الناشطين وقفة تضامنية")
    assert docs["413"].raw_text.startswith("أعلنت وزارة الخارجية الأميركية")


def records_decoded(source: str) -> dict[str, Document]:
    return {doc.id: doc for doc in decode_records(read_inputs([source])) if isinstance(doc, Document)}


def write_lines(path: Path, lines: list[object]) -> str:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines),
        encoding="utf-8",
    )
    return str(path)


def test_wrong_types_and_missing_text(tmp_path: Path) -> None:
    source = write_lines(
        tmp_path / "bad.jsonl",
        [
            {"id": ["x"], "text": "نص"},
            {"id": "a", "text": "هجوم على دورية", "title": 5},
            {"id": "b", "text": "هجوم على دورية", "published": 20210226},
            {"id": True, "text": "نص"},
            {"id": "c", "title": "عنوان بلا نص"},
            {"id": "d", "text": "   "},
            ["مصفوفة", "لا", "كائن"],
            {"id": "e", "text": "اعتقال ناشطين في القاهرة", "published": "الجمعة الماضية"},
        ],
    )
    items = list(read_inputs([source]))
    assert [(getattr(i, "reason", None) or i.id) for i in items] == [
        "wrong-type",
        "wrong-type",
        "wrong-type",
        "wrong-type",
        "no-text",
        "empty",
        "not-object",
        "e",
    ]
    last = records(items)[0]
    assert last.published is None  # not ISO-like: never guessed, kept for audit
    assert last.extra["published"] == "الجمعة الماضية"


def test_blank_lines_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    line = json.dumps({"id": "x1", "text": "إطلاق صواريخ على قاعدة عين الأسد"}, ensure_ascii=False)
    path.write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n\r\n   \n" + line.replace("x1", "x2").encode())
    items = list(read_inputs([str(path)]))
    assert [r.id for r in records(items)] == ["x1", "x2"]
    assert records(items)[1].provenance.record == "line 4"


def test_non_utf8_line_is_named_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": "غارة على مخيم"}, ensure_ascii=False).encode()
    bad = json.dumps({"id": "cp", "text": "غارة على مخيم"}, ensure_ascii=False).encode("utf-8")
    bad = bad.decode().encode("cp1256")
    path.write_bytes(bad + b"\n" + good + b"\n")
    items = list(read_inputs([str(path)]))
    assert (items[0].reason, items[0].record) == ("undecodable", f"{path}#line 1")  # type: ignore[union-attr]
    assert records(items)[0].id == "ok"


def test_line_over_the_record_limit_is_too_large_and_the_next_line_reads(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as out:
        out.write(b'{"id": "huge", "text": "' + "ب".encode() * (MAX_RECORD_BYTES // 2 + 10) + b'"}\n')
        out.write(json.dumps({"id": "after", "text": "نص قصير بعد السطر الضخم"}, ensure_ascii=False).encode())
    items = list(read_inputs([str(path)]))
    assert [(getattr(i, "reason", None) or i.id) for i in items] == ["too-large", "after"]
