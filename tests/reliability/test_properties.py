"""Properties over generated Arabic news: cleaning keeps article sentences, spans stay in the text.

The offset-map properties of the matching view itself live in tests/arabic/test_normalise.py;
these extend them to invisible characters inside names and to the spans of the whole pipeline.
"""

from __future__ import annotations

from fuzz.invariants import _pipeline, _rules, check_spans
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.reliability.arabic_news import PLACES, SUBJECTS, news_sentence, page_with_articles

from rasd.arabic.normalise import MatchView
from rasd.clean.cleaner import clean_text
from rasd.model import Document, Provenance

# Characters a copy-paste or a right-to-left editor leaves inside words: they must not change a match.
INVISIBLES = ("\u200c", "\u200d", "\u200e", "\u200f", "\u0640", "\u061c", "\u2066", "\u2069", "\u00ad", "\u200b")
NAMES = tuple(word for phrase in (*SUBJECTS, *PLACES) for word in phrase.split() if len(word) > 2)

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def name_with_invisibles(draw: st.DrawFn) -> tuple[str, str]:
    """A word and the same word with invisible characters between some of its letters."""
    name = draw(st.sampled_from(NAMES))
    out = [name[0]]
    for letter in name[1:]:
        out += draw(st.lists(st.sampled_from(INVISIBLES), max_size=2))
        out.append(letter)
    return name, "".join(out)


@given(name_with_invisibles(), st.sampled_from(("قال ", "في ", "")), st.sampled_from(("", " اليوم", "،")))
def test_invisible_characters_inside_a_name_leave_its_match_and_map_back_to_the_whole_name(
    pair: tuple[str, str], before: str, after: str
) -> None:
    name, disguised = pair
    display = before + disguised + after
    view = MatchView.of(display)
    plain = MatchView.of(name).text
    at = view.text.find(plain)
    assert at >= 0, f"{plain!r} not found in the view of {display!r}"
    start, end = view.to_display(at, at + len(plain))
    # the display range covers the disguised name from its first to its last letter
    assert display[start:end] == disguised
    assert view.to_match(start) == at


@SLOW
@given(page_with_articles())
def test_cleaning_never_removes_an_article_sentence(page: tuple[str, list[str]]) -> None:
    raw, sentences = page
    text, removed = clean_text(raw, _rules())
    kept = {line.strip() for line in text.split("\n")}
    for sentence in sentences:
        assert sentence.strip() in kept, f"removed {sentence!r}: {[r.reason for r in removed]}"


@SLOW
@given(st.lists(news_sentence(), min_size=1, max_size=4), st.sampled_from(("\n", " ", "\n\n")))
def test_extraction_never_returns_a_span_outside_the_text(sentences: list[str], joiner: str) -> None:
    doc = Document(id="gen", provenance=Provenance(source="gen", format="text"), raw_text=joiner.join(sentences))
    check_spans(_pipeline().run(doc))


@SLOW
@given(st.lists(news_sentence(), min_size=1, max_size=3), st.text(max_size=40), st.sampled_from(INVISIBLES))
def test_spans_stay_inside_the_text_with_noise_and_invisibles_around_the_sentences(
    sentences: list[str], noise: str, invisible: str
) -> None:
    raw = (invisible + noise + "\n").join(sentence.replace(" ", " " + invisible, 2) for sentence in sentences)
    doc = Document(id="gen", provenance=Provenance(source="gen", format="text"), raw_text=raw)
    check_spans(_pipeline().run(doc))
