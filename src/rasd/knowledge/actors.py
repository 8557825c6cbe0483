"""The actor knowledge base: countries, organisations, people, generic agents and titles.

Every entry is a lexicon key (normalised into the matching view at load time) with what it
says about an actor: its kind, canonical English name, country code (ISO alpha-3 or a CAMEO
code such as UNO, IGO, IMG, KUR) and CAMEO sector. The data lives in versioned TSV files
beside this module (`data/actor_*.tsv`); `ActorLexicon.load()` reads them once into one
Aho-Corasick automaton.

Kinds:
- country, capital: a state named or metonymically named («واشنطن» → USA);
- nisba: a nationality adjective or noun («الأمريكية», «الأفغان») — gives a country;
- place: a city or region that ties a clause to a country («كركوك» → IRQ);
- organisation, person: a named actor with its codes;
- agent: a generic group of one sector («الجيش» MIL, «مسلحون» UAF);
- title: an office held by one person («وزير الدفاع» GOV), which a following name or nisba
  completes;
- unit: a part or spokesman of whatever actor follows («عناصر الشرطة», «المتحدث باسم الجيش»);
- side: a state's side in dealings between states («الجانب الأمريكي» → USA GOV), an actor
  only when a nationality completes it.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.arabic.normalise import normalise
from rasd.knowledge.morphology import (
    AGENT_SUFFIXES,
    ARTICLE,
    DEFINITE_PREFIXES,
    NO_AFFIXES,
    NOUN_PREFIXES,
    NOUN_SUFFIXES,
    Pattern,
    WordMatcher,
)

log = logging.getLogger(__name__)

KINDS = ("country", "capital", "nisba", "place", "organisation", "person", "agent", "title", "unit", "side")
# Non-state and legacy CAMEO country codes accepted besides ISO 3166-1 alpha-3.
CAMEO_COUNTRIES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "INT", "KUR"})
SECTORS = frozenset(
    {
        "GOV",
        "MIL",
        "COP",
        "SPY",
        "JUD",
        "LEG",
        "PTY",
        "OPP",
        "PRM",
        "REB",
        "UAF",
        "UNK",
        "CVL",
        "CRM",
        "BUS",
        "AGR",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "HLH",
        "REF",
        "REL",
        "SOC",
        "PRE",
    }
)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """What one lexicon key says about an actor."""

    kind: str
    key: str  # the key as written in the data file
    name: str | None = None
    country: str | None = None
    sector: str | None = None


def _rows(filename: str) -> Iterator[dict[str, str]]:
    """Yield the data rows of a versioned TSV file (`# version: N` line, comments, header)."""
    text = resources.files("rasd.knowledge").joinpath("data", filename).read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# version:"):
        raise ValueError(f"{filename}: first line must be '# version: N'")
    body = [line for line in lines[1:] if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE)


def _names(cell: str | None) -> list[str]:
    return [name.strip() for name in (cell or "").split("|") if name.strip()]


def load_entries() -> Iterator[LexiconEntry]:
    """Yield every lexicon entry from the shipped data files."""
    for row in _rows("actor_countries.tsv"):
        code, name = row["code"], row["name"]
        for key in _names(row["names"]):
            yield LexiconEntry("country", key, name, code)
        for key in _names(row["capitals"]):
            yield LexiconEntry("capital", key, name, code, "GOV")
        for key in _names(row["nisbas"]) + _names(row["plurals"]):
            yield LexiconEntry("nisba", key, None, code)
    for row in _rows("actor_places.tsv"):
        for key in _names(row["names"]):
            yield LexiconEntry("place", key, None, row["country"])
    for filename, kind in (("actor_organisations.tsv", "organisation"), ("actor_people.tsv", "person")):
        for row in _rows(filename):
            for key in _names(row["names"]):
                yield LexiconEntry(kind, key, row["name"], row["country"] or None, row["sector"] or None)
    for row in _rows("actor_agents.tsv"):
        for key in _names(row["names"]):
            yield LexiconEntry(row["kind"], key, None, row["country"] or None, row["sector"] or None)


CUE_KINDS = (
    "place_word",
    "place_noun",
    "agent_marker",
    "agent_verb",
    "target_marker",
    "victim_marker",
    "undergo_verb",
    "protest_target",
    "protest_object",
    "protest_support",
    "reporting",
    "order_verb",
    "common_word",
    "name_follower",
    "name_leader",
)


def load_cues() -> dict[str, frozenset[str]]:
    """Read the role and place cue words, normalised into the matching view."""
    cues: dict[str, set[str]] = {kind: set() for kind in CUE_KINDS}
    for row in _rows("actor_cues.tsv"):
        if row["kind"] not in cues:
            raise ValueError(f"unknown cue kind {row['kind']!r}")
        cues[row["kind"]].update(normalise(cue) for cue in _names(row["cue"]))
    return {kind: frozenset(words) for kind, words in cues.items()}


# An office held by one person has no plural in «ات»: «محافظات» are provinces, not governors.
_TITLE_SUFFIXES = frozenset(tail for tail in AGENT_SUFFIXES if not tail.startswith("ات"))


SHORT_NAME = 2
SHORT_NAME_PREFIXES = frozenset({"", "و", "ف"})


def _pattern(entry: LexiconEntry) -> Pattern[LexiconEntry]:
    """Choose the affixes a key may carry from its kind (names do not inflect; nouns do)."""
    key = normalise(entry.key)
    # The article is read from the key as written: «ألماني» normalises to «الماني» but carries
    # no article, so it still takes one («الألمانية»).
    prefixes = DEFINITE_PREFIXES if entry.key.startswith(ARTICLE) else NOUN_PREFIXES
    if entry.kind in ("country", "capital", "place", "organisation", "person"):
        # Names take conjunctions and prepositions («وبغداد», «لحماس») but no article or ending;
        # a two-letter name takes a conjunction only: «باب» is no «ب» + «إب».
        short = len(key) <= SHORT_NAME
        return Pattern(key, entry, SHORT_NAME_PREFIXES if short else DEFINITE_PREFIXES, NO_AFFIXES)
    if entry.kind == "nisba" and " " in key:
        # Two-word nationalities («الكوريين الجنوبيين») are listed in every form.
        return Pattern(key, entry, DEFINITE_PREFIXES, NO_AFFIXES)
    if entry.kind == "nisba":
        return Pattern(key, entry, prefixes, NOUN_SUFFIXES)
    if entry.kind == "title":
        return Pattern(key, entry, prefixes, _single_word_tails(key, _TITLE_SUFFIXES))
    return Pattern(key, entry, prefixes, _single_word_tails(key, AGENT_SUFFIXES))


def _single_word_tails(key: str, tails: frozenset[str]) -> frozenset[str]:
    """Leave «ي» + «ه» off a one-word key: «مسؤوليه» in the matching view is «مسؤولية»
    (responsibility) far more often than «مسؤوليه» (his officials). A phrase keeps it: the
    «ية» of «قوات الأمنية» is the adjective's ending."""
    return tails if " " in key else tails - {"يه"}


class ActorLexicon:
    """All actor knowledge, matched through one automaton over matching-view keys."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        self.entries = tuple(entries)
        self.matcher: WordMatcher[LexiconEntry] = WordMatcher.build(_pattern(e) for e in entries)
        self.country_names = {e.country: e.name for e in entries if e.kind == "country" and e.country}
        self.cues = load_cues()

    def cue(self, kind: str) -> frozenset[str]:
        """Return the cue words of one kind (matching view), e.g. "agent_marker"."""
        return self.cues.get(kind, frozenset())

    @classmethod
    def load(cls) -> ActorLexicon:
        """Return the shipped lexicon, built once per process."""
        return _load()

    def country_name(self, code: str | None) -> str | None:
        """Return the English name of a country code, when it is a country."""
        return self.country_names.get(code) if code else None


@cache
def _load() -> ActorLexicon:
    entries = list(load_entries())
    for entry in entries:
        if entry.kind not in KINDS:
            raise ValueError(f"unknown actor kind {entry.kind!r} for {entry.key!r}")
    lexicon = ActorLexicon(entries)
    log.debug("actor lexicon: %d entries", len(entries))
    return lexicon
