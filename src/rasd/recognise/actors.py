"""Actor recognition: lexicon hits on the matching view, composed into coded actor mentions.

One automaton pass finds every lexicon key as a whole word with its clitics; adjacent hits are
then composed the way Arabic noun phrases are built: a head (agent, title, organisation,
person) takes a following nisba («الجيش العراقي» → IRQ MIL), a genitive country, capital or
city («سفير بولندا», «شرطة كركوك»), or a name («وزير الدفاع الأمريكي لويد أوستن»); a unit
(«عناصر», «المتحدث باسم») stands for whatever actor follows it. A conjunction («و») on the next
word starts a new actor. Country names and cities that only say where something happened are
kept apart as place context, never as actors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasd.arabic.normalise import MatchView
from rasd.knowledge.actors import ActorLexicon, LexiconEntry
from rasd.knowledge.morphology import WordMatch
from rasd.model import Actor, Document, Span

HEADS = frozenset({"organisation", "person", "agent", "title", "unit", "side"})
# Sectors of state bodies: a city after them («الشرطة في البصرة») says whose body it is.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
# Prepositions that may stand between a head and its place or country («مسؤول في البصرة»).
LINK_WORDS = frozenset({"في", "من"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A composed mention in matching-view offsets: an actor, or a place giving a country."""

    start: int
    end: int
    kind: str  # actor | place
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    head: str = ""  # kind of the lexicon entry the mention was built around


@dataclass(slots=True)
class _Phrase:
    start: int
    end: int
    head: str
    sector: str | None
    country: str | None
    name: str | None
    weak: bool  # a unit: the actor that follows replaces it

    @classmethod
    def of(cls, text: str, match: WordMatch[LexiconEntry]) -> _Phrase:
        entry = match.value
        return cls(
            _cited_start(text, match),
            match.word_end,
            entry.kind,
            entry.sector,
            entry.country,
            entry.name,
            entry.kind in ("unit", "side"),
        )

    def absorb(self, entry: LexiconEntry, link: str) -> bool:
        """Take the next hit into this phrase when Arabic phrase structure allows it."""
        kind = entry.kind
        if self.head == "side":
            # «الجانب الأمريكي», «الجانب العراقي»: only a nationality completes a side.
            if kind == "nisba" and not link:
                self.country, self.weak = entry.country, False
                return True
            return False
        if self.weak and kind in HEADS | {"country", "capital"} and not link:
            self.head, self.weak = entry.kind, entry.kind == "unit"
            self.sector = entry.sector or self.sector
            self.country, self.name = entry.country or self.country, entry.name or self.name
            if kind == "country":
                self.sector = self.sector or "GOV"
            return True
        if kind in ("agent", "organisation") and link == "من" and self.head == "agent" and self.sector == "CVL":
            # «المتظاهرين من طلاب الجامعة», «متظاهرون من حركة كفاية»: the group they come from.
            self.head, self.sector = kind, entry.sector or self.sector
            self.country, self.name = entry.country or self.country, entry.name or self.name
            return True
        if kind == "nisba" and not link:
            if self.country in (None, "IMG") or self.head in ("agent", "title", "unit"):
                self.country = entry.country
            return True
        if kind in ("country", "capital") and link != "في":
            self.country = self.country or entry.country
            return True
        if kind == "place" and (self.sector in STATE_SECTORS or link == "من"):
            self.country = self.country or entry.country
            return True
        if kind == "person" and not link and self.head in ("title", "agent", "unit"):
            self.name = entry.name
            self.country = self.country or entry.country
            self.sector = self.sector or entry.sector
            return True
        if kind == "organisation" and not link and self.head in ("agent", "title"):
            # «جنود التحالف», «رئيس حزب البعث»: the head's sector, the organisation's country.
            self.country = self.country or entry.country
            self.name = self.name or entry.name
            return True
        return kind == "agent" and not link and self.head == "agent" and entry.sector == self.sector

    def mention(self) -> Mention | None:
        if self.weak and (self.head == "side" or not (self.sector or self.country)):
            return None
        return Mention(self.start, self.end, "actor", self.country, self.sector, self.name, self.head)


def _cited_start(text: str, match: WordMatch[LexiconEntry]) -> int:
    """Start the citation at the article, leaving out conjunctions and prepositions."""
    if match.prefix_length >= 2 and text[match.start - 2 : match.start] == "ال":
        return match.start - 2
    return match.start


def _gap(text: str, end: int, match: WordMatch[LexiconEntry]) -> str | None:
    """Return the link word between a phrase and the next hit ("" if adjacent), or None."""
    between = text[end : match.word_start].split()
    prefix = text[match.word_start : match.start]
    if prefix[:1] in ("و", "ف"):
        return None  # «و» / «ف» coordinates: a new actor starts
    if not between:
        return "" if prefix[:1] not in ("ب", "ك") else None
    if len(between) == 1 and between[0] in LINK_WORDS and not prefix:
        return between[0]
    if len(between) == 1 and between[0] in LINK_WORDS and prefix in ("ال",):
        return between[0]
    return None


def _previous_word(text: str, start: int) -> str:
    words = text[max(0, start - 40) : start].split()
    return words[-1].strip("()[]«»\"'-،,") if words else ""


def _standalone(text: str, match: WordMatch[LexiconEntry], place_words: frozenset[str]) -> Mention:
    """Code a country, capital, nisba or place hit that no head took."""
    entry = match.value
    prefix = text[match.word_start : match.start]
    before = _previous_word(text, match.word_start)
    located = before in place_words or prefix.endswith("ب") or prefix.endswith("بال")
    start = _cited_start(text, match)
    if entry.kind == "place" or located:
        return Mention(start, match.word_end, "place", entry.country, head=entry.kind)
    if entry.kind == "nisba":
        return Mention(start, match.word_end, "actor", entry.country, None, None, "nisba")
    sector = "GOV" if entry.kind == "capital" else None
    return Mention(start, match.word_end, "actor", entry.country, sector, entry.name, entry.kind)


def compose(text: str, matches: Sequence[WordMatch[LexiconEntry]], place_words: frozenset[str]) -> tuple[Mention, ...]:
    """Compose lexicon hits (sorted, non-overlapping) into actor and place mentions."""
    mentions: list[Mention] = []
    i, n = 0, len(matches)
    while i < n:
        match = matches[i]
        if match.value.kind not in HEADS:
            mentions.append(_standalone(text, match, place_words))
            i += 1
            continue
        phrase = _Phrase.of(text, match)
        i += 1
        while i < n:
            link = _gap(text, phrase.end, matches[i])
            if link is None or not phrase.absorb(matches[i].value, link):
                break
            phrase.end = matches[i].word_end
            i += 1
        mention = phrase.mention()
        if mention is not None:
            mentions.append(mention)
    return tuple(mentions)


@lru_cache(maxsize=512)
def scan(text: str, lexicon: ActorLexicon) -> tuple[Mention, ...]:
    """Return the composed mentions of a matching-view text (cached: roles re-read them)."""
    return compose(text, lexicon.matcher.find(text), lexicon.cue("place_word"))


def to_actor(view: MatchView, mention: Mention) -> Actor:
    start, end = view.to_display(mention.start, mention.end)
    return Actor(
        text=view.display[start:end],
        name=mention.name,
        country=mention.country,
        sector=mention.sector,
        span=Span(start, end),
    )


def recognise_actors(view: MatchView, lexicon: ActorLexicon) -> tuple[Actor, ...]:
    """Return every actor mention in the text, in order, with display spans."""
    return tuple(to_actor(view, m) for m in scan(view.text, lexicon) if m.kind == "actor")


def place_mentions(view: MatchView, lexicon: ActorLexicon) -> Iterable[Mention]:
    """Yield the place mentions (a country said to be where something is) of a text."""
    return (m for m in scan(view.text, lexicon) if m.kind == "place")


class ActorRecogniser:
    """Pipeline stage: fill `doc.actors` from the actor lexicon."""

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon

    @classmethod
    def load(cls) -> ActorRecogniser:
        return cls(ActorLexicon.load())

    def __call__(self, doc: Document) -> Document:
        view = doc.view if doc.view is not None else MatchView.of(doc.text)
        return dataclasses.replace(doc, view=view, actors=recognise_actors(view, self.lexicon))
