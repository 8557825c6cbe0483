"""Properties and real-spelling cases of the matching view (`rasd.arabic.normalise`)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rasd.arabic.normalise import MatchView, normalise

# Characters scraped Arabic news actually carries, weighted so each kind shows up often.
_SPECIALS = (
    "أإآٱاىيیةهۀؤئءکگ"  # letter variants
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670"  # harakat, shadda, sukun, superscript alef
    "\u0640"  # tatweel
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬،؟؛"  # Arabic-Indic and Persian digits, Arabic punctuation
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2069\ufeff\u061c\u00ad"  # invisibles
    "ﻻﻷﷲﷺ﴾﴿ﺍﻟﻠﻪ"  # presentation forms, incl. the ornate parentheses around Quran verses
    'AZaz09 .\n«»"İẞΣ'  # Latin, punctuation, letters whose lower case is longer or special
    "😀🇸🇾"  # emoji, a flag made of two regional indicators
)
_CHARS = st.one_of(
    st.sampled_from(_SPECIALS),
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.characters(codec="utf-8"),
)
TEXTS = st.text(alphabet=_CHARS, max_size=60)


def _groups(view: MatchView) -> dict[int, str]:
    """Collect, per display offset, the matching-view characters it produced."""
    groups: dict[int, str] = {}
    for i, ch in enumerate(view.text):
        groups[view.starts[i]] = groups.get(view.starts[i], "") + ch
    return groups


@settings(max_examples=400)
@given(TEXTS)
@example("﴿وَلَا تَقْتُلُوا﴾")
@example("\ufdd0")
def test_offset_map_has_one_entry_per_matching_character(display: str) -> None:
    view = MatchView.of(display)
    assert view.display == display
    assert len(view.starts) == len(view.ends) == len(view.text)
    for i in range(len(view.text)):
        assert 0 <= view.starts[i] < view.ends[i] <= len(display)
        if i:
            assert view.starts[i - 1] <= view.starts[i]
            assert view.ends[i - 1] <= view.ends[i]


@settings(max_examples=400)
@given(TEXTS)
def test_offset_map_points_back_to_the_characters_it_came_from(display: str) -> None:
    view = MatchView.of(display)
    for i, ch in enumerate(view.text):
        assert ch in normalise(display[view.starts[i] : view.ends[i]])
    for offset, folded in _groups(view).items():
        assert folded == normalise(display[offset])
    # Display characters that produced nothing are exactly the dropped ones.
    for offset, ch in enumerate(display):
        if offset not in _groups(view):
            assert normalise(ch) == ""


@settings(max_examples=400)
@given(TEXTS)
def test_fast_path_agrees_with_character_by_character_folding(display: str) -> None:
    fast, slow = MatchView.of(display), MatchView._slow(display)
    assert (fast.text, list(fast.starts), list(fast.ends)) == (slow.text, list(slow.starts), list(slow.ends))


@settings(max_examples=400)
@given(TEXTS)
@example("ﷺ")
@example("İstanbul")
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=300)
@given(TEXTS, st.data())
def test_a_match_maps_back_to_a_display_slice_that_normalises_to_it(display: str, data: st.DataObject) -> None:
    view = MatchView.of(display)
    start = data.draw(st.integers(0, len(display)))
    end = data.draw(st.integers(start, len(display)))
    needle = normalise(display[start:end])
    at = view.text.find(needle)
    assert at >= 0  # the normalisation of a display substring is always found in the view
    lo, hi = view.to_display(at, at + len(needle))
    assert 0 <= lo <= hi <= len(display)
    if needle:
        cited = normalise(display[lo:hi])
        # The display slice is the smallest one covering the match; it equals the match unless the
        # match begins or ends inside a multi-character fold (a ligature such as «ﻻ» → «لا»).
        assert needle in cited
        group_starts = {view.starts[i] for i in range(len(view.text))}
        aligned = (at == 0 or view.starts[at - 1] != view.starts[at]) and (
            at + len(needle) == len(view.text) or view.starts[at + len(needle)] != view.starts[at + len(needle) - 1]
        )
        if aligned:
            assert cited == needle
        assert lo in group_starts


@given(TEXTS, st.integers(0, 80))
def test_to_match_inverts_to_display_at_character_starts(display: str, offset: int) -> None:
    view = MatchView.of(display)
    index = view.to_match(offset)
    assert 0 <= index <= len(view.text)
    assert all(view.starts[i] < offset for i in range(index))
    if index < len(view.text):
        assert view.starts[index] >= offset


@pytest.mark.parametrize(
    ("variants", "folded"),
    [
        (("أمريكي", "امريكي", "أمريكيّ"), "امريكي"),
        (("أميركي", "اميركي", "أميركيّ"), "اميركي"),
        (("الأمريكية", "الامريكيه", "الأمريكيّة"), "الامريكيه"),
        (("مسؤول", "مسئول"), "مسءول"),
        (("شؤون", "شئون"), "شءون"),
        (("مستشفى", "مستشفي"), "مستشفي"),
        (("إيران", "ايران", "ٱيران"), "ايران"),
        (("الحكومة", "الحكومه"), "الحكومه"),
        (("قُتِلَ", "قتل", "قُتل"), "قتل"),
        (("بايـــدن", "بايدن", "باي\u200cدن", "\u200fبايدن"), "بايدن"),
        (("٢٠٢١", "2021", "۲۰۲۱"), "2021"),
        (("۱۴", "١٤", "14"), "14"),
        (("ﻻ", "لا"), "لا"),
        (("ﷲ", "الله"), "الله"),
        (("کابل", "كابل"), "كابل"),
        (("CNN", "cnn"), "cnn"),
    ],
)
def test_spelling_variants_share_one_matching_form(variants: tuple[str, ...], folded: str) -> None:
    forms = {normalise(v) for v in variants}
    assert forms == {folded}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("قتل", "قبل"),  # different letters stay different
        ("الأمريكية", "الأمريكي"),  # ta marbuta folds to ha, it does not vanish
        ("3.5", "35"),
    ],
)
def test_distinct_words_stay_distinct(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


def test_decimal_comma_folds_to_a_point() -> None:
    assert normalise("٣٫٥ مليون") == "3.5 مليون"


def test_match_is_cited_with_its_original_spelling() -> None:
    display = "أعلنت وزارة الدفاع الأمريكيّة «البنتاغون» مقتل ٣ جنود."
    view = MatchView.of(display)
    needle = normalise("الامريكية")
    at = view.text.find(needle)
    start, end = view.to_display(at, at + len(needle))
    assert display[start:end] == "الأمريكيّة"
    at = view.text.find("3 جنود")
    start, end = view.to_display(at, at + len("3 جنود"))
    assert display[start:end] == "٣ جنود"


def test_match_inside_a_ligature_cites_the_whole_ligature() -> None:
    display = "ﻻ تراجع"
    view = MatchView.of(display)
    assert view.text == "لا تراجع"
    assert view.to_display(1, 2) == (0, 1)  # «ا» alone lies inside «ﻻ»


def test_ornate_parentheses_around_a_verse_survive() -> None:
    display = "﴿وَلَا تَقْتُلُوا أَنفُسَكُمْ﴾"
    view = MatchView.of(display)
    assert view.text == "﴿ولا تقتلوا انفسكم﴾"
    at = view.text.find("تقتلوا")
    assert display[slice(*view.to_display(at, at + 6))] == "تَقْتُلُوا"


def test_empty_match_maps_to_an_empty_display_range() -> None:
    view = MatchView.of("قُتل")
    assert view.to_display(len(view.text), len(view.text)) == (4, 4)
    assert view.to_display(1, 1) == (2, 2)
