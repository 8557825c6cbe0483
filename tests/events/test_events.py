"""Event extraction: types, modes, variants, non-event readings and mention merging."""

from __future__ import annotations

import datetime as dt

import pytest

import rasd
from rasd.arabic.normalise import MatchView
from rasd.events.events import EventExtractor
from rasd.events.triggers import PLOVER_TYPES, EventLexicon
from rasd.model import Document, Event, Provenance, Span


@pytest.fixture(scope="module")
def extract() -> EventExtractor:
    return EventExtractor.load()


def make_doc(*sentences: str, published: dt.date | None = dt.date(2021, 3, 1)) -> Document:
    text, spans = "", []
    for sentence in sentences:
        start = len(text)
        text += sentence
        spans.append(Span(start, len(text)))
        text += "\n"
    return Document(
        id="t",
        provenance=Provenance("test", "text"),
        raw_text=text,
        text=text,
        view=MatchView.of(text),
        sentences=tuple(spans),
        published=published,
    )


def events(extract: EventExtractor, *sentences: str) -> list[Event]:
    return list(extract(make_doc(*sentences)).events)


def types(extract: EventExtractor, sentence: str) -> set[str]:
    return {e.type for e in events(extract, sentence) if not e.negated}


@pytest.mark.parametrize(
    ("sentence", "event_type", "mode"),
    [
        ("شنت طائرات حربية غارة جوية على مواقع للمسلحين في ريف إدلب صباح اليوم فقتلت خمسة.", "ASSAULT", "aerial"),
        ("قُتل ثلاثة أشخاص وأُصيب عشرة آخرون بانفجار سيارة مفخخة في سوق شعبي وسط بعقوبة أمس.", "ASSAULT", "explosives"),
        ("فجّر انتحاري نفسه عند حاجز للشرطة في الرمادي صباح الأحد فقتل أربعة منهم.", "ASSAULT", "suicide-attack"),
        ("استهدفت طائرة مسيّرة سيارة تقل قياديين في الجماعة قرب الحدود مساء الجمعة.", "ASSAULT", "drone"),
        ("اغتال مسلحون مجهولون ضابطا كبيرا في الاستخبارات أمام منزله في الموصل الليلة الماضية.", "ASSAULT", "targeted"),
        ("اختطف مسلحون مهندسين أجنبيين على الطريق بين كركوك وتكريت أمس.", "ASSAULT", "abduct"),
        ("أطلق مسلحون النار على حافلة تقل عمالا في ضواحي كراتشي فقتلوا سبعة منهم.", "ASSAULT", "firearms"),
        ("قصفت المدفعية بالصواريخ والقذائف قرى في الريف الجنوبي أمس وقتلت مدنيين.", "ASSAULT", "heavy-weapons"),
        ("أعلن عشرات المعتقلين إضرابا عن الطعام احتجاجا على ظروف احتجازهم في السجن أمس.", "PROTEST", "hunger"),
        ("تظاهر آلاف الطلاب أمس أمام مقر البرلمان في العاصمة احتجاجا على رفع الرسوم الجامعية.", "PROTEST", "demo"),
        ("اعتقلت الشرطة عشرين شخصا خلال مداهمات في حي الكرادة فجر اليوم.", "COERCE", "arrest"),
        ("انسحبت القوات من ثلاث بلدات حدودية صباح الاثنين بموجب الاتفاق.", "RETREAT", "withdraw"),
        ("أجرى الرئيس اتصالاً هاتفياً مع نظيره التركي بحثا خلاله الأوضاع في المنطقة.", "CONSULT", "phone"),
    ],
)
def test_type_and_mode(extract: EventExtractor, sentence: str, event_type: str, mode: str) -> None:
    found = [e for e in events(extract, sentence) if e.type == event_type]
    assert found, f"no {event_type} in {sentence}"
    assert found[0].mode == mode


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        ("اتفقت الحكومة والمعارضة على تشكيل لجنة مشتركة للإشراف على الانتخابات.", "AGREE"),
        ("أشاد وزير الخارجية بالدور الذي قامت به الوساطة القطرية.", "SUPPORT"),
        ("اعترف المتحدث العسكري بوقوع خطأ في تحديد الهدف.", "CONCEDE"),
        ("وقّع البلدان مذكرة تعاون أمني لتبادل المعلومات حول الجماعات المتطرفة.", "COOPERATE"),
        ("قدمت المنظمة مساعدات إنسانية لآلاف النازحين في المخيمات.", "AID"),
        ("طالب المجلس المحلي الحكومة بإعادة فتح المعبر.", "REQUEST"),
        ("اتهمت الخارجية الإيرانية واشنطن بتمويل جماعات مسلحة.", "ACCUSE"),
        ("رفضت الحكومة مقترح المبعوث الدولي لتقاسم السلطة.", "REJECT"),
        ("هدد قائد الميليشيا بمهاجمة القواعد الأجنبية إذا لم تنسحب.", "THREATEN"),
        ("فرضت وزارة الخزانة الأمريكية عقوبات على ثلاث شركات إيرانية.", "SANCTION"),
        ("أرسلت وزارة الدفاع تعزيزات عسكرية إلى الحدود الشمالية.", "MOBILIZE"),
    ],
)
def test_verbal_and_material_types(extract: EventExtractor, sentence: str, event_type: str) -> None:
    assert event_type in types(extract, sentence)


def test_lexicon_covers_every_plover_type() -> None:
    lexicon = EventLexicon.load()
    found = {m.value.type for m in lexicon.triggers.find_all("")} | {
        pattern_type for pattern_type in PLOVER_TYPES if lexicon.triggers.find(_SAMPLES[pattern_type])
    }
    assert found == set(PLOVER_TYPES)


_SAMPLES = {
    "AGREE": "اتفاق",
    "CONSULT": "محادثات",
    "SUPPORT": "اشاد",
    "CONCEDE": "اعتذار",
    "COOPERATE": "تعاون",
    "AID": "مساعدات",
    "RETREAT": "انسحاب",
    "REQUEST": "طالب",
    "ACCUSE": "اتهم",
    "REJECT": "رفض",
    "THREATEN": "هدد",
    "PROTEST": "مظاهره",
    "SANCTION": "عقوبات",
    "MOBILIZE": "تعزيزات",
    "COERCE": "اعتقال",
    "ASSAULT": "هجوم",
}


@pytest.mark.parametrize(
    "word",
    [
        "قصف",
        "يقصف",
        "قصفت",
        "وقصفوا",
        "الغارات",
        "وبغارة",
        "ضرباتها",
        "متظاهرين",
        "والمتظاهرون",
        "للمتظاهرين",
        "اعتُقل",
        "أُصيب",
        "قُتل",
        "هجوماً",
        "اعتداءات",
    ],
)
def test_conjugations_clitics_and_diacritics_match(word: str) -> None:
    view = MatchView.of(word)
    hits = EventLexicon.load().triggers.find(view.text)
    assert hits and hits[0].word_start == 0 and hits[0].word_end == len(view.text)


def test_names_holding_trigger_words_are_not_triggers(extract: EventExtractor) -> None:
    sentence = "التقى الرئيس بايدن قادة من الحشد الشعبي في بغداد."
    assert {"SUPPORT", "MOBILIZE"}.isdisjoint(types(extract, sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "هل كانت الحكومة تتوقع أن تتعرض مقراتها لهجوم بهذا الحجم؟",  # question
        "إذا تعرضت القاعدة لهجوم صاروخي فإن الرد سيكون قاسيا.",  # conditional
        "دعا البابا إلى وقف أعمال العنف والهجمات ضد المدنيين.",  # call to stop
        "أقيم حفل تأبين في الذكرى السنوية لضحايا التفجير.",  # commemoration
        "سجل مهاجم الفريق هدفين في المباراة وقاد هجوم النادي إلى الفوز بالدوري.",  # sport
        "تعرضت الليرة لضربة قوية بعد تراجع الاستثمارات وارتفاع أسعار الدولار في البورصة.",  # economy
        "وضرب مثلاً بالتجربة الماليزية في مكافحة الفقر خلال العقدين الماضيين.",  # idiom
        "أكد الرئيس عزمه على مواصلة مسيرة السلام مع دول الجوار رغم الصعوبات.",  # idiom
    ],
)
def test_non_events(extract: EventExtractor, sentence: str) -> None:
    assert {"ASSAULT", "PROTEST"}.isdisjoint(types(extract, sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "وأحرق المتظاهرون الإطارات أمام مقر البلدية وسط المدينة مساء أمس.",
        "ورشق محتجون غاضبون قوات الأمن بالحجارة أمام مبنى المحافظة اليوم.",
        "اشتبك متظاهرون مع رجال الشرطة في ساحة الشهداء بعد ظهر الجمعة.",
    ],
)
def test_violence_by_protesters_is_a_riot_not_an_assault(extract: EventExtractor, sentence: str) -> None:
    found = [e for e in events(extract, sentence) if not e.negated]
    assert {e.type for e in found} == {"PROTEST"}
    assert [e.mode for e in found] == ["riot"]


def test_police_firing_on_protesters_stays_an_assault(extract: EventExtractor) -> None:
    found = types(extract, "أصابت الشرطة متظاهرين بالرصاص المطاطي في ساحة المدينة أمس.")
    assert "ASSAULT" in found


def test_protest_over_prices_is_not_a_market_figure(extract: EventExtractor) -> None:
    sentence = "تظاهر آلاف العمال أمس في العاصمة احتجاجاً على ارتفاع الأسعار وتدني الأجور."
    assert "PROTEST" in types(extract, sentence)


def test_hackers_are_cyber_coercion_not_assault(extract: EventExtractor) -> None:
    found = types(extract, "تمكن المهاجمون من اختراق البيانات عبر الإنترنت وسرقة ملفات الشركة.")
    assert "ASSAULT" not in found


def test_threat_of_a_strike_is_threaten(extract: EventExtractor) -> None:
    found = events(extract, "هدد وزير الدفاع بشن غارات جوية على مواقع الجماعة.")
    assert "ASSAULT" not in {e.type for e in found}
    assert any(e.type == "THREATEN" for e in found)


def test_demand_for_release_is_request(extract: EventExtractor) -> None:
    found = events(extract, "طالبت المنظمة بالإفراج عن الصحافيين المعتقلين.")
    assert {e.type for e in found} == {"REQUEST"}


def test_denial_marks_negated(extract: EventExtractor) -> None:
    found = [e for e in events(extract, "نفى الجيش قصف المستشفى في المدينة أمس.") if e.type == "ASSAULT"]
    assert all(e.negated for e in found)


def test_background_history_is_marked(extract: EventExtractor) -> None:
    found = events(extract, "وكانت الطائرات الأمريكية قد قصفت المدينة في عام 2003 وقتلت العشرات.")
    assert found and all(e.historical for e in found if e.type == "ASSAULT")


def test_evidence_and_trigger_are_display_spans(extract: EventExtractor) -> None:
    doc = extract(make_doc("وأُصيب خمسةُ جنودٍ بانفجار عبوةٍ ناسفة على طريق المطار صباح اليوم."))
    event = next(e for e in doc.events if e.type == "ASSAULT")
    assert event.trigger is not None and event.evidence.contains(event.trigger)
    assert event.evidence.of(doc.text).startswith("وأُصيب")


def test_mentions_of_one_strike_merge_and_a_separate_attack_stays_apart(extract: EventExtractor) -> None:
    doc = extract(
        make_doc(
            "شنت مقاتلات التحالف غارات جوية على مخازن أسلحة للميليشيا شرقي الفرات فجر اليوم.",
            "وقالت القيادة إن الغارات دمرت ثلاثة مخازن بالكامل صباح اليوم.",
            "وجاءت الضربات الجوية ردا على هجوم صاروخي استهدف قاعدة عسكرية في الحسكة أمس.",
            "وأسفر الهجوم الصاروخي عن إصابة جنديين بجروح طفيفة.",
        )
    )
    assaults = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(assaults) == 2
    strike, rockets = assaults
    assert strike.mode == "aerial" and len(strike.mentions) >= 2
    assert rockets.mode == "heavy-weapons" and len(rockets.mentions) >= 2


def test_anaphor_alone_makes_no_event(extract: EventExtractor) -> None:
    assert not [e for e in events(extract, "وقالت الوزارة إن العملية تمت بنجاح.") if e.type == "ASSAULT"]


def test_reason_phrase_refers_back_to_the_reported_attack(extract: EventExtractor) -> None:
    doc = extract(
        make_doc(
            "وقال البيان إن الغارات نُفذت ردًّا على الهجمات الصاروخية الأخيرة في كركوك.",
            "وكانت ثلاثة صواريخ قد سقطت على قاعدة عسكرية في كركوك مساء الاثنين وأصابت مقاولا مدنيا.",
        )
    )
    rockets = [e for e in doc.events if e.type == "ASSAULT" and e.mode == "heavy-weapons"]
    assert len(rockets) == 1
    assert len(rockets[0].mentions) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "وأوضحت الوزارة أن القرار اتخذ في أعقاب الهجوم على السفارة.",
        "وقال المتحدث إن هذه الضربات لن تغير شيئا على الأرض.",
        "وتأتي الغارة بعد أسبوع من التوتر على الحدود.",
    ],
)
def test_a_reference_alone_makes_no_new_event(extract: EventExtractor, sentence: str) -> None:
    assert "ASSAULT" not in types(extract, sentence)


def test_an_indefinite_attack_after_baad_is_still_reported(extract: EventExtractor) -> None:
    doc = extract(make_doc("فرّ السكان من السوق بعد انفجار عبوة ناسفة قرب مدخله صباح اليوم، ما أدى إلى مقتل شخصين."))
    assert [e.mode for e in doc.events if e.type == "ASSAULT"] == ["explosives"]


@pytest.mark.parametrize(
    "sentence",
    [
        "أطلق مسلحون نحو ١٢ صاروخا على مطار المدينة الذي تجاوره قاعدة جوية للتحالف مساء أمس.",
        "سقطت قذائف هاون على المجمع الحكومي قرب المجال الجوي للعاصمة صباح اليوم.",
    ],
)
def test_rockets_fired_at_a_place_are_heavy_weapons_not_aerial(extract: EventExtractor, sentence: str) -> None:
    assert [e.mode for e in events(extract, sentence) if e.type == "ASSAULT"] == ["heavy-weapons"]


def test_police_tear_gas_on_a_crowd_is_crowd_control_not_a_bombing(extract: EventExtractor) -> None:
    found = events(extract, "هاجمت الشرطة المعتصمين بقنابل مسيلة للدموع أمام مبنى البرلمان أمس.")
    assert [e.mode for e in found if e.type == "ASSAULT"] == ["crowd-control"]


def test_dawn_is_not_a_detonation(extract: EventExtractor) -> None:
    found = events(extract, "قصفت المدفعية بقذائف الهاون المجمع الحكومي فجر اليوم.")
    assert [e.mode for e in found if e.type == "ASSAULT"] == ["heavy-weapons"]


def test_approval_of_own_strikes_is_not_an_agreement(extract: EventExtractor) -> None:
    assert "AGREE" not in types(extract, "وقالت الوزارة في بيانها: «جاءت الموافقة على هذه الضربات بعد مراجعة دقيقة».")
    assert "AGREE" in types(extract, "وافقت الحكومة والمعارضة على تشكيل لجنة مشتركة لمراقبة الانتخابات.")


def test_threat_noun_without_content_is_not_a_threat(extract: EventExtractor) -> None:
    assert "THREATEN" not in types(extract, "وأشار البيان إلى التهديدات المستمرة للجنود في القاعدة.")
    assert "THREATEN" in types(extract, "ووجهت الجماعة تهديدات بشن هجمات على السفارات الغربية.")


def test_crowds_taking_to_the_streets_are_a_protest(extract: EventExtractor) -> None:
    assert "PROTEST" in types(extract, "ونزل المحتجون إلى الشوارع في العاصمة مساء السبت رافعين الأعلام.")
    assert "PROTEST" in types(extract, "وجاب المتظاهرون شوارع المدينة القديمة منددين بقرار الحكومة.")


def test_protest_against_a_book_is_not_a_culture_story(extract: EventExtractor) -> None:
    sentence = "ونزل المتظاهرون إلى الشوارع احتجاجا على رواية اعتبروها مسيئة للدين."
    assert "PROTEST" in types(extract, sentence)


def test_modal_words_are_whole_words() -> None:
    view = MatchView.of("تلا الإمام آيات من القرآن في ختام المسيرة.")
    cues = EventLexicon.load().cues.find_all(view.text)
    assert not [c for c in cues if c.value.category == "modal"]


def test_a_denial_after_the_attack_does_not_negate_it(extract: EventExtractor) -> None:
    sentence = "أسفر الهجوم على الحاجز عن مقتل جنديين، وذلك نفيا لأنباء سابقة تحدثت عن خمسة قتلى."
    found = [e for e in events(extract, sentence) if e.type == "ASSAULT"]
    assert found and not any(e.negated for e in found)
    assert any(e.negated for e in events(extract, "نفى الجيش قصف المدينة بالطائرات الليلة الماضية."))


@pytest.mark.parametrize(
    ("sentence", "wrong_type"),
    [
        ("أعلنت حركة طالبان مقتل أحد مؤسسيها بعد صراع مع المرض.", "REQUEST"),
        ("وتداول مستخدمو مواقع التواصل الاجتماعي صورا للحريق.", "CONSULT"),
        ("وقال أحد المحتجين: «نريده أن يرحل اليوم قبل الغد».", "COERCE"),
        ("وقالت الوزارة إنها لا تعلق على المعلومات الصادرة من الخارج.", "COERCE"),
        ("وأشار الرئيس إلى عملية للجيش لطرد المقاتلين من الجبال الحدودية.", "SANCTION"),
    ],
)
def test_words_holding_a_trigger_are_not_events(extract: EventExtractor, sentence: str, wrong_type: str) -> None:
    assert wrong_type not in types(extract, sentence)


def test_expelling_diplomats_is_a_sanction(extract: EventExtractor) -> None:
    assert "SANCTION" in types(extract, "قررت الحكومة طرد دبلوماسيين من السفارة خلال أسبوع.")


def test_an_industrial_explosion_is_no_assault(extract: EventExtractor) -> None:
    sentence = (
        "وقع انفجار في مخزن للبتروكيماويات قرب المطار سمع دويه في أحياء العاصمة، "
        "وقال الدفاع المدني إنه ناتج عن تسرب غاز."
    )
    assert "ASSAULT" not in types(extract, sentence)


def test_what_usually_happens_is_no_event(extract: EventExtractor) -> None:
    assert "ASSAULT" not in types(extract, "وعادةً ما يشنّ التحالف الدولي غارات جوية على مواقع الجهاديين في المنطقة.")


def test_the_definite_air_strike_is_aerial(extract: EventExtractor) -> None:
    found = events(extract, "ونفذت الطائرات الحربية الضربة الجوية فجر الثلاثاء ودمرت مخابئ المسلحين في الجبل.")
    assert [e.mode for e in found if e.type == "ASSAULT"] == ["aerial"]


def test_a_question_word_inside_a_slogan_does_not_make_a_question(extract: EventExtractor) -> None:
    sentence = "وجابت المسيرة شوارع المدينة باتجاه مبنى البلدية، وردد المشاركون هتافات منها «أين رواتبنا»."
    assert "PROTEST" in types(extract, sentence)
    assert not types(extract, "هل قصفت الطائرات مواقع المسلحين في الجبل الليلة الماضية")


def test_falling_ill_is_no_assault(extract: EventExtractor) -> None:
    assert "ASSAULT" not in types(extract, "يُصاب كثير من الطلاب بصداع متكرر قبل الامتحانات بأيام.")
    assert "ASSAULT" in types(extract, "أصيب ثلاثة جنود بجروح في هجوم على حاجز عسكري قرب المدينة صباح اليوم.")


def test_accusations_by_different_speakers_stay_apart() -> None:
    doc = rasd.extract(
        "واتهم وزير الخارجية الأردني جماعات متطرفة بتدبير التفجير.\n"
        "وقال المتحدث باسم الحكومة المصرية إن اتهامات عمّان للجماعات لا تستند إلى أدلة.",
        published="2021-03-01",
    )
    accusations = [e for e in doc.events if e.type == "ACCUSE"]
    assert len(accusations) == 2


def test_future_strike_is_a_threat_and_future_visit_no_event(extract: EventExtractor) -> None:
    threat = events(extract, "وقال الجيش إنه سيستهدف مواقع المسلحين في الجبال.")
    assert [e.type for e in threat] == ["THREATEN"]
    assert not events(extract, "وسيزور وزير الخارجية القاهرة لبحث الأزمة.")


def test_withdrawing_from_an_agreement_is_a_rejection(extract: EventExtractor) -> None:
    for sentence in (
        "وتدهورت العلاقات بعد أن انسحبت واشنطن من الاتفاق النووي.",
        "وأعلن انسحابه من اتفاقية باريس للمناخ.",
    ):
        types = [e.type for e in events(extract, sentence)]
        assert "REJECT" in types
        assert "AGREE" not in types and "RETREAT" not in types


def test_claimed_attack_with_a_toll_is_reported_alone(extract: EventExtractor) -> None:
    found = events(extract, "وتبنت الجماعة مسؤوليتها عن الهجوم الذي أودى بحياة ستة جنود قرب الحدود أمس.")
    assert [e.type for e in found] == ["ASSAULT"]


def test_responsibility_for_a_known_attack_only_refers_back() -> None:
    doc = rasd.extract(
        "قتل عشرة جنود في هجوم بسيارة مفخخة على قاعدة عسكرية في الأنبار أمس.\n"
        "ورفضت الحكومة الاتهامات التي تحملها المسؤولية عن الهجوم.",
        published="2021-03-01",
    )
    assert len([e for e in doc.events if e.type == "ASSAULT"]) == 1


def test_reaching_an_agreement_is_still_an_agreement(extract: EventExtractor) -> None:
    assert "AGREE" in [e.type for e in events(extract, "وتمكن الطرفان أمس من الاتفاق على هدنة في المدينة.")]


def test_what_is_praised_is_no_event_of_its_own(extract: EventExtractor) -> None:
    types = [e.type for e in events(extract, "وأشاد وزير الدفاع الأردني بمستوى التنسيق بين البلدين.")]
    assert types == ["SUPPORT"]


def test_a_trigger_noun_in_an_institution_name_is_no_event(extract: EventExtractor) -> None:
    found = events(extract, "وعقدت لجنة التعاون العسكري اجتماعها الدوري في عمّان.")
    assert "COOPERATE" not in [e.type for e in found]


def test_summoning_an_envoy_to_protest_is_an_accusation(extract: EventExtractor) -> None:
    found = events(extract, "واستدعت وزارة الخارجية المصرية السفير التركي للاحتجاج على تصريحات أردوغان.")
    assert [(e.type, e.mode) for e in found] == [("ACCUSE", "disapprove")]
    street = events(extract, "وتظاهر آلاف الطلاب أمام السفارة التركية للاحتجاج على القرار.")
    assert [e.type for e in street] == ["PROTEST"]


def test_denying_accusations_does_not_undo_them(extract: EventExtractor) -> None:
    found = events(extract, "ونفت الحكومة الأردنية الاتهامات السورية بدعم المسلحين.")
    accusation = next(e for e in found if e.type == "ACCUSE")
    assert not accusation.negated


def test_verb_after_an_opening_time_phrase_reports_the_attack(extract: EventExtractor) -> None:
    found = events(extract, "وخلال الأسبوع الماضي، استهدفت الطائرات التركية مواقع للمسلحين شمالي العراق.")
    assert [e.type for e in found] == ["ASSAULT"]


def test_deploying_troops_is_mobilisation(extract: EventExtractor) -> None:
    found = events(extract, "ونشرت فرنسا قواتها الخاصة في المدينة لدعم حلفائها.")
    assert "MOBILIZE" in [e.type for e in found]
    assert not events(extract, "ونشرت الصحيفة تقريرا مطولا عن الأزمة.")


def test_a_toll_after_an_industrial_blast_is_no_attack() -> None:
    doc = rasd.extract(
        "وقع انفجار في أحد مخازن البتروكيماويات قرب المطار.\n"
        "وقال مصدر أمني إن 12 شخصا نقلوا إلى المستشفى بعد الانفجار.",
        published="2021-03-01",
    )
    assert not [e for e in doc.events if e.type == "ASSAULT"]


@pytest.mark.parametrize(
    "sentence",
    [
        "ويضربون مثلا على ذلك بما جرى في الانتخابات الماضية.",
        "وغادر المتهم المكان متظاهرا بأنه أحد عمال النظافة.",
        "وأعلنت الشرطة ضبط قذائف هاون وعبوات ناسفة في مخزن قرب المدينة.",
        "ووجهت المحكمة إليه تهمة الخطف المؤدي إلى القتل.",
        "وأحيت العائلات ذكرى مرور عشرين عاما على اغتيال الزعيم.",
        "وأغلق التجار محالهم خوفا من هجمات جديدة.",
        "وأجرت الدولة تجربة نووية ثانية تحت الأرض أمس.",
    ],
)
def test_non_event_uses_of_conflict_words(extract: EventExtractor, sentence: str) -> None:
    assert not [e for e in events(extract, sentence) if e.type in {"ASSAULT", "PROTEST"}]


def test_a_launching_verb_opens_the_report_of_an_operation(extract: EventExtractor) -> None:
    found = events(extract, "وشنت القوات التركية عملية جوية وبرية ضد المسلحين الأكراد في شمال العراق.")
    assert [(e.type, e.mode) for e in found] == [("ASSAULT", "aerial")]


def test_a_general_is_no_sports_team(extract: EventExtractor) -> None:
    found = events(extract, "واستقبل الفريق أول ركن قائد القوات البرية وفدا عسكريا أمريكيا.")
    assert "CONSULT" in [e.type for e in found]


def test_a_bomb_outside_a_company_office_is_no_figure_of_speech(extract: EventExtractor) -> None:
    found = events(extract, "وفجر انتحاري نفسه أمس خارج مكتب إحدى الشركات الأجنبية في الإقليم.")
    assert "ASSAULT" in [e.type for e in found]
    assert not events(extract, "وتلقت البورصة ضربة قوية أمس بعد هبوط الأسهم.")


def test_a_short_place_phrase_before_the_verb_needs_no_comma(extract: EventExtractor) -> None:
    found = events(extract, "وفي مدن عدة أحرق المتظاهرون الإطارات وأغلقوا الطرق الرئيسية.")
    assert [e.type for e in found] == ["PROTEST"]
