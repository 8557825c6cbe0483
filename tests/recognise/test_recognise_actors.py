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
