"""Sentence splitting (`rasd.arabic.segment`): real news phrasing and coverage properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rasd.arabic.segment import ABBREVIATION, ERA, load_abbreviations, segment, split_sentences
from rasd.model import Document, Provenance, Span


def sentences(text: str) -> list[str]:
    return [span.of(text) for span in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قصفت طائرات حربية مواقع في ريف إدلب. وقال المرصد إن ثلاثة مدنيين قتلوا.",
            ["قصفت طائرات حربية مواقع في ريف إدلب.", "وقال المرصد إن ثلاثة مدنيين قتلوا."],
        ),
        (
            "هل ستنسحب القوات الأميركية؟ لم يؤكد البنتاغون ذلك! وقال مسؤول؛ لا تعليق",
            ["هل ستنسحب القوات الأميركية؟", "لم يؤكد البنتاغون ذلك!", "وقال مسؤول؛", "لا تعليق"],
        ),
        (
            "Is it over? Yes.  وانتهى الاجتماع",
            ["Is it over?", "Yes.", "وانتهى الاجتماع"],
        ),
        (
            "عاجل\nتظاهر المئات أمام السفارة\r\nوفرقتهم الشرطة",
            ["عاجل", "تظاهر المئات أمام السفارة", "وفرقتهم الشرطة"],
        ),
        # Scraped text drops the space after the point.
        ("أعلن الجيش السيطرة على البلدة.وأضاف البيان أن الاشتباكات توقفت.", None),
    ],
)
def test_splits_at_final_marks_and_line_breaks(text: str, expected: list[str] | None) -> None:
    if expected is None:
        expected = ["أعلن الجيش السيطرة على البلدة.", "وأضاف البيان أن الاشتباكات توقفت."]
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A quotation of several sentences stays whole with its reporting clause.
        "وقال المتحدث باسم الوزارة: «لن نسمح بتكرار ذلك. سنرد بقوة وفي الوقت المناسب».",
        "«وقال البيان إن «العملية انتهت. وعادت القوات إلى قواعدها في العراق».» وفق ما نقلته الوكالة.",
        'وأكد الناطق أن "الهجوم فشل. لم يصب أحد بأذى" بحسب التلفزيون الرسمي.',
        "وقال الوزير: “سنواصل الضغط. لا تراجع عن ذلك” في مؤتمر صحفي.",
        # Numbers: decimal points in both digit systems.
        "ارتفع معدل التضخم إلى 3.5 بالمئة، وبلغت الخسائر ٣٫٥ مليار دولار و٢.٧ مليون نازح.",
        # Abbreviations: titles before names, initials, dotted acronyms.
        "التقى د. محمد العلي بالمهندس م. أحمد سعيد في بغداد.",
        "وصل أ.د. خالد الحسن إلى دمشق أمس.",
        "نقلت وكالة أ.ف.ب عن مصدر أمني أن الانفجار وقع قرب المطار.",
        "وقال مكتب التحقيقات الاتحادي (إف.بي.آي) إنه يحقق في الحادث.",
        "أكدت شبكة سي.إن.إن. الخبر نقلا عن مسؤولين.",
        "أعلنت وزارة الخارجية U.S. Department of State أن المبعوث سيزور المنطقة.",
        "وصرح Mr. Blinken للصحفيين بأن المحادثات مستمرة.",
        "ورد اسم J. Biden في البيان الختامي.",
        "يعود تاريخ القلعة إلى القرن الثالث ق.م ويزورها آلاف السياح.",
        # An ellipsis inside a line is a pause, not an end.
        "وعدت الحكومة بالإصلاح... لكن شيئا لم يتغير على الأرض.",
        "قال إن الوضع… صعب جدا في المدينة.",
        # Web addresses and e-mail addresses.
        "يمكن متابعة البيان على موقع www.mofa.gov.sa أو مراسلة info@example.org للاستفسار.",
    ],
)
def test_does_not_split_inside_one_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_quote_left_open_does_not_swallow_the_line() -> None:
    text = "وقال شاهد عيان «سمعنا انفجارين. ثم ساد الهدوء. ولم تصل سيارات الإسعاف"
    assert sentences(text) == [
        "وقال شاهد عيان «سمعنا انفجارين.",
        "ثم ساد الهدوء.",
        "ولم تصل سيارات الإسعاف",
    ]


def test_quote_does_not_run_across_lines() -> None:
    text = "وقال المتحدث: «لن نسمح بذلك.\nسنرد بقوة». ثم غادر"
    assert sentences(text) == ["وقال المتحدث: «لن نسمح بذلك.", "سنرد بقوة».", "ثم غادر"]


def test_quoted_sentence_then_new_sentence() -> None:
    text = "وقال الرئيس: «انتهت الحرب». وفي سياق متصل، قصفت المدفعية مواقع في الجنوب."
    assert sentences(text) == [
        "وقال الرئيس: «انتهت الحرب».",
        "وفي سياق متصل، قصفت المدفعية مواقع في الجنوب.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Era markers after a year end a sentence; before a name «م.» is a title.
        ("بنيت المدينة عام 300 ق.م. وتقع على ضفة النهر.", ["بنيت المدينة عام 300 ق.م.", "وتقع على ضفة النهر."]),
        ("ولد عام ١٩٥٠ م. وتخرج في جامعة بغداد.", ["ولد عام ١٩٥٠ م.", "وتخرج في جامعة بغداد."]),
        ("توفي سنة 1420 هـ. ودفن في المدينة.", ["توفي سنة 1420 هـ.", "ودفن في المدينة."]),
        ("وصرح م. أحمد سعيد بأن الجسر آمن.", ["وصرح م. أحمد سعيد بأن الجسر آمن."]),
        # A sentence ending in a number still ends.
        ("قتل في الهجوم 12. وأصيب آخرون بجروح.", ["قتل في الهجوم 12.", "وأصيب آخرون بجروح."]),
        ("اندلعت الاشتباكات عام 2011. ثم توسعت.", ["اندلعت الاشتباكات عام 2011.", "ثم توسعت."]),
        # An ellipsis followed by another final mark ends the sentence.
        ("هل انتهى الأمر...؟ لا أحد يعلم.", ["هل انتهى الأمر...؟", "لا أحد يعلم."]),
    ],
)
def test_era_markers_numbers_and_marks(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_list_numbers_start_lines_without_splitting_them() -> None:
    text = "أبرز البنود:\n1. وقف إطلاق النار.\n2. تبادل الأسرى.\n١٠. انسحاب القوات."
    assert sentences(text) == ["أبرز البنود:", "1. وقف إطلاق النار.", "2. تبادل الأسرى.", "١٠. انسحاب القوات."]


def test_marks_without_letters_join_the_sentence_before() -> None:
    text = "انتهت الجولة دون اتفاق! !! وبدأت جولة جديدة."
    assert sentences(text) == ["انتهت الجولة دون اتفاق! !!", "وبدأت جولة جديدة."]


def test_a_line_of_punctuation_alone_is_kept() -> None:
    text = "انتهى البيان.\n***\nوفي خبر آخر"
    assert sentences(text) == ["انتهى البيان.", "***", "وفي خبر آخر"]


def test_closing_brackets_and_invisible_marks_stay_with_their_sentence() -> None:
    text = "وأعلنت وزارة الدفاع (البنتاغون.)\u200f وقالت إن العملية انتهت."
    assert sentences(text) == ["وأعلنت وزارة الدفاع (البنتاغون.)\u200f", "وقالت إن العملية انتهت."]


def test_spans_exclude_surrounding_whitespace() -> None:
    text = "  \u00a0وقع انفجار.   \n\n\t وأصيب خمسة.  "
    assert split_sentences(text) == (Span(3, 14), Span(21, 32))
    assert sentences(text) == ["وقع انفجار.", "وأصيب خمسة."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n", "\u2028\t"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == ()


def test_abbreviation_file_loads_folded_forms() -> None:
    forms = load_abbreviations()
    assert forms["dr"] == ABBREVIATION
    assert forms["ق.م"] == ERA
    assert forms["ه"] == ERA  # written «هـ» in text; tatweel folds away
    assert load_abbreviations() is forms


def test_segment_sets_sentences_on_the_document() -> None:
    text = "هاجم مسلحون حاجزا للجيش. وردت القوات بقصف مدفعي."
    doc = Document(id="a1", provenance=Provenance(source="-", format="text"), raw_text=text, text=text)
    out = segment(doc)
    assert out.sentences == (Span(0, 24), Span(25, 48))
    assert out.text == doc.text and out.id == doc.id
    assert doc.sentences == ()


# Properties: the sentences partition the non-space characters of any text.

_PIECES = st.sampled_from(
    [
        "قال",
        "الجيش",
        "د.",
        "م.",
        "ق.م.",
        "U.S.",
        "3.5",
        "٣٫٥",
        "2021",
        "...",
        "…",
        ".",
        "؟",
        "?",
        "!",
        "؛",
        "«",
        "»",
        "“",
        "”",
        '"',
        "(",
        ")",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\u2029",
        "\t",
        "\u00a0",
        "\u200f",
        "\u200c",
        "ـ",
        "هـ.",
        "1.",
        "إف.بي.آي",
        "www.x.org",
        "ﻻ",
        "😀",
        "-",
    ]
)
TEXTS = st.one_of(st.lists(_PIECES, max_size=40).map("".join), st.text(max_size=80))


def _check_partition(text: str, spans: tuple[Span, ...]) -> None:
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        previous_end = span.end
    covered = [False] * len(text)
    for span in spans:
        for i in range(span.start, span.end):
            covered[i] = True
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i], (i, ch)


@settings(max_examples=500)
@given(TEXTS)
@example("«قال. نعم» . »")
@example(". قال")
@example('"" . "')
def test_sentences_are_sorted_disjoint_trimmed_and_cover_every_visible_character(text: str) -> None:
    _check_partition(text, split_sentences(text))


@given(TEXTS)
def test_splitting_is_deterministic_and_line_local(text: str) -> None:
    assert split_sentences(text) == split_sentences(text)
    # A line break always ends a sentence: no span crosses one.
    for span in split_sentences(text):
        assert len(span.of(text).splitlines()) == 1


def test_seed_article_partition(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    spans = split_sentences(text)
    _check_partition(text, spans)
    quoted = [s.of(text) for s in spans if "«" in s.of(text)]
    assert quoted and all(s.count("«") == s.count("»") for s in quoted)


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        (
            "دبي، الإمارات العربية المتحدة (CNN)-- استقبل وزير الدفاع نظيره الأردني.",
            "دبي، الإمارات العربية المتحدة (CNN)--",
        ),
        ("بغداد ـ رويترز: قتل خمسة أشخاص في انفجار.", "بغداد ـ رويترز:"),
        ("كراكس ـ أ.ف.ب: دافع الرئيس عن قراره.", "كراكس ـ أ.ف.ب:"),
    ],
)
def test_a_dateline_is_a_piece_of_its_own(text: str, dateline: str) -> None:
    first = split_sentences(text)[0]
    assert text[first.start : first.end] == dateline


def test_a_reporting_clause_is_no_dateline() -> None:
    text = "قال الوزير - في مؤتمر صحفي: إن القوات انسحبت."
    assert len(split_sentences(text)) == 1
