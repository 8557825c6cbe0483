"""Actor recognition: lexicon hits composed into coded mentions with display spans."""

from __future__ import annotations

import pytest

from rasd.arabic.normalise import MatchView
from rasd.knowledge.actors import ActorLexicon
from rasd.model import Actor, Document, Provenance
from rasd.recognise.actors import ActorRecogniser, recognise_actors


def _actors(text: str) -> list[Actor]:
    return list(recognise_actors(MatchView.of(text), ActorLexicon.load()))


def _codes(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(a.text, a.country, a.sector) for a in _actors(text)]


def test_title_nisba_and_name_compose_into_one_actor() -> None:
    actors = _actors("وصل وزير الدفاع الأمريكي لويد أوستن إلى بغداد")
    assert actors[0].text == "وزير الدفاع الأمريكي لويد أوستن"
    assert (actors[0].name, actors[0].country, actors[0].sector) == ("Lloyd Austin", "USA", "GOV")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("انتشر الجيش العراقي في المدينة", ("الجيش العراقي", "IRQ", "MIL")),
        ("داهمت قوات الأمن الباكستانية القرية", ("قوات الأمن الباكستانية", "PAK", "COP")),
        ("أصيب ثلاثة جنود أميركيين", ("جنود أميركيين", "USA", "MIL")),
        ("اعتقلت الشرطةُ الأردنيّة مشتبهاً", ("الشرطةُ الأردنيّة", "JOR", "COP")),
        ("قصفت الطائرات الروسية مواقع", ("الطائرات الروسية", "RUS", "MIL")),
    ],
)
def test_agent_takes_the_following_nisba(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _codes(text)


def test_both_spellings_of_american_are_one_country() -> None:
    assert {a.country for a in _actors("القوات الأمريكية والقوات الأميركية والقوات الامريكيه")} == {"USA"}


def test_syria_variants_and_capital_metonym() -> None:
    assert [a.country for a in _actors("رحبت سوريا وسورية بالقرار")] == ["SYR", "SYR"]
    assert ("طهران", "IRN", "GOV") in _codes("اتهمت طهران واشنطن بالتصعيد")
    assert ("واشنطن", "USA", "GOV") in _codes("اتهمت طهران واشنطن بالتصعيد")


def test_organisation_name_beats_its_parts() -> None:
    codes = _codes("أعلنت كتائب حزب الله وكتائب سيد الشهداء مسؤوليتهما")
    assert codes == [
        ("كتائب حزب الله", "IRQ", "PRM"),
        ("كتائب سيد الشهداء", "IRQ", "PRM"),
    ]
    assert ("حزب الله", "LBN", "REB") in _codes("قال حزب الله في بيان")


def test_international_bodies() -> None:
    codes = {a.text: (a.country, a.sector) for a in _actors("دعت الأمم المتحدة والاتحاد الأوروبي وحلف الناتو")}
    assert codes["الأمم المتحدة"][0] == "UNO"
    assert codes["الاتحاد الأوروبي"][0] == "EUR"
    assert codes["حلف الناتو"][0] == "IGO"


def test_clitics_are_left_out_of_the_citation() -> None:
    actors = _actors("وقالت المصادر إن وللمسلحين دورا وبالحكومة")
    assert [a.text for a in actors][-1] == "الحكومة"
    assert all(not a.text.startswith("و") for a in actors)


def test_country_named_as_a_place_is_not_an_actor() -> None:
    assert _codes("انفجرت سيارة مفخخة شمال العراق") == []
    assert _codes("وقع الانفجار في باكستان") == []


def test_unknown_gunmen_have_no_country() -> None:
    assert _codes("أطلق مسلحون مجهولون النار") == [("مسلحون مجهولون", None, "UAF")]


def test_state_body_takes_the_country_of_its_city() -> None:
    assert ("شرطة كركوك", "IRQ", "COP") in _codes("قالت شرطة كركوك إن")


def test_spokesman_stands_for_his_body() -> None:
    assert _codes("قال المتحدث باسم الجيش الإسرائيلي") == [("المتحدث باسم الجيش الإسرائيلي", "ISR", "MIL")]


def test_spans_cite_the_display_text() -> None:
    text = "قالت الحكومةُ اللبنانيّة إنّ"
    actor = _actors(text)[0]
    assert actor.span is not None
    assert text[actor.span.start : actor.span.end] == actor.text == "الحكومةُ اللبنانيّة"


def test_responsibility_is_not_an_official() -> None:
    assert _codes("أعلنت الجماعة مسؤوليتها عن الهجوم") == []


def test_stage_sets_doc_actors() -> None:
    text = "تظاهر طلاب الجامعة أمام السفارة الفرنسية"
    doc = Document(id="1", provenance=Provenance("-", "text"), raw_text=text, text=text)
    doc = ActorRecogniser.load()(doc)
    assert doc.view is not None
    assert ("السفارة الفرنسية", "FRA", "GOV") in [(a.text, a.country, a.sector) for a in doc.actors]


def test_a_side_with_a_nationality_is_that_state() -> None:
    assert _codes("أكد الجانب الإيراني أن الجانب الآخر لم يرد") == [("الجانب الإيراني", "IRN", "GOV")]


def test_nisba_that_starts_like_the_article_still_takes_one() -> None:
    # «ألماني» normalises to «الماني» but carries no article: «الألمانية» is still German.
    assert ("القوات الألمانية", "DEU", "MIL") in _codes("هاجم مسلحون القوات الألمانية في قندز")


def test_nisba_after_an_office_s_complement() -> None:
    codes = _codes("نجا وزير التعليم العالي العراقي من انفجار")
    assert codes[0][1:] == ("IRQ", "GOV")


def test_possessed_forces_take_the_country_of_their_body() -> None:
    codes = _codes("أعلن الجيش الأميركي أن قواته قتلت مسلحاً")
    assert ("قواته", "USA", "MIL") in codes
    # a feminine ending is not a possessive: «مسؤولة» borrows no country
    assert ("مسؤولة", None, "GOV") in _codes("قال الجيش العراقي إن مسؤولة أصيبت")


def test_member_of_an_organisation_is_coded_as_it() -> None:
    assert ("ناشطاً في كتائب الأقصى", "PSE", "REB") in _codes("اعتقل ناشطاً في كتائب الأقصى")


def test_gunmen_from_the_tribes_stay_gunmen() -> None:
    assert _codes("شاهد مسلحين من القبائل يطلقون النار")[0][2] == "UAF"


def test_a_rank_of_the_police_is_police() -> None:
    assert _codes("اختطف ضابط شرطة في الموصل")[0][1:] == ("IRQ", "COP")


def test_a_drone_belonging_to_an_agency_is_the_agency_s() -> None:
    codes = _codes("أطلقت طائرة بدون طيار تابعة لوكالة المخابرات المركزية الأميركية صاروخين")
    assert codes[0][1:] == ("USA", "SPY")


def test_a_unit_named_after_a_place_noun_is_a_place() -> None:
    assert _codes("انفجرت سيارة مفخخة في حي الوحدة وسط المدينة") == []


def test_late_president_keeps_the_person_s_coding() -> None:
    actors = _actors("تظاهروا للتنديد بإعدام الرئيس العراقي الراحل صدام حسين")
    assert (actors[0].name, actors[0].country, actors[0].sector) == ("Saddam Hussein", "IRQ", "ELI")


def test_provinces_are_not_governors() -> None:
    assert all(sector != "GOV" for _, _, sector in _codes("تشهد محافظات الجنوب احتجاجات"))


def test_a_newspaper_named_after_a_capital_is_media() -> None:
    assert _codes("نقلت صحيفة «واشنطن بوست» عن مسؤولين")[0][1:] == ("USA", "MED")


def test_ruling_party_is_a_party() -> None:
    assert _codes("حطم متظاهرون مقر الحزب الوطني الديمقراطي الحاكم")[-1][1:] == ("EGY", "PTY")


def test_coalition_led_by_a_state_is_that_state_s() -> None:
    assert _codes("استهدف انتحاري قافلة لقوات التحالف بقيادة أميركية")[-1][1:] == ("USA", "MIL")


def test_verb_after_a_relative_pronoun_is_not_leaders() -> None:
    assert _codes("نددوا بالانقلاب الذي قاده الجنرال") == [("الجنرال", None, "MIL")]


def test_definite_responsibility_is_not_an_official() -> None:
    assert [a.text for a in _actors("وحمّلت الحكومة المسؤولية عن التفجير لجهات مجهولة")] == ["الحكومة"]
    assert _codes("وانتشرت القوات الأمنية في الشوارع")[0][0] == "القوات الأمنية"


def test_sahel_bodies_are_international() -> None:
    assert _codes("هاجم مسلحون مقر القوة المشتركة لمجموعة دول الساحل في سيفاري")[1][1:] == ("IGO", "MIL")


def test_a_door_is_not_a_yemeni_city() -> None:
    assert "YEM" not in [a.country for a in _actors("أطلق النار عبر باب زجاجي في مبنى الصحيفة")]


def test_a_named_body_and_the_country_after_it_are_two_actors() -> None:
    assert _codes("وطالبت الأمم المتحدة إسرائيل بوقف الغارات") == [
        ("الأمم المتحدة", "UNO", None),
        ("إسرائيل", "ISR", None),
    ]
    assert _codes("وانتشر جيش لبنان على الحدود")[0][1:] == ("LBN", "MIL")


@pytest.mark.parametrize(
    "text",
    [
        "وفتح مسلح النار على المصلين في المسجد",
        "وقررت السلطات فتح معبر رفح أمام المسافرين",
        "وسقطت ثلاثة صواريخ على القاعدة الأمريكية قرب المطار",
    ],
)
def test_one_word_names_read_as_common_words(text: str) -> None:
    assert not {a.name for a in _actors(text)} & {"Fatah", "al-Qaeda"}


def test_one_word_names_still_name_their_movements() -> None:
    assert [a.country for a in _actors("وقالت فتح في بيان إن الحوار مع حماس متوقف")] == ["PSE", "PSE"]
    assert _codes("وشنت جماعات مرتبطة بالقاعدة هجمات")[-1][1:] == ("IMG", "REB")


def test_settlers_in_construct_and_criminal_gangs() -> None:
    assert _codes("وهاجم عشرات من مستوطني المستوطنة القرية")[0][1:] == ("ISR", "CRM")
    assert _codes("وكانت خلف التفجيرات جماعات إجرامية")[0][2] == "CRM"
