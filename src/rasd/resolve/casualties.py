"""Dead and injured counts, read from an event's sentence and tied to the right event.

A toll stands next to a casualty word: after a verbal noun or verb («مقتل 25 شخصا»,
«أصيب نحو 50»), before a plural noun («5 قتلى», «عشرات الجرحى»), or a few words before an
idiom («لقي 5 أشخاص مصرعهم»). A lone person noun counts itself («مقتل مقاول مدني» is 1,
«مقتل جنديين» is 2) and a coordinated list adds up («إصابة مقاولين أمريكيين وأحد أفراد
الجيش» is at least 3: «مقاولين» is two or more, «أحد» one). A breakdown after «بينهم» is not
added again.

Values are the count the text guarantees; flags say how to read it: «fatalities:at_least»,
«injuries:approximate», «fatalities:dozens» (no number), «fatalities:unspecified» (dead are
reported with no count), «injuries:none_reported» (0: «دون وقوع إصابات»), «fatalities:combined»
(«مقتل وإصابة 10»: one count for both).

Only ASSAULT events carry tolls (spec/ontology.md: "ASSAULT carries dead and injured counts").
A count goes to the ASSAULT event anchored (trigger or mention) in its clause, else the nearest
in its sentence; a sentence with no ASSAULT that refers back («وأسفر الهجوم عن مقتل …») gives
its toll to the nearest ASSAULT before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate, count, repeat
from operator import add, itemgetter

from rasd.arabic.normalise import normalise
from rasd.arabic.numbers import EXACT, TOKEN, NumberLexicon, Quantity, Token, read_table
from rasd.knowledge.morphology import NO_AFFIXES, NOUN_PREFIXES, Pattern, WordMatcher
from rasd.model import Document, Event, Span
from rasd.resolve.dates import CLAUSE_BREAK

KILLED, INJURED = "killed", "injured"
FIELD = {KILLED: "fatalities", INJURED: "injuries"}
CASUALTY_TYPES = frozenset({"ASSAULT"})
# How far a count may stand from its casualty word, in tokens. A verb may have its subject in
# between («قتل مسلحون يشتبه بأنهم متطرفون 18 شخصا»); a verbal noun takes the count at once,
# perhaps behind a qualifier («مقتل ما لا يقل عن 28» starts the count at «ما»).
AFTER_VERBAL_NOUN = 3
AFTER_VERB = 6
BEFORE_TAIL = 4
BEFORE_VERB = 6  # «اثنين من أفراد شرطة الدرك قتلا»
# Modifiers a list part may carry before the next «و» part («مقاولين أمريكيين وأحد …»).
LIST_MODIFIERS = 3
CONJUNCTIONS = frozenset({"", "و", "ف"})
# A no-casualty phrase may stand a few words before the casualty word.
NEGATOR_REACH = 40
NEGATOR_WORDS = 3
# Words that end the search for a count: a breakdown («بينهم»), or a preposition that opens
# a phrase about something else («في هجوم», «عام 2008», «منذ»).
STOP_WORDS = frozenset(
    normalise(w)
    for w in (
        "بينهم",
        "منهم",
        "بينها",
        "منها",
        "هم",
        "بين",
        "في",
        "على",
        "إلى",
        "الى",
        "عن",
        "من",
        "خلال",
        "بعد",
        "قبل",
        "منذ",
        "عام",
        "العام",
        "سنة",
        "عند",
        "جراء",
        "إثر",
        "اثر",
        "بسبب",
    )
)


@dataclass(frozen=True, slots=True)
class Casualty:
    """A toll read from text: role (killed | injured), count, flags, and its cue position."""

    role: str
    value: int | None
    flags: tuple[str, ...]  # without the role: "at_least", "dozens", "unspecified" …
    cue_start: int  # matching-view offsets of the casualty word
    cue_end: int


@dataclass(frozen=True, slots=True)
class _Cue:
    role: str
    form: str


@dataclass(frozen=True, slots=True)
class CasualtyLexicon:
    """Casualty words, attack anaphors and no-casualty phrases, built once by `load()`."""

    cues: WordMatcher[_Cue]
    negators: tuple[str, ...]
    numbers: NumberLexicon

    @classmethod
    @cache
    def load(cls) -> CasualtyLexicon:
        """Load casualty_terms.tsv and the number words."""
        patterns: list[Pattern[_Cue]] = []
        negators: list[str] = []
        for term, role, form in read_table("casualty_terms.tsv"):
            key = normalise(term)
            if role == "none":
                negators.append(key)
                continue
            prefixes = NOUN_PREFIXES
            if form == "verb":
                prefixes = CONJUNCTIONS  # the verb forms are listed in full: «قتلوا», «أصيبت»
            elif form == "anaphor":
                prefixes = CONJUNCTIONS | {"ب", "ل"}
            patterns.append(Pattern(key, _Cue(role, form), prefixes, NO_AFFIXES))
        return cls(WordMatcher.build(patterns), tuple(sorted(negators, key=len, reverse=True)), NumberLexicon.load())

    def find(self, text: str, start: int = 0, end: int | None = None) -> tuple[list[Casualty], list[int]]:
        """Return the tolls in a matching-view range and the positions of attack anaphors."""
        stop = len(text) if end is None else end
        segment = text[start:stop]
        hits = self.cues.find(segment)
        if not hits:
            return [], []
        toks = _tokens(text, start, stop)
        index = dict(zip(map(_start_of, toks), count()))
        if all(hit.value.role == "event" for hit in hits):  # no casualty word: no count to read
            return [], [hit.word_start + start for hit in hits if hit.word_start + start in index]
        quantities = self._quantities(text, toks)
        cue_tokens = {
            index[h.word_start + start] for h in hits if h.value.role != "event" and h.word_start + start in index
        }
        reader = _Reader(text, toks, quantities, cue_tokens, self.numbers)
        found: list[Casualty] = []
        anaphors: list[int] = []
        joined = -1  # the token after the last casualty word: «وإصابة» in «مقتل وإصابة»
        for hit in hits:
            first = index.get(hit.word_start + start)
            if first is None:
                continue
            if hit.value.role == "event":
                anaphors.append(hit.word_start + start)
                continue
            last = first
            while last + 1 < len(toks) and toks[last + 1].start < hit.word_end + start:
                last += 1
            casualty = self._read(reader, hit.value, first, last)
            if casualty is None:
                continue
            if found and "combined" in found[-1].flags and first == joined:
                if casualty.value is None and "unspecified" in casualty.flags:
                    found[-1] = replace(found[-1], flags=("unspecified",))  # «سقط قتلى وجرحى»
                else:
                    casualty = replace(casualty, value=None, flags=("combined",))  # «مقتل وإصابة 10»
            found.append(casualty)
            joined = last + 1
        return found, anaphors

    def _quantities(self, text: str, toks: list[Token]) -> list[Quantity]:
        """`NumberLexicon.find` over tokens already made: every count in the sentence."""
        forms = self.numbers.forms
        found: list[Quantity] = []
        i = 0
        while i < len(toks):
            word = toks[i].text
            if not word[0].isdigit() and word not in forms:
                i += 1  # not a number word (`NumberLexicon.number_word`): no count starts here
                continue
            hit = self.numbers.read(text, toks, i)
            if hit is None:
                i += 1
                continue
            quantity, i = hit
            found.append(quantity)
        return found

    def _read(self, reader: _Reader, cue: _Cue, first: int, last: int) -> Casualty | None:
        toks = reader.toks
        start, end = toks[first].start, toks[last].end
        quantity: Quantity | None = None
        if cue.form in ("masdar", "verb"):
            reach = AFTER_VERB if cue.form == "verb" else AFTER_VERBAL_NOUN
            quantity = reader.after(last + 1, reach)
            if quantity is None and cue.form == "verb":
                # a count before the verb, else a person noun: «أن قائد التنظيم … قتل» is one
                quantity = reader.before(first, BEFORE_VERB, nouns=False) or reader.before(
                    first, BEFORE_VERB, nouns=True
                )
        elif cue.form == "noun":
            quantity = reader.just_before(first) or reader.noun_itself(first, last)
        elif cue.form == "tail":
            quantity = reader.before(first, BEFORE_TAIL, nouns=True)
        if quantity is not None:
            return Casualty(cue.role, quantity.value, quantity.flags(), start, end)
        if cue.form == "noun" and hit_is_definite(reader.toks[first].text):
            return None  # «حصيلة القتلى», «كتائب سيد الشهداء»: no toll of its own
        if reader.combined_with(last):
            return Casualty(cue.role, None, ("combined",), start, end)
        if self._negated(reader.text, start):
            return Casualty(cue.role, 0, ("none_reported",), start, end)
        return Casualty(cue.role, None, ("unspecified",), start, end)

    def _negated(self, text: str, start: int) -> bool:
        """Tell whether a no-casualty phrase stands shortly before: «لم يسفر الانفجار عن إصابات»."""
        window = text[max(0, start - NEGATOR_REACH) : start]
        for negator in self.negators:
            at = window.rfind(negator)
            if at < 0 or (at and window[at - 1].isalnum() and window[at - 1] not in "وف"):
                continue
            between = window[at + len(negator) :]
            if not CLAUSE_BREAK.search(between) and len(between.split()) <= NEGATOR_WORDS:
                return True
        return False


@dataclass(frozen=True, slots=True)
class _Reader:
    """Reads counts around one casualty word in a tokenised sentence."""

    text: str
    toks: list[Token]
    quantities: list[Quantity]
    cue_tokens: set[int]
    numbers: NumberLexicon

    def _gap(self, i: int) -> bool:
        """Tell whether punctuation separates token i-1 from token i."""
        return bool(self.text[self.toks[i - 1].end : self.toks[i].start].strip())

    def _quantity_at(self, i: int) -> Quantity | None:
        """Return the count whose phrase (qualifier included) starts at token i."""
        at = self.toks[i].start
        return next((q for q in self.quantities if q.phrase_start <= at < q.end), None)

    def combined_with(self, last: int) -> bool:
        """Tell whether the word is joined to the other role's word: «مقتل وإصابة 10»."""
        nxt = last + 1
        return (
            nxt < len(self.toks)
            and nxt in self.cue_tokens
            and self.toks[nxt].text.startswith("و")
            and not self._gap(nxt)
        )

    def after(self, i: int, reach: int) -> Quantity | None:
        """Read the count after a verb or verbal noun, and add up a «و» list."""
        for k in range(i, min(i + reach, len(self.toks))):
            if self._gap(k) or k in self.cue_tokens:
                return None
            quantity = self._quantity_at(k)
            if quantity is None and k == i:
                hit = self.numbers.read(self.text, self.toks, k, nouns=True)
                quantity = hit[0] if hit else None
            if quantity is not None:
                return self._add_list(quantity)
            if self.toks[k].text in STOP_WORDS:
                return None
        return None

    def _add_list(self, first: Quantity) -> Quantity:
        """Add the «و» parts that follow: «جندي ومدنيين», «مقاولين أمريكيين وأحد أفراد …»."""
        parts = [first]
        k = next((i for i, t in enumerate(self.toks) if t.start >= first.end), len(self.toks))
        modifiers = 0
        while k < len(self.toks) and modifiers <= LIST_MODIFIERS:
            tok = self.toks[k]
            if self._gap(k) or k in self.cue_tokens or tok.text in STOP_WORDS:
                break
            if tok.text.startswith("و") and len(tok.text) > 2:
                word = self.numbers.number_word(tok.text[1:], nouns=True)
                if word is None or word.kind not in ("unit", "noun", "digits"):
                    break
                parts.append(Quantity(int(word.value or 0), word.qualifier, None, tok.start, tok.end, tok.start))
                modifiers = 0
            else:
                modifiers += 1
            k += 1
        if len(parts) == 1:
            return first
        if any(p.value is None for p in parts):
            return Quantity(None, EXACT, "unspecified", first.start, parts[-1].end, first.phrase_start)
        qualifier = next((p.qualifier for p in parts if p.qualifier != EXACT), EXACT)
        total = sum(p.value or 0 for p in parts)
        return Quantity(total, qualifier, None, first.start, parts[-1].end, first.phrase_start)

    def just_before(self, i: int) -> Quantity | None:
        """Read the count right before a plural noun: «5 قتلى», «عشرات الجرحى»."""
        if i == 0 or self._gap(i):
            return None
        before = self.toks[i - 1].end
        return next((q for q in self.quantities if q.end == before), None)

    def noun_itself(self, first: int, last: int) -> Quantity | None:
        """Count a singular or dual casualty noun: «سقوط قتيل» is 1, «قتيلين» is 2."""
        word = self.numbers.number_word(self.toks[first].text, nouns=True)
        if word is None or word.kind != "noun" or word.value is None:
            return None
        return Quantity(int(word.value), word.qualifier, None, self.toks[first].start, self.toks[last].end)

    def before(self, i: int, reach: int, *, nouns: bool) -> Quantity | None:
        """Read a count a few words before: «ثلاثة من المهاجمين قتلوا», «لقي جندي مصرعه»."""
        for k in range(i - 1, max(-1, i - 1 - reach), -1):
            if self._gap(k + 1) or k in self.cue_tokens:
                return None
            quantity = next((q for q in self.quantities if q.start == self.toks[k].start), None)
            if quantity is None and nouns:
                hit = self.numbers.read(self.text, self.toks, k, nouns=True)
                quantity = hit[0] if hit else None
            if quantity is not None:
                return quantity
        return None


def _tokens(text: str, start: int, end: int) -> list[Token]:
    """`numbers.tokens`, built by C-level maps over one `findall` (every sentence with a cue
    is tokenised, and a comprehension over `finditer` cost a third of this stage)."""
    pairs = _GAPPED_TOKEN.findall(text, start, end)
    if not pairs:
        return []
    gaps, words = zip(*pairs, strict=True)
    # bounds[k] is where the gap before token k starts; bounds[k + 1] is where token k ends.
    bounds = list(accumulate(map(add, map(len, gaps), map(len, words)), initial=start))
    starts = map(add, bounds, map(len, gaps))
    return list(map(_new_tuple, repeat(Token), zip(words, starts, bounds[1:], strict=False)))


# `numbers.TOKEN` with what stands before each token: a digit starts a number, a letter a
# word, and every other character («_» included, which `\w` holds) falls between tokens.
_GAPPED_TOKEN = re.compile(r"([\W_]*)(" + TOKEN.pattern + ")")
_new_tuple = tuple.__new__
_start_of = itemgetter(1)  # `Token.start`, read in C


def hit_is_definite(word: str) -> bool:
    """Tell whether a word carries the article, perhaps behind a clitic («والقتلى», «للشهداء»)."""
    return word.startswith(("ال", "وال", "فال", "بال", "لل", "ولل"))


def find_casualties(text: str) -> list[Casualty]:
    """Return the tolls written in a short text (display or matching view)."""
    return CasualtyLexicon.load().find(normalise(text))[0]


@dataclass(frozen=True, slots=True)
class _Anchor:
    event: int
    at: int  # matching-view offset of a trigger or mention
    clause: int


def resolve_casualties(doc: Document) -> Document:
    """Give each ASSAULT event the dead and injured counts its sentences report."""
    targets = [i for i, e in enumerate(doc.events) if e.type in CASUALTY_TYPES]
    if not targets or doc.view is None:
        return doc
    view = doc.view
    lexicon = CasualtyLexicon.load()
    sentences = doc.sentences or tuple(sorted({doc.events[i].evidence for i in targets}, key=lambda s: s.start))
    anchored = _anchored(doc, sentences, targets)
    tolls: dict[int, dict[str, Casualty]] = {}
    scan = _sentences_to_scan(sentences, anchored)
    for sentence in scan:
        m_start, m_end = view.to_match(sentence.start), view.to_match(sentence.end)
        casualties, anaphors = lexicon.find(view.text, m_start, m_end)
        if not casualties:
            continue
        clauses = _clause_starts(view.text, m_start, m_end)
        anchors = [
            _Anchor(i, view.to_match(at), _clause_of(clauses, view.to_match(at))) for i, at in anchored[sentence]
        ]
        for casualty in casualties:
            owner = _owner(casualty, anchors, clauses)
            if owner is None and anaphors and min(anaphors) < casualty.cue_start:
                owner = _previous_event(doc, targets, sentence)
            if owner is not None:
                known = tolls.setdefault(owner, {})
                if casualty.role not in known or _rank(casualty) > _rank(known[casualty.role]):
                    known[casualty.role] = casualty
    if not tolls:
        return doc
    events = list(doc.events)
    for i, by_role in tolls.items():
        events[i] = _with_tolls(events[i], by_role)
    return replace(doc, events=tuple(events))


def _anchored(doc: Document, sentences: tuple[Span, ...], targets: list[int]) -> dict[Span, list[tuple[int, int]]]:
    """Return, per sentence, (event index, display offset) of every trigger or mention in it."""
    if not doc.sentences:  # evidence spans stand in for sentences and may nest
        return {s: _anchors_in(doc, s, targets) for s in sentences}
    # Segmented sentences are disjoint and in order: each anchor falls in one, found by bisection.
    anchored: dict[Span, list[tuple[int, int]]] = {s: [] for s in sentences}
    starts = [s.start for s in sentences]
    for i in targets:
        event = doc.events[i]
        for span in (event.trigger or event.evidence, *event.mentions):
            k = bisect_right(starts, span.start) - 1
            if k >= 0 and span.start < sentences[k].end:
                anchored[sentences[k]].append((i, span.start))
    return anchored


def _anchors_in(doc: Document, sentence: Span, targets: list[int]) -> list[tuple[int, int]]:
    """Return (event index, display offset) of every trigger or mention inside a sentence."""
    out: list[tuple[int, int]] = []
    for i in targets:
        event = doc.events[i]
        spans = [event.trigger or event.evidence, *event.mentions]
        out.extend((i, s.start) for s in spans if sentence.start <= s.start < sentence.end)
    return out


def _sentences_to_scan(sentences: tuple[Span, ...], anchored: dict[Span, list[tuple[int, int]]]) -> list[Span]:
    """Return the sentences holding an ASSAULT anchor and the two after each (continuations)."""
    keep: set[int] = set()
    for n, sentence in enumerate(sentences):
        if anchored[sentence]:
            keep.update(range(n, min(n + 3, len(sentences))))
    return [sentences[n] for n in sorted(keep)]


def _clause_starts(text: str, start: int, end: int) -> list[int]:
    return [start] + [m.end() for m in CLAUSE_BREAK.finditer(text, start, end)]


def _clause_of(starts: list[int], at: int) -> int:
    return sum(1 for s in starts if s <= at) - 1


def _owner(casualty: Casualty, anchors: list[_Anchor], clauses: list[int]) -> int | None:
    """Pick the event for a toll: same clause first, then the nearest anchor in the sentence."""
    if not anchors:
        return None
    clause = _clause_of(clauses, casualty.cue_start)
    best = min(anchors, key=lambda a: (a.clause != clause, abs(a.at - casualty.cue_start)))
    return best.event


def _previous_event(doc: Document, targets: list[int], sentence: Span) -> int | None:
    """Return the ASSAULT event with the latest anchor before a sentence."""
    best: tuple[int, int] | None = None
    for i in targets:
        event = doc.events[i]
        for span in (event.trigger or event.evidence, *event.mentions):
            if span.start < sentence.start and (best is None or span.start > best[1]):
                best = (i, span.start)
    return best[0] if best else None


def _rank(casualty: Casualty) -> int:
    """Rank what a toll tells: a count beats a vague scale, which beats no number at all."""
    if casualty.value is not None:
        return 2
    return 1 if casualty.flags and casualty.flags[0] not in ("unspecified", "combined") else 0


def _with_tolls(event: Event, by_role: dict[str, Casualty]) -> Event:
    """Return the event with its counts and flags set («fatalities:at_least» …)."""
    changes: dict[str, object] = {}
    flags = list(event.flags)
    for role, casualty in by_role.items():
        name = FIELD[role]
        changes[name] = casualty.value
        flags.extend(f"{name}:{flag}" for flag in casualty.flags if f"{name}:{flag}" not in flags)
    return replace(event, flags=tuple(flags), **changes)  # type: ignore[arg-type]
