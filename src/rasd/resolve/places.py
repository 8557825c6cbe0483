"""Event geocoding: each event's place from its clause, else the article's dominant place.

The clause is the sentence (or sentences) around the event's evidence and trigger. Among
the places named there, one in a locative phrase beats a bare mention; one not cut off from
the trigger by a clause of another event («رداً على الهجمات في أربيل») beats one that is;
then the most specific, then the nearest to the trigger.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from rasd.arabic.normalise import MatchView, normalise
from rasd.knowledge.gazetteer import Gazetteer
from rasd.model import Document, Event, Place, Span
from rasd.recognise.places import DIRECTION_NAMES, recognise_places

SPECIFICITY = {"site": 0, "city": 1, "region": 2, "admin1": 3, "country": 4}
# A part of a country named by direction («شمالي اليمن») is vaguer than a province in it
# («محافظة صعدة شمالي اليمن»), though finer than the country.
DIRECTION_REGION = 3.5
# Phrases that open a clause about another happening (a cause, a reply, a contrast); a place
# after one of them, seen from the trigger, belongs to that other happening.
BARRIERS = tuple(
    normalise(p) for p in ("ردا على", "رداً على", "انتقاما", "على خلفية", "في حين", "فيما", "بينما", "بعد أن", "عقب")
)
# Matching-view forms: «إلى» reads «الى», «على» reads «علي».
# A country or capital right after «أن»/«إن» past the trigger is the subject of another
# reported clause, an actor: «الهجوم … يستهدف بوركينا فاسو، مؤكداً أن باريس لن تتراجع»
# (matching view: «ان»).
SUBJECT_BEFORE = re.compile(r"(?:^|\s)[وف]?[بل]?ان\s+$")
# «بقيادة السعودية», «الذي تقوده الولايات المتحدة»: the state leads a force, it is not where.
LED_BY = re.compile(r"(?:^|\s)(?:بقياده|تقوده|تقودها|يقوده|يقودها)\s+$")
# An area word may stand between the preposition and the name: «إلى أطراف مديرية حيس»,
# «في منطقة الأهواز».
LOCATIVE_BEFORE = re.compile(
    r"(?:(?:^|\s)(?:في|قرب|داخل|عند|نحو|علي|الى|بالقرب من|باتجاه)\s+"
    r"(?:(?:اطراف|محيط|مشارف|ضواحي|ريف|مدخل|جبهه|منطقه|مناطق|حي|مخيم|وسط|شارع)\s+)?|(?:^|\s)و?ب)$"
)


class PlaceResolver:
    """Pipeline stage: set `location` on every event in `doc.events`."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        places = doc.places
        view = doc.view if doc.view is not None else MatchView.of(doc.text)
        if not places and doc.text:
            # Run without the recognise stage (a partial pipeline): find the places here.
            places = recognise_places(view, self.gazetteer)
        dominant = dominant_place(places, view)
        events = tuple(_locate(doc, view, event, places, dominant) for event in doc.events)
        return dataclasses.replace(doc, events=events)


def dominant_place(places: Sequence[Place], view: MatchView | None = None) -> Place | None:
    """The place the article is about.

    Where things happen is written with a locative («في سيفاري بوسط مالي»); a country named
    as an actor («رئيس النيجر») is not where. So: the country most named in a locative phrase
    (else most named at all), and there the place below country level most named in a
    locative phrase (a named place before a direction region, then the first), else the most
    named place there.
    """
    if not places:
        return None
    located = [p for p in places if p.country and view is not None and _is_locative(view, p)]
    pool = located or [p for p in places if p.country]
    if not pool:
        return None
    countries = Counter(p.country for p in pool if p.country)
    top_country = max(countries, key=lambda c: (countries[c], -_first(pool, c)))
    here = [p for p in located if p.country == top_country and p.precision != "country"]
    if here:
        named = Counter(p.name for p in here)
        best = max(here, key=lambda p: (named[p.name], _specificity(p) < DIRECTION_REGION, -here.index(p)))
    else:
        everywhere = [p for p in places if p.country == top_country]
        names = Counter(p.name for p in everywhere)
        best = max(everywhere, key=lambda p: (names[p.name], -SPECIFICITY.get(p.precision or "country", 4)))
    return dataclasses.replace(best, inferred=True)


def _specificity(place: Place) -> float:
    if _is_direction_region(place):
        return DIRECTION_REGION
    return SPECIFICITY.get(place.precision or "country", 4)


def _is_direction_region(place: Place) -> bool:
    """Tell a part of a country named by direction («شمالي اليمن») from a named region."""
    label = (place.name or "").split(" ", 1)[0].split("-")[0]
    return place.precision == "region" and label in DIRECTION_NAMES.values()


def _is_locative(view: MatchView, place: Place) -> bool:
    """Tell whether a place is named where something happens: after a locative, or a named region or site."""
    if place.precision in ("region", "site") and not _is_direction_region(place):
        return True
    if place.span is None:
        return False
    return bool(LOCATIVE_BEFORE.search(_matching(view, max(0, place.span.start - 20), place.span.start)))


def _first(places: Sequence[Place], country: str) -> int:
    return next(p.span.start for p in places if p.country == country and p.span is not None)


def _locate(doc: Document, view: MatchView, event: Event, places: Sequence[Place], dominant: Place | None) -> Event:
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
        if p.span is not None
        and clause.contains(p.span)
        and not _overlaps(p.span, acting)
        and not _leads(view, p, p.span)
    ]
    if inside:
        best, _ = min(inside, key=lambda ps: _rank(view, ps[0], ps[1], anchor))
        return dataclasses.replace(event, location=best)
    return dataclasses.replace(event, location=dominant)


def _leads(view: MatchView, place: Place, span: Span) -> bool:
    """Tell a state that leads a force («التحالف الذي تقوده الولايات المتحدة») from a place."""
    if place.precision not in ("country", "city"):
        return False
    return bool(LED_BY.search(_matching(view, max(0, span.start - 20), span.start)))


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


def _rank(view: MatchView, place: Place, span: Span, anchor: int) -> tuple[bool, bool, bool, float, int]:
    # Display ranges are read in the matching view (a slice of it equals the normalised slice).
    lo, hi = sorted((anchor, span.start))
    between = _matching(view, lo, hi)
    barred = any(b in between for b in BARRIERS)
    before = _matching(view, max(0, span.start - 20), span.start)
    # Only after the trigger: before it, «إن طهران استدعت …» names who acts where it acts.
    acting = span.start > anchor and place.precision in ("country", "city") and bool(SUBJECT_BEFORE.search(before))
    return (barred, acting, not _is_locative(view, place), _specificity(place), abs(span.start - anchor))


def _matching(view: MatchView, start: int, end: int) -> str:
    """The matching view of the display range [start, end) (`to_match` by bisection in C)."""
    return view.text[bisect_left(view.starts, start) : bisect_left(view.starts, end)]
