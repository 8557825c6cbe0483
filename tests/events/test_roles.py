"""Source and target from Arabic clause structure."""

from __future__ import annotations

import dataclasses

from rasd.arabic.normalise import MatchView
from rasd.events.roles import assign_roles
from rasd.model import Actor, Document, Place, Provenance, Span
from rasd.recognise.actors import ActorRecogniser


def _roles(
    text: str, trigger: str, event_type: str = "ASSAULT", *, passive: bool = False
) -> tuple[Actor | None, Actor | None]:
    doc = Document(id="t", provenance=Provenance("-", "text"), raw_text=text, text=text, view=MatchView.of(text))
    doc = ActorRecogniser.load()(doc)
    start = text.index(trigger)
    return assign_roles(
        doc, Span(0, len(text)), Span(start, start + len(trigger)), event_type=event_type, passive=passive
    )


def _code(actor: Actor | None) -> tuple[str | None, str | None] | None:
    return (actor.country, actor.sector) if actor else None


def test_subject_initial_clause() -> None:
    source, target = _roles("الجيش الإسرائيلي قصف مواقع لحركة حماس في غزة", "قصف")
    assert _code(source) == ("ISR", "MIL")
    assert _code(target) == ("PSE", "REB")


def test_verb_initial_clause() -> None:
    source, target = _roles("اغتالت وحدة إسرائيلية خاصة ناشطاً في كتائب الأقصى", "اغتالت")
    assert _code(source) == ("ISR", "MIL")
    assert _code(target) == ("PSE", "REB")  # an activist of the brigades is coded as them


def test_passive_has_no_source_and_the_subject_as_target() -> None:
    source, target = _roles("قُتل جنديان أمريكيان في الموصل", "قُتل", passive=True)
    assert source is None
    assert _code(target) == ("USA", "MIL")


def test_undiacritised_verb_before_a_count_reads_passive() -> None:
    source, target = _roles("قتل ١٨ شخصا في انفجار سيارة مفخخة ببغداد", "قتل")
    assert target is not None and target.sector == "CVL"
    assert target.country == "IRQ"  # victims where they were struck
    assert source is None


def test_passive_with_agent_marker() -> None:
    source, target = _roles("اختطف ضابط شرطة على يد مسلحين مجهولين", "اختطف", passive=True)
    assert _code(source) == (None, "UAF")
    assert target is not None and target.sector in ("COP", "MIL")


def test_verbal_noun_takes_its_genitive_as_target() -> None:
    source, target = _roles("ردت إسرائيل عبر اغتيال عماد مغنية في دمشق", "اغتيال")
    assert _code(source) == ("ISR", None)
    assert target is not None and target.name == "Imad Mughniyeh"


def test_attack_carried_out_by_names_the_perpetrator() -> None:
    source, target = _roles("مقتل أربعة جنود إثيوبيين في هجوم شنه مسلحون صوماليون", "مقتل")
    assert _code(source) == ("SOM", "UAF")
    assert _code(target) == ("ETH", "MIL")


def test_object_after_against() -> None:
    source, target = _roles("شنت الطائرات الأمريكية غارات ضد مقاتلي حركة الشباب", "شنت")
    assert _code(source) == ("USA", "MIL")
    assert _code(target) == ("SOM", "REB")


def test_coordinated_targets_take_the_first() -> None:
    source, target = _roles("استهدفت غارة أمريكية كتائب حزب الله وكتائب سيد الشهداء", "غارة")
    assert target is not None and target.name == "Kataib Hezbollah"
    assert _code(source) == ("USA", "MIL")  # a state named by its nisba strikes with its military


def test_reporter_takes_no_role() -> None:
    source, target = _roles("قالت الشرطة إن مسلحين هاجموا دورية للجيش", "هاجموا")
    assert _code(source) == (None, "UAF")
    assert target is not None and target.sector == "MIL"


def test_protesters_against_the_government() -> None:
    source, target = _roles("تظاهر مئات الطلاب في الخرطوم احتجاجا على قرار الحكومة السودانية", "تظاهر", "PROTEST")
    assert source is not None and source.sector == "EDU"
    assert _code(target) == ("SDN", "GOV")


def test_protest_outside_an_embassy_targets_its_state() -> None:
    source, target = _roles("احتشد المتظاهرون أمام السفارة الأميركية في عمّان", "احتشد", "PROTEST")
    assert source is not None and source.sector == "CVL"
    assert _code(target) == ("USA", "GOV")


def test_protest_with_no_named_target_is_against_the_local_government() -> None:
    source, target = _roles("خرج آلاف المحتجين إلى شوارع بيروت", "خرج", "PROTEST")
    assert source is not None and source.sector == "CVL"
    assert _code(target) == ("LBN", "GOV")


def test_strike_on_a_place_targets_its_state() -> None:
    source, target = _roles("نفذت إسرائيل ضربة جوية في سوريا فجر اليوم", "ضربة جوية")
    assert source is not None and source.country == "ISR"
    assert target is not None and (target.country, target.text) == ("SYR", "سوريا")


def test_coordinated_verb_shares_the_first_subject() -> None:
    source, _target = _roles("فتحت دبابات روسية النار على السكان ودمرت منازلهم", "ودمرت")
    assert _code(source) == ("RUS", "MIL")


def test_reporter_who_claims_the_act_is_its_source() -> None:
    source, target = _roles("قال حلف الناتو إنه قتل عددا من قادة طالبان", "قتل")
    assert source is not None and source.name == "NATO"
    assert target is not None and target.sector == "REB"


def test_the_american_side_informs_the_iraqi_side() -> None:
    source, target = _roles(
        "وقال المسؤول إن الجانب الأميركي أبلغ الجانب العراقي بموعد العملية", "أبلغ الجانب", "CONSULT"
    )
    assert _code(source) == ("USA", "GOV")
    assert _code(target) == ("IRQ", "GOV")


def test_marker_governing_a_vague_head_names_the_doer() -> None:
    source, target = _roles("جرى تسريب الخطة من قبل جهات داخل المخابرات السورية إلى فصائل مسلحة", "تسريب", "COOPERATE")
    assert _code(source) == ("SYR", "SPY")
    assert target is not None and target.sector == "REB"


def test_forces_in_a_relative_clause_on_the_object_are_not_the_source() -> None:
    source, target = _roles(
        "جاء ذلك بعد إطلاق نحو عشرة صواريخ على مطار بغداد الذي تقع قربه قاعدة تضم جنودا أمريكيين", "صواريخ"
    )
    assert source is None
    assert target is None or target.country != "USA"


def test_the_group_that_uses_the_struck_site_is_the_target() -> None:
    _, target = _roles("نفذت الطائرات ضربات على مخازن تستخدمها جماعة مسلحة قرب الحدود", "ضربات")
    assert target is not None and target.sector == "UAF"


def test_the_speaker_is_the_source_of_a_nominal_accusation() -> None:
    source, target = _roles(
        "وقال وزير الخارجية البريطاني إن الموقع تديره الفصائل المسؤولة عن تفجيرات الشهر الماضي",
        "المسؤولة عن",
        "ACCUSE",
    )
    assert _code(source) == ("GBR", "GOV")
    assert target is not None and target.sector == "REB"


def test_who_ordered_the_strikes_is_their_source() -> None:
    source, _ = _roles("وكان الرئيس الفرنسي قد أمر، مساء الأحد، بتنفيذ غارات على مواقع المتمردين", "غارات")
    assert _code(source) == ("FRA", "GOV")


def test_counted_subject_before_a_killing_verb_is_the_victim() -> None:
    source, target = _roles("وكان ٤٢ جنديا باكستانيا قد قتلوا في هجوم انتحاري على مركز للجيش", "قتلوا")
    assert _code(target) == ("PAK", "MIL")
    assert source is None or source.sector == "UAF"


def test_subject_of_a_verb_followed_by_another_passive_is_the_victim() -> None:
    source, target = _roles("قال متحدث إن جنديين إسبانيين قتلا وأصيب ثالث في هجوم انتحاري", "قتلا")
    assert _code(target) == ("ESP", "MIL")
    assert _code(source) == (None, "UAF")


def test_a_marked_doer_makes_the_verb_passive() -> None:
    _, target = _roles("إن ضابط شرطة وجنديا من الجيش اختطفا من منزليهما على يد مسلحين", "اختطفا")
    assert target is not None and target.sector == "COP"  # the first of the coordinated subjects


def test_victim_before_a_relative_verb() -> None:
    _, target = _roles("طالت يد الإرهاب النائب في البرلمان الذي قتل مع تسعة مواطنين", "قتل")
    assert target is not None and target.sector == "LEG"


def test_object_pronoun_on_the_trigger_refers_back() -> None:
    source, target = _roles("أفاد مصدر بأن عسكريين ماليين خطفهم مقاتلو المتمردين الأسبوع الماضي", "خطفهم")
    assert target is not None and target.sector == "MIL"
    assert source is not None and source.sector == "REB"


def test_who_survives_an_attack_is_its_target() -> None:
    _, target = _roles("نجا وزير الداخلية العراقي من انفجار سيارة مفخخة عند مرور موكبه في بغداد", "انفجار")
    assert _code(target) == ("IRQ", "GOV")


def test_what_an_explosion_passes_by_is_not_struck() -> None:
    _, target = _roles(
        "انفجرت عبوة ناسفة في قرية على الطريق بين الرياض والحويجة ما أدى إلى إصابة اثنين من المدنيين",
        "انفجرت",
        passive=True,
    )
    assert target is not None and target.sector == "CVL"


def test_speaker_apposition_takes_no_role() -> None:
    _, target = _roles(
        "وقال العميد نجم عبد الله قائمقام تلعفر إن سيارة مفخخة انفجرت وسط سوق ما أسفر عن مقتل ستة مدنيين",
        "سيارة مفخخة",
    )
    assert target is not None and target.sector == "CVL"


def test_riot_police_dispersing_protesters_are_the_source() -> None:
    source, target = _roles(
        "وقال مصدر أمني لوكالة الأنباء العراقية إن قوات مكافحة الشغب أطلقت الغاز المسيل للدموع "
        "لتفريق المتظاهرين، ما أدى إلى إصابة سبعة منهم بحالات اختناق",
        "إصابة",
    )
    assert source is not None and source.sector == "COP"
    assert target is not None and target.sector == "CVL"


def test_police_take_the_country_of_the_article_s_places() -> None:
    text = "تظاهر المئات في البصرة. وأطلقت قوات مكافحة الشغب الغاز المسيل للدموع على المحتجين."
    doc = Document(id="t", provenance=Provenance("-", "text"), raw_text=text, text=text, view=MatchView.of(text))
    doc = ActorRecogniser.load()(doc)
    doc = dataclasses.replace(doc, places=(Place("البصرة", country="IRQ", span=Span(15, 21), precision="city"),))
    start = text.index("الغاز")
    source, target = assign_roles(doc, Span(22, len(text)), Span(start, start + 5), event_type="ASSAULT", passive=False)
    assert _code(source) == ("IRQ", "COP")
    assert _code(target) == ("IRQ", "CVL")


def test_launch_site_is_the_source_when_no_one_is_named() -> None:
    source, _ = _roles("شهدت المنطقة إطلاق صواريخ كاتيوشا من جنوب لبنان على مستوطنة كريات شمونة", "إطلاق صواريخ")
    assert source is not None and source.country == "LBN"


def test_doer_marked_in_another_clause_belongs_to_another_act() -> None:
    source, _ = _roles(
        "سلاح الجو الإسرائيلي يشن غارة جوية على موقع قرب دمشق، رداً على هجوم انتحاري شنته حركة الجهاد الإسلامي",
        "غارة جوية",
    )
    assert _code(source) == ("ISR", "MIL")


def test_unknown_victim_of_an_assassination_is_a_civilian() -> None:
    _, target = _roles("اغتال مسلحون مجهولون الأسبوع الماضي مسلم يعقوب إمام جامع في البصرة", "اغتال")
    assert _code(target) == ("IRQ", "CVL")


def test_protest_against_an_act_targets_its_doer() -> None:
    _, target = _roles(
        "تظاهر العشرات من أعضاء الأحزاب ضد زيارة بوش وطالبوا الحكومة المصرية بإلغائها", "تظاهر", "PROTEST"
    )
    assert _code(target) == ("USA", "GOV")


def test_protest_in_support_does_not_target_whom_it_supports() -> None:
    _, target = _roles(
        "نظمت الحكومة الصومالية مظاهرة حاشدة تأييدا لقرار مجلس الأمن الدولي، ورفع متظاهرون لافتات",
        "مظاهرة",
        "PROTEST",
    )
    assert _code(target) == ("SOM", "GOV")


def test_nationals_after_the_protest_verb_are_the_protesters() -> None:
    source, _ = _roles("تظاهر مئات الصرب وأحرقوا الإطارات في البوسنة", "تظاهر", "PROTEST")
    assert _code(source) == ("SRB", "CVL")


def test_flags_burnt_name_the_state_protested_against() -> None:
    _, target = _roles("أحرق متظاهرون أعلام إسرائيل في بغداد", "أحرق", "PROTEST")
    assert target is not None and target.country == "ISR"


def test_office_after_the_victim_s_name_refines_the_victim() -> None:
    _, target = _roles("إن مسلحين مجهولين اغتالوا العميد جبار مساعد، مدير استخبارات الشرطة في البصرة", "اغتالوا")
    assert _code(target) == ("IRQ", "COP")


def test_security_forces_as_subject_of_a_killing_with_a_counted_object() -> None:
    source, target = _roles("وقتلت قوات الأمن العراقية أربعة من المسلحين قرب الحدود", "وقتلت")
    assert _code(source) == ("IRQ", "COP")
    assert target is not None and target.sector == "UAF"


def test_accusation_verb_first_is_active() -> None:
    source, target = _roles("واتهم وزير الداخلية التركي مسلحين أكراداً بتنفيذ التفجير", "واتهم", "ACCUSE")
    assert _code(source) == ("TUR", "GOV")
    assert target is not None and target.sector == "UAF"


def test_threat_verb_first_is_active() -> None:
    source, _target = _roles("وتوعد الرئيس الإيراني منفذي الاعتداء بالرد", "وتوعد", "THREATEN")
    assert _code(source) == ("IRN", "GOV")


def test_meeting_verb_that_opens_with_al_is_a_verb() -> None:
    source, target = _roles("والتقى الرئيس الفرنسي بوفد من المعارضة السورية في باريس", "والتقى", "CONSULT")
    assert _code(source) == ("FRA", "GOV")
    assert _code(target) == ("SYR", "OPP")


def test_counted_soldiers_in_a_toll_are_victims_not_perpetrators() -> None:
    source, _target = _roles("وأدى الانفجار إلى مقتل 14 شخصا بينهم ثلاثة جنود", "مقتل")
    assert source is None


def test_a_later_mention_of_the_subject_is_not_the_object() -> None:
    source, target = _roles(
        "والتقى الرئيس الفرنسي إيمانويل ماكرون بوفد من المعارضة السورية، فيما هاجم أردوغان ماكرون",
        "والتقى",
        "CONSULT",
    )
    assert _code(source) == ("FRA", "GOV")
    assert _code(target) == ("SYR", "OPP")


def test_an_apposed_office_codes_the_doer() -> None:
    source, _target = _roles(
        "استقبل الفريق محمد فريد، رئيس أركان الجيش المصري، نظيره الأردني في القاهرة", "استقبل", "CONSULT"
    )
    assert _code(source) == ("EGY", "MIL")


def test_a_time_word_between_commas_does_not_cut_the_clause() -> None:
    source, target = _roles("واستدعت وزارة الخارجية الأردنية، الأحد، السفير الإسرائيلي", "واستدعت", "ACCUSE")
    assert _code(source) == ("JOR", "GOV")
    assert _code(target) == ("ISR", "GOV")


def test_a_name_in_apposition_is_not_the_object() -> None:
    _source, target = _roles("واتهم وزير الخارجية الإيراني، محمد جواد ظريف، إرهابيين بتنفيذ الهجوم", "واتهم", "ACCUSE")
    assert target is not None and target.sector == "UAF"


def test_the_owner_of_a_visit_is_the_visitor() -> None:
    source, _target = _roles("وتفقد وزير الدفاع الأردني خلال زيارته إلى العقبة القوات البحرية", "زيارته", "CONSULT")
    assert _code(source) == ("JOR", "GOV")


def test_an_announced_arrest_is_the_announcers() -> None:
    text = "أعلن الجيش الإسرائيلي، صباح الإثنين، اعتقال 11 فلسطينيا في الضفة الغربية"
    source, _target = _roles(text, "اعتقال", "COERCE")
    assert _code(source) == ("ISR", "MIL")
    source, _target = _roles("وأعلنت الشرطة العراقية مقتل خمسة أشخاص في انفجار", "مقتل")
    assert source is None or source.sector != "COP"
