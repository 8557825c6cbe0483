"""Event geocoding: each event's place from its clause, else the article's dominant place.

The clause is the sentence (or sentences) around the event's evidence and trigger. Among
the places named there, one in a locative phrase beats a bare mention; one not cut off from
the trigger by a clause of another event («رداً على الهجمات في أربيل») beats one that is;
then the most specific, then the nearest to the trigger.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

from rasd.arabic.normalise import MatchView, normalise
from rasd.knowledge.gazetteer import Gazetteer
from rasd.model import Document, Event, Place, Span
from rasd.recognise.places import DIRECTION_NAMES, recognise_places

SPECIFICITY = {"site": 0, "city": 1, "region": 2, "water": 2, "admin1": 3, "country": 4}
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
# «في منطقة الأهواز». The place a visit goes to is where it happens: «الوفد الذي يزور مصر».
LOCATIVE_BEFORE = re.compile(
    r"(?:(?:^|\s)(?:في|قرب|داخل|عند|نحو|علي|الى|بالقرب من|باتجاه|[وف]?(?:زار|زارت|يزور|تزور|يزوران|تزوران|زياره))\s+"
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
        article = _Article.of(doc, view, places)
        dominant = dominant_place(places, view, article.is_locative)
        events = tuple(_locate(article, event, dominant) for event in doc.events)
        return dataclasses.replace(doc, events=events)


@dataclass(frozen=True, slots=True)
class _Article:
    """One article's places and sentences, indexed once for the events that look them up.

    Recognisers and the segmenter give spans in text order; when they are (checked here),
    an event's clause and its places are found by bisection instead of a scan per event.
    """

    doc: Document
    view: MatchView
    places: tuple[Place, ...]  # the places with a span, in the order given
    place_starts: tuple[int, ...] | None  # their starts, when in text order
    sentence_starts: tuple[int, ...] | None  # sentence starts, when in order and disjoint
    locative: dict[int, bool]  # `_is_locative` by place identity, filled as asked

    @classmethod
    def of(cls, doc: Document, view: MatchView, places: Sequence[Place]) -> _Article:
        spanned = tuple(p for p in places if p.span is not None)
        starts = tuple(p.span.start for p in spanned if p.span is not None)
        sentences = doc.sentences
        disjoint = all(a.end <= b.start for a, b in pairwise(sentences))
        return cls(
            doc,
            view,
            spanned,
            starts if all(a <= b for a, b in pairwise(starts)) else None,
            tuple(s.start for s in sentences) if disjoint else None,
            {},
        )

    def within(self, clause: Span) -> Sequence[Place]:
        """The places that may lie inside `clause`, in the order given."""
        if self.place_starts is None:
            return self.places
        return self.places[bisect_left(self.place_starts, clause.start) : bisect_right(self.place_starts, clause.end)]

    def is_locative(self, place: Place) -> bool:
        """`_is_locative`, once per place: the dominant place and every event's ranking ask it."""
        found = self.locative.get(id(place))
        if found is None:
            found = self.locative[id(place)] = _is_locative(self.view, place)
        return found


def dominant_place(
    places: Sequence[Place], view: MatchView | None = None, is_locative: Callable[[Place], bool] | None = None
) -> Place | None:
    """The place the article is about.

    Where things happen is written with a locative («في سيفاري بوسط مالي»); a country named
    as an actor («رئيس النيجر») is not where. So: the country most named in a locative phrase
    (else most named at all), and there the place below country level most named in a
    locative phrase (a named place before a direction region, then the first), else the most
    named place there.
    """
    if not places:
        return None
    if is_locative is None and view is not None:
        is_locative = partial(_is_locative, view)
    located = [p for p in places if p.country and is_locative is not None and is_locative(p)]
    pool = located or [p for p in places if p.country]
    if not pool:
        return None
    countries = Counter(p.country for p in pool if p.country)
    top_country = max(countries, key=lambda c: (countries[c], -_first(pool, c)))
    here = [p for p in located if p.country == top_country and p.precision != "country"]
    if here:
        named = Counter(p.name for p in here)
        first_at: dict[Place, int] = {}  # `here.index`, without a scan per place
        for i, p in enumerate(here):
            first_at.setdefault(p, i)
        best = max(here, key=lambda p: (named[p.name], _specificity(p) < DIRECTION_REGION, -first_at[p]))
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


def _locate(article: _Article, event: Event, dominant: Place | None) -> Event:
    if event.location is not None:
        return event
    view = article.view
    clause = _clause(article, event)
    anchor = event.trigger.start if event.trigger is not None else event.evidence.start
    # A country or capital that is the event's acting subject («الولايات المتحدة تشاورت»,
    # «واشنطن تفرض») names who acts, not where; the target («قصفت ... غزة») may well be the place.
    acting = event.source.span if event.source is not None else None
    inside = [
        (p, p.span)
        for p in article.within(clause)
        if p.span is not None
        and clause.contains(p.span)
        and not _overlaps(p.span, acting)
        and not _leads(view, p, p.span)
    ]
    if inside:
        best, _ = min(inside, key=lambda ps: _rank(article, ps[0], ps[1], anchor))
        return dataclasses.replace(event, location=best)
    return event if dominant is None else dataclasses.replace(event, location=dominant)


def _leads(view: MatchView, place: Place, span: Span) -> bool:
    """Tell a state that leads a force («التحالف الذي تقوده الولايات المتحدة») from a place."""
    if place.precision not in ("country", "city"):
        return False
    return bool(LED_BY.search(_matching(view, max(0, span.start - 20), span.start)))


def _overlaps(span: Span, other: Span | None) -> bool:
    return other is not None and span.start < other.end and other.start < span.end


def _clause(article: _Article, event: Event) -> Span:
    """The sentence(s) covering the event's evidence and trigger (the evidence alone if none)."""
    spans = [event.evidence] + ([event.trigger] if event.trigger is not None else [])
    start = min(s.start for s in spans)
    end = max(s.end for s in spans)
    sentences = article.doc.sentences
    if article.sentence_starts is None:
        for sentence in sentences:
            if sentence.start <= start < sentence.end:
                start = sentence.start
            if sentence.start < end <= sentence.end:
                end = sentence.end
        return Span(start, end)
    # Disjoint sentences in order: the one holding `start` is the last starting at or before it.
    first = bisect_right(article.sentence_starts, start) - 1
    if first >= 0 and start < sentences[first].end:
        start = sentences[first].start
    last = bisect_left(article.sentence_starts, end) - 1
    if last >= 0 and end <= sentences[last].end:
        end = sentences[last].end
    return Span(start, end)


def _rank(article: _Article, place: Place, span: Span, anchor: int) -> tuple[bool, bool, bool, float, int]:
    view = article.view
    # Display ranges are read in the matching view (a slice of it equals the normalised slice).
    lo, hi = sorted((anchor, span.start))
    between = _matching(view, lo, hi)
    barred = any(b in between for b in BARRIERS)
    before = _matching(view, max(0, span.start - 20), span.start)
    # Only after the trigger: before it, «إن طهران استدعت …» names who acts where it acts.
    acting = span.start > anchor and place.precision in ("country", "city") and bool(SUBJECT_BEFORE.search(before))
    return (barred, acting, not article.is_locative(place), _specificity(place), abs(span.start - anchor))


def _matching(view: MatchView, start: int, end: int) -> str:
    """The matching view of the display range [start, end) (`to_match` by bisection in C)."""
    return view.text[bisect_left(view.starts, start) : bisect_left(view.starts, end)]
