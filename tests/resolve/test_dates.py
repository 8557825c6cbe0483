"""Date expressions resolved against the publication date, and the date stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from rasd.arabic.normalise import MatchView
from rasd.model import Document, Event, Place, Provenance, Span
from rasd.resolve.dates import find_dates, is_historical, resolve_date_expression, resolve_dates

FRIDAY = dt.date(2021, 2, 26)
MONDAY = dt.date(2021, 3, 1)
SATURDAY_NEW_YEAR = dt.date(2021, 1, 2)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("اليوم الجمعة", FRIDAY, dt.date(2021, 2, 26)),
        ("الجمعة", FRIDAY, dt.date(2021, 2, 26)),
        ("يوم الجمعة", MONDAY, dt.date(2021, 2, 26)),
        ("الجمعة الماضي", MONDAY, dt.date(2021, 2, 26)),
        ("الجمعة الماضية", FRIDAY, dt.date(2021, 2, 19)),
        ("مساء الخميس", FRIDAY, dt.date(2021, 2, 25)),
        ("الخميس", SATURDAY_NEW_YEAR, dt.date(2020, 12, 31)),
        ("الأحد الماضي", dt.date(2021, 2, 28), dt.date(2021, 2, 21)),
        ("الأحد", dt.date(2021, 2, 28), dt.date(2021, 2, 28)),
        ("والثلاثاء", dt.date(2021, 1, 1), dt.date(2020, 12, 29)),
        ("أمس", FRIDAY, dt.date(2021, 2, 25)),
        ("بالأمس", MONDAY, dt.date(2021, 2, 28)),
        ("البارحة", MONDAY, dt.date(2021, 2, 28)),
        ("أمس الأول", MONDAY, dt.date(2021, 2, 27)),
        ("أول من أمس", FRIDAY, dt.date(2021, 2, 24)),
        ("اليوم", FRIDAY, FRIDAY),
        ("فجر اليوم", MONDAY, MONDAY),
        ("مساء أمس", SATURDAY_NEW_YEAR, dt.date(2021, 1, 1)),
        ("الليلة الماضية", SATURDAY_NEW_YEAR, dt.date(2021, 1, 1)),
        ("قبل يومين", MONDAY, dt.date(2021, 2, 27)),
        ("قبل ثلاثة أيام", MONDAY, dt.date(2021, 2, 26)),
        ("منذ ٣ أيام", MONDAY, dt.date(2021, 2, 26)),
        ("27 ديسمبر الماضي", dt.date(2021, 1, 5), dt.date(2020, 12, 27)),
        ("27 كانون الأول", dt.date(2021, 1, 5), dt.date(2020, 12, 27)),
        ("3 يناير", dt.date(2021, 1, 5), dt.date(2021, 1, 3)),
        ("26 شباط/فبراير 2021", None, dt.date(2021, 2, 26)),
        ("٢٦ فبراير/ شباط ٢٠٢١", None, dt.date(2021, 2, 26)),
        ("في 20 يناير/كانون الثاني", dt.date(2018, 4, 5), dt.date(2018, 1, 20)),
        ("18 مارس/آذار", dt.date(2018, 4, 5), dt.date(2018, 3, 18)),
        ("5 آب 2020", None, dt.date(2020, 8, 5)),
        ("14 جويلية 2019", None, dt.date(2019, 7, 14)),
        ("1 فيفري", FRIDAY, dt.date(2021, 2, 1)),
        ("9 أوت", FRIDAY, dt.date(2020, 8, 9)),
        ("2021/2/26", None, dt.date(2021, 2, 26)),
        ("26/2/2021", None, dt.date(2021, 2, 26)),
        ("٢٦-٢-٢٠٢١", None, dt.date(2021, 2, 26)),
        ("15 رمضان 1442 هـ", None, dt.date(2021, 4, 27)),
        ("الموافق ١ شوال ١٤٤٢هـ", None, dt.date(2021, 5, 13)),
        # a day as an ordinal; a night «X وY» is dated by its later day
        ("في العاشر من تموز/يوليو", FRIDAY, dt.date(2020, 7, 10)),
        ("صباح الحادي والعشرين من شباط", FRIDAY, dt.date(2021, 2, 21)),
        ("ليلة الرابع عشر والخامس عشر من كانون الثاني", FRIDAY, dt.date(2021, 1, 15)),
        ("الأول من كانون الأول الماضي", FRIDAY, dt.date(2020, 12, 1)),
        ("في الثالث من شهر رمضان 1442 هـ", None, dt.date(2021, 4, 15)),
    ],
)
def test_day_precision_expressions(text: str, published: dt.date | None, expected: dt.date) -> None:
    mention = resolve_date_expression(text, published)
    assert mention is not None
    assert mention.precision == "day"
    assert mention.date == expected


def test_weekday_arithmetic_never_lands_after_publication() -> None:
    published = dt.date(2021, 1, 2)
    days = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
    for name in days:
        for suffix in ("", " الماضي"):
            mention = resolve_date_expression(name + suffix, published)
            assert mention is not None and mention.date is not None
            assert published - dt.timedelta(days=7) <= mention.date <= published


@pytest.mark.parametrize(
    ("text", "published", "precision", "first_day"),
    [
        ("الشهر الماضي", FRIDAY, "month", dt.date(2021, 1, 1)),
        ("الشهر الماضي", dt.date(2021, 1, 10), "month", dt.date(2020, 12, 1)),
        ("الأسبوع الماضي", FRIDAY, "week", dt.date(2021, 2, 19)),
        ("العام الماضي", FRIDAY, "year", dt.date(2020, 1, 1)),
        ("منتصف يوليو (تموز)", FRIDAY, "month", dt.date(2020, 7, 1)),
        ("أغسطس،آب الماضي", dt.date(2018, 3, 3), "month", dt.date(2017, 8, 1)),
        ("في أيار/مايو", dt.date(2018, 5, 31), "month", dt.date(2018, 5, 1)),
        ("شهر مارس 2019", FRIDAY, "month", dt.date(2019, 3, 1)),
        ("عام 2003", FRIDAY, "year", dt.date(2003, 1, 1)),
        ("قبل أسبوعين", FRIDAY, "week", dt.date(2021, 2, 12)),
    ],
)
def test_coarse_periods_carry_their_precision(
    text: str, published: dt.date, precision: str, first_day: dt.date
) -> None:
    mention = resolve_date_expression(text, published)
    assert mention is not None
    assert (mention.precision, mention.date) == (precision, first_day)


@pytest.mark.parametrize("text", ["أمس", "الجمعة", "الأحد الماضي", "قبل يومين", "27 ديسمبر الماضي", "الشهر الماضي"])
def test_relative_expressions_stay_unresolved_without_publication_date(text: str) -> None:
    mention = resolve_date_expression(text, None)
    assert mention is not None
    assert mention.date is None


@pytest.mark.parametrize(
    "text",
    [
        "لليوم الثاني على التوالي",
        "في اليوم التالي",
        "في اليوم نفسه",
        "مارس الضغط على الحكومة",
        "قال أحد المسؤولين",
        "أطلق 14 صاروخا",
        "رفع الأب دعوى",
    ],
)
def test_words_that_are_not_dates(text: str) -> None:
    assert resolve_date_expression(text, FRIDAY) is None


def test_vague_ago_is_found_but_not_resolved() -> None:
    mention = resolve_date_expression("قتل في هجوم قبل أيام", FRIDAY)
    assert mention is not None and mention.kind == "ago" and mention.date is None


def test_find_dates_spans_index_the_display_text() -> None:
    text = "وقال مسؤولون إنّ القصف وقع فجرَ اليوم الجمعة، بعد غارة في ٢٠ كانون الثاني/يناير الماضي."
    mentions = find_dates(MatchView.of(text), FRIDAY)
    assert [m.span.of(text) for m in mentions] == ["فجرَ اليوم الجمعة", "٢٠ كانون الثاني/يناير الماضي"]
    assert [m.date for m in mentions] == [FRIDAY, dt.date(2021, 1, 20)]


def test_historical_hint_for_periods_well_before_publication() -> None:
    old = resolve_date_expression("عام 2003", FRIDAY)
    recent = resolve_date_expression("الأحد الماضي", FRIDAY)
    assert old is not None and recent is not None
    assert is_historical(old, FRIDAY)
    assert not is_historical(recent, FRIDAY)


# -- the stage ---------------------------------------------------------------------------


def _doc(text: str, published: dt.date | None, triggers: list[tuple[str, str]]) -> Document:
    """Build a segmented document whose events sit on the given (type, trigger word) pairs."""
    sentences, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        sentences.append(Span(start, min(end, len(text))))
        start = end + 1
    events = []
    for kind, word in triggers:
        at = text.index(word)
        sentence = next(s for s in sentences if s.start <= at < s.end)
        events.append(Event(type=kind, evidence=sentence, trigger=Span(at, at + len(word))))
    return Document(
        id="t",
        provenance=Provenance("t", "text"),
        raw_text=text,
        text=text,
        published=published,
        view=MatchView.of(text),
        sentences=tuple(sentences),
        events=tuple(events),
    )


def test_stage_dates_each_event_from_the_expression_nearest_its_trigger() -> None:
    text = (
        "وشنت القوات التركية هجوما على عفرين في 20 يناير/كانون الثاني، "
        "وسيطرت على المدينة في 18 مارس/آذار. وقال الرئيس اليوم الخميس إن العملية مستمرة."
    )
    doc = resolve_dates(
        _doc(text, dt.date(2018, 4, 5), [("ASSAULT", "هجوما"), ("OCCUPY", "وسيطرت"), ("ACCUSE", "وقال")])
    )
    assert [e.date for e in doc.events] == [dt.date(2018, 1, 20), dt.date(2018, 3, 18), dt.date(2018, 4, 5)]
    assert [e.historical for e in doc.events] == [True, False, False]


def test_stage_continuation_takes_the_lead_date_but_earlier_events_do_not() -> None:
    text = (
        "قتل خمسة جنود في هجوم على حاجز عسكري شمال بغداد مساء الخميس. "
        "وأدى الهجوم إلى إصابة ثلاثة مدنيين. "
        "وكان مسلحون قد هاجموا الحاجز نفسه في وقت سابق"
    )
    doc = resolve_dates(_doc(text, FRIDAY, [("ASSAULT", "هجوم على"), ("ASSAULT", "وأدى"), ("ASSAULT", "هاجموا")]))
    assert [e.date for e in doc.events] == [dt.date(2021, 2, 25), dt.date(2021, 2, 25), None]


def test_stage_never_dates_an_event_after_publication() -> None:
    text = "أعلن الجيش أنه سيبدأ عملية عسكرية الأحد المقبل"
    doc = resolve_dates(_doc(text, FRIDAY, [("THREATEN", "سيبدأ")]))
    assert doc.events[0].date is None


def test_stage_without_publication_date_invents_nothing() -> None:
    text = "كشف مصدر اليوم الجمعة عن اعتقال ثلاثة مشتبه بهم أمس"
    doc = resolve_dates(_doc(text, None, [("COERCE", "اعتقال")]))
    assert doc.events[0].date is None


@pytest.mark.parametrize(
    ("text", "trigger", "expected", "precision"),
    [
        ("وشنت الطائرات غارات على المدينة الشهر الماضي", "غارات", dt.date(2021, 1, 1), "month"),
        ("واعتقلت الشرطة الناشطة في ديسمبر الماضي", "واعتقلت", dt.date(2020, 12, 1), "month"),
        ("وقصفت المدفعية القرى الحدودية العام الماضي", "وقصفت", dt.date(2020, 1, 1), "year"),
        ("وتظاهر آلاف العمال أمام البرلمان عام 2019", "وتظاهر", dt.date(2019, 1, 1), "year"),
        ("وقتل مسلحون جنديين يوم الأحد الماضي", "وقتل", dt.date(2021, 2, 21), "day"),
        # a week or a vague stretch fixes no date
        ("وداهمت القوات المخيم الأسبوع الماضي", "وداهمت", None, None),
        ("وشن الطيران غارات على المنطقة خلال الأسابيع الماضية", "غارات", None, None),
    ],
)
def test_stage_dates_carry_their_precision(
    text: str, trigger: str, expected: dt.date | None, precision: str | None
) -> None:
    doc = resolve_dates(_doc(text, FRIDAY, [("ASSAULT", trigger)]))
    assert (doc.events[0].date, doc.events[0].date_precision) == (expected, precision)
    assert doc.events[0].to_dict(text)["date_precision"] == precision


def test_stage_a_month_in_another_clause_does_not_date_the_event() -> None:
    text = "وقال الوزير إن الاتفاق وقع الشهر الماضي، وانتقد المعارضة بشدة"
    doc = resolve_dates(_doc(text, FRIDAY, [("ACCUSE", "وانتقد")]))
    assert (doc.events[0].date, doc.events[0].date_precision) == (None, None)


def test_stage_a_merged_event_takes_the_day_one_of_its_mentions_names() -> None:
    text = "وأدى الهجوم على القاعدة إلى تدمير طائرتين. وقال الجيش إن مسلحين قصفوا القاعدة بقذائف الهاون فجر الأربعاء"
    doc = _doc(text, FRIDAY, [("ASSAULT", "الهجوم")])
    second = doc.sentences[1]
    merged = replace(doc.events[0], mentions=(doc.events[0].evidence, second))
    out = resolve_dates(replace(doc, events=(merged,)))
    assert (out.events[0].date, out.events[0].date_precision) == (dt.date(2021, 2, 24), "day")


def test_stage_a_statement_takes_the_day_its_speaker_spoke() -> None:
    # the dated reporting clause comes first …
    text = (
        "أعلن وزير الخارجية الأردني أيمن الصفدي في مؤتمر صحفي الثلاثاء أن بلاده ترفض القرار. "
        "وطالب الصفدي المجتمع الدولي بالتحرك لوقف الاستيطان"
    )
    doc = resolve_dates(_doc(text, FRIDAY, [("REJECT", "ترفض"), ("REQUEST", "وطالب")]))
    assert [e.date for e in doc.events] == [dt.date(2021, 2, 23)] * 2
    # … or later in the article
    text = (
        "انتقد الرئيس الفرنسي إيمانويل ماكرون سياسة الحكومة الجديدة. وقال ماكرون، مساء الاثنين، إن باريس لن تقبل بذلك"
    )
    doc = resolve_dates(_doc(text, MONDAY, [("ACCUSE", "انتقد"), ("REJECT", "تقبل")]))
    assert doc.events[0].date == MONDAY


def test_stage_a_statement_is_not_dated_by_the_day_of_what_it_reports() -> None:
    # the day stands in the reported content, or in a relative clause about the attack
    text = "قال الناطق باسم الجيش إن الطائرات قصفت مواقع المسلحين الأحد. واتهم الناطق المسلحين بخرق الهدنة"
    doc = resolve_dates(_doc(text, MONDAY, [("ASSAULT", "قصفت"), ("ACCUSE", "واتهم")]))
    assert [e.date for e in doc.events] == [dt.date(2021, 2, 28), None]
    text = "أكد وزير الداخلية أن أي جهة لم تتبن حتى الآن التفجير الذي استهدف السوق الجمعة"
    doc = resolve_dates(_doc(text, MONDAY, [("ACCUSE", "أكد")]))
    assert doc.events[0].date is None


def test_stage_a_state_named_in_two_statements_does_not_tie_their_days() -> None:
    text = "حذرت تركيا اليونان من تصعيد التوتر في بحر إيجه. وأعلنت تركيا، الأحد، أنها سترسل سفينة تنقيب جديدة"
    doc = _doc(text, MONDAY, [("THREATEN", "حذرت"), ("MOBILIZE", "سترسل")])
    doc = replace(doc, places=(Place("تركيا", country="TUR", span=Span(5, 10)),))
    assert resolve_dates(doc).events[0].date is None


def test_stage_days_counted_from_another_happening_stay_unresolved() -> None:
    mention = resolve_date_expression("قبل ثلاثة أيام من انعقاد القمة", MONDAY)
    assert mention is not None and mention.date is None
    assert resolve_date_expression("قبل ثلاثة أيام", MONDAY).date == dt.date(2021, 2, 26)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "background",
    [
        "ونفذت جماعات مسلحة هجمات مشابهة على مراكز الشرطة",
        "وتصاعدت الهجمات على مراكز الشرطة في السنوات الأخيرة",
    ],
)
def test_stage_other_or_older_happenings_do_not_take_the_lead_date(background: str) -> None:
    text = f"هاجم مسلحون مركزا للشرطة في المدينة مساء الخميس. {background}"
    doc = resolve_dates(_doc(text, FRIDAY, [("ASSAULT", "هاجم"), ("ASSAULT", "هجمات")]))
    assert [e.date for e in doc.events] == [dt.date(2021, 2, 25), None]


def test_multiword_date_words_may_be_spaced_or_broken_over_lines() -> None:
    spaced = resolve_date_expression("الأسبوع  الماضي", FRIDAY)
    assert spaced is not None and (spaced.precision, spaced.date) == ("week", FRIDAY - dt.timedelta(days=7))
    broken = resolve_date_expression("في 3 كانون\nالثاني 2020", FRIDAY)
    assert broken is not None and broken.date == dt.date(2020, 1, 3)


def test_stage_an_undated_event_shares_the_date_of_its_sentence() -> None:
    text = (
        "قتل مسلحون أربعة جنود في هجوم على ثكنة جنوب البلاد مساء الخميس. "
        "وقتلت القوات الأمنية اثنين من المهاجمين واعتقلت ثالثا كان مصابا"
    )
    doc = resolve_dates(_doc(text, FRIDAY, [("ASSAULT", "هجوم على"), ("ASSAULT", "وقتلت"), ("COERCE", "واعتقلت")]))
    thursday = dt.date(2021, 2, 25)
    assert [e.date for e in doc.events] == [thursday, thursday, thursday]


def test_stage_a_dated_mention_of_the_happening_dates_its_later_reports() -> None:
    # No event is read from the denial, but it dates «التفجير» for the sentences after it.
    text = (
        "نفت الحكومة أي صلة لها بالتفجير، الذي وقع مساء الأربعاء. "
        "وأسفر التفجير عن مقتل تسعة أشخاص. "
        "وقتل مسلحون حارسين في هجوم آخر"
    )
    doc = resolve_dates(_on_noun(_doc(text, FRIDAY, [("ASSAULT", "التفجير عن"), ("ASSAULT", "وقتل")])))
    wednesday = dt.date(2021, 2, 24)
    assert [e.date for e in doc.events] == [wednesday, wednesday]
    # a day far from the noun, in another clause, dates something else
    text = "وصل الوفد إلى العاصمة بعد التفجير في وسط المدينة، واجتمع بالرئيس الأربعاء. وأسفر التفجير عن مقتل تسعة"
    doc = resolve_dates(_on_noun(_doc(text, FRIDAY, [("ASSAULT", "التفجير عن")])))
    assert doc.events[0].date is None


def _on_noun(doc: Document) -> Document:
    """Put the first event's trigger on its first word («التفجير عن» → «التفجير»)."""
    first = doc.events[0]
    assert first.trigger is not None
    noun = Span(first.trigger.start, first.trigger.start + len("التفجير"))
    return replace(doc, events=(replace(first, trigger=noun), *doc.events[1:]))
