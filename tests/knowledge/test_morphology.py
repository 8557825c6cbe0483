"""Whole-word matching with Arabic clitics over the matching view."""

from __future__ import annotations

from rasd.arabic.normalise import normalise
from rasd.knowledge.morphology import (
    AGENT_SUFFIXES,
    DEFINITE_PREFIXES,
    NO_AFFIXES,
    NOUN_PREFIXES,
    NOUN_SUFFIXES,
    VERB_PREFIXES,
    VERB_SUFFIXES,
    Pattern,
    WordMatcher,
    word_variants,
)


def _matcher() -> WordMatcher[str]:
    return WordMatcher.build(
        [
            Pattern(normalise("الجيش"), "army", DEFINITE_PREFIXES, NOUN_SUFFIXES),
            Pattern(normalise("حزب الله"), "hezbollah", DEFINITE_PREFIXES, NO_AFFIXES),
            Pattern(normalise("كتائب حزب الله"), "kataib", DEFINITE_PREFIXES, NO_AFFIXES),
            Pattern(normalise("مسلحين"), "gunmen", NOUN_PREFIXES, AGENT_SUFFIXES),
            Pattern(normalise("حكومة"), "government", NOUN_PREFIXES, AGENT_SUFFIXES),
            Pattern(normalise("قتل"), "kill", VERB_PREFIXES, VERB_SUFFIXES),
            Pattern(normalise("عراقي"), "iraqi", NOUN_PREFIXES, NOUN_SUFFIXES),
        ]
    )


def _found(text: str) -> list[tuple[str, str]]:
    view = normalise(text)
    return [(m.value, view[m.word_start : m.word_end]) for m in _matcher().find(view)]


def test_proclitics_attach_to_a_definite_key() -> None:
    assert _found("وبالجيش") == [("army", "وبالجيش")]
    assert _found("فالجيش") == [("army", "فالجيش")]


def test_lam_and_article_contract_to_double_lam() -> None:
    assert _found("قدم الدعم للجيش ولِلجيش") == [("army", "للجيش"), ("army", "وللجيش")]


def test_bare_lam_word_is_not_the_definite_key() -> None:
    assert _found("لجيش") == []


def test_ta_marbuta_opens_before_a_pronoun_and_a_dual() -> None:
    assert [v for v, _ in _found("حكومتها والحكومتين وحكومة")] == ["government"] * 3


def test_organisation_beats_its_parts() -> None:
    assert [v for v, _ in _found("هاجمت كتائب حزب الله مواقع ثم رد حزب الله")] == ["kataib", "hezbollah"]


def test_a_key_inside_another_word_does_not_match() -> None:
    # «مقتل» holds «قتل», but «م» is no proclitic.
    assert _found("أعلن مقتل جندي") == []


def test_verb_forms_with_person_markers_and_endings() -> None:
    found = [w for v, w in _found("قتلوا وقتلهم سيقتل يقتلون") if v == "kill"]
    assert found == ["قتلوا", "وقتلهم", "سيقتل", "يقتلون"]


def test_nisba_inflects_for_gender_number_and_case() -> None:
    text = "عراقي عراقية العراقيون العراقيين عراقياً العراقيتين"
    assert [v for v, _ in _found(text)] == ["iraqi"] * 6


def test_diacritics_and_hamza_variants_match() -> None:
    assert [v for v, _ in _found("المُسلّحين ومسلحين")] == ["gunmen", "gunmen"]


def test_word_variants_lists_the_surface_forms() -> None:
    forms = word_variants("الجيش", DEFINITE_PREFIXES, NO_AFFIXES)
    assert {"الجيش", "والجيش", "للجيش", "وللجيش", "بالجيش"} <= forms
    assert "اللجيش" not in forms
