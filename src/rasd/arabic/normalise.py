"""Arabic normalisation into a matching view that keeps an offset map to the display text.

The display text stays exactly as written (hamza forms, diacritics, Arabic-Indic digits).
Matching runs on a second string in which spelling variants collapse, so «الأمريكية»,
«الامريكيه» and «الأمريكيّة» all read «الامريكيه». Only character folds happen here: variants
that differ in letter order («أمريكي» / «أميركي») stay apart, and lexicons list both. Every
matching-view character records
the display range it came from, so a match can be cited in the display text exactly.

The character inventory follows CAMeL Tools' normalisers (alef, alef maqsura, ta marbuta,
diacritics, tatweel, digits), plus hamza seats, Persian letters, invisible format characters
and NFKC folding of Arabic presentation forms.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache

# Harakat, tanwin, shadda, sukun, superscript alef and Quranic annotation marks carry no
# spelling difference that matching needs; dropping them lets «قُتل» match «قتل».
DIACRITICS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
TATWEEL = "\u0640"
# Zero-width and bidi control characters appear inside scraped names («بايـ‌دن»); they are
# invisible in the display text and must not split a word in the matching view.
INVISIBLES = frozenset(
    "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u061c"
)
DROPPED = DIACRITICS | INVISIBLES | {TATWEEL}

LETTER_FOLDS = {
    # alef variants → bare alef
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    # alef maqsura ↔ ya, Persian ya
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ۍ": "ي",
    # ta marbuta ↔ ha
    "ة": "ه",
    "ۀ": "ه",
    "ھ": "ه",
    # hamza seats: «مسؤول» / «مسئول», «شؤون» / «شئون» spell the same word
    "ؤ": "ء",
    "ئ": "ء",
    # Persian and Urdu letter forms found in Arabic web text
    "ک": "ك",
    "ڪ": "ك",
    "گ": "ك",
}
DIGIT_FOLDS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
PUNCT_FOLDS = {"٫": ".", "٬": ",", "،": "،"}


def _fold_char(ch: str) -> str:
    """Return the matching-view string for one display character (may be empty or longer)."""
    if ch in DROPPED:
        return ""
    if ch in LETTER_FOLDS:
        return LETTER_FOLDS[ch]
    if ch in DIGIT_FOLDS:
        return DIGIT_FOLDS[ch]
    if ch in PUNCT_FOLDS:
        return PUNCT_FOLDS[ch]
    code = ord(ch)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        # Presentation forms (ligatures such as «ﻻ», contextual glyphs): fold via NFKC,
        # then apply the letter folds to the result. Characters NFKC leaves alone (the ornate
        # parentheses «﴾﴿» around Quran verses, unassigned code points) stay as they are.
        composed = unicodedata.normalize("NFKC", ch)
        if composed == ch:
            return ch
        return "".join(_fold_char(c) for c in composed)
    return ch.lower()


@cache
def _translation() -> dict[int, str | None]:
    """Build the one-to-one (or deleting) translate table for the fast path."""
    table: dict[int, str | None] = {}
    for ch in DROPPED:
        table[ord(ch)] = None
    for mapping in (LETTER_FOLDS, DIGIT_FOLDS, PUNCT_FOLDS):
        for src, dst in mapping.items():
            table[ord(src)] = dst
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    return table


@cache
def _folds() -> tuple[tuple[str, str], ...]:
    """The fast path as character replacements: (display character, its fold; "" drops it).

    No fold yields a character that is folded again, so replacing them one after the other
    gives what one `str.translate` over the table gives, at a tenth of the cost on an article
    (`translate` looks every non-ASCII character up in a dict; `in` and `replace` are C scans).
    """
    return tuple((chr(code), fold or "") for code, fold in _translation().items())


@cache
def _irregular(ch: str) -> bool:
    """Tell whether a character's fold is neither itself, nor a deletion, nor one table character."""
    fold = _fold_char(ch)
    return len(fold) > 1 or bool(fold and fold != _translation().get(ord(ch), ch))


# Characters outside ASCII and the Arabic block are rare in Arabic news; only they can fold
# to more than one character (presentation-form ligatures) or need a per-character look.
_UNUSUAL = re.compile(r"[^\x00-\x7f\u0600-\u06ff]")
_DROPPED_RUNS = re.compile("[" + "".join(sorted(DROPPED)) + "]+")


# From about this length on, scanning for each folded character beats `str.translate`.
_SCAN_FROM = 512


def _fast_fold(display: str) -> str | None:
    """Fold `display` through the one-to-one table (every fold one character or none), or
    return None when a character needs the per-character path."""
    if any(_irregular(ch) for ch in set(_UNUSUAL.findall(display))):
        return None
    if len(display) < _SCAN_FROM:
        return display.translate(_translation())
    text = display
    for ch, fold in _folds():
        if ch in text:
            text = text.replace(ch, fold)
    return text


# 0, 1, 2, ...: an article with nothing dropped slices its offsets from here (a C copy).
_IDENTITY = array("i", range(1 << 17))


def _offsets(size: int) -> array:
    """Return the offsets 0 .. size-1."""
    return _IDENTITY[:size] if size <= len(_IDENTITY) else array("i", range(size))


@dataclass(frozen=True, slots=True)
class MatchView:
    """The matching view of a display text, with each character's display range."""

    display: str
    text: str
    starts: array  # starts[i]: display offset of matching character i (each comes from one display char)

    @classmethod
    def of(cls, display: str) -> MatchView:
        """Build the matching view of `display`."""
        text = _fast_fold(display)
        if text is None:
            return cls._slow(display)
        offsets = _offsets(len(display))
        if len(text) == len(display):  # nothing dropped
            return cls(display, text, offsets)
        kept, previous = array("i"), 0
        for run in _DROPPED_RUNS.finditer(display):
            kept += offsets[previous : run.start()]
            previous = run.end()
        kept += offsets[previous:]
        return cls(display, text, kept)

    @classmethod
    def _slow(cls, display: str) -> MatchView:
        parts: list[str] = []
        starts = array("i")
        for i, ch in enumerate(display):
            fold = _fold_char(ch)
            parts.append(fold)
            starts.extend([i] * len(fold))
        return cls(display, "".join(parts), starts)

    @property
    def ends(self) -> array:
        """Return, per matching character, the display offset just past it."""
        return array("i", (start + 1 for start in self.starts))

    def to_display(self, start: int, end: int) -> tuple[int, int]:
        """Map a matching-view range [start, end) to the display range it covers."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.display)
            return pos, pos
        return self.starts[start], self.starts[end - 1] + 1

    def to_match(self, display_offset: int) -> int:
        """Return the first matching-view index at or after a display offset."""
        return bisect.bisect_left(self.starts, display_offset)


def normalise(text: str) -> str:
    """Return the matching view of `text` as a plain string (for lexicon keys and queries)."""
    folded = _fast_fold(text)
    return folded if folded is not None else MatchView._slow(text).text
