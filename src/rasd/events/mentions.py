"""Merge the mentions of one happening within an article into one event.

News text names one happening many times: «الضربة الأمريكية», «ضربات جوية», «الضربات»,
«الغارة», «العملية». Each mention becomes a candidate event in its sentence; this module
folds candidates into events when nothing tells them apart: the same type, compatible modes,
compatible actors (equal codes, or one side unknown) and no conflicting place. Distinct
happenings stay apart because something does differ: the US air strikes in Syria and the
rocket attack on Erbil differ in perpetrator, place and means.

A mention joins the compatible event it agrees with most (shared trigger word, mode, actor,
place); a tie goes to the earliest, which is usually the article's main event. Anaphoric
mentions («العملية», «الحادث») only join an event; alone they are dropped.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable
from functools import lru_cache

from rasd.arabic.normalise import normalise
from rasd.model import Actor, Document, Event, Place, Span
from rasd.recognise.actors import same_actor

ANAPHOR_FLAG = "anaphor"
# Material happenings are named again and again («الضربة», «الغارة», «العملية»); statements
# and meetings in different sentences are usually different acts, so those merge only when
# the same word names them again («تسريبات» in the headline and in the lead).
HAPPENINGS = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "SANCTION", "AID"})


def merge_event_mentions(doc: Document) -> Document:
    """Return `doc` with mentions of one happening merged into one event each."""
    clusters: list[_Cluster] = []
    # Reported happenings first, then the mentions that refer back: «ردا على الهجمات الأخيرة في
    # أربيل» may stand before the sentence that reports the Erbil attack itself.
    reported = [e for e in doc.events if ANAPHOR_FLAG not in e.flags]
    referring = [e for e in doc.events if ANAPHOR_FLAG in e.flags]
    named = _PlaceIndex(doc.places)
    for event in reported + referring:
        places = named.within(event.evidence)
        word = _trigger_word(event, doc.text)
        best = _best_cluster(clusters, event, places, word)
        if best is not None:
            best.add(event, places, word)
        elif ANAPHOR_FLAG not in event.flags:
            clusters.append(_Cluster.start(event, places, word))
    return dataclasses.replace(doc, events=tuple(c.event for c in clusters))


@dataclasses.dataclass(slots=True)
class _Cluster:
    event: Event
    places: set[str]
    words: set[str]  # trigger words of the mentions, for preferring like with like

    @classmethod
    def start(cls, event: Event, places: set[str], word: str) -> _Cluster:
        return cls(event, set(places), {word})

    def add(self, event: Event, places: set[str], word: str) -> None:
        merged = self.event
        mentions = tuple(
            sorted(set(merged.mentions) | set(event.mentions or (event.evidence,)), key=lambda s: (s.start, s.end))
        )
        self.event = dataclasses.replace(
            merged,
            mode=merged.mode or event.mode,
            source=merged.source or event.source,
            target=merged.target or event.target,
            location=merged.location or event.location,
            date=merged.date or event.date,
            fatalities=merged.fatalities if merged.fatalities is not None else event.fatalities,
            injuries=merged.injuries if merged.injuries is not None else event.injuries,
            attribution=merged.attribution or event.attribution,
            mentions=mentions,
            flags=tuple(f for f in merged.flags if f != ANAPHOR_FLAG),
        )
        self.places |= places
        self.words.add(word)


def _best_cluster(clusters: list[_Cluster], event: Event, places: set[str], word: str) -> _Cluster | None:
    """The cluster `event` agrees with best (`word`: the root of its trigger word)."""
    best: tuple[int, int] | None = None
    chosen = None
    for index, cluster in enumerate(clusters):
        if not _compatible(cluster, event, places, word):
            continue
        score = _agreement(cluster, event, places, word)
        if best is None or (score, -index) > best:
            best, chosen = (score, -index), cluster
    return chosen


def _compatible(cluster: _Cluster, event: Event, places: set[str], word: str) -> bool:
    merged = cluster.event
    if merged.type != event.type or merged.negated != event.negated or merged.historical != event.historical:
        return False
    if merged.type not in HAPPENINGS and (word not in cluster.words or not _same_actor(merged.source, event.source)):
        return False
    if merged.mode and event.mode and merged.mode != event.mode:
        return False
    if not (_actors_agree(merged.source, event.source) and _actors_agree(merged.target, event.target)):
        return False
    if merged.location and event.location and not _places_agree(merged.location, event.location):
        return False
    return not (cluster.places and places and not cluster.places & places)


def _agreement(cluster: _Cluster, event: Event, places: set[str], word: str) -> int:
    merged = cluster.event
    score = 2 * (word in cluster.words)
    score += merged.mode is not None and merged.mode == event.mode
    score += 2 * bool(merged.source and event.source)
    score += 2 * bool(cluster.places & places)
    return score


def _actors_agree(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    return not (a.sector and b.sector and a.sector != b.sector)


def _same_actor(a: Actor | None, b: Actor | None) -> bool:
    """Tell whether two actors may be one: a statement by Iran's foreign minister and one by
    «طهران» in another sentence are two statements, even though their codes agree."""
    return a is None or b is None or same_actor(a, b)


def _places_agree(a: Place, b: Place) -> bool:
    if a.country and b.country and a.country != b.country:
        return False
    return not (a.name and b.name and a.precision == b.precision and a.name != b.name)


class _PlaceIndex:
    """The places of a document by where they start, to find those inside a span by bisection."""

    def __init__(self, places: Iterable[Place]) -> None:
        located = sorted(((p.span.start, p.span.end, p) for p in places if p.span is not None), key=lambda t: t[0])
        self.starts = [start for start, _, _ in located]
        self.located = located

    def within(self, span: Span) -> set[str]:
        """Return the keys of the places named inside `span` (country, else name)."""
        lo = bisect.bisect_left(self.starts, span.start)
        hi = bisect.bisect_right(self.starts, span.end)
        return {p.country or p.name or p.text for _, end, p in self.located[lo:hi] if end <= span.end}


def _trigger_word(event: Event, text: str) -> str:
    """Return a rough root of the trigger word: «الهجوم» and «هجمات» give «هجم», «غارة» «غر»."""
    if event.trigger is None:
        return ""
    return _root(event.trigger.of(text))


@lru_cache(maxsize=4096)
def _root(trigger: str) -> str:
    """The rough root of a trigger as written (a pure function of it, remembered)."""
    words = normalise(trigger).split()
    word = words[0] if words else ""
    for prefix in ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    return "".join(ch for ch in word if ch not in "اوي")[:3]
