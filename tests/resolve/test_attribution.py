"""Attribution and claims: reporting verbs, «according to» phrases, quotes, continuation, kinds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rasd.arabic.normalise import MatchView
from rasd.arabic.segment import split_sentences
from rasd.model import Actor, Claim, Document, Event, Provenance, Span
from rasd.resolve.attribution import Attributor, ReportingLexicon, find_claims


def claims_of(text: str, actors: tuple[Actor, ...] = ()) -> tuple[Claim, ...]:
    return find_claims(text, MatchView.of(text), split_sentences(text), actors)


def only(text: str) -> Claim:
    found = claims_of(text)
    assert len(found) == 1, [(c.verb, c.attribution.text) for c in found]
    return found[0]


def test_lexicon_loads_fast_and_once() -> None:
    lexicon = ReportingLexicon.load()
    assert lexicon is ReportingLexicon.load()
    assert lexicon.cues.size > 90


@pytest.mark.parametrize(
    ("text", "verb", "source"),
    [
        ("قال وزير الخارجية المصري إن المفاوضات ستستأنف الأسبوع المقبل.", "قال", "وزير الخارجية المصري"),
        ("وقالت وزارة الصحة إن عدد المصابين ارتفع إلى ٤٠ شخصاً.", "وقالت", "وزارة الصحة"),
        ("وأوضح المتحدث باسم الجيش أن القوات انسحبت من الموقع.", "وأوضح", "المتحدث باسم الجيش"),
        ("وأكدت الشرطة أن المشتبه به اعتقل فجر اليوم.", "وأكدت", "الشرطة"),
        ("وأضاف محافظ البصرة أن الطريق أعيد فتحه.", "وأضاف", "محافظ البصرة"),
        ("وكشفت مصادر أمنية عن اعتقال خلية في الموصل.", "وكشفت", "مصادر أمنية"),
        ("وأعلن الجيش الإسرائيلي أنه قصف مواقع في جنوب لبنان.", "وأعلن", "الجيش الإسرائيلي"),
        ("وأفادت وكالة رويترز بأن الاجتماع انتهى دون اتفاق.", "وأفادت", "وكالة رويترز"),
        ("وذكرت صحيفة الأهرام أن الحكومة ستعلن الخطة غداً.", "وذكرت", "صحيفة الأهرام"),
        ("وصرح رئيس الوزراء العراقي بأن الانتخابات ستجري في موعدها.", "وصرح", "رئيس الوزراء العراقي"),
        ("وأشار التقرير إلى أن الخسائر تجاوزت مليون دولار.", "وأشار", "التقرير"),
        ("ولفت النائب إلى أن البرلمان لم يصوت على القانون.", "ولفت", "النائب"),
        ("وشدد الأمين العام على أن الحل يجب أن يكون سياسياً.", "وشدد", "الأمين العام"),
        ("ونفت الحكومة الأردنية أن تكون قد تلقت أي طلب.", "ونفت", "الحكومة الأردنية"),
        ("وزعم المتمردون أنهم أسقطوا طائرة مسيرة.", "وزعم", "المتمردون"),
        ("وحذرت الأمم المتحدة من أن الوضع الإنساني يتدهور.", "وحذرت", "الأمم المتحدة"),
    ],
)
def test_reporting_verb_families(text: str, verb: str, source: str) -> None:
    claim = only(text)
    assert claim.verb == verb
    assert claim.attribution.text == source
    assert claim.evidence.of(text) == text


def test_indirect_speech_is_the_claim_text() -> None:
    claim = only("وقالت الشرطة إن ثلاثة أشخاص أصيبوا في الانفجار.")
    assert claim.text == "ثلاثة أشخاص أصيبوا في الانفجار"
    assert claim.quoted is False


@pytest.mark.parametrize(
    "text",
    [
        "وقال قائد الشرطة: «لن نسمح بأي فوضى في المدينة».",
        'وقال قائد الشرطة: "لن نسمح بأي فوضى في المدينة".',
        "وقال قائد الشرطة: “لن نسمح بأي فوضى في المدينة”.",
    ],
)
def test_direct_quotes_in_every_quote_style(text: str) -> None:
    claim = only(text)
    assert claim.quoted is True
    assert claim.text == "لن نسمح بأي فوضى في المدينة"
    assert claim.attribution.kind == "named_person"


def test_quote_after_an_inna_marker_is_quoted() -> None:
    claim = only("وقال البيان إن «القوات دمرت ثلاثة مخازن للأسلحة».")
    assert claim.quoted is True
    assert claim.text == "القوات دمرت ثلاثة مخازن للأسلحة"


def test_participles_continue_the_speaker_of_the_sentence() -> None:
    found = claims_of("وأكد وزير الداخلية أن الحدود آمنة، مضيفاً أن الدوريات ستتضاعف، ومشيراً إلى أن التهريب تراجع.")
    assert [c.verb for c in found] == ["وأكد", "مضيفاً", "ومشيراً"]
    assert {c.attribution.text for c in found} == {"وزير الداخلية"}
    assert found[1].text == "الدوريات ستتضاعف"
    assert found[2].text == "التهريب تراجع"


def test_participle_opening_a_sentence_continues_the_previous_speaker() -> None:
    found = claims_of("أكد مصدر أمني مطلع في بغداد أن الهجوم استهدف قافلة. مبيناً بأن «المنفذين فروا باتجاه الصحراء».")
    assert [c.attribution.kind for c in found] == ["anonymous", "anonymous"]
    assert found[1].attribution.text == "مصدر أمني مطلع"
    assert found[1].quoted is True
    assert found[1].text == "المنفذين فروا باتجاه الصحراء"


def test_subjectless_verb_continues_the_previous_speaker() -> None:
    found = claims_of("وقال الرئيس التونسي إن البلاد تمر بمرحلة صعبة. وأضاف: «سنتجاوزها معاً».")
    assert found[1].attribution.text == "الرئيس التونسي"
    assert found[1].quoted is True


def test_definite_head_refers_back_to_the_source_introduced_before() -> None:
    found = claims_of("كشف مصدر عسكري رفيع أن الجيش نقل تعزيزات إلى الحدود. وأوضح المصدر أن التعزيزات تضم دبابات.")
    assert found[1].attribution.text == "المصدر"
    assert found[1].attribution.kind == "anonymous"


def test_the_statement_is_the_institution_that_issued_it() -> None:
    text = (
        "بحسب وزارة الدفاع الأميركية (البنتاغون) فإن الطائرات عادت إلى قواعدها. "
        "الوزارة قالت في بيان إن العملية حققت أهدافها. "
        "وتابع البيان أن «الضربات كانت دقيقة»."
    )
    found = claims_of(text)
    assert [c.attribution.text for c in found] == ["وزارة الدفاع الأميركية (البنتاغون)", "الوزارة", "البيان"]
    assert {c.attribution.kind for c in found} == {"institution"}
    assert {c.attribution.country for c in found} == {"USA"}
    assert found[0].text == "الطائرات عادت إلى قواعدها"


def test_according_to_after_the_report() -> None:
    text = "وقتل خمسة مدنيين في غارة على قرية شمالي إدلب، بحسب المرصد السوري لحقوق الإنسان."
    claim = only(text)
    assert claim.verb == "بحسب"
    assert claim.attribution.text == "المرصد السوري لحقوق الإنسان"
    assert claim.attribution.kind == "institution"
    assert claim.text == "وقتل خمسة مدنيين في غارة على قرية شمالي إدلب"


def test_wifqan_li_before_the_report() -> None:
    claim = only("ووفقاً لوكالة الأنباء الرسمية، فإن الرئيس سيزور الجزائر الشهر المقبل.")
    assert claim.attribution.kind == "media"
    assert claim.attribution.text == "لوكالة الأنباء الرسمية"
    assert claim.text == "الرئيس سيزور الجزائر الشهر المقبل"


def test_naqlan_an_and_hasbama() -> None:
    first = only("وأصيب جنديان في انفجار عبوة ناسفة، نقلاً عن مصادر طبية.")
    assert first.attribution.kind == "anonymous"
    assert first.attribution.text == "مصادر طبية"
    second = only("وسيتوجه الوفد إلى القاهرة، حسبما أفاد التلفزيون الرسمي.")
    assert second.verb == "أفاد"
    assert second.attribution.kind == "media"


def test_according_to_a_plan_is_not_a_source() -> None:
    assert claims_of("وجرى تسليم السلاح وفق الجدول الزمني المتفق عليه.") == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("وقال مسؤول أميركي طلب عدم الكشف عن اسمه إن المحادثات متعثرة.", "anonymous"),
        ("وقال شهود عيان إن الدخان غطى السوق.", "anonymous"),
        ("وقال سفير غربي إن العقوبات ستشدد.", "anonymous"),
        ("وقالت قناة الجزيرة إن الطريق قطع.", "media"),
        ("وذكرت المنصات التابعة للفصائل أن المقار أخليت مسبقاً.", "media"),
        ("وقال بيان إن الاجتماع تأجل إلى موعد لاحق.", "document"),
        ("وذكر بيان للحكومة أن الوزير استقال.", "institution"),
        ("وأكدت إيران أن برنامجها سلمي.", "institution"),
        ("وقال الجنرال كينيث ماكنزي إن القوات باقية.", "named_person"),
    ],
)
def test_source_kinds(text: str, kind: str) -> None:
    assert only(text).attribution.kind == kind


def test_named_person_with_role_country_and_name() -> None:
    claim = only("وقال وزير الدفاع الأمريكي الجنرال لويد أوستن إن الرد كان متناسباً.")
    attribution = claim.attribution
    assert attribution.kind == "named_person"
    assert attribution.role == "وزير الدفاع الأمريكي"
    assert attribution.country == "USA"
    assert attribution.name == "لويد أوستن"


def test_actor_mentions_give_the_canonical_name() -> None:
    text = "وقال وزير الدفاع الأميركي لويد أوستن إن الرد كان متناسباً."
    start = text.index("لويد")
    actor = Actor("لويد أوستن", "Lloyd Austin", "USA", "GOV", Span(start, start + len("لويد أوستن")))
    attribution = claims_of(text, (actor,))[0].attribution
    assert attribution.name == "Lloyd Austin"
    assert attribution.country == "USA"


def test_subject_before_the_verb() -> None:
    found = claims_of("وكانت الفصائل المسلحة قد أعلنت في وقت سابق أنها انسحبت من المعبر.")
    assert found[0].attribution.text == "الفصائل المسلحة"
    assert found[0].text == "انسحبت من المعبر"


def test_spelling_variants_and_diacritics() -> None:
    claim = only("وأكّد الناطقُ باسم الحكومة الأميركيّة أنّ الإجراءات مؤقتة.")
    assert claim.verb == "وأكّد"
    assert claim.attribution.text == "الناطقُ باسم الحكومة الأميركيّة"
    assert claim.attribution.country == "USA"


def test_look_alike_nouns_are_not_reporting_verbs() -> None:
    text = "وفي إشارة إلى التوتر، رفعت السلطات حالة التأهب. واحتفل السكان بذكرى التحرير."
    assert claims_of(text) == ()


def _document(text: str, events: tuple[Event, ...]) -> Document:
    return Document(
        id="t",
        provenance=Provenance("-", "text"),
        raw_text=text,
        text=text,
        view=MatchView.of(text),
        sentences=split_sentences(text),
        events=events,
    )


def _event(text: str, sentence: str, trigger: str) -> Event:
    start = text.index(sentence)
    t = text.index(trigger, start)
    return Event("ASSAULT", Span(start, start + len(sentence)), trigger=Span(t, t + len(trigger)))


def test_events_take_the_attribution_of_their_clause() -> None:
    reported = "وقالت الشرطة إن مسلحين هاجموا حاجزاً أمنياً في كركوك."
    spoken = "واتهم المحافظ جهات خارجية بتمويل المهاجمين."
    narrated = "واندلعت اشتباكات قرب الحاجز."
    text = " ".join([reported, spoken, narrated])
    events = (
        _event(text, reported, "هاجموا"),
        dataclasses.replace(_event(text, spoken, "واتهم"), type="ACCUSE"),
        _event(text, narrated, "اشتباكات"),
    )
    doc = Attributor.load()(_document(text, events))
    assert doc.events[0].attribution is not None
    assert doc.events[0].attribution.text == "الشرطة"
    assert doc.events[1].attribution is None  # the accusation is the governor's own act
    assert doc.events[2].attribution is None
    assert [c.attribution.text for c in doc.claims] == ["الشرطة", "المحافظ"]


def test_event_inside_a_quote_spanning_sentences() -> None:
    text = "وقال البيان: «استهدفت طائراتنا مخزناً للذخيرة. ودمرت الغارة منصتين للصواريخ»."
    doc = Attributor.load()(_document(text, (_event(text, text, "ودمرت"),)))
    assert doc.events[0].attribution is not None
    assert doc.events[0].attribution.kind == "document"


def test_seed_article_attributions(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    found = claims_of(text)
    kinds = {(c.attribution.kind, c.attribution.text) for c in found}
    assert ("anonymous", "مصدر سياسي مطلع") in kinds
    assert ("institution", "وزارة الدفاع الأمريكية (البنتاغون)") in kinds
    assert ("institution", "البيان") in kinds
    assert ("media", "المنصات التابعة لميليشيات الحشد الشعبي") in kinds
    austin = next(c.attribution for c in found if "أوستن" in c.attribution.text)
    assert austin.kind == "named_person"
    assert austin.country == "USA"
