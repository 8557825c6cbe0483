"""Place mentions: gazetteer names found in the matching view, read in their context.

A name counts as a place when it is a country, a first-level region, a reviewed site, or a
town big enough that a bare mention means it; smaller towns, and names that are also
everyday words («السلام», «مالي»), need a locative context: a preposition («في»، «قرب»،
the clitic «ب»), a title («مدينة»، «محافظة»، «إقليم») or a direction («شرقي سوريا»).
Same-name places are told apart by the countries the article names, nearby ones first.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from types import MappingProxyType
from typing import NamedTuple

from rasd.arabic.normalise import MatchView
from rasd.knowledge.gazetteer import (
    ARTICLE_PREFIXES,
    PRIOR_COUNTRIES,
    SHADDA,
    Gazetteer,
    GazetteerEntry,
    NameMatch,
    spelling_key,
)
from rasd.model import Document, Place, Span

# A bare town name (no locative context) is read as a place only from this population up:
# smaller towns share their names with words and people too often (checked on the dev
# articles and negative sentences in ../shared/eval: below it most bare hits were words).
BARE_MIN_POPULATION = 20_000
# Elsewhere in the world a town is named bare only if it is a metropolis (London, Paris);
# smaller ones need a locative and their country named in the article: world town names
# collide with Arabic words far more than the region's (Caen «كان», Van «وان», Medan «ميدان»).
WORLD_BARE_POPULATION = 1_000_000
# Names of three letters or fewer («صور», «عنه», «وان») are read as places only with context.
SHORT_NAME = 3
# Countries named within this many characters after a name disambiguate it first
# («X الواقعة في Y», «X بمحافظة Y», «X (شمال سوريا)»).
NEAR_WINDOW = 60
WORD = re.compile(r"[\u0621-\u064a]+")

# Matching-view forms (see rasd.arabic.normalise): ة → ه, ى → ي, hamza seats → bare alef.
LOCATIVES = frozenset(
    [
        "في",
        "على",
        "قرب",
        "بالقرب",
        "الى",
        "نحو",
        "باتجاه",
        "داخل",
        "عند",
        "حول",
        "محيط",
        "اطراف",
        "مشارف",
        "ضواحي",
        "وسط",
        "ريف",
        "حي",
        "مخيم",
        "العاصمه",
        "عاصمه",
        "مدخل",
        "شوارع",
        "شارع",
        "منطقه",
        "مناطق",
        "مدن",
        "بلدات",
        "قري",
        "بين",
        "عبر",
        # a war front is a place: «جبهة صرواح», «جبهات نهم»
        "جبهه",
        "جبهات",
    ]
)
TITLES = {
    "مدينه": "city",
    "بلده": "city",
    "قريه": "city",
    "بلدات": "city",
    "العاصمه": "city",
    "محافظه": "admin1",
    "محافظات": "admin1",
    "ولايه": "admin1",
    "اقليم": "admin1",
    "مديريه": "admin1",
    "سلطنه": "country",
    "دوله": "country",
    "جمهوريه": "country",
    "مملكه": "country",
}
# «العاصمة الأردنية عمان»: a capital title and a nationality adjective name a city.
CAPITAL_TITLES = frozenset({"العاصمه", "عاصمه"})
# Direction words before a country: «شرقي سوريا» is a region of Syria. Each maps to the
# (north-south, west-east) position inside the country's extent, 0 = south/west, 1 = north/east.
DIRECTIONS = {
    "شرق": (None, 0.75),
    "شرقي": (None, 0.75),
    "غرب": (None, 0.25),
    "غربي": (None, 0.25),
    "شمال": (0.75, None),
    "شمالي": (0.75, None),
    "جنوب": (0.25, None),
    "جنوبي": (0.25, None),
    "وسط": (0.5, 0.5),
}
DIRECTION_NAMES = {"شرق": "eastern", "غرب": "western", "شمال": "northern", "جنوب": "southern", "وسط": "central"}
CLITICS = ("وب", "فب", "و", "ف", "ب", "ل")
# Every context word with its possible clitic, looked up in one step: «وفي» → («و», «في»).
CONTEXT_FORMS = MappingProxyType(
    {clitic + word: (clitic, word) for word in (*LOCATIVES, *TITLES, *DIRECTIONS) for clitic in ("", *CLITICS)}
)
PRECISION = {
    "site": "site",
    "city": "city",
    "admin1": "admin1",
    "region": "region",
    "country": "country",
    "water": "water",
}


class _Context(NamedTuple):
    """What the words before a name say about it."""

    locative: bool
    stated: bool  # the locative is a word («في», «قرب», a title), not only the clitic «ب»
    title: str | None  # the kind a title word asks for
    title_start: int | None  # matching-view offset of the title word (after its clitic)
    directions: tuple[str, ...]  # direction words, outermost first («شمال», «غرب»)
    direction_start: int | None


def recognise_places(view: MatchView, gazetteer: Gazetteer) -> tuple[Place, ...]:
    """Return every place named in a text, in text order, with display spans."""
    text = view.text.replace("_", " ")  # hashtags («#بوركينا_فاسو»), same length
    found = _longest(list(gazetteer.matches(text)), len(text))
    contexts = [_context(text, m) for m in found]
    # Each name's reading before any context, computed once: both context passes use it.
    plain = [gazetteer.candidates(m.key, prefer=c.title) for m, c in zip(found, contexts, strict=True)]
    named = _article_countries(found, plain, contexts, gazetteer)
    article = frozenset(named)
    places: list[Place] = []
    for i, (match, context) in enumerate(zip(found, contexts, strict=True)):
        ranked = plain[i]
        prefer = _spelled_kind(view, match, gazetteer) or context.title
        if len({e.country for e in ranked}) > 1 or prefer != context.title:
            near = _near_countries(found, plain, i)
            ranked = gazetteer.candidates(match.key, near=near, article=article, prefer=prefer, weights=named)
        if not ranked or not _is_place(ranked[0], match, context, article, gazetteer):
            continue
        places.append(_place(view, ranked[0], match, context))
    return tuple(places)


class PlaceRecogniser:
    """Pipeline stage: fill `doc.places` from the gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Document) -> Document:
        view = doc.view if doc.view is not None else MatchView.of(doc.text)
        places = recognise_places(view, self.gazetteer)
        return dataclasses.replace(doc, places=tuple(p for p in places if not _inside_a_name(doc, p)))


def _inside_a_name(doc: Document, place: Place) -> bool:
    """Tell a place read out of the middle of an actor's word («ايدن» in «بايدن») from a real one.

    A clitic-stripped match is fine on its own («ببغداد»), but inside a recognised actor it is
    only a fragment of that actor's name.
    """
    span = place.span
    if span is None or span.start == 0 or not doc.text[span.start - 1].isalpha():
        return False
    return any(a.span is not None and a.span.start < span.start < a.span.end for a in doc.actors)


def _longest(matches: list[NameMatch], length: int) -> list[NameMatch]:
    """Keep the longest of overlapping matches («مطار أربيل الدولي» over «أربيل»)."""
    chosen: list[NameMatch] = []
    taken = bytearray(length)
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if not any(taken[m.word_start : m.end]):
            chosen.append(m)
            taken[m.word_start : m.end] = b"\x01" * (m.end - m.word_start)
    return sorted(chosen, key=lambda m: m.start)


def _previous_words(text: str, before: int, count: int = 3) -> list[tuple[int, str]]:
    """The `count` Arabic words ending before offset `before`, nearest first, with offsets."""
    window_start = max(0, before - 40)
    window = text[window_start:before]
    found: list[tuple[int, str]] = []
    # Words are whole runs of letters with none after them, so each one is the last place its
    # spelling ends at before the word after it.
    cursor = len(window)
    for word in reversed(WORD.findall(window)[-count:]):
        cursor = window.rfind(word, 0, cursor)
        found.append((window_start + cursor, word))
    return found


def _strip_clitic(word: str) -> tuple[str, str]:
    """Split a leading conjunction/preposition off a context word: «بمحافظة» → («ب», «محافظه»)."""
    return CONTEXT_FORMS.get(word, ("", word))


def _context(text: str, match: NameMatch) -> _Context:
    words = _previous_words(text, match.word_start)
    title: str | None = None
    title_start: int | None = None
    directions: list[str] = []
    direction_start: int | None = None
    stated = False
    gap_ok = bool(words) and not text[words[0][0] + len(words[0][1]) : match.word_start].strip(" ")
    capital = _capital_of(text, words) if gap_ok else None
    if capital is not None:
        return _Context(True, True, "city", capital, (), None)
    for position, (offset, word) in enumerate(words):
        clitic, bare = _strip_clitic(word)
        stated = stated or bare in LOCATIVES or "ب" in clitic
        if position == 0 and gap_ok and bare in TITLES:
            title, title_start = TITLES[bare], offset + len(clitic)
            stated = True
            continue
        if position == len(directions) and gap_ok and bare in DIRECTIONS and title is None:
            directions.insert(0, bare)
            direction_start = offset + len(clitic)
            stated = True
            continue
        if bare not in LOCATIVES and bare != "و":
            break
    # «بالرقة», «وببغداد»: the clitic preposition bi- is locative too, if weaker evidence.
    locative = stated or "ب" in match.prefix
    return _Context(locative, stated, title, title_start, tuple(directions), direction_start)


def _capital_of(text: str, words: list[tuple[int, str]]) -> int | None:
    """Where «العاصمة» starts in «العاصمة الأردنية عمان» (a capital title, then a nationality)."""
    if len(words) < 2:
        return None
    (nisba_at, nisba), (title_at, title) = words[0], words[1]
    clitic, bare = _strip_clitic(title)
    if bare not in CAPITAL_TITLES or text[title_at + len(title) : nisba_at].strip(" "):
        return None
    return title_at + len(clitic) if nisba.startswith("ال") and nisba.endswith("يه") else None


def _article_countries(
    found: Sequence[NameMatch],
    plain: Sequence[tuple[GazetteerEntry, ...]],
    contexts: Sequence[_Context],
    gazetteer: Gazetteer,
) -> Counter[str]:
    """Countries the article names outright, or through a name only one country has, with how
    often it names each (a same-name place goes to the country the article is about).

    A name that is also a word counts only after a title or direction («بوسط مالي»).
    """
    countries: Counter[str] = Counter()
    for match, ranked, context in zip(found, plain, contexts, strict=True):
        if not ranked:
            continue
        if match.key in gazetteer.common_words and not (context.directions or context.title):
            continue
        if ranked[0].country and (ranked[0].kind == "country" or len({e.country for e in ranked}) == 1):
            countries[ranked[0].country] += 1
    return countries


def _spelled_kind(view: MatchView, match: NameMatch, gazetteer: Gazetteer) -> str | None:
    """The kind of place a name's written vowel marks ask for («عمّان» with shadda is Amman)."""
    if not gazetteer.spellings:
        return None
    start, end = view.to_display(match.start, match.end)
    written = view.display[start:end]
    return gazetteer.spellings.get(spelling_key(written)) if SHADDA in written else None


def _near_countries(
    found: Sequence[NameMatch], plain: Sequence[tuple[GazetteerEntry, ...]], index: int
) -> frozenset[str]:
    """Countries of the countries/regions named just after a name («X الواقعة في Y»)."""
    end = found[index].end
    near: set[str] = set()
    for following in range(index + 1, len(found)):
        if found[following].word_start - end > NEAR_WINDOW:
            break
        top = plain[following]
        if top and top[0].kind in ("country", "admin1"):
            near.add(top[0].country)
    return frozenset(near)


def _is_place(
    entry: GazetteerEntry, match: NameMatch, context: _Context, article: frozenset[str], gazetteer: Gazetteer
) -> bool:
    """Tell a place from a word that happens to spell one."""
    letters = len(match.key.replace(" ", ""))
    reading = "title" if match.key in TITLES else gazetteer.common_words.get(match.key)
    if reading == "title":
        return context.title is not None
    if reading == "context" or (letters <= SHORT_NAME and entry.kind != "country" and not entry.curated):
        # «في بيان», «بأي», «مالي»: a title, or a locative in an article about that country.
        return context.title is not None or (context.locative and (entry.country in article or entry.kind == "country"))
    if entry.kind in ("country", "admin1", "region", "site") or entry.curated:
        return True
    if entry.country not in PRIOR_COUNTRIES:
        # A bare clitic «ب» is no locative here: «بايدن» is not «ب» + Aydın.
        located = context.locative and (context.title is not None or context.stated)
        return (located and entry.country in article) or entry.population >= WORLD_BARE_POPULATION
    return context.locative or entry.population >= BARE_MIN_POPULATION


def _place(view: MatchView, entry: GazetteerEntry, match: NameMatch, context: _Context) -> Place:
    # «للعراق»: the article is fused with the preposition, so the whole word is cited.
    start = match.word_start if match.prefix in ARTICLE_PREFIXES else match.start
    if context.title_start is not None:
        start = context.title_start
    elif context.directions and context.direction_start is not None:
        start = context.direction_start
    display_start, display_end = view.to_display(start, match.end)
    written = view.display[display_start:display_end]
    span = Span(display_start, display_end)
    if context.directions and entry.kind == "country" and entry.extent is not None:
        return _region(entry, entry.extent, context.directions, written, span)
    return Place(
        text=written,
        name=entry.name,
        country=entry.country or None,  # a water body is no country's
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        span=span,
        precision=PRECISION[entry.kind],
    )


def _region(
    entry: GazetteerEntry,
    extent: tuple[float, float, float, float],
    directions: tuple[str, ...],
    written: str,
    span: Span,
) -> Place:
    """A part of a country named by direction: coordinates inside the country's extent."""
    south, west, north, east = extent
    y, x = 0.5, 0.5
    for word in directions:
        dy, dx = DIRECTIONS[word]
        y = dy if dy is not None else y
        x = dx if dx is not None else x
    label = "-".join(DIRECTION_NAMES[w.removesuffix("ي")] for w in directions)
    return Place(
        text=written,
        name=f"{label} {entry.name}",
        country=entry.country,
        admin1=None,
        lat=round(south + y * (north - south), 4),
        lon=round(west + x * (east - west), 4),
        span=span,
        precision="region",
    )
