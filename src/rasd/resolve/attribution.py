"""Attribution and claims: who says what (the RESOLVE stage's reporting clauses).

Every reporting clause in an article becomes a `Claim`: a reporting verb («قال», «أكد»,
«مضيفاً»), an «according to» phrase («بحسب», «وفقاً لـ», «نقلاً عن», «على لسان»), the source
that speaks and the content it reports (a quotation «…» "…" “…”, or indirect speech after
«أن/إن»). Each event then takes the attribution of the clause whose content it sits in.

How a clause is read, in the matching view (`doc.view`), one sentence at a time:

- one Aho-Corasick automaton over the reporting cues (`reporting_verbs.tsv`) finds the
  sentences worth reading, so sentences without a cue cost nothing but the scan;
- the source is the noun phrase after the verb (VSO: «وقال وزير الدفاع …»), else before it
  (SVO: «الوزارة قالت في بيان», «وكانت المنصات … قد أعلنت»); it ends at a content marker
  («أن», «:», a quote), a venue («في بيان», «للصحفيين»), a day word, or after a country
  adjective that no name follows («وزارة الدفاع الأمريكية الضربة» stops at «الأمريكية»);
  a comma-separated apposition that names or titles the speaker is kept
  («وزير الخارجية الإيراني، محمد جواد ظريف،»);
- a verb with no source of its own («وأضاف:», «مبيناً بأن», «وزعم أن») continues the previous
  speaker: the clause before it in the sentence, else the last speaker of the article;
- a bare definite head («المصدر», «الوزارة», «الوزير», «الوكالة نفسها») refers back to the latest
  source with that head («مصدر سياسي مطلع», «وزارة الدفاع الأمريكية (البنتاغون)»), and «البيان»
  to the latest institution that spoke «في بيان».

Source kinds follow the article gold of the evaluation data (`../shared/eval`):
- named_person: a person by name or by a definite title («الوزير», «المتحدث», «حاكم موبتي»);
- anonymous: an unnamed source or an indefinite title («مصدر سياسي مطلع», «مسؤول أمريكي»,
  «سفير فرنسي», «تقارير», «شهود عيان», «تنظيم جهادي»);
- media: agencies, papers, channels, platforms («وكالة رويترز», «التلفزيون الرسمي»);
- institution: bodies and states speaking as such («وزارة الصحة», «الشرطة», «إيران»). A statement
  or report whose issuer is named («بيان للحكومة», «بيان وزعه المتحدث باسم طالبان») is the
  issuer's, so it is an institution, as in the gold; «البيان» after an institution spoke in a
  statement is that institution;
- document: a statement, report or letter whose issuer the article never names («بيان», «تقرير»).
"""

from __future__ import annotations

import csv
import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, repeat
from operator import add, itemgetter
from types import MappingProxyType
from typing import Final, NamedTuple

from rasd.arabic.normalise import DIACRITICS, MatchView, normalise
from rasd.arabic.segment import split_sentences
from rasd.knowledge.morphology import Pattern, WordMatch, WordMatcher
from rasd.model import Actor, Attribution, Claim, Document, Event, Span

VERBS_FILE: Final = "reporting_verbs.tsv"
SOURCES_FILE: Final = "reporting_sources.tsv"
BOUNDARIES_FILE: Final = "reporting_boundaries.tsv"

NAMED_PERSON: Final = "named_person"
INSTITUTION: Final = "institution"
ANONYMOUS: Final = "anonymous"
MEDIA: Final = "media"
DOCUMENT: Final = "document"

# Cue roles in reporting_verbs.tsv.
VERB, PARTICIPLE, ACCORDING = "verb", "participle", "according"
# What a verb needs to count: any source and content, an explicit content marker, or a media source.
NEEDS_ANY, NEEDS_CONTENT, NEEDS_MEDIA = "any", "content", "media"

# Suffix sets by name, spelled in the matching view. Verb suffixes leave out the 1st-person
# object «ي» («ذكري» is «ذكرى», an anniversary) and the dual «ا» («نفيا» is the noun «نفياً»).
_OBJECTS = ("", "ه", "ها", "هم")
SUFFIX_SETS: Final = MappingProxyType(
    {
        "verb": frozenset(e + o for e in ("", "ت", "وا", "تا") for o in _OBJECTS),
        "imperfect": frozenset(e + o for e in ("", "ون", "ان") for o in _OBJECTS),
        "object": frozenset(_OBJECTS),
        # «مضيفاً», «مضيفة», «مضيفين»: the bare stem «مضيف» is a host, not a participle.
        "participle": frozenset({"ا", "ه", "ين", "ون"}),
        # «لافتاً» but not «لافتة» (a banner), «متحدثاً» but not «متحدثة» (a spokeswoman).
        "adverbial": frozenset({"ا"}),
        "none": frozenset({""}),
    }
)
_CUE_PREFIXES: Final = MappingProxyType(
    {VERB: frozenset({"", "و", "ف"}), PARTICIPLE: frozenset({"", "و"}), ACCORDING: frozenset({"", "و", "ف"})}
)

# Source cues in reporting_sources.tsv.
SOURCE_CUES: Final = frozenset(
    {MEDIA, INSTITUTION, ANONYMOUS, DOCUMENT, "role", "honorific", "kin", "modifier", "nisba", "place"}
)
BOUNDARY_CUES: Final = frozenset({"marker", "venue", "time", "stop", "skip", "copula", "opener", "relative"})

# A source phrase longer than this is a misread clause, not a name (the longest in the dev gold,
# «المتحدث باسم حكومة بوركينا فاسو ريمي داندجينو», has 7 words).
MAX_SOURCE_WORDS: Final = 10
MAX_APPOSITION_WORDS: Final = 6
# SVO sources are short: «الوزارة», «جماعتان», «كالين», «المنصات التابعة لميليشيات الحشد الشعبي».
MAX_PRE_VERB_WORDS: Final = 7
# How far past the source a «content» verb («ذكر», «تابع», «نقل») may find its «أن» or quote.
CONTENT_MARKER_REACH: Final = 12
# A quoted name inside a source («وكالة "فارس" للأنباء») is short; a longer quote is content.
MAX_QUOTED_NAME_WORDS: Final = 6
# A quotation left open at the end of a sentence closes within this many characters or not at all.
QUOTE_REACH: Final = 1200

# A word or a punctuation mark, with the white space before it (its offset is summed from the lengths).
_SPACED_TOKEN = re.compile(r"(\s*)(\w+|[^\w\s])")
_first_char = itemgetter(0)
_start_of = itemgetter(1)  # `_Tok.start`, read in C
_new_tuple = tuple.__new__
_OPEN_CLOSE: Final = MappingProxyType({"«": "»", "“": "”", '"': '"'})
_QUOTES: Final = frozenset('«»“”"')
_COMMAS: Final = frozenset({"،", ","})
_STRIP = ' \t\n.,،:؛;!?؟-–—«»“”"()'
_SOURCE_STRIP = " \t\n.,،:؛;"
# Endings a source word may carry beyond its lexicon form: «الأمريكية», «مطلعة», «الإيرانيون».
_SOURCE_ENDINGS: Final = ("ه", "ون", "ين", "ان")
_PREPOSITION_WORDS: Final = frozenset({"علي", "الي", "عن", "من", "مع", "ضد", "حول", "بشان", "لدي"})
_SUBJECT_PREFIXES: Final = ("و", "ف")
_NOUN_PREFIXES: Final = ("وب", "ول", "وك", "فب", "فل", "ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class ReportingCue:
    """A reporting verb, participle or «according to» phrase, as the automaton yields it."""

    role: str
    needs: str


@dataclass(frozen=True, slots=True)
class ReportedClause:
    """A claim with the spans that place it: the cue, the source and what it reports."""

    claim: Claim
    cue: Span
    source: Span | None
    content: Span


class _Tok(NamedTuple):
    """A word or punctuation mark of a sentence (a tuple: sentences are tokenised by the thousand)."""

    text: str  # matching view
    start: int  # matching-view offsets
    end: int
    is_word: bool  # a word or number, not punctuation


@dataclass(frozen=True, slots=True)
class _SourceCue:
    cue: str
    country: str | None


@dataclass(frozen=True, slots=True)
class _Lookup:
    cue: str
    country: str | None
    size: int  # tokens covered
    definite: bool


# Stands for «not remembered» in the word-cue memo, whose values may be None.
_NOT_REMEMBERED: Final = _Lookup("", None, 0, False)
# The word-cue memo stops growing here (a year of news has fewer distinct source-phrase words).
MAX_REMEMBERED_WORDS: Final = 1 << 17


@dataclass(frozen=True, slots=True)
class ReportingLexicon:
    """The compiled reporting knowledge: the cue automaton and the source and boundary words."""

    cues: WordMatcher[ReportingCue]
    sources: MappingProxyType[str, _SourceCue]
    boundaries: MappingProxyType[str, str]
    # First word of every source key → the most words a key starting with it has: most words
    # start no key, so the longest-first lookup is skipped for them.
    heads: MappingProxyType[str, int]
    # The cue of a word looked up alone, for the words whose lookup no following word can
    # change (no key of two or more words starts with any of their readings): the same
    # words are looked up for every candidate phrase of every article.
    _word_cues: dict[str, _Lookup | None] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    @cache
    def load(cls) -> ReportingLexicon:
        """Read the three reporting TSV files once and build the automaton."""
        patterns = []
        for row in _read_tsv(VERBS_FILE):
            role, needs = row["role"], row["needs"]
            if role not in _CUE_PREFIXES or needs not in {NEEDS_ANY, NEEDS_CONTENT, NEEDS_MEDIA}:
                raise ValueError(f"{VERBS_FILE}: bad role or needs in {row}")
            patterns.append(
                Pattern(
                    normalise(row["form"]),
                    ReportingCue(role, needs),
                    _CUE_PREFIXES[role],
                    SUFFIX_SETS[row["suffixes"]],
                )
            )
        sources: dict[str, _SourceCue] = {}
        for row in _read_tsv(SOURCES_FILE):
            if row["cue"] not in SOURCE_CUES:
                raise ValueError(f"{SOURCES_FILE}: unknown cue {row['cue']!r}")
            sources[_bare_key(normalise(row["form"]))] = _SourceCue(row["cue"], row["country"] or None)
        boundaries: dict[str, str] = {}
        for row in _read_tsv(BOUNDARIES_FILE):
            if row["cue"] not in BOUNDARY_CUES:
                raise ValueError(f"{BOUNDARIES_FILE}: unknown cue {row['cue']!r}")
            boundaries[normalise(row["form"])] = row["cue"]
        # A boundary word may carry «و»/«ف» («وخلال», «فإن»): the prefixed forms are listed too, so
        # a token's cue is one look-up (an article's boundary look-ups run in the hundreds).
        for form, cue in list(boundaries.items()):
            for prefix in _SUBJECT_PREFIXES:
                if len(prefix + form) > 3:
                    boundaries.setdefault(prefix + form, cue)
        heads: dict[str, int] = {}
        for key in sources:
            first, size = key.split(" ", 1)[0], key.count(" ") + 1
            heads[first] = max(heads.get(first, 0), size)
        matcher = WordMatcher.build(patterns)
        return cls(matcher, MappingProxyType(sources), MappingProxyType(boundaries), MappingProxyType(heads))

    def boundary(self, tok: _Tok) -> str | None:
        """Return the boundary cue of a token, with or without «و»/«ف»."""
        return self.boundaries.get(tok.text)

    def source_cue(self, toks: Sequence[_Tok], i: int) -> _Lookup | None:
        """Return the longest source cue starting at token `i` (clitics and article stripped)."""
        if i >= len(toks) or not toks[i].is_word:
            return None
        word = toks[i].text
        known = self._word_cues.get(word, _NOT_REMEMBERED)
        if known is not _NOT_REMEMBERED:
            return known
        if all(self.heads.get(first, 0) <= 1 for first, _, _ in _noun_forms(word)):
            known = self._longest_cue(toks, i)
            if len(self._word_cues) < MAX_REMEMBERED_WORDS:
                self._word_cues[word] = known
            return known
        return self._longest_cue(toks, i)

    def _longest_cue(self, toks: Sequence[_Tok], i: int) -> _Lookup | None:
        sources = self.sources
        for first, definite, unended in _noun_forms(toks[i].text):
            longest = self.heads.get(first)
            if longest:
                for size in range(min(longest, len(toks) - i), 0, -1):
                    key = " ".join([first, *(t.text for t in toks[i + 1 : i + size])]) if size > 1 else first
                    found = sources.get(key)
                    if found is not None:
                        return _Lookup(found.cue, found.country, size, definite)
            for stem in unended:
                found = sources.get(stem)
                if found is not None:
                    return _Lookup(found.cue, found.country, 1, definite)
        return None


def _read_tsv(name: str) -> list[dict[str, str]]:
    source = resources.files("rasd.knowledge").joinpath("data", name)
    with source.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def _bare_key(key: str) -> str:
    """Drop the article of a key's first word: lookups try the word with and without it."""
    first, _, rest = key.partition(" ")
    if first.startswith("ال") and len(first) > 4:
        first = first[2:]
    return f"{first} {rest}".strip()


# Source lookups read the same words again and again (every candidate phrase, every
# classification); the readings of a word depend on nothing else.
@lru_cache(maxsize=1 << 16)
def _noun_forms(word: str) -> tuple[tuple[str, bool, tuple[str, ...]], ...]:
    """Return the (bare form, definite, form without an ending) readings of a word.

    A word may carry a conjunction, preposition or article; the form without an ending
    («الأمريكية» → «امريكي») is looked up when the form itself is not a source word.
    """
    return tuple((form, definite, _unended(form)) for form, definite in _readings(word))


def _unended(form: str) -> tuple[str, ...]:
    return tuple(
        form[: -len(ending)] for ending in _SOURCE_ENDINGS if form.endswith(ending) and len(form) - len(ending) >= 3
    )


def _readings(word: str) -> Iterator[tuple[str, bool]]:
    seen: set[str] = set()
    stems = [word]
    if word[:1] in _SUBJECT_PREFIXES and len(word) > 3:
        stems.append(word[1:])
    for stem in list(stems):
        for prefix in _NOUN_PREFIXES:
            if stem.startswith(prefix) and len(stem) - len(prefix) >= 3:
                rest = stem[len(prefix) :]
                stems.append("ا" + rest if prefix.endswith("ل") and rest.startswith("ل") else rest)
    for stem in stems:
        definite = stem.startswith("ال") and len(stem) > 4
        form = stem[2:] if definite else stem
        if form not in seen:
            seen.add(form)
            yield form, definite


# The normalised form of a source phrase, compared with later references to it: the same
# sources («وزارة الصحة», «المرصد السوري لحقوق الإنسان») speak in article after article.
_spoken_form = lru_cache(maxsize=1 << 12)(normalise)


# --------------------------------------------------------------------------- the stage


@dataclass(frozen=True, slots=True)
class Attributor:
    """Fill `doc.claims` and each event's `attribution` from the article's reporting clauses."""

    lexicon: ReportingLexicon

    @classmethod
    def load(cls) -> Attributor:
        return cls(ReportingLexicon.load())

    def __call__(self, doc: Document) -> Document:
        view = doc.view or MatchView.of(doc.text)
        sentences = doc.sentences or split_sentences(doc.text)
        clauses = find_clauses(doc.text, view, sentences, doc.actors, self.lexicon)
        near = _ClausesByContent(clauses)
        events = tuple(
            _attributed(event, event_attribution(event, near.around(event.trigger or event.evidence)))
            for event in doc.events
        )
        return dataclasses.replace(doc, claims=tuple(c.claim for c in clauses), events=events)


class _ClausesByContent:
    """An article's clauses by where their content starts: an event looks only at those near it.

    Every event of an article was tested against every clause (a few hundred pairs per
    article); a clause whose content can hold or meet the event starts at most the longest
    content's length before it, so the candidates are a window of the content starts.
    """

    def __init__(self, clauses: Sequence[ReportedClause]) -> None:
        self.clauses = clauses
        self.order = sorted(range(len(clauses)), key=lambda k: clauses[k].content.start)
        self.starts = [clauses[k].content.start for k in self.order]
        self.reach = max((_length(c.content) for c in clauses), default=0)

    def around(self, anchor: Span) -> list[ReportedClause]:
        """The clauses whose content may hold or overlap `anchor`, in reading order."""
        lo = bisect_left(self.starts, anchor.start - self.reach)
        hi = bisect_right(self.starts, anchor.end)
        return [self.clauses[k] for k in sorted(self.order[lo:hi])]


def _attributed(event: Event, attribution: Attribution | None) -> Event:
    return event if event.attribution == attribution else dataclasses.replace(event, attribution=attribution)


def find_claims(
    text: str, view: MatchView, sentences: Sequence[Span], actors: Sequence[Actor] = ()
) -> tuple[Claim, ...]:
    """Return every reporting clause of `text` as a claim, in reading order."""
    return tuple(c.claim for c in find_clauses(text, view, sentences, actors, ReportingLexicon.load()))


def event_attribution(event: Event, clauses: Sequence[ReportedClause]) -> Attribution | None:
    """Return the attribution of the innermost clause whose content holds the event.

    An event that is itself the speech act («واتهم الوزير …»: the trigger is the cue) is not
    reported by its own speaker; it takes the clause around it, if any.
    """
    anchor = event.trigger or event.evidence
    best: ReportedClause | None = None
    for clause in clauses:
        inside = (
            clause.content.contains(anchor)
            if event.trigger
            else clause.content.start < anchor.end and anchor.start < clause.content.end
        )
        if not inside or _overlaps(clause.cue, anchor) or (clause.source and _overlaps(clause.source, anchor)):
            continue
        if best is None or _length(clause.content) < _length(best.content):
            best = clause
    return best.claim.attribution if best else None


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _length(span: Span) -> int:
    return span.end - span.start


def find_clauses(
    text: str,
    view: MatchView,
    sentences: Sequence[Span],
    actors: Sequence[Actor],
    lexicon: ReportingLexicon,
) -> tuple[ReportedClause, ...]:
    """Return the reporting clauses of `text` with their cue, source and content spans."""
    hits = lexicon.cues.find(view.text)
    if not hits:
        return ()
    reader = _Reader(text, view, lexicon, tuple(a for a in actors if a.span is not None))
    clauses: list[ReportedClause] = []
    h = 0
    for sentence in sentences:
        start, end = view.to_match(sentence.start), view.to_match(sentence.end)
        while h < len(hits) and hits[h].word_start < start:
            h += 1
        mine = []
        while h < len(hits) and hits[h].word_start < end:
            mine.append(hits[h])
            h += 1
        if mine:
            clauses.extend(reader.read_sentence(sentence, start, end, mine))
    return tuple(clauses)


# --------------------------------------------------------------------------- reading a sentence


@dataclass(slots=True)
class _Reader:
    """Reads the sentences of one article in order, remembering who spoke before."""

    text: str
    view: MatchView
    lexicon: ReportingLexicon
    actors: tuple[Actor, ...]
    history: list[Attribution] = dataclasses.field(default_factory=list)
    # The matching view of each earlier source's text, in step with `history`: read again for
    # every later source, so normalised once.
    spoken: list[str] = dataclasses.field(default_factory=list)
    # Sources that spoke «في بيان»: «البيان» later refers to the latest of them.
    statements: list[Attribution] = dataclasses.field(default_factory=list)
    # Named actors and their display starts, for the look-up of an actor inside a source
    # phrase; `in_order` says they come in text order (as the recogniser gives them), so the
    # look-up can start at the phrase.
    named: tuple[Actor, ...] = ()
    named_starts: tuple[int, ...] = ()
    in_order: bool = False

    # The sentence being read and its source look-ups by token: one phrase is looked at from
    # several sides (its extent, its kind, its name, its title), the same tokens each time.
    sentence_toks: list[_Tok] = dataclasses.field(default_factory=list)
    cues: dict[int, _Lookup | None] = dataclasses.field(default_factory=dict)
    participles: list[int] = dataclasses.field(default_factory=list)  # its participle cues, in order

    def __post_init__(self) -> None:
        self.named = tuple(a for a in self.actors if a.name and a.span is not None)
        self.named_starts = tuple(a.span.start for a in self.named if a.span is not None)
        self.in_order = all(a <= b for a, b in zip(self.named_starts, self.named_starts[1:], strict=False))

    def read_sentence(
        self, sentence: Span, start: int, end: int, hits: Sequence[WordMatch[ReportingCue]]
    ) -> list[ReportedClause]:
        toks = _tokens(self.view.text, start, end)
        self.sentence_toks, self.cues = toks, {}
        # a hit's token, by bisection over the token starts (a sentence holds a few hits)
        starts = list(map(_start_of, toks))
        cue_at = {}
        for m in hits:
            k = bisect_left(starts, m.word_start)
            if k < len(starts) and starts[k] == m.word_start:
                cue_at[k] = m
        order = sorted(cue_at)
        self.participles = [j for j in order if cue_at[j].value.role == PARTICIPLE]
        found: list[ReportedClause] = []
        consumed: set[int] = set()
        for i in order:
            if i in consumed:
                continue
            hit = cue_at[i]
            size = _tokens_in(toks, i, hit.word_end)
            if not self._plausible_cue(toks, i, hit):
                continue
            if hit.value.role == ACCORDING:
                clause = self._according(sentence, toks, i, size, cue_at, consumed, found)
            else:
                clause = self._verb(sentence, toks, i, size, hit.value, cue_at, found)
            if clause is not None:
                found.append(clause)
                self.history.append(clause.claim.attribution)
                self.spoken.append(_spoken_form(clause.claim.attribution.text))
        return found

    def _cue(self, toks: list[_Tok], i: int) -> _Lookup | None:
        """`ReportingLexicon.source_cue`, remembered per token of the sentence being read."""
        if toks is not self.sentence_toks:
            return self.lexicon.source_cue(toks, i)
        if i not in self.cues:
            self.cues[i] = self.lexicon.source_cue(toks, i)
        return self.cues[i]

    # -- verbs and participles

    def _plausible_cue(self, toks: list[_Tok], i: int, hit: WordMatch[ReportingCue]) -> bool:
        """Reject cue look-alikes: «إشارة» (a noun, not «أشار»), a verb right after «أن»."""
        if hit.value.role == VERB:
            first = self.text[self.view.to_display(hit.start, hit.start + 1)[0]]
            if first == "إ" and hit.start == hit.word_start:
                return False
            if i > 0 and self.lexicon.boundary(toks[i - 1]) == "marker":
                return False
        return True

    def _verb(
        self,
        sentence: Span,
        toks: list[_Tok],
        i: int,
        size: int,
        cue: ReportingCue,
        cue_at: dict[int, WordMatch[ReportingCue]],
        earlier: list[ReportedClause],
    ) -> ReportedClause | None:
        after = i + size
        # A verb agreeing in the plural or dual («أبلغوا», «أعلنتا») follows its subject.
        tail = self.view.text[cue_at[i].end : cue_at[i].word_end]
        subject_first = tail.startswith(("وا", "تا"))
        source = None
        if cue.role == VERB and subject_first:
            source = self._source_before(toks, i, cue_at)
        if source is None and cue.role != PARTICIPLE and not subject_first:
            source = self._source_after(toks, after, cue_at)
        if source is None and cue.role == VERB and not subject_first:
            source = self._source_before(toks, i, cue_at)
        if source is not None and not self._acceptable(toks, *source):
            source = None
        attribution: Attribution | None
        if source is not None:
            attribution = self._attribute(toks, *source)
            content_from = source[1] if source[0] > i else after
        elif self._opens_clause(toks, i, cue_at[i].start > cue_at[i].word_start):
            attribution = self._continuing(toks, i, earlier)
            content_from = after
        else:
            return None  # «أي دليل يشير إلى …», «هجوم قالت إنه …»: the verb's subject is a noun before it
        if attribution is None:
            return None
        if cue.needs == NEEDS_MEDIA and attribution.kind != MEDIA:
            return None
        marker = self._content_marker(toks, content_from, strict=cue.needs == NEEDS_CONTENT)
        if marker is None and cue.needs == NEEDS_CONTENT:
            return None
        if cue.needs == NEEDS_MEDIA:
            # «في تصريح بثه التلفزيون الرسمي»: what the channel carried is the sentence's claim.
            content = Span(sentence.start, sentence.end)
            claim_text = _clean(self.text[sentence.start : sentence.end])
            quoted = not _QUOTES.isdisjoint(claim_text)
        else:
            following = next((j for j in self.participles if j > i), None)
            content, claim_text, quoted = self._content(
                sentence, toks, marker if marker is not None else content_from, following
            )
        if not claim_text and i > 0:
            # «وهو ما تنفيه طهران», «في الوقت الذي أكدت فيه الحكومة»: what is said stands before the verb.
            cue_start = self.view.to_display(toks[i].start, toks[i].end)[0]
            content = Span(sentence.start, cue_start)
            claim_text = _clean(self.text[sentence.start : cue_start])
            quoted = not _QUOTES.isdisjoint(claim_text)
        if not claim_text:
            return None
        if self._spoke_in_statement(toks, after):
            self.statements.append(attribution)
        return self._clause(toks, i, size, source, attribution, content, claim_text, quoted, sentence)

    def _source_after(
        self, toks: list[_Tok], k: int, cue_at: dict[int, WordMatch[ReportingCue]]
    ) -> tuple[int, int] | None:
        """Return the token range of the source right after a verb, if one stands there."""
        lex = self.lexicon
        while k < len(toks) and lex.boundary(toks[k]) == "skip":
            k += 1
        if k >= len(toks):
            return None
        first = toks[k]
        if first.text in _OPEN_CLOSE:
            close = _closing(toks, k)
            if close is None or close - k - 1 > MAX_QUOTED_NAME_WORDS or close + 1 >= len(toks):
                return None
            follower = toks[close + 1]
            if not follower.is_word or lex.boundary(follower) == "marker":
                return None
            return self._extend(toks, k, close + 1, cue_at)
        if first.text == "كل" and k + 1 < len(toks) and toks[k + 1].text == "من":
            k += 2  # «أعلنت كل من المقاومة … وتنظيم …»
            if k >= len(toks):
                return None
            first = toks[k]
        if not first.is_word or self._stops(toks, k) or first.text in _PREPOSITION_WORDS:
            return None
        if first.text.startswith("ل") and lex.boundary(first) == "venue":
            return None
        head = self._cue(toks, k)
        if head is not None and head.cue in {"modifier", "nisba"}:
            return None  # «تعتبر نفسها …», «الأمريكيون»: no source phrase starts with an adjective
        return self._extend(toks, k, k, cue_at)

    def _acceptable(self, toks: list[_Tok], start: int, end: int) -> bool:
        """Tell whether a source phrase with no known head can be a speaker.

        A bare name («روحاني», «نيكي هايلي») has no cue word; an object noun after a subjectless
        verb («ونفى وجود قوات إيرانية») usually has one further in. Unknown phrases of up to
        three plain words pass, as do phrases the recogniser or an earlier clause names.
        """
        words = [t for t in toks[start:end] if t.is_word]
        if not words or self.lexicon.source_cue(words, 0) is not None:
            return bool(words)
        if self._actor_in(toks, start, end) is not None:
            return True
        cues = {f.cue for j in range(len(words)) if (f := self.lexicon.source_cue(words, j)) is not None}
        if cues - {"modifier", "nisba", "place"}:
            return True  # «أنور قرقاش، وزير الدولة …»: a title further in
        if self._classify(toks, start, end)[0] == ANONYMOUS:
            return True
        first = words[0].text
        if any(first in spoken.split() for spoken in self.spoken):
            return True
        return len(words) <= 3 and all(self.lexicon.source_cue(words, j) is None for j in range(len(words)))

    def _stops(self, toks: list[_Tok], k: int) -> bool:
        """Tell whether token `k` ends a source phrase (marker, venue, day word, «في» …)."""
        tok = toks[k]
        cue = self.lexicon.boundary(tok)
        if cue in {"marker", "time", "stop", "opener", "relative", "copula"}:
            return True
        if cue == "venue" and tok.text not in {"بيان", "رساله"}:
            return True
        if len(tok.text) == 1 or tok.text.isdigit():
            return True  # «بـ"مستوى"», «لـ"دعم"», a number: the phrase is over
        if tok.text[:1] == "ب" and tok.text != "باسم":
            shown = self.text[self.view.to_display(tok.start, tok.end)[0] :][:2]
            # «بإخفاق», «بالكذب», «بتخفيف»: a prepositional object, never part of a name.
            if shown == "بإ" or tok.text.startswith("بال") or (tok.text.startswith("بت") and len(tok.text) >= 5):
                return True
        return tok.text in {"في", "وفي", "عبر", "خلال", "وذلك", "لكن"}

    def _extend(
        self, toks: list[_Tok], start: int, k: int, cue_at: dict[int, WordMatch[ReportingCue]]
    ) -> tuple[int, int] | None:
        """Grow a source phrase from `start` (already through `k`) to its last token."""
        lex = self.lexicon
        end = k
        after_nisba = False
        last: _Lookup | None = None
        while end < len(toks) and end - start < MAX_SOURCE_WORDS:
            tok = toks[end]
            if not tok.is_word:
                if tok.text == "(":
                    close = _find(toks, end, ")", MAX_APPOSITION_WORDS)
                    if close is not None and end > start:
                        end = close + 1
                    break
                if tok.text in _OPEN_CLOSE and end > start and last is not None and last.cue in {MEDIA, INSTITUTION}:
                    # «وكالة "فارس" للأنباء», «قناة "روسيا اليوم"»: a quoted name is part of the source.
                    close = _closing(toks, end)
                    if close is not None and close - end - 1 <= MAX_QUOTED_NAME_WORDS:
                        end = close + 1
                        last = None
                        continue
                    break
                if tok.text in _COMMAS and end > start:
                    end = self._apposition(toks, end, cue_at)
                break
            if end in cue_at or (self._stops(toks, end) and not (end == start and lex.boundary(tok) == "venue")):
                break
            found = self._cue(toks, end)
            if after_nisba and not self._continues_after_nisba(tok, found):
                break
            if last is not None and last.cue == "place" and (found is None or found.cue not in {"nisba", "modifier"}):
                break  # «نفت الإمارات اتهامات …», «حذرت تركيا فرنسا»: a state's name is complete
            if (
                end - start == 1
                and last is None
                and found is not None
                and found.cue == "place"
                and not tok.text.startswith("ل")
            ):
                break  # «واتهم الأسد إسرائيل», «ووصف روحاني واشنطن»: after a bare name, a place is the object
            if (
                end - start >= 2
                and tok.text[:1] == "و"
                and found is not None
                and found.cue in {"role", INSTITUTION, MEDIA, ANONYMOUS, "kin"}
            ):
                break  # «رئيس النيجر … وحاكم موبتي»: a second speaker
            if self._object_after_title(toks, start, end, last):
                break
            after_nisba = found is not None and found.cue in {"nisba", "modifier"} and found.definite
            last = found
            end += found.size if found else 1
        return (start, end) if end > start else None

    def _object_after_title(self, toks: list[_Tok], start: int, end: int, last: _Lookup | None) -> bool:
        """Tell whether the word after a bare definite title («واتهم المحافظ جهات خارجية») is its object.

        A definite title takes no genitive; what follows is a name, an adjective or the object.
        A feminine plural or an indefinite noun with an indefinite adjective is never a name.
        """
        if end - start != 1 or last is None or last.cue != "role" or not last.definite:
            return False
        tok = toks[end]
        if tok.text.startswith("ال") or tok.text == "باسم":
            return False
        if tok.text.endswith("ات"):
            return True
        after = self._cue(toks, end + 1)
        return after is not None and after.cue in {"modifier", "nisba"} and not after.definite

    def _continues_after_nisba(self, tok: _Tok, found: _Lookup | None) -> bool:
        """After «الأمريكية» a name («لويد أوستن»), a title or an adjective goes on; a noun ends it."""
        if found is not None:
            return found.cue in {"honorific", "role", "nisba", "modifier"}
        return tok.text not in _PREPOSITION_WORDS and not tok.text.startswith(("ال", "وال", "بال", "لل"))

    def _apposition(self, toks: list[_Tok], comma: int, cue_at: dict[int, WordMatch[ReportingCue]]) -> int:
        """Return the end of a source with its «، name/title،» apposition, or `comma` if none."""
        k = comma + 1
        end = k
        while end < len(toks) and toks[end].is_word and end - k < MAX_APPOSITION_WORDS:
            if end in cue_at or self._stops(toks, end):
                break
            end += 1
        if end == k or end - k >= MAX_APPOSITION_WORDS:
            return comma
        if end < len(toks) and toks[end].text not in _COMMAS | {":"} and not self._stops(toks, end):
            return comma
        lookups = [self._cue(toks, j) for j in range(k, end)]
        titled = any(f is not None and f.cue in {"role", "honorific"} for f in lookups)
        named = all(f is None for f in lookups) and not toks[k].text.startswith("ال")
        return end if titled or named else comma

    def _source_before(
        self, toks: list[_Tok], i: int, cue_at: dict[int, WordMatch[ReportingCue]]
    ) -> tuple[int, int] | None:
        """Return the source standing before its verb: «الوزارة قالت», «وكان X قد أعلن»."""
        lex = self.lexicon
        end = i
        if end > 0 and toks[end - 1].text == "قد":
            # «وكانت المنصات التابعة … قد أعلنت», «وكان أكاديمي …، قد غرد»: the subject follows «كان».
            for c in range(end - 2, max(-1, end - 2 - 3 * MAX_PRE_VERB_WORDS), -1):
                if lex.boundary(toks[c]) == "copula":
                    found = self._extend(toks, c + 1, c + 1, cue_at)
                    return (found[0], min(found[1], end - 1)) if found else None
            end -= 1
        start = end
        while start > 0 and end - start < MAX_PRE_VERB_WORDS:
            prev = toks[start - 1]
            if not prev.is_word or lex.boundary(prev) in {"marker", "opener", "relative", "copula"}:
                break
            if self._stops(toks, start - 1):
                break
            start -= 1
        if (
            start > 0
            and toks[start - 1].is_word
            and not self._stops(toks, start - 1)
            and lex.boundary(toks[start - 1]) not in {"marker", "opener", "relative", "copula"}
        ):
            return None  # the verb sits mid-phrase: no short subject stands before it
        for j in range(start, end):
            head = self._cue(toks, j)
            if head is not None and head.cue not in {"modifier", "nisba"}:
                return j, end  # «نفياً لأنباء سابقة تحدثت»: the phrase starts at its head word
        return (start, end) if end > start else None

    def _opens_clause(self, toks: list[_Tok], i: int, conjoined: bool) -> bool:
        """Tell whether a subjectless verb starts a clause of its own (so its speaker goes on)."""
        if i == 0 or conjoined:
            return True
        prev = toks[i - 1]
        return not prev.is_word or self.lexicon.boundary(prev) in {"marker", "opener", "relative", "copula"}

    def _continuing(self, toks: list[_Tok], i: int, earlier: list[ReportedClause]) -> Attribution | None:
        """Return who speaks on in a clause with no source of its own."""
        if earlier:
            return earlier[-1].claim.attribution
        sentence_start = toks[0].start
        if i > 1:
            start, end = self.view.to_display(sentence_start, toks[i].start)
            for actor in self.actors:
                assert actor.span is not None
                if start <= actor.span.start and actor.span.end <= end:
                    return self._from_actor(actor)
        return self.history[-1] if self.history else None

    def _from_actor(self, actor: Actor) -> Attribution:
        assert actor.span is not None
        toks = _tokens(self.view.text, self.view.to_match(actor.span.start), self.view.to_match(actor.span.end))
        if toks:
            return self._attribute(toks, 0, len(toks))
        return Attribution(actor.text, INSTITUTION, actor.name, None, actor.country, actor.span)

    def _content_marker(self, toks: list[_Tok], k: int, strict: bool = False) -> int | None:
        """Return the first token of the reported content at or after `k`, if a marker opens it.

        `strict` (for «نقل», «ذكر», «تابع») admits only «أن»/«إن», a colon or a quote: «نقل
        تعزيزات إلى الحدود» moves troops, «أشار إلى …» reports.
        """
        lex = self.lexicon
        j = k
        while j < min(len(toks), k + CONTENT_MARKER_REACH):
            tok = toks[j]
            if tok.text == ":":
                return j + 1
            if tok.text in _OPEN_CLOSE:
                close = _closing(toks, j)
                if (
                    close is not None
                    and j > k
                    and close - j - 1 <= MAX_QUOTED_NAME_WORDS
                    and close + 1 < len(toks)
                    and toks[close + 1].is_word
                ):
                    j = close + 1  # «في حوار بثته قناة "روسيا اليوم" الخميس أنه …»: a name, not content
                    continue
                return j
            if lex.boundary(tok) == "marker":
                return j + 1
            if tok.text in {"الي", "عن"} and j + 1 < len(toks) and lex.boundary(toks[j + 1]) == "marker":
                return j + 2  # «مشيراً إلى أن …»
            if not strict and tok.text in {"الي", "عن"} and (j == k or toks[j - 1].text in _COMMAS):
                return j + 1  # «ولفت المجيدي إلى إطلاق …», «كشف مصدر …، عن وصول تسريبات»
            j += 1
        return None

    def _content(
        self, sentence: Span, toks: list[_Tok], k: int, following: int | None = None
    ) -> tuple[Span, str, bool]:
        """Return the content span, the claim text and whether it quotes, from token `k` on.

        The content ends where a participle clause of the same speaker takes over
        («…، مضيفاً أن …»), else at the end of the sentence.
        """
        while k < len(toks) and toks[k].text in {":", "،", ","}:
            k += 1
        if k >= len(toks):
            return Span(sentence.end, sentence.end), "", False
        start = self.view.to_display(toks[k].start, toks[k].end)[0]
        end = sentence.end
        if following is not None and following > k:
            end = self.view.to_display(toks[following].start, toks[following].end)[0]
        segment = self.text[start:end]
        opener = segment[:1]
        if opener in _OPEN_CLOSE:
            close = self.text.find(_OPEN_CLOSE[opener], start + 1, start + QUOTE_REACH)
            if close > 0:
                end = max(end, close + 1)
                return Span(start, end), _clean(self.text[start + 1 : close]), True
        quoted = not _QUOTES.isdisjoint(segment)
        return Span(start, end), _clean(segment), quoted

    def _spoke_in_statement(self, toks: list[_Tok], k: int) -> bool:
        """Tell whether «في بيان» / «في رسالة» follows the verb (the statement is then its source's)."""
        for j in range(k, min(len(toks) - 1, k + MAX_SOURCE_WORDS)):
            if toks[j].text in {"في", "وفي"} and toks[j + 1].text.startswith(("بيان", "رساله")):
                return True
        return False

    # -- «according to» phrases

    def _according(
        self,
        sentence: Span,
        toks: list[_Tok],
        i: int,
        size: int,
        cue_at: dict[int, WordMatch[ReportingCue]],
        consumed: set[int],
        earlier: list[ReportedClause],
    ) -> ReportedClause | None:
        k = i + size
        cue_tokens = (i, k)
        if k < len(toks) and toks[k].text in {"ما", "لما"}:
            k += 1
        if k < len(toks) and toks[k].text.startswith("ل") and toks[k].text not in {"لما"} and len(toks[k].text) == 1:
            k += 1  # «وفقاً لـ المرصد» written apart
        if k in cue_at and cue_at[k].value.role == VERB:
            # «بحسب ما قاله», «وفقاً لما قالته خطيبته», «حسبما أفادت مصادر»: the verb carries the source.
            consumed.add(k)
            verb_size = _tokens_in(toks, k, cue_at[k].word_end)
            cue_tokens = (k, k + verb_size)
            source = self._source_after(toks, k + verb_size, cue_at)
            attribution = self._attribute(toks, *source) if source else self._continuing(toks, i, earlier)
        else:
            source = self._source_after_preposition(toks, k, cue_at)
            attribution = self._attribute(toks, *source) if source else None
            if attribution is not None and source is not None and not self._known_source(toks, *source):
                return None  # «وفق الدستور», «حسب الخطة»: not a source
        if attribution is None:
            return None
        content, claim_text = self._according_content(sentence, toks, i, source)
        if not claim_text:
            return None
        quoted = not _QUOTES.isdisjoint(claim_text)
        return self._clause(
            toks,
            cue_tokens[0],
            cue_tokens[1] - cue_tokens[0],
            source,
            attribution,
            content,
            claim_text,
            quoted,
            sentence,
        )

    def _source_after_preposition(
        self, toks: list[_Tok], k: int, cue_at: dict[int, WordMatch[ReportingCue]]
    ) -> tuple[int, int] | None:
        if k < len(toks) and toks[k].text == "عن":  # «نقلاً عن»
            k += 1
        if k >= len(toks) or not toks[k].is_word:
            return None
        if self._stops(toks, k) and self.lexicon.boundary(toks[k]) != "venue":  # «وفقاً لوكالة …» is a source
            return None
        return self._extend(toks, k, k, cue_at)

    def _known_source(self, toks: list[_Tok], start: int, end: int) -> bool:
        """Tell whether a phrase after «بحسب» names a source: a cue word or a recognised actor."""
        if any(self._cue(toks, j) is not None for j in range(start, end)):
            return True
        return self._actor_in(toks, start, end) is not None

    def _according_content(
        self, sentence: Span, toks: list[_Tok], i: int, source: tuple[int, int] | None
    ) -> tuple[Span, str]:
        """Return the content of an «according to» clause: the rest of the sentence."""
        leading = all(not t.is_word or self.lexicon.boundary(t) == "opener" for t in toks[:i])
        whole = Span(sentence.start, sentence.end)
        if leading:
            k = source[1] if source else i + 1
            while k < len(toks) and (toks[k].text in {"،", ",", ":"} or toks[k].text in {"فان", "فانه", "فانها"}):
                k += 1
            if k >= len(toks):
                return whole, ""
            start = self.view.to_display(toks[k].start, toks[k].end)[0]
            return whole, _clean(self.text[start : sentence.end])
        end = self.view.to_display(toks[i].start, toks[i].end)[0]
        return whole, _clean(self.text[sentence.start : end])

    # -- sources

    def _attribute(self, toks: list[_Tok], start: int, end: int) -> Attribution:
        """Classify a source phrase and resolve «المصدر»-style references to an earlier source."""
        d_start = self.view.to_display(toks[start].start, toks[start].end)[0]
        d_end = self.view.to_display(toks[end - 1].start, toks[end - 1].end)[1]
        span = Span(d_start, d_end)
        text = self.text[d_start:d_end].strip(_SOURCE_STRIP) or self.text[d_start:d_end]
        earlier = self._antecedent(toks, start, end)
        if earlier is not None:
            return Attribution(text, earlier.kind, earlier.name, earlier.role, earlier.country, span)
        kind, role, country = self._classify(toks, start, end)
        name = None
        actor = self._actor_in(toks, start, end)
        if actor is not None:
            name = actor.name
            country = country or actor.country
        if kind == NAMED_PERSON and name is None:
            name = self._written_name(toks, start, end)
        return Attribution(text, kind, name, role, country, span)

    def _antecedent(self, toks: list[_Tok], start: int, end: int) -> Attribution | None:
        """Return the earlier source a bare definite head («المصدر», «البيان») refers back to."""
        words = [t for t in toks[start:end] if t.is_word]
        if not words:
            return None
        head = self.lexicon.source_cue(words, 0)
        rest = words[head.size :] if head else words[1:]
        if head is None or not head.definite or head.cue in {"place", "nisba", "modifier", "honorific"}:
            return None
        if any((f := self.lexicon.source_cue([w], 0)) is None or f.cue != "modifier" for w in rest):
            return self._longer_form(toks, start, end)
        stem = _noun_forms(words[0].text)[0][0] if head.size == 1 else None
        if head.cue == DOCUMENT and self.statements:
            return self.statements[-1]
        for before, spoken in zip(reversed(self.history), reversed(self.spoken), strict=True):
            if stem and (stem in spoken.split() or f"ال{stem}" in spoken.split()):
                return before
        return None

    def _longer_form(self, toks: list[_Tok], start: int, end: int) -> Attribution | None:
        """Return an earlier source this one shortens («الرئيس السوري» after «الرئيس السوري بشار الأسد»)."""
        phrase = _spoken_form(self.view.text[toks[start].start : toks[end - 1].end])
        for before, spoken in zip(reversed(self.history), reversed(self.spoken), strict=True):
            if len(spoken) > len(phrase) and spoken.startswith(phrase + " "):
                return before
        return None

    def _classify(self, toks: list[_Tok], start: int, end: int) -> tuple[str, str | None, str | None]:
        """Return (kind, role, country) of a source phrase by its head word and modifiers."""
        lex = self.lexicon
        words = [t for t in toks[start:end] if t.is_word]
        lookups: list[_Lookup | None] = []
        j = 0
        while j < len(words):
            found = lex.source_cue(words, j)
            lookups.append(found)
            j += found.size if found else 1
        country = next((f.country for f in lookups if f is not None and f.country), None)
        head = lookups[0] if lookups else None
        rest = lookups[1:]
        indefinite = (
            head is not None
            and not head.definite
            and all(f is not None and f.cue in {"modifier", "nisba"} for f in rest)
        )
        cues = [f.cue for f in lookups if f is not None]
        role = None
        if head is None:
            second = lookups[1] if len(lookups) > 1 else None
            if not words[0].text.startswith("ال") and second is not None and second.cue in {"nisba", "modifier"}:
                kind = ANONYMOUS  # «أكاديمي إماراتي مقرب …», «دبلوماسي غربي»
            elif "role" in cues or "honorific" in cues:
                kind = NAMED_PERSON
            elif MEDIA in cues:
                kind = MEDIA
            else:
                # An unknown head: a personal name («روحاني», «نيكي هايلي») unless the phrase is long.
                kind = NAMED_PERSON if len(words) <= 3 else INSTITUTION
        elif head.cue == MEDIA:
            kind = MEDIA
        elif head.cue == DOCUMENT:
            issuer = any(f is None or f.cue not in {"modifier", "nisba"} for f in rest)
            kind = INSTITUTION if issuer else DOCUMENT
            if words[0].text.endswith("ات") and not issuer:
                kind = ANONYMOUS  # «بيانات», «تقارير»: unnamed reports
        elif head.cue == ANONYMOUS:
            kind = ANONYMOUS
        elif head.cue == "kin":
            kind = NAMED_PERSON
        elif head.cue in {"role", "honorific"}:
            kind = ANONYMOUS if indefinite and head.cue == "role" else NAMED_PERSON
        elif head.cue in {INSTITUTION, "place"}:
            kind = ANONYMOUS if indefinite and head.cue == INSTITUTION and rest else INSTITUTION
        else:
            kind = INSTITUTION
        if kind == NAMED_PERSON:
            role = self._role(toks, start, end)
        return kind, role, country

    def _name_tokens(self, toks: list[_Tok], start: int, end: int) -> list[tuple[int, int]]:
        """Return token ranges that look like a personal name: unknown words with no article."""
        runs: list[tuple[int, int]] = []
        j = start
        run_start: int | None = None
        while j < end:
            tok = toks[j]
            found = self._cue(toks, j) if tok.is_word else None
            plain = tok.is_word and found is None and not tok.text.startswith(("ال", "لل", "بال", "وال", "باسم"))
            if plain and run_start is None:
                run_start = j
            if not plain:
                if run_start is not None:
                    runs.append((run_start, j))
                    run_start = None
                j += found.size if found else 1
                continue
            j += 1
        if run_start is not None:
            runs.append((run_start, end))
        return runs

    def _written_name(self, toks: list[_Tok], start: int, end: int) -> str | None:
        runs = self._name_tokens(toks, start, end)
        words = end - start
        best = max(runs, key=lambda r: r[1] - r[0], default=None)
        if best is None or (best[1] - best[0] < 2 and words > 1):
            return None
        return self._display(toks, *best)

    def _role(self, toks: list[_Tok], start: int, end: int) -> str | None:
        """Return the title part of a person source: the words before the name and honorific."""
        titled = next((j for j in range(start, end) if (f := self._cue(toks, j)) and f.cue == "role"), None)
        if titled is None:
            return None
        stop = end
        for j in range(titled + 1, end):
            found = self._cue(toks, j)
            if toks[j].text in _COMMAS or (found is not None and found.cue == "honorific"):
                stop = j
                break
        names = [r for r in self._name_tokens(toks, titled, stop) if r[1] - r[0] >= 2 and r[1] == stop]
        if names:
            stop = names[0][0]
        return self._display(toks, titled, stop) if stop > titled else None

    def _actor_in(self, toks: list[_Tok], start: int, end: int) -> Actor | None:
        """Return the first recognised actor inside a source phrase, if the recogniser ran."""
        if not self.named:
            return None
        d_start = self.view.to_display(toks[start].start, toks[start].end)[0]
        d_end = self.view.to_display(toks[end - 1].start, toks[end - 1].end)[1]
        first = bisect_left(self.named_starts, d_start) if self.in_order else 0
        for actor in self.named[first:]:
            assert actor.span is not None
            if self.in_order and actor.span.start > d_end:
                break
            if d_start <= actor.span.start and actor.span.end <= d_end:
                return actor
        return None

    def _display(self, toks: list[_Tok], start: int, end: int) -> str | None:
        if end <= start:
            return None
        d_start = self.view.to_display(toks[start].start, toks[start].end)[0]
        d_end = self.view.to_display(toks[end - 1].start, toks[end - 1].end)[1]
        return self.text[d_start:d_end].strip(_STRIP) or None

    def _clause(
        self,
        toks: list[_Tok],
        i: int,
        size: int,
        source: tuple[int, int] | None,
        attribution: Attribution,
        content: Span,
        claim_text: str,
        quoted: bool,
        sentence: Span,
    ) -> ReportedClause:
        cue_start, cue_end = self.view.to_display(toks[i].start, toks[i + size - 1].end)
        while cue_end < len(self.text) and self.text[cue_end] in DIACRITICS:
            cue_end += 1  # «مضيفاً»: the verb as written keeps its tanwin
        source_span = None
        if source is not None:
            s, e = self.view.to_display(toks[source[0]].start, toks[source[1] - 1].end)
            source_span = Span(s, e)
        evidence = Span(sentence.start, max(sentence.end, content.end))
        claim = Claim(claim_text, attribution, evidence, self.text[cue_start:cue_end], quoted)
        return ReportedClause(claim, Span(cue_start, cue_end), source_span, content)


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """Split a matching-view range into word and punctuation tokens.

    Every sentence with a cue is tokenised, so this runs on most of every article: the
    offsets and the word flags are computed by C-level maps over one `findall`, and the
    tokens are built without a Python call apiece (about twice as fast as a comprehension
    over `finditer`).
    """
    pairs = _SPACED_TOKEN.findall(text, start, end)
    if not pairs:
        return []
    spaces, words = zip(*pairs, strict=True)
    # bounds[k] is where the white space before token k starts; bounds[k + 1] is where token k ends.
    bounds = list(accumulate(map(add, map(len, spaces), map(len, words)), initial=start))
    starts = map(add, bounds, map(len, spaces))
    # `\w` is `str.isalnum` plus «_», so a token is a word when its first character is alphanumeric.
    is_word = map(str.isalnum, map(_first_char, words))
    return list(map(_new_tuple, repeat(_Tok), zip(words, starts, bounds[1:], is_word, strict=False)))


def _tokens_in(toks: list[_Tok], i: int, view_end: int) -> int:
    """Return how many tokens from `i` a cue ending at matching offset `view_end` covers."""
    size = 1
    while i + size < len(toks) and toks[i + size].start < view_end:
        size += 1
    return size


def _closing(toks: list[_Tok], k: int) -> int | None:
    """Return the index of the quote mark closing the one at `k`, within the sentence."""
    return _find(toks, k, _OPEN_CLOSE[toks[k].text], len(toks))


def _find(toks: list[_Tok], k: int, mark: str, reach: int) -> int | None:
    for j in range(k + 1, min(len(toks), k + 2 + reach)):
        if toks[j].text == mark:
            return j
    return None


def _clean(text: str) -> str:
    """Trim a claim text of the punctuation and quote marks around it."""
    return " ".join(text.split()).strip(_STRIP)


__all__ = [
    "Attributor",
    "ReportedClause",
    "ReportingCue",
    "ReportingLexicon",
    "event_attribution",
    "find_claims",
    "find_clauses",
]
