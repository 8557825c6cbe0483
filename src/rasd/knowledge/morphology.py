"""Arabic clitics and affixes, and whole-word lexicon matching over the matching view.

Arabic writes conjunctions, prepositions, the article and object pronouns attached to the
word: «وللجيش» is و + ل + الجيش, «قواتها» is قوات + ها. A lexicon key is therefore matched as
a substring of the matching view (one Aho-Corasick automaton over all keys), and a hit counts
only when the letters between the word's edge and the key are an allowed proclitic string
and the letters after it an allowed suffix string. Keys and text must both be in the
matching view (`rasd.arabic.normalise.normalise`): ة is ه, ى is ي, أ إ آ are ا, ؤ ئ are ء.

Prefix and suffix strings are spelled in the matching view too.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

T = TypeVar("T")

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"
FUTURE = "س"
# The letters that attach in front of a word, for readers that need the inventory.
PROCLITICS = (*CONJUNCTIONS, *PREPOSITIONS, FUTURE, ARTICLE, "لل")

# Object and possessive pronouns («قواتها», «استهدفهم», «قادتنا»).
ENCLITICS = ("ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ي")

# Noun and adjective endings: sound plurals, duals (with case), feminine and nisba endings, and
# the accusative alef of tanwin («مسلحا», «عراقيا»). «ه» is the ta marbuta as the matching view
# spells it.
NOMINAL_ENDINGS = ("ون", "ين", "ات", "ان", "تان", "تين", "ه", "ي", "يه", "يون", "يين", "يات", "ا")
# Perfect and imperfect verb endings («قتلوا», «قتلت», «قتلتا», «يقتلون»).
VERBAL_ENDINGS = ("وا", "ت", "تا", "ن", "نا", "تم", "ا", "ون", "ان", "ين", "و")


# Person markers of the imperfect verb («يقتل», «تستهدف», «نرفض»).
IMPERFECT_MARKERS = ("ي", "ت", "ن", "ا")


def _prefix_strings(*, article: bool, verb: bool) -> frozenset[str]:
    """Return every allowed proclitic string.

    Nouns: conjunction? preposition? article?; verbs: conjunction? (future | ل)? person?
    """
    prefixes: set[str] = set()
    if verb:
        for conj, mood, person in itertools.product(["", *CONJUNCTIONS], ["", FUTURE, "ل"], ["", *IMPERFECT_MARKERS]):
            if mood and not person:
                continue  # «س» and «ل» of purpose only go before an imperfect verb
            prefixes.add(conj + mood + person)
        return frozenset(prefixes)
    for conj, prep in itertools.product(["", *CONJUNCTIONS], ["", *PREPOSITIONS]):
        prefixes.add(conj + prep)
        if article:
            # ل + ال is written «لل»: «للجيش».
            prefixes.add(conj + ("لل" if prep == "ل" else prep + ARTICLE))
    return frozenset(prefixes)


def _tail_strings(endings: Iterable[str], enclitics: Iterable[str]) -> frozenset[str]:
    """Return every allowed suffix string: ending? enclitic? (a ta marbuta opens to ت first)."""
    tails = {""}
    ends = ["", *endings]
    for end, pron in itertools.product(ends, ["", *enclitics]):
        if end.endswith("ه") and pron:
            # «حكومة» + «ها» is «حكومتها»: the ta marbuta is written ت before a pronoun.
            tails.add(end[:-1] + "ت" + pron)
        else:
            tails.add(end + pron)
    return frozenset(tails)


# Ready-made affix sets. NOUN_PREFIXES allow the article, so a key written without «ال»
# also matches its definite form; DEFINITE_PREFIXES are for keys that already carry «ال».
NOUN_PREFIXES = _prefix_strings(article=True, verb=False)
DEFINITE_PREFIXES = _prefix_strings(article=False, verb=False)
VERB_PREFIXES = _prefix_strings(article=False, verb=True)
NO_AFFIXES = frozenset({""})
NOUN_SUFFIXES = _tail_strings(NOMINAL_ENDINGS, ENCLITICS)
PRONOUN_SUFFIXES = _tail_strings((), ENCLITICS)
# Nouns for people take plural, dual and case endings but not the nisba endings, which would
# turn «مسؤول» into «مسؤولية» (responsibility).
AGENT_SUFFIXES = _tail_strings(("ون", "ين", "ات", "ان", "تان", "تين", "ه", "ي", "ا"), ENCLITICS)
VERB_SUFFIXES = _tail_strings(VERBAL_ENDINGS, ENCLITICS)
# What may follow a ta marbuta key once it is written ت: «حكومتها», «الحكومتين», «دولتي».
_OPEN_TA_TAILS = _tail_strings(("ان", "ين", "ي"), ENCLITICS) - {""}


def word_variants(
    stem: str,
    prefixes: frozenset[str] = NOUN_PREFIXES,
    suffixes: frozenset[str] = NOUN_SUFFIXES,
) -> frozenset[str]:
    """Return every surface form of `stem` with the given proclitics and suffixes.

    Meant for small sets and tests; matching text should use `WordMatcher` instead.
    """
    forms = {p + stem + s for p in prefixes for s in suffixes}
    if stem.startswith(ARTICLE):
        bare = stem[len(ARTICLE) :]
        forms |= {c + "لل" + bare + s for c in ("", *CONJUNCTIONS) for s in suffixes}
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class Pattern(Generic[T]):
    """One lexicon key (matching view) with its payload and the affixes it may carry."""

    key: str
    value: T
    prefixes: frozenset[str] = NOUN_PREFIXES
    suffixes: frozenset[str] = NOUN_SUFFIXES


class WordMatch(NamedTuple, Generic[T]):
    """A whole-word hit in the matching view.

    `start`/`end` cover the key itself; `word_start`/`word_end` include the attached
    proclitics and suffixes (what a reader sees as the word or phrase). A named tuple: an
    article yields hundreds of hits, and a tuple is made in a third of a frozen dataclass's time.
    """

    start: int
    end: int
    word_start: int
    word_end: int
    key: str
    value: T

    @property
    def prefix_length(self) -> int:
        return self.start - self.word_start


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    key: str
    value: T
    prefixes: frozenset[str]
    suffixes: frozenset[str]
    # The «لل» spelling of a definite key: the text shows «ل» + key without its «ا».
    after_lam: bool = False
    # A ta marbuta key written with an open ت before an ending: «حكومه» as «حكومتها».
    open_ta: bool = False


@dataclass(slots=True)
class WordMatcher(Generic[T]):
    """Lexicon keys (matching view) with their entries, matched as whole words with clitics.

    The Aho-Corasick walk is its `SharedPass`: its own, or one shared with other matchers
    that read the same texts.
    """

    table: dict[str, tuple[_Entry[T], ...]]  # every spelling of a key → its entries
    max_prefix: int
    max_suffix: int
    size: int = field(default=0)
    shared: SharedPass = field(init=False, repr=False)
    slot: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        SharedPass((self,))

    @classmethod
    def build(cls, patterns: Iterable[Pattern[T]]) -> WordMatcher[T]:
        """Index the keys once; keys must already be in the matching view."""
        table: dict[str, list[_Entry[T]]] = {}
        max_prefix = max_suffix = 0
        count = 0
        for pattern in patterns:
            if not pattern.key:
                continue
            count += 1
            for surface, entry in _spellings(pattern):
                table.setdefault(surface, []).append(entry)
            max_prefix = max(max_prefix, max(map(len, pattern.prefixes)))
            max_suffix = max(max_suffix, max(map(len, pattern.suffixes)))
        return cls({key: tuple(entries) for key, entries in table.items()}, max_prefix, max_suffix, count)

    def find_all(self, text: str) -> Iterator[WordMatch[T]]:
        """Yield every whole-word hit, overlapping ones included, ordered by where they end
        (longer first among hits ending together)."""
        return iter(self.shared.hits(text)[self.slot])

    def find(self, text: str) -> list[WordMatch[T]]:
        """Return non-overlapping hits, longest first («كتائب حزب الله» beats «حزب الله»)."""
        hits = sorted(self.find_all(text), key=lambda m: (m.start - m.end, m.word_start))
        # The hits taken so far never overlap, so sorted by start their ends are sorted too:
        # only the taken hit starting last before a new hit's end can overlap it. This keeps
        # the choice linear-logarithmic on long articles instead of quadratic.
        starts: list[int] = []
        taken: list[WordMatch[T]] = []
        for hit in hits:
            i = bisect.bisect_left(starts, hit.word_end)
            if i and taken[i - 1].word_end > hit.word_start:
                continue
            starts.insert(i, hit.word_start)
            taken.insert(i, hit)
        return taken


class SharedPass:
    """One automaton pass over a text for several matchers read over the same texts.

    Each matcher keeps its own hits, in the order its own automaton would give them (by end,
    longer first); the article is walked once instead of once per lexicon, and a word's edges
    are found once for every lexicon with a key there. The hits of the last few texts are kept.
    """

    def __init__(self, matchers: Sequence[WordMatcher[Any]]) -> None:
        table: dict[str, list[tuple[int, tuple[_Entry[Any], ...]]]] = {}
        for slot, matcher in enumerate(matchers):
            for key, entries in matcher.table.items():
                table.setdefault(key, []).append((slot, entries))
        self.automaton = ahocorasick.Automaton()
        for key, groups in table.items():
            self.automaton.add_word(key, (key, tuple(groups)))
        self.keys = len(table)
        if table:
            self.automaton.make_automaton()
        # A hit past the longest clitic string of every lexicon fits none (only a shortcut).
        self.prefix_limit = max((m.max_prefix for m in matchers), default=0) + 1
        self.suffix_limit = max((m.max_suffix for m in matchers), default=0) + 1
        self.slots = len(matchers)
        self.hits = lru_cache(maxsize=4)(self._scan)
        for slot, matcher in enumerate(matchers):
            matcher.shared, matcher.slot = self, slot

    def _scan(self, text: str) -> tuple[tuple[WordMatch[Any], ...], ...]:
        found: list[list[WordMatch[Any]]] = [[] for _ in range(self.slots)]
        prefix_limit, suffix_limit, n = self.prefix_limit, self.suffix_limit, len(text)
        if not self.keys:
            return tuple(() for _ in range(self.slots))
        for last, (key, groups) in self.automaton.iter(text):
            start, end = last - len(key) + 1, last + 1
            # The word's edges, walked here rather than in helpers: this loop runs for every
            # automaton hit, inside words too, and dominates matching time.
            word_start = start
            while word_start > 0 and text[word_start - 1].isalnum():
                word_start -= 1
            if start - word_start >= prefix_limit:
                continue
            word_end = end
            while word_end < n and text[word_end].isalnum():
                word_end += 1
            if word_end - end >= suffix_limit:
                continue
            prefix, tail = text[word_start:start], text[end:word_end]
            for slot, entries in groups:
                hits = found[slot]
                for entry in entries:
                    if tail not in (_OPEN_TA_TAILS if entry.open_ta else entry.suffixes):
                        continue
                    if entry.after_lam and not prefix.endswith("ل"):
                        # «لجيش» stands for «الجيش» only after the preposition «ل» («للجيش»).
                        continue
                    if prefix in entry.prefixes:
                        hits.append(WordMatch(start, end, word_start, word_end, entry.key, entry.value))
        return tuple(tuple(hits) for hits in found)


def _spellings(pattern: Pattern[T]) -> Iterator[tuple[str, _Entry[T]]]:
    """Yield the key as written plus its «لل» and open-ت spellings, each with its entry."""
    key, value, prefixes, suffixes = pattern.key, pattern.value, pattern.prefixes, pattern.suffixes
    yield key, _Entry(key, value, prefixes, suffixes)
    lam = key.startswith(ARTICLE) and any(p.endswith("ل") for p in prefixes)
    if lam:
        yield "ل" + key[len(ARTICLE) :], _Entry(key, value, prefixes, suffixes, after_lam=True)
    if key.endswith("ه") and len(suffixes) > 1:
        opened = key[:-1] + "ت"
        yield opened, _Entry(key, value, prefixes, suffixes, open_ta=True)
        if lam:
            yield "ل" + opened[len(ARTICLE) :], _Entry(key, value, prefixes, suffixes, True, True)
