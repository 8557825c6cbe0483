"""Source and target from Arabic clause structure."""

from __future__ import annotations

from rasd.arabic.normalise import MatchView
from rasd.events.roles import assign_roles
from rasd.model import Actor, Document, Provenance, Span
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
    assert target is not None and target.sector == "CVL"


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
