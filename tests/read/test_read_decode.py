"""decode(): text form, entities, JSONL bodies, HTML main text and metadata, bad records."""

from __future__ import annotations

import datetime as dt

import pytest
from readkit import ARTICLE, PARAGRAPHS, TITLE, html_page

from rasd.clean import Cleaner
from rasd.errors import RecordError
from rasd.model import Provenance, RawRecord
from rasd.read.decode import decode, decode_records, split_title, unescape_entities


def raw(data: bytes | str, fmt: str = "text", source_format: str | None = None, **fields: object) -> RawRecord:
    provenance = Provenance(source="in/article", format=source_format or fmt)
    return RawRecord(id="article", provenance=provenance, data=data, format=fmt, **fields)  # type: ignore[arg-type]


def test_text_article_title_is_first_line_and_rest_is_raw_text() -> None:
    doc = decode(raw(ARTICLE.encode()))
    assert doc.title == TITLE
    assert doc.raw_text.startswith(PARAGRAPHS[0])
    assert doc.raw_text.endswith(PARAGRAPHS[-1])
    assert TITLE not in doc.raw_text
    assert doc.provenance.encoding == "utf-8"
    assert doc.published is None  # a text file carries no date, and none is guessed


def test_leading_blank_lines_and_crlf() -> None:
    doc = decode(raw(("\r\n\r\n" + ARTICLE.replace("\n", "\r\n")).encode()))
    assert doc.title == TITLE
    assert "\r" not in doc.raw_text
    assert doc.raw_text.split("\n\n")[1] == PARAGRAPHS[1]


def test_cp1256_text_article_records_its_encoding() -> None:
    doc = decode(raw(ARTICLE.encode("cp1256")))
    assert (doc.title, doc.provenance.encoding) == (TITLE, "windows-1256")


def test_bom_is_not_part_of_the_title() -> None:
    doc = decode(raw(b"\xef\xbb\xbf" + ARTICLE.encode()))
    assert doc.title == TITLE
    assert doc.provenance.encoding == "utf-8-sig"


def test_entities_in_text_input_are_decoded() -> None:
    text = (
        "بيان &quot;عاجل&quot; من الخارجية\n\n"
        "قال المتحدث &laquo;لن نقبل بالتصعيد&raquo; &#1608;&#x627;لأمر AT&T &amp; شركاه"
    )
    doc = decode(raw(text.encode()))
    assert doc.title == 'بيان "عاجل" من الخارجية'
    assert doc.raw_text == "قال المتحدث «لن نقبل بالتصعيد» والأمر AT&T & شركاه"


def test_unescape_leaves_bare_ampersands_alone() -> None:
    assert unescape_entities("مؤسسة الأهرام & شركاه &copy") == "مؤسسة الأهرام & شركاه &copy"


def test_one_line_text_has_no_title() -> None:
    assert split_title("  قصفت طائرات حربية بلدة كفرنبل جنوبي إدلب.  \n") == (
        None,
        "قصفت طائرات حربية بلدة كفرنبل جنوبي إدلب.",
        1,
    )


def test_removals_cite_the_input_line_numbers() -> None:
    text = "\nغارات على ريف إدلب\n\nقصفت طائرات حربية بلدة كفرنبل صباح اليوم.\nاشترك في النشرة البريدية\n"
    doc = decode(raw(text))
    assert (doc.title, doc.body_line) == ("غارات على ريف إدلب", 4)
    cleaned = Cleaner.load()(doc)
    assert [(r.text, r.line) for r in cleaned.removed] == [("اشترك في النشرة البريدية", 5)]


def test_jsonl_text_is_the_body_and_title_comes_from_its_field() -> None:
    sentence = "تظاهر آلاف الطلاب أمام مبنى البرلمان في بيروت.\nوطالبوا بخفض الأقساط."
    doc = decode(raw(sentence, source_format="jsonl", published=dt.date(2019, 10, 20)))
    assert doc.title is None
    assert doc.raw_text == sentence
    assert doc.published == dt.date(2019, 10, 20)
    titled = decode(raw(sentence, source_format="jsonl", title="  احتجاجات طلابية  "))
    assert (titled.title, titled.raw_text) == ("احتجاجات طلابية", sentence)


def test_html_main_text_title_date_author() -> None:
    doc = decode(raw(html_page().encode(), fmt="html", url="https://news.example/a/1"))
    assert doc.title == TITLE
    assert doc.published == dt.date(2021, 3, 7)
    assert doc.author == "أحمد الخطيب"
    assert doc.url == "https://news.example/a/1"
    assert doc.raw_text.split("\n") == list(PARAGRAPHS)  # one paragraph a line, heading not repeated
    for junk in ("الرئيسية", "الأكثر قراءة", "تعليق من قارئ", "جميع الحقوق", "tracking"):
        assert junk not in doc.raw_text


def test_html_date_is_not_guessed_from_the_text() -> None:
    paragraphs = ("أعلنت الحكومة يوم 12 آذار 2020 عن إجراءات جديدة.", *PARAGRAPHS)
    doc = decode(raw(html_page(paragraphs=paragraphs, published=None).encode(), fmt="html"))
    assert doc.published is None


def test_given_published_date_wins_over_the_page() -> None:
    doc = decode(raw(html_page().encode(), fmt="html", published=dt.date(2021, 3, 8)))
    assert doc.published == dt.date(2021, 3, 8)


def test_html_in_windows_1256_with_meta_charset() -> None:
    page = html_page(charset="windows-1256", author=None).replace("©", "")
    doc = decode(raw(page.encode("cp1256"), fmt="html"))
    assert doc.provenance.encoding == "windows-1256"
    assert doc.raw_text.split("\n")[0] == PARAGRAPHS[0]


def test_html_of_scripts_only_is_no_text() -> None:
    page = (
        "<html><head><script src='/app.js'></script><script>var x = 'تحميل';</script></head>"
        "<body><div id='root'></div><script>render(document.getElementById('root'))</script></body></html>"
    )
    with pytest.raises(RecordError) as caught:
        decode(raw(page.encode(), fmt="html"))
    assert caught.value.reason == "no-text"
    assert caught.value.record == "in/article"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"  \n\t\n ", "empty"),
        (b"\xef\xbb\xbf\n", "empty"),
        (b"PNG\x00\x00\x01header", "binary"),
        (("خبر عاجل " * 20).encode() + ("رد متناسب " * 20).encode("cp1256"), "undecodable"),
    ],
)
def test_bad_bytes_raise_record_errors(data: bytes, reason: str) -> None:
    with pytest.raises(RecordError) as caught:
        decode(raw(data))
    assert caught.value.reason == reason
    assert caught.value.line().startswith(f"rasd: skipped in/article: {reason}: ")
    assert "\n" not in caught.value.line()


def test_decode_records_passes_errors_through_in_order() -> None:
    items = [raw(ARTICLE.encode()), RecordError("a.txt", "empty", "no content"), raw(b"   ")]
    out = list(decode_records(items))
    assert [type(item).__name__ for item in out] == ["Document", "RecordError", "RecordError"]
    assert out[2].reason == "empty"  # type: ignore[union-attr]
