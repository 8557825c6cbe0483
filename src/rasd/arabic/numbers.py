"""Arabic counts: digits, number words, counted nouns and the words that bound or blur them.

News Arabic writes a count as digits («28»; the matching view has already folded «٢٨»), as
number words («خمسة وعشرين», «ثلاثمائة», «ثلاثة آلاف»), as a dual noun («جنديين» is two
soldiers) or as a vague plural («عشرات» is dozens, with no number). A count may be bounded
(«ما لا يقل عن 28», «أكثر من 10», «25 على الأقل») or approximate («قرابة 14», «نحو 50»).

Everything here reads the matching view (`rasd.arabic.normalise`): ة is ه, ى is ي, أ إ آ are ا,
ئ ؤ are ء. The word lists live in `rasd/knowledge/data/` (numbers.tsv, number_qualifiers.tsv,
counted_nouns.tsv).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple

from rasd.arabic.normalise import normalise

EXACT = "exact"
AT_LEAST = "at_least"
AT_MOST = "at_most"
APPROXIMATE = "approximate"

# Digits (with «,» or «.» group separators or a decimal part) or a run of letters.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
# Clitics a number word may carry: «وخمسة», «بثلاثة», «لعشرات», «وبعشرات».
CLITICS = ("وب", "ول", "فب", "و", "ف", "ب", "ل", "ك")
ARTICLE = "ال"
# After the number, the counted noun and one adjective may stand before «على الأقل»
# («18 شخصا مدنيا على الأقل»).
WORDS_BEFORE_AFTER_QUALIFIER = 2
# Look this far back (matching-view characters) for a qualifier such as «ما لا يقل عن».
QUALIFIER_REACH = 30


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count read from text: its value (None when vague), bound and vague scale.

    `start`/`end` are matching-view offsets of the number itself; `phrase_start` also covers
    a qualifier in front of it («ما لا يقل عن»).
    """

    value: int | None
    qualifier: str = EXACT
    scale: str | None = None  # dozens | hundreds | thousands | millions | several | ...
    start: int = 0
    end: int = 0
    phrase_start: int = 0

    def flags(self) -> tuple[str, ...]:
        """Return the flag words this count carries («at_least», «dozens»), without a role."""
        out: list[str] = []
        if self.qualifier != EXACT:
            out.append(self.qualifier)
        if self.scale:
            out.append(self.scale)
        return tuple(out)


class Token(NamedTuple):
    text: str
    start: int
    end: int


class NumberWord(NamedTuple):
    value: float | None  # digits may carry a decimal part: «1.5 مليون»
    kind: str  # unit | ten | hundred | fixed | multiplier | vague | digits | noun
    scale: str | None = None
    qualifier: str = EXACT


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split a matching-view range into word and digit tokens with their offsets."""
    stop = len(text) if end is None else end
    return [Token._make((m.group(), *m.span())) for m in TOKEN.finditer(text, start, stop)]


def read_table(name: str) -> list[list[str]]:
    """Return the data rows of a versioned TSV file (comments and header dropped)."""
    path = resources.files("rasd.knowledge").joinpath("data", name)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    return [line.split("\t") for line in lines[1:]]


def _digits_value(text: str) -> int | float | None:
    """Read «28», «1,200», «1.5»; None for a malformed group such as «1,2,3»."""
    if "," in text or text.count(".") > 1:
        groups = re.split(r"[.,]", text)
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            return int("".join(groups))
        return None
    return float(text) if "." in text else int(text)


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """Number words, counted nouns and qualifiers in the matching view, built once by `load()`."""

    words: dict[str, NumberWord]
    nouns: dict[str, str]  # noun → singular | dual | dual_or_plural
    before: tuple[tuple[str, str], ...]  # (phrase, meaning), longest first
    after: tuple[tuple[str, str], ...]
    # Every written form (clitics and article included) that reads as a number word, without
    # and with counted nouns: a count is looked for at every token of a sentence, and nearly
    # all tokens are plain words, so one dictionary look-up settles them.
    forms: Mapping[str, NumberWord] = field(default_factory=dict)
    noun_forms: Mapping[str, NumberWord] = field(default_factory=dict)

    @classmethod
    @cache
    def load(cls) -> NumberLexicon:
        """Load the number words and qualifiers from the knowledge data files."""
        words: dict[str, NumberWord] = {}
        for word, value, kind, scale in read_table("numbers.tsv"):
            words[normalise(word)] = NumberWord(int(value) if value else None, kind, scale or None)
        nouns = {normalise(noun): number for noun, number in read_table("counted_nouns.tsv")}
        before: list[tuple[str, str]] = []
        after: list[tuple[str, str]] = []
        for phrase, position, meaning in read_table("number_qualifiers.tsv"):
            (before if position == "before" else after).append((normalise(phrase), meaning))
        by_length = lambda pair: -len(pair[0])  # noqa: E731 - a sort key
        lexicon = cls(words, nouns, tuple(sorted(before, key=by_length)), tuple(sorted(after, key=by_length)))
        return lexicon.with_forms()

    def with_forms(self) -> NumberLexicon:
        """Return this lexicon with `forms` and `noun_forms` listed.

        A token reads as a number only if it is a clitic (or none) + «ال»/«لل» (or none) + a
        number word or counted noun, so reading each such form once lists them all.
        """
        stems = {article + word for word in (*self.words, *self.nouns) for article in ("", ARTICLE, "لل")}
        written = {clitic + stem for stem in stems for clitic in ("", *CLITICS)}
        forms = {form: word for form in written if (word := self._read_word(form, nouns=False)) is not None}
        noun_forms = {form: word for form in written if (word := self._read_word(form, nouns=True)) is not None}
        return replace(self, forms=MappingProxyType(forms), noun_forms=MappingProxyType(noun_forms))

    # -- single tokens -------------------------------------------------------------------

    def number_word(self, token: str, *, nouns: bool = False) -> NumberWord | None:
        """Read one token as a number word, digits or (with `nouns`) a counted noun."""
        if token[0].isdigit():
            value = _digits_value(token)
            return None if value is None else NumberWord(value, "digits", None)
        return (self.noun_forms if nouns else self.forms).get(token)

    def _read_word(self, token: str, *, nouns: bool) -> NumberWord | None:
        """Read one word token by its stems (what `forms` lists, computed at load)."""
        for stem in self.stems(token):
            word = self.words.get(stem)
            if word is not None:
                return word
            if nouns:
                noun = self.noun_count(stem[len(ARTICLE) :] if stem.startswith(ARTICLE) else stem)
                if noun is not None:
                    return noun  # «مقتل الجندي» is one soldier
        definite = self._definite_vague(token)
        return definite

    def noun_count(self, stem: str) -> NumberWord | None:
        """Read a counted noun: «جندي» → 1, «جنديين» → 2, «مقاولين» → at least 2."""
        number = self.nouns.get(stem)
        if number == "singular":
            return NumberWord(1, "noun")
        if number == "dual":
            return NumberWord(2, "noun")
        if number == "dual_or_plural":
            return NumberWord(2, "noun", None, AT_LEAST)
        return None

    def stems(self, token: str) -> list[str]:
        """Return the token and its readings without a leading clitic («وخمسة» → «خمسه»)."""
        stems = [token]
        for clitic in CLITICS:
            if token.startswith(clitic) and len(token) > len(clitic) + 1:
                stems.append(token[len(clitic) :])
        return stems

    def _definite_vague(self, token: str) -> NumberWord | None:
        """Read «العشرات», «بالمئات», «الالاف»: only vague words and multipliers take the article."""
        for stem in self.stems(token):
            if stem.startswith(ARTICLE):
                word = self.words.get(stem[len(ARTICLE) :])
                if word is not None and (word.kind == "vague" or word.scale):
                    return word
            if stem.startswith("ل" + ARTICLE[1:]):  # «للعشرات» = ل + العشرات
                word = self.words.get(stem[2:])
                if word is not None and word.kind == "vague":
                    return word
        return None

    # -- phrases ---------------------------------------------------------------------------

    def read(self, text: str, toks: list[Token], i: int, *, nouns: bool = False) -> tuple[Quantity, int] | None:
        """Read the count that starts at token `i`; return it and the index after it."""
        first = self.number_word(toks[i].text, nouns=nouns)
        if first is None:
            return None
        parts = [first]
        j = i + 1
        while j < len(toks) and _adjacent(text, toks[j - 1], toks[j]):
            nxt = self._continuation(toks[j].text, parts[-1], len(parts))
            if nxt is None:
                break
            parts.append(nxt)
            j += 1
        value, scale = _combine(parts)
        start, end = toks[i].start, toks[j - 1].end
        qualifier, phrase_start = self._qualifier_before(text, start)
        if qualifier == EXACT:
            qualifier = self._qualifier_after(text, toks, j) or parts[0].qualifier
        return Quantity(value, qualifier, scale, start, end, phrase_start), j

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
        """Return every count written with digits or number words in a matching-view range."""
        toks = tokens(text, start, end)
        found: list[Quantity] = []
        i = 0
        while i < len(toks):
            hit = self.read(text, toks, i)
            if hit is None:
                i += 1
                continue
            quantity, i = hit
            found.append(quantity)
        return found

    def _continuation(self, token: str, previous: NumberWord, position: int) -> NumberWord | None:
        """Return the next part of a compound number («خمسة وعشرين», «ثلاثة آلاف»), or None."""
        bare = self.words.get(token)
        if bare is not None:
            if bare.kind in ("multiplier", "hundred") and previous.kind in ("unit", "ten", "digits", "fixed"):
                return bare
            if bare.value == 10 and previous.kind == "unit" and position == 1:
                return NumberWord(10, "teen")  # «ثلاثة عشر»
            if previous.kind == "vague" and bare.scale:  # «عشرات الآلاف» is written without the article
                return bare
        definite = self._definite_vague(token)
        if previous.kind == "vague" and definite is not None and definite.scale:
            return definite  # «عشرات الآلاف»
        if not token.startswith("و"):
            return None
        word = self.words.get(token[1:])
        if word is None or word.kind not in ("unit", "ten", "fixed", "hundred"):
            return None
        allowed = {
            "unit": ("ten",),  # «خمسة وعشرين»
            "hundred": ("unit", "ten", "fixed"),  # «مئة وخمسون»
            "fixed": ("unit", "ten", "fixed"),  # «ثلاثمائة وعشرة», «ألفين وخمسمائة»
            "multiplier": ("unit", "ten", "fixed", "hundred"),  # «ألف ومئتين»
        }
        return word if word.kind in allowed.get(previous.kind, ()) else None

    def _qualifier_before(self, text: str, start: int) -> tuple[str, int]:
        """Find «ما لا يقل عن», «نحو», «بحوالي» … just before a number."""
        window = text[max(0, start - QUALIFIER_REACH) : start].rstrip()
        offset = start - QUALIFIER_REACH if start > QUALIFIER_REACH else 0
        for phrase, meaning in self.before:
            if not window.endswith(phrase):
                continue
            at = len(window) - len(phrase)
            clitic = _clitic_before(window, at)
            if clitic is not None:
                return meaning, offset + at - clitic
        return EXACT, start

    def _qualifier_after(self, text: str, toks: list[Token], j: int) -> str | None:
        """Find «على الأقل» or «تقريبا» after a number and at most two following words."""
        for skip in range(WORDS_BEFORE_AFTER_QUALIFIER + 1):
            k = j + skip
            if k >= len(toks):
                return None
            if skip and not _adjacent(text, toks[k - 1], toks[k]):
                return None
            rest = text[toks[k].start : toks[k].start + QUALIFIER_REACH]
            for phrase, meaning in self.after:
                if rest.startswith(phrase) and not rest[len(phrase) : len(phrase) + 1].isalnum():
                    return meaning
        return None


def _clitic_before(window: str, at: int) -> int | None:
    """Return 0 or 1 (letters of a clitic such as «ب» in «بنحو») if a word starts at `at`, else None."""
    if at == 0 or not window[at - 1].isalnum():
        return 0
    if window[at - 1] in "وبلف" and (at == 1 or not window[at - 2].isalnum()):
        return 1
    return None


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Tell whether only spaces separate two tokens (a comma or full stop ends a number)."""
    return not text[left.end : right.start].strip()


def _combine(parts: list[NumberWord]) -> tuple[int | None, str | None]:
    """Add up the parts of a compound number; a vague word gives no value, only a scale."""
    if parts[0].kind == "vague":
        if len(parts) > 1 and parts[1].scale:
            tens = "tens" if parts[0].scale == "dozens" else parts[0].scale
            return None, f"{tens}_of_{parts[1].scale}"  # «عشرات الآلاف»: tens_of_thousands
        return None, parts[0].scale
    if len(parts) == 1 and parts[0].kind == "multiplier" and parts[0].scale:
        return None, parts[0].scale  # «آلاف» alone: thousands, no number
    total = current = 0.0
    for part in parts:
        value = part.value or 0
        if part.kind == "hundred":
            current = current * value if 1 <= current <= 9 else current + value
        elif part.kind == "multiplier":
            total += (current or 1) * value
            current = 0
        elif part.kind == "fixed" and value >= 1000:
            total += value
        else:
            current += value
    return round(total + current), None


def parse_number(text: str) -> Quantity | None:
    """Read the first count in `text` (display or matching view).

    >>> parse_number("ما لا يقل عن 28").value, parse_number("ما لا يقل عن 28").qualifier
    (28, 'at_least')

    Counted nouns count too: «جنديين» is 2, «مقاول مدني» is 1, «مقاولين» is at least 2.
    """
    view = normalise(text)
    lexicon = NumberLexicon.load()
    toks = tokens(view)
    for i in range(len(toks)):
        hit = lexicon.read(view, toks, i, nouns=True)
        if hit is not None:
            return hit[0]
    return None
