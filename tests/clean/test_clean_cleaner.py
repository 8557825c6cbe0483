"""clean_text and the Cleaner stage on small, hand-written pages."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.clean import Cleaner, Rules, clean_text
from rasd.model import Document, Provenance, Removal

RULES = Rules.load()

P1 = "أعلنت وزارة الدفاع، الأحد، مقتل جنديين في هجوم بطائرة مسيرة على قاعدة شرقي البلاد."
P2 = "وقال المتحدث باسم الوزارة إن «التحقيقات جارية لمعرفة الجهة المسؤولة عن الهجوم»."
P3 = "ولم تعلق الحكومة."


def clean(raw: str) -> str:
    return clean_text(raw, RULES)[0]


def reasons(raw: str) -> list[tuple[int | None, str]]:
    return [(r.line, r.reason) for r in clean_text(raw, RULES)[1]]


def test_removes_boilerplate_lines_with_reason_and_line_number() -> None:
    raw = f"{P1}\n\nاقرأ أيضاً: الجيش يعلن حصيلة جديدة للهجمات\n\n{P2}\n\nتابعونا على تويتر\nجميع الحقوق محفوظة © 2024"
    text, removed = clean_text(raw, RULES)
    assert text == f"{P1}\n\n{P2}"
    assert removed == (
        Removal("اقرأ أيضاً: الجيش يعلن حصيلة جديدة للهجمات", "read-also", 3),
        Removal("تابعونا على تويتر", "follow", 7),
        Removal("جميع الحقوق محفوظة © 2024", "copyright", 8),
    )


def test_first_line_offsets_removal_line_numbers() -> None:
    _, removed = clean_text(f"{P1}\nإغلاق", RULES, first_line=5)
    assert removed == (Removal("إغلاق", "navigation", 6),)


def test_trailing_artefact_is_cut_and_recorded() -> None:
    text, removed = clean_text(f"{P2[:-1]}.,\n\n{P3}", RULES)
    assert text == f"{P2}\n\n{P3}"
    assert removed == (Removal(",", "trailing-punctuation", 1),)


def test_paragraph_layout_is_kept_and_blank_runs_collapse() -> None:
    raw = f"\n\n{P1}   \n\n\n\n{P2}\nإعلان\n{P3}\t\n\n"
    assert clean(raw) == f"{P1}\n\n{P2}\n{P3}"


def test_internal_spacing_is_kept() -> None:
    line = "وأوضح المتحدث  أن القوات انسحبت من المنطقة."
    assert clean(line) == line


def test_crlf_input_is_read_line_by_line() -> None:
    assert clean(f"{P1}\r\nShare this article\r\n{P2}\r\n") == f"{P1}\n{P2}"


def test_empty_and_blank_input() -> None:
    assert clean_text("", RULES) == ("", ())
    assert clean_text("\n \n\u200f\n", RULES) == ("", ())


def test_lone_punctuation_lines_go() -> None:
    assert clean(f"{P1}\n,\n{P2}\n—\n•\n{P3}") == f"{P1}\n{P2}\n{P3}"


def test_tail_junk_after_boilerplate_goes() -> None:
    raw = f"{P1}\n\n{P2}\n\nعن الكاتب\nرامي حداد\nصحفي اقتصادي لبناني\nFind more stories"
    text, removed = clean_text(raw, RULES)
    assert text == f"{P1}\n\n{P2}"
    assert [r.reason for r in removed] == ["author", "tail-junk", "tail-junk", "tail-junk"]


def test_short_lines_before_any_boilerplate_stay() -> None:
    raw = f"{P1}\n\n{P2}\n\nبغداد - مراسلنا"
    assert clean(raw) == raw


def test_article_sentence_in_the_tail_stays_even_mentioning_cookies() -> None:
    sentence = "وتلزم اللائحة الأوروبية المواقع بطلب موافقة الزوار قبل تخزين ملفات تعريف الارتباط."
    raw = f"{P1}\n\nشارك هذا الخبر\n\n{sentence}\n\nإغلاق"
    assert clean(raw) == f"{P1}\n\n{sentence}"


def test_unpunctuated_sentence_in_the_tail_stays() -> None:
    sentence = "وكان الجيش قد أعلن في وقت سابق أن قواته استعادت السيطرة على البلدة"
    raw = f"{P1}\n\nشارك هذا الخبر\n{sentence}\nClose"
    assert clean(raw) == f"{P1}\n\n{sentence}"


def test_english_lines_in_an_arabic_tail_go() -> None:
    raw = f"{P1}\n\nCookie Policy\nThis notice explains the technologies we rely on\nClose"
    assert clean(raw) == P1
    assert reasons(raw) == [(3, "cookie-banner"), (4, "tail-junk"), (5, "navigation")]


def test_block_header_takes_its_headlines() -> None:
    raw = (
        f"{P1}\n\nاقرأ أيضاً\nالجيش السوري يستعيد بلدة في ريف إدلب\nواشنطن تفرض عقوبات جديدة على طهران\n\n"
        f"ردود فعل دولية\n\n{P2}"
    )
    text, removed = clean_text(raw, RULES)
    # A compact list ends at the blank line: the subheading after it is the article's.
    assert text == f"{P1}\n\nردود فعل دولية\n\n{P2}"
    assert [r.reason for r in removed] == ["read-also"] * 3


def test_block_stops_at_an_article_sentence() -> None:
    raw = f"{P1}\n\nالوسوم:\nالعراق\nالموصل\n{P2}"
    assert clean(raw) == f"{P1}\n\n{P2}"


def test_block_items_spaced_by_blank_lines() -> None:
    raw = f"{P1}\n\nذات صلة\n\nعنوان أول عن الانتخابات\n\nعنوان ثان عن الاقتصاد\n\nعنوان ثالث عن الرياضة"
    assert clean(raw) == P1


def test_clean_text_is_idempotent() -> None:
    raw = f"{P1}\n\nاقرأ أيضا: عنوان\n\n{P2}.,\n\nتنويه: المقالات تعبر عن رأي كتابها\n,\nClose"
    once = clean(raw)
    assert clean_text(once, RULES) == (once, ())


@pytest.fixture
def document() -> Document:
    raw = f"{P1}\n\n{P2}\n\nمشاركة\nتويتر | فيسبوك | واتساب"
    return Document(id="doc-1", provenance=Provenance(source="doc-1.txt", format="text"), raw_text=raw, title="عنوان")


def test_cleaner_stage_fills_text_removed_and_hash(document: Document) -> None:
    cleaned = Cleaner.load()(document)
    assert cleaned.text == f"{P1}\n\n{P2}"
    assert [r.reason for r in cleaned.removed] == ["share", "share"]
    assert cleaned.content_hash == hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()
    unchanged = ("id", "provenance", "raw_text", "title", "published", "url")
    assert all(getattr(cleaned, f) == getattr(document, f) for f in unchanged)
    assert dataclasses.replace(cleaned, text="", removed=(), content_hash=None) == document


def test_cleaner_load_reuses_the_loaded_rules() -> None:
    assert Cleaner.load().rules is Cleaner.load().rules


CORPUS_LINES = sorted(
    {
        line
        for path in (Path(__file__).parent / "corpus").glob("*.input.txt")
        for line in path.read_text("utf-8").split("\n")
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CORPUS_LINES), max_size=25))
def test_every_line_is_kept_or_accounted_for_and_cleaning_is_idempotent(lines: list[str]) -> None:
    raw = "\n".join(lines)
    text, removed = clean_text(raw, RULES)
    dropped = [r for r in removed if r.reason != "trailing-punctuation"]
    assert len([ln for ln in text.split("\n") if ln]) + len(dropped) == len([ln for ln in lines if ln.strip()])
    assert all(raw.split("\n")[r.line - 1].strip() == r.text for r in dropped if r.line)
    assert clean_text(text, RULES) == (text, ())
