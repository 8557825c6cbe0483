"""Language identification (`rasd.arabic.language`)."""

from __future__ import annotations

import pytest

from rasd.arabic.language import (
    MIN_LETTERS,
    PREFIX_CHARS,
    UNDETERMINED,
    identify_language,
    load_language_codes,
    with_language,
)
from rasd.model import Document, Provenance

ARABIC_REPORT = (
    "قال المرصد السوري لحقوق الإنسان إن غارات جوية استهدفت مواقع لفصائل مسلحة في ريف إدلب الجنوبي "
    "صباح اليوم الخميس، ما أسفر عن مقتل ٧ مقاتلين وإصابة آخرين بجروح متفاوتة."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ARABIC_REPORT, "ar"),
        ("أعلنت وزارة الدفاع الأميركية «البنتاغون» تنفيذ ضربات جوية شرقي سوريا.", "ar"),
        # Egyptian Arabic is labelled «arz» by the model and reported as Arabic.
        ("الراجل ده مش عايز يقول الحقيقة خالص، وبيقول إن الحكومة هي اللي غلطانة", "ar"),
        ("نیروهای آمریکایی بامداد امروز به مواضع شبه‌نظامیان در شرق سوریه حمله کردند.", "fa"),
        ("پاکستان کی حکومت نے کہا ہے کہ سرحد پر فائرنگ سے تین فوجی ہلاک ہو گئے۔", "ur"),
        ("The Pentagon said the strikes destroyed several facilities at a border control point.", "en"),
        ("Le ministère de la Défense a annoncé que les frappes avaient visé des milices.", "fr"),
    ],
)
def test_identifies_news_languages(text: str, language: str) -> None:
    assert identify_language(text) == language


@pytest.mark.parametrize(
    "text", ["", "   \n", "قال", "قتل جندي", "Reuters", "2021-02-26 ٢٦/٢/٢٠٢١", "😀😀😀 !!!", "قُتِلَ"]
)
def test_too_little_text_is_undetermined(text: str) -> None:
    assert identify_language(text) == UNDETERMINED


def test_the_letter_floor_counts_letters_not_characters() -> None:
    ten = "وزارة الأمن"
    assert sum(ch.isalpha() for ch in ten) == MIN_LETTERS
    assert identify_language(ten) == "ar"
    assert identify_language("قوات الجيش") == UNDETERMINED  # nine letters
    assert identify_language("قُوّاتُ الجَيْشِ ١٢٣") == UNDETERMINED  # marks and digits are not letters


def test_reads_only_a_prefix() -> None:
    english_lead = "The ministry said in a statement on Friday that the strikes were retaliation. " * 5
    text = english_lead + ARABIC_REPORT * 20
    assert PREFIX_CHARS < len(english_lead) < len(text) / 2
    assert identify_language(text) == "en"
    assert identify_language(text, max_chars=len(text)) == "ar"


def test_language_codes_are_iso_639_1() -> None:
    codes = load_language_codes()
    assert codes["arz"] == "ar" and codes["ary"] == "ar"
    assert all(len(code) == 2 or code == UNDETERMINED for code in codes.values())


def test_with_language_sets_the_document_language() -> None:
    doc = Document(id="d", provenance=Provenance(source="-", format="text"), raw_text="", text=ARABIC_REPORT)
    assert with_language(doc).language == "ar"
    empty = Document(id="e", provenance=Provenance(source="-", format="text"), raw_text="")
    assert with_language(empty).language == UNDETERMINED
