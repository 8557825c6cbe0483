"""Event geocoding: each event's place from its clause, else the article's dominant place.

The clause is the sentence (or sentences) around the event's evidence and trigger. Among
the places named there, one in a locative phrase beats a bare mention; one not cut off from
the trigger by a clause of another event («رداً على الهجمات في أربيل») beats one that is;
then the most specific, then the nearest to the trigger.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence

from rasd.arabic.normalise import MatchView, normalise
from rasd.knowledge.gazetteer import Gazetteer
from rasd.model import Document, Event, Place, Span
from rasd.recognise.places import recognise_places

SPECIFICITY = {"site": 0, "city": 1, "region": 2, "admin1": 3, "country": 4}
# Phrases that open a clause about another happening (a cause, a reply, a contrast); a place
# after one of them, seen from the trigger, belongs to that other happening.
BARRIERS = tuple(
    normalise(p) for p in ("ردا على", "رداً على", "انتقاما", "على خلفية", "في حين", "فيما", "بينما", "بعد أن", "عقب")
)
# Matching-view forms: «إلى» reads «الى», «على» reads «علي».
LOCATIVE_BEFORE = re.compile(r"(?:(?:^|\s)(?:في|قرب|داخل|عند|نحو|علي|الى|بالقرب من|باتجاه)\s+|(?:^|\s)و?ب)$")


class PlaceResolver:
    """Pipeline stage: set `location` on every event in `doc.events`."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        places = doc.places
        if not places and doc.text:
            # Run without the recognise stage (a partial pipeline): find the places here.
            view = doc.view if doc.view is not None else MatchView.of(doc.text)
            places = recognise_places(view, self.gazetteer)
        dominant = dominant_place(places)
        events = tuple(_locate(doc, event, places, dominant) for event in doc.events)
        return dataclasses.replace(doc, events=events)


def dominant_place(places: Sequence[Place]) -> Place | None:
    """The place the article is about: its most named country, at its most named place there."""
    if not places:
        return None
    countries = Counter(p.country for p in places if p.country)
    if not countries:
        return None
    top_country = max(countries, key=lambda c: (countries[c], -_first(places, c)))
    here = [p for p in places if p.country == top_country]
    names = Counter(p.name for p in here)
    best = max(here, key=lambda p: (names[p.name], -SPECIFICITY.get(p.precision or "country", 4)))
    return dataclasses.replace(best, inferred=True)


def _first(places: Sequence[Place], country: str) -> int:
    return next(p.span.start for p in places if p.country == country and p.span is not None)


def _locate(doc: Document, event: Event, places: Sequence[Place], dominant: Place | None) -> Event:
    if event.location is not None:
        return event
    clause = _clause(doc, event)
    anchor = event.trigger.start if event.trigger is not None else event.evidence.start
    # A country or capital that is the event's acting subject («الولايات المتحدة تشاورت»,
    # «واشنطن تفرض») names who acts, not where; the target («قصفت ... غزة») may well be the place.
    acting = event.source.span if event.source is not None else None
    inside = [
        (p, p.span)
        for p in places
        if p.span is not None and clause.contains(p.span) and not _overlaps(p.span, acting)
    ]
    if inside:
        best, _ = min(inside, key=lambda ps: _rank(doc.text, ps[0], ps[1], anchor))
        return dataclasses.replace(event, location=best)
    return dataclasses.replace(event, location=dominant)


def _overlaps(span: Span, other: Span | None) -> bool:
    return other is not None and span.start < other.end and other.start < span.end


def _clause(doc: Document, event: Event) -> Span:
    """The sentence(s) covering the event's evidence and trigger (the evidence alone if none)."""
    spans = [event.evidence] + ([event.trigger] if event.trigger is not None else [])
    start = min(s.start for s in spans)
    end = max(s.end for s in spans)
    for sentence in doc.sentences:
        if sentence.start <= start < sentence.end:
            start = sentence.start
        if sentence.start < end <= sentence.end:
            end = sentence.end
    return Span(start, end)


def _rank(text: str, place: Place, span: Span, anchor: int) -> tuple[bool, bool, int, int]:
    before = normalise(text[max(0, span.start - 20) : span.start])
    locative = place.precision in ("region", "site") or bool(LOCATIVE_BEFORE.search(before))
    lo, hi = sorted((anchor, span.start))
    barred = any(b in normalise(text[lo:hi]) for b in BARRIERS)
    return (barred, not locative, SPECIFICITY.get(place.precision or "country", 4), abs(span.start - anchor))
