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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rasd.arabic.normalise import MatchView, normalise
from rasd.knowledge.actors import ActorLexicon, LexiconEntry
from rasd.knowledge.morphology import WordMatch
from rasd.model import Actor, Document, Span

HEADS = frozenset({"organisation", "person", "agent", "title", "unit", "side"})
# Sectors of state bodies: a city after them («الشرطة في البصرة») says whose body it is.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
# Prepositions that may stand between a head and its place or country («مسؤول في البصرة»).
LINK_WORDS = frozenset({"في", "من"})
# Possessive pronouns on a head noun (matching view): «قواتها», «عناصرهم».
POSSESSIVES = ("ها", "هم", "هما", "هن")
# Brackets and quotes that wrap a name without ending the phrase («مقاتلي (الشباب)»).
_WRAPPERS = "«»\"'()[]"
_WRAPPER = re.compile("[" + re.escape(_WRAPPERS) + "]")
# Adjectives that may stand between an office and the name of who holds or held it.
_ATTRIBUTES = frozenset({"الراحل", "الراحله", "السابق", "السابقه", "الاسبق", "المخلوع", "المعزول", "الحالي"})
# «تابعة ل»: what follows owns the head («طائرة تابعة للجيش», «مسلحون تابعون لحماس»).
_BELONGING = frozenset({"تابع", "تابعه", "التابع", "التابعه", "تابعون", "تابعين", "التابعين", "التابعون"})
# «الحاكم» after a party or council is an adjective («الحزب الحاكم»), not the title «governor».
_RULING = frozenset({"الحاكم"})
_RELATIVE_PRONOUNS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي"})
# How far back (matching-view characters) a possessive looks for the body it refers to.
_POSSESSOR_REACH = 160


class Mention(NamedTuple):
    """A composed mention in matching-view offsets: an actor, or a place giving a country."""

    start: int
    end: int
    kind: str  # actor | place
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    head: str = ""  # kind of the lexicon entry the mention was built around
    possessive: bool = False  # the head carries a possessive pronoun («قواته», «حكومتها»)


@dataclass(slots=True)
class _Phrase:
    start: int
    end: int
    head: str
    sector: str | None
    country: str | None
    name: str | None
    weak: bool  # a unit: the actor that follows replaces it
    possessive: bool

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
            _possessed(text[match.start : match.end], text[match.end : match.word_end]),
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
        if kind == "title" and not link and self.head in ("organisation", "agent") and entry.key in _RULING:
            return True  # «الحزب الوطني الديمقراطي الحاكم»: the ruling party, not a governor
        if link == "بقياده" and kind == "nisba":
            self.country = entry.country  # «قوات التحالف بقيادة أمريكية»: the leader's forces
            return True
        if link == "تابع" and kind in ("organisation", "agent", "country", "capital"):
            # What something belongs to codes it: a CIA drone is the CIA's.
            self.sector = entry.sector or (self.sector if kind in ("country", "capital") else None)
            self.country, self.name = entry.country or self.country, entry.name or self.name
            self.head, self.weak = entry.kind, False
            return True
        if self.weak and kind == "organisation" and link:
            # «أعضاء في حزب الغد», «عناصر من حركة حماس»: members take the organisation's codes.
            self.head, self.weak = kind, False
            self.sector, self.country, self.name = entry.sector or self.sector, entry.country, entry.name
            return True
        if kind in ("agent", "organisation") and link and self.head == "agent" and self.sector == "CVL":
            # «المتظاهرين من طلاب الجامعة», «ناشطا في كتائب الأقصى»: the group they belong to.
            if link == "في" and kind != "organisation":
                return False
            self.head, self.sector = kind, entry.sector or self.sector
            self.country, self.name = entry.country or self.country, entry.name or self.name
            return True
        if kind == "agent" and link == "من" and self.head == "agent" and entry.sector in ("CVL", self.sector):
            # «مسلحين من القبائل», «جنديا من الجيش»: where they come from, not who they are.
            return True
        if (
            kind == "agent"
            and not link
            and self.head == "agent"
            and self.sector in STATE_SECTORS
            and entry.sector in STATE_SECTORS
            and entry.sector != self.sector
        ):
            # «ضابط شرطة», «ضباط المخابرات»: a rank of another state body takes that body's sector.
            self.sector = entry.sector
            return True
        if kind == "nisba" and not link:
            if self.country in (None, "IMG") or self.head in ("agent", "title", "unit"):
                self.country = entry.country
            return True
        if kind in ("country", "capital") and link != "في":
            if not link and self.head in _NAMED_HEADS:
                # «طالبت محكمة العدل الدولية الولايات المتحدة»: a named body or person takes no
                # country straight after it; the country is the next actor (here the object).
                return False
            self.country = self.country or entry.country
            return True
        if kind == "place" and (self.sector in STATE_SECTORS or link == "من"):
            self.country = self.country or entry.country
            return True
        if kind == "person" and not link and self.head in ("title", "agent", "unit"):
            # A known person keeps the coding the lexicon gives them («الرئيس العراقي الراحل
            # صدام حسين» is coded as Saddam Hussein, not as a sitting government).
            self.name = entry.name
            self.country = self.country or entry.country
            self.sector = entry.sector or self.sector
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
        return Mention(self.start, self.end, "actor", self.country, self.sector, self.name, self.head, self.possessive)


# Heads that name one body or person: a bare country after them starts another actor.
_NAMED_HEADS = frozenset({"organisation", "person", "country", "capital"})


def _possessed(key: str, tail: str) -> bool:
    """Tell whether a head carries a possessive pronoun. A lone «ه» is also the feminine
    ending as the matching view spells it («مسؤولة»), so it counts only after «ت» («قواته»)."""
    if tail == "ه":
        return key.endswith("ت")
    return tail.endswith(POSSESSIVES)


def _cited_start(text: str, match: WordMatch[LexiconEntry]) -> int:
    """Start the citation at the article, leaving out conjunctions and prepositions."""
    if match.prefix_length >= 2 and text[match.start - 2 : match.start] == "ال":
        return match.start - 2
    return match.start


def _gap(text: str, end: int, match: WordMatch[LexiconEntry], head: str) -> str | None:
    """Return the link word between a phrase and the next hit ("" if adjacent), or None."""
    gap = text[end : match.word_start]
    words = gap.split()
    if len(words) > 2 and _WRAPPER.search(gap) is None:
        return None  # more than two words between: no link reaches that far
    between = [w for w in words if w.strip(_WRAPPERS)]
    prefix = text[match.word_start : match.start]
    if prefix[:1] in ("و", "ف"):
        return None  # «و» / «ف» coordinates: a new actor starts
    if not between:
        return "" if prefix[:1] not in ("ب", "ك") else None
    if _complement_then_nisba(between, prefix, match, head):
        return ""
    if match.value.kind == "person" and not prefix and len(between) == 1 and between[0] in _ATTRIBUTES:
        return ""  # «الرئيس العراقي الراحل صدام حسين»
    if between == ["بقياده"] and match.value.kind == "nisba":
        return "بقياده"
    if len(between) == 1 and between[0] in _BELONGING and prefix in ("ل", "لل"):
        return "تابع"  # «طائرة بدون طيار تابعة لوكالة المخابرات المركزية»
    if len(between) == 1 and between[0] in LINK_WORDS and not prefix:
        return between[0]
    if len(between) == 1 and between[0] in LINK_WORDS and prefix in ("ال",):
        return between[0]
    return None


def _complement_then_nisba(between: list[str], prefix: str, match: WordMatch[LexiconEntry], head: str) -> bool:
    """Tell whether a nationality follows an office's definite complement: «وزير التعليم
    العالي العراقي», «الشرطة الوطنية العراقية» (the nisba agrees with the head, past the
    complement). Only definite words may stand between, so a new clause cannot."""
    return (
        match.value.kind == "nisba"
        and head in ("title", "agent")
        and prefix == "ال"
        and len(between) <= 2
        and all(w.startswith("ال") and w.isalpha() for w in between)
    )


def _previous_word(text: str, start: int) -> str:
    words = text[max(0, start - 40) : start].split()
    return words[-1].strip("()[]«»\"'-،,") if words else ""


def _standalone(text: str, match: WordMatch[LexiconEntry], place_words: frozenset[str]) -> Mention:
    """Code a country, capital, nisba or place hit that no head took."""
    entry = match.value
    prefix = text[match.word_start : match.start]
    before = _previous_word(text, match.word_start)
    located = (
        before in place_words
        or (before[:1] in "وفبل" and before[1:] in place_words)  # «بشرق أفغانستان», «وسط»
        or prefix.endswith("ب")
        or prefix.endswith("بال")
    )
    start = _cited_start(text, match)
    if entry.kind == "place" or located:
        return Mention(start, match.word_end, "place", entry.country, head=entry.kind)
    if entry.kind == "nisba":
        return Mention(start, match.word_end, "actor", entry.country, None, None, "nisba")
    sector = "GOV" if entry.kind == "capital" else None
    return Mention(start, match.word_end, "actor", entry.country, sector, entry.name, entry.kind)


def compose(
    text: str,
    matches: Sequence[WordMatch[LexiconEntry]],
    place_words: frozenset[str],
    place_nouns: frozenset[str] = frozenset(),
) -> tuple[Mention, ...]:
    """Compose lexicon hits (sorted, non-overlapping) into actor and place mentions.

    A head right after a place noun is part of a place name («حي الوحدة», «ولاية الوحدة»),
    not an actor.
    """
    mentions: list[Mention] = []
    i, n = 0, len(matches)
    while i < n:
        match = matches[i]
        if match.value.kind not in HEADS:
            mentions.append(_standalone(text, match, place_words))
            i += 1
            continue
        i += 1
        if match.value.kind == "unit" and _previous_word(text, match.word_start) in _RELATIVE_PRONOUNS:
            continue  # «الانقلاب الذي قاده الجنرال»: a verb («قاده»), not «قادة» (leaders)
        phrase = _Phrase.of(text, match)
        while i < n:
            link = _gap(text, phrase.end, matches[i], phrase.head)
            if link is None or not phrase.absorb(matches[i].value, link):
                break
            phrase.end = matches[i].word_end
            i += 1
        mention = phrase.mention()
        if mention is not None and _previous_word(text, match.word_start) not in place_nouns:
            mentions.append(_with_possessor(mention, mentions, text) if mention.possessive else mention)
    return tuple(mentions)


def _with_possessor(mention: Mention, earlier: list[Mention], text: str) -> Mention:
    """Give a possessed body («قواته», «حكومتها») the country of the actor it refers back to:
    «أعلن الجيش الأمريكي أن قواته قتلت ...» → the forces are American."""
    if mention.country is not None:
        return mention
    floor = max(text.rfind(".", 0, mention.start), mention.start - _POSSESSOR_REACH)
    owner = next(
        (m for m in reversed(earlier) if m.kind == "actor" and m.country is not None and m.start > floor),
        None,
    )
    return mention._replace(country=owner.country) if owner is not None else mention


@lru_cache(maxsize=512)
def scan(text: str, lexicon: ActorLexicon) -> tuple[Mention, ...]:
    """Return the composed mentions of a matching-view text (cached: roles re-read them)."""
    matches = _without_common_words(text, lexicon.matcher.find(text), lexicon)
    return compose(text, matches, lexicon.cue("place_word"), lexicon.cue("place_noun"))


def _without_common_words(
    text: str, matches: Sequence[WordMatch[LexiconEntry]], lexicon: ActorLexicon
) -> list[WordMatch[LexiconEntry]]:
    """Drop the one-word names read as common words: «فتح النار», «بفتح الأبواب», «القاعدة
    العسكرية» are no Fatah and no al-Qaeda; «وقالت فتح في بيان», «بين فتح وحماس» are."""
    common = lexicon.cue("common_word")
    if not common:
        return list(matches)
    # A nationality after the name is an adjective of the common word («القاعدة الأمريكية»).
    starts = {m.word_start for m in matches if m.value.kind != "nisba"}
    followers, leaders = lexicon.cue("name_follower"), lexicon.cue("name_leader")
    return [
        m
        for m in matches
        if m.key not in common
        or _previous_word(text, m.word_start) in leaders
        or _reads_as_name(text, m, starts, followers)
    ]


def _reads_as_name(text: str, match: WordMatch[LexiconEntry], starts: set[int], followers: frozenset[str]) -> bool:
    rest = text[match.word_end : match.word_end + 40]
    word = rest.split(maxsplit=1)[0] if rest.strip() else ""
    if not word or not rest[:1].isspace() or not word[:1].isalnum():
        return True  # the end of the text or a mark right after the name
    at = match.word_end + len(rest) - len(rest.lstrip())
    return at in starts or word.startswith("و") or word in followers


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


def same_actor(a: Actor, b: Actor) -> bool:
    """Tell whether two mentions name one actor: «الرئيس الفرنسي إيمانويل ماكرون» and «ماكرون»
    are one; «إيران» and «وزير الخارجية الإيراني» are not (whole words, not letters)."""
    if a.name and b.name:
        return a.name == b.name
    first, second = set(normalise(a.text).split()), set(normalise(b.text).split())
    return bool(first and second) and (first <= second or second <= first)


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
