"""The reviewed pattern list: every row fires on its example and on no article sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.clean.patterns import (
    REASONS,
    SHORT_LINE,
    Pattern,
    Rules,
    fold,
    fold_reference,
    is_anchored,
    is_line_bounded,
)

RULES = Rules.load()
LINE_PATTERNS = [p for p in RULES.patterns if p.kind != "trim"]

# Article sentences written for these tests, several chosen to look a little like boilerplate:
# privacy and cookie laws, a share of the vote, «تابع» and «شارك» as verbs, reported speech
# about rights and opinions, app and newsletter words in news prose.
ARTICLE_SENTENCES = [
    "وأقر مجلس النواب قانون حماية البيانات الشخصية الذي يلزم الشركات بنشر سياسة الخصوصية بلغة عربية واضحة.",
    "سياسة الخصوصية الجديدة تثير الجدل",
    "وحصل الحزب على حصة 34 في المئة من الأصوات، فيما بلغت نسبة المشاركة 41 في المئة.",
    "شارك آلاف المتظاهرين في مسيرة حاشدة وسط العاصمة.",
    "وقالت الهيئة إن المواقع الإخبارية ملزمة بطلب موافقة الزوار قبل تخزين ملفات تعريف الارتباط على أجهزتهم.",
    "وتابع البيان أن القوات دمرت ثلاثة مستودعات للذخيرة.",
    "تابع الرئيس الفرنسي المباراة من المدرجات إلى جانب رئيس الاتحاد.",
    "وقال إن تصريحات الوزير لا تعبر عن رأي الحكومة.",
    "كتب الرئيس في تغريدة على تويتر أن بلاده لن تتراجع.",
    "نشر الجيش تعزيزات إضافية على الحدود الشمالية.",
    "وأكد أن جميع الحقوق محفوظة للاجئين بموجب القانون الدولي.",
    "وأطلقت الوزارة تطبيقاً على الهاتف المحمول لتسجيل النازحين.",
    "ويمكنك تحديث التطبيق على جهازك من المتجر إذا توقف عن العمل.",
    "الصورة التي نشرها الجيش أظهرت دماراً واسعاً في الحي.",
    "وقالت المذيعة في النشرة الإخبارية المسائية إن الحكومة استقالت.",
    "اشترك الجيشان في مناورات بحرية على سواحل البحر الأحمر.",
    "انضم الوزير إلى الاجتماع عبر الفيديو من جنيف.",
    "المزيد من الضحايا سقطوا في القصف الأخير على المدينة.",
    "إغلاق المعابر الحدودية أدى إلى نقص حاد في الوقود.",
    "التعليقات التي أدلى بها الوزير أثارت غضب المعارضة.",
    "ما رأيك في الاتفاق؟ سأل الصحفي الوزير.",
    "الوسوم التي استخدمها الناشطون على تويتر انتشرت بسرعة.",
    "بقلم الرصاص وقع الطلاب على العريضة.",
    "تنويه الرئيس بدور الجيش جاء في خطاب متلفز.",
    "شاهد عيان قال إن الانفجار وقع قرب السوق.",
    "وذكرت وكالة فرانس برس أن الهجوم أوقع عشرات القتلى.",
    "رويترز: مقتل 12 في هجوم على قافلة",
    "إعلان الرئيس حالة الطوارئ جاء بعد الفيضانات.",
    "الأكثر تضرراً هم الأطفال وكبار السن.",
    "حمل المتظاهرون لافتات كتب عليها «لا للحرب».",
    "وسجل الاقتصاد نمواً بنسبة ٣ في المئة خلال الربع الأول.",
    "وتبلغ حصة الحكومة في الشركة 51 بالمئة بعد عملية البيع.",
    "آخر تحديث للحصيلة أشار إلى سقوط 40 قتيلاً.",
    "نشر في الجريدة الرسمية مرسوم بتعيين ١٢ محافظاً.",
    "الكاتب الصحفي المعروف توفي صباح اليوم عن 80 عاماً.",
    "ودعت المنظمة إلى احترام الخصوصية الرقمية للمواطنين وحماية بياناتهم.",
    'قال الوزير للصحفيين: "We will not back down".',
    "الجمعة المقبلة موعد جديد للتظاهرات في ١٢ مدينة.",
    "الرئيسية في هذا الملف هي مسألة الحدود، بحسب دبلوماسيين.",
    "ردود فعل دولية",
    "الأنفاس الأخيرة للمسلحين",
    "Labour's share of the vote rose to 34 percent.",
    "The regulator said websites must ask before they store cookies on a device.",
    "By Tuesday the count was over.",
    "Privacy policy changes at the company drew criticism from regulators.",
    "Users were urged to download the app before the vote.",
    "The court rejected the copyright claim.",
    "Subscribers to the newsletter rose by a third last year, the company said.",
    "More than 40 people were killed in the attack.",
    "Close to 200 families fled the town overnight.",
    "Home prices rose 3 percent in March.",
]

# Boilerplate lines in spelling variants the examples do not show: hamza and alef forms,
# ى/ي, tanwin, shadda, Arabic-Indic digits, tatweel.
VARIANTS = [
    ("إقرأ أيضا", "read-also"),
    ("اقرأ ايضاً:", "read-also"),
    ("تابعونا علي تويتر", "follow"),
    ("الرئيسيّة / أخبار / العراق", "navigation"),
    ("إغلاق", "navigation"),
    ("اغلاق", "navigation"),
    ("جميع الحقوق محفوظة ٢٠٢٤", "copyright"),
    ("كافة الحقوق محفوظة لموقع المرصد", "copyright"),
    ("آخر تحديث: ٠٩:١٥ صباحاً", "timestamp"),
    ("تنويه : كل المقالات المنشورة تعبر عن رأي كاتبيها فقط", "disclaimer"),
    ("تنويه: كافة المقالات المنشورة تمثّل رأي كتّابها", "disclaimer"),
    ("أضف تعليقاً", "comments"),
    ("حمّـل تطبيقنا الآن", "app-download"),
    ("مساحة إعلانيّة", "ad"),
    ("الكلمات الدالة:", "tags"),
    ("Read More »", "navigation"),
    ("CLOSE", "navigation"),
    ("© 2021 Al Example. All rights reserved.", "copyright"),
]


def _rules_with(rows: list[str], version: str = "# version: 1") -> str:
    header = "\t".join(("id", "reason", "language", "kind", "requires", "regex", "example", "note"))
    return "\n".join([version, header, *rows]) + "\n"


PROSE = json.dumps({"version": 1, "ar": ["أن"], "en": ["said"]})


def test_pattern_file_is_versioned_and_complete() -> None:
    assert RULES.version >= 1
    assert len(RULES.patterns) >= 40
    assert len({p.id for p in RULES.patterns}) == len(RULES.patterns)
    assert {p.reason for p in RULES.patterns} <= REASONS
    assert Rules.load() is RULES  # loaded once per process


@pytest.mark.parametrize("pattern", RULES.patterns, ids=lambda p: p.id)
def test_pattern_matches_its_example(pattern: Pattern) -> None:
    assert pattern.example, "every row carries an example line"
    assert pattern.matches(pattern.example)


@pytest.mark.parametrize("pattern", LINE_PATTERNS, ids=lambda p: p.id)
def test_example_is_removed_with_the_patterns_reason(pattern: Pattern) -> None:
    _, hit = RULES.match_line(pattern.example)
    assert hit is not None
    assert hit.reason == pattern.reason


@pytest.mark.parametrize("pattern", [p for p in LINE_PATTERNS if p.line_bounded], ids=lambda p: p.id)
def test_whole_line_examples_are_short(pattern: Pattern) -> None:
    # Whole-line rows are not tried on lines longer than SHORT_LINE (see patterns.py).
    assert len(pattern.example) <= SHORT_LINE


@pytest.mark.parametrize("sentence", ARTICLE_SENTENCES)
def test_no_pattern_matches_an_article_sentence(sentence: str) -> None:
    assert [p.id for p in RULES.patterns if p.matches(sentence)] == []
    assert RULES.match_line(sentence)[1] is None


@pytest.mark.parametrize(("line", "reason"), VARIANTS)
def test_spelling_variants_match(line: str, reason: str) -> None:
    _, hit = RULES.match_line(line)
    assert hit is not None and hit.reason == reason


def test_dev_sentences_match_no_pattern(shared_dir: Path) -> None:
    eval_dir = shared_dir / "eval"
    hits = []
    for name in ("gsr_dev.jsonl", "negatives_dev.jsonl", "detection_dev.jsonl"):
        for record in (json.loads(line) for line in (eval_dir / name).read_text(encoding="utf-8").splitlines()):
            for line in record["text"].split("\n"):
                if line.strip():
                    _, hit = RULES.match_line(line.strip())
                    if hit is not None:
                        hits.append((hit.id, line))
    assert hits == []


def test_trim_cuts_only_the_artefact() -> None:
    cut = RULES.trim("قال الوزير إن «الأمر انتهى».,")
    assert cut is not None
    kept, suffix, pattern = cut
    assert (kept, suffix, pattern.reason) == ("قال الوزير إن «الأمر انتهى».", ",", "trailing-punctuation")
    assert RULES.trim("قال الوزير إن «الأمر انتهى».") is None
    assert RULES.trim("تضم اللائحة العراق، سوريا،") is None  # a comma after a word is not an artefact


def test_fold_collapses_spelling_variants() -> None:
    assert fold("اقرأ أيضاً") == fold("إقرا ايضا") == "اقرا ايضا"
    assert fold("الرئيسيّة") == "الرءيسيه"
    assert fold("آخر تحديث: ١٢:٣٠") == "اخر تحديث: 12:30"
    assert fold("Privacy POLICY") == "privacy policy"


@given(st.text(alphabet=st.sampled_from("ابتةىيأإآٱیکؤئء٠١٩٫٬،ًٌٍَُِّْـ\u200c AbZ.,«»"), max_size=40))
def test_fast_fold_equals_the_reference_fold(text: str) -> None:
    assert fold(text) == fold_reference(text)


@pytest.mark.parametrize(
    ("regex", "anchored", "bounded"),
    [
        (r"^a|^b", True, False),
        (r"^a|b", False, False),
        (r"^(?:a|b)$", True, True),
        (r"^[|]a$|^b$", True, True),
        (r"^a\$", True, False),
    ],
)
def test_branch_analysis(regex: str, anchored: bool, bounded: bool) -> None:
    assert is_anchored(regex) is anchored
    assert is_line_bounded(regex) is bounded


@pytest.mark.parametrize(
    ("rows", "version", "message"),
    [
        (["x\tnavigation\ten\tline\t\t^close$\tClose\t"], "", "version"),
        (["x\tnavigation\ten\tline\t\t^close$\tClose\t"] * 2, "# version: 1", "duplicate"),
        (["x\tnavigation\ten\tline\t\tclose\tClose\t"], "# version: 1", "requires"),
        (["x\tnavigation\ten\tline\t\t^(close$\tClose\t"], "# version: 1", "x"),
        (["x\tmystery\ten\tline\t\t^close$\tClose\t"], "# version: 1", "reason"),
        (["x\tnavigation\ten\tline\t^close$\tClose"], "# version: 1", "cells"),
    ],
)
def test_malformed_pattern_files_fail_loudly(rows: list[str], version: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Rules.parse(_rules_with(rows, version), PROSE)
