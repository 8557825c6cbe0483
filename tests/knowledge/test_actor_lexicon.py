"""The actor knowledge base: data files load, codes are valid, keys do not conflict."""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources

import pytest

from rasd.arabic.normalise import normalise
from rasd.knowledge.actors import (
    CAMEO_COUNTRIES,
    CUE_KINDS,
    KINDS,
    SECTORS,
    ActorLexicon,
    LexiconEntry,
    load_cues,
    load_entries,
)

DATA_FILES = [
    "actor_countries.tsv",
    "actor_places.tsv",
    "actor_organisations.tsv",
    "actor_people.tsv",
    "actor_agents.tsv",
    "actor_cues.tsv",
]


@pytest.fixture(scope="module")
def entries() -> list[LexiconEntry]:
    return list(load_entries())


@pytest.mark.parametrize("filename", DATA_FILES)
def test_data_file_is_versioned(filename: str) -> None:
    text = resources.files("rasd.knowledge").joinpath("data", filename).read_text(encoding="utf-8")
    assert re.match(r"# version: \d+\n", text)


def test_every_country_code_is_known(entries: list[LexiconEntry]) -> None:
    countries = {e.country for e in entries if e.kind == "country"}
    for entry in entries:
        if entry.country is not None:
            assert re.fullmatch(r"[A-Z]{3}", entry.country), entry
            assert entry.country in countries or entry.country in CAMEO_COUNTRIES | {"ESH"}, entry


def test_every_sector_and_kind_is_known(entries: list[LexiconEntry]) -> None:
    for entry in entries:
        assert entry.kind in KINDS
        assert entry.sector is None or entry.sector in SECTORS, entry


@pytest.mark.parametrize("layer", [("country", "capital", "nisba", "place"), ("organisation", "person")])
def test_no_key_has_two_codings_within_a_layer(entries: list[LexiconEntry], layer: tuple[str, ...]) -> None:
    codings: dict[str, set[tuple[str | None, str | None]]] = defaultdict(set)
    for entry in entries:
        if entry.kind in layer:
            codings[normalise(entry.key)].add((entry.country, entry.sector if entry.kind != "capital" else None))
    conflicts = {key: codes for key, codes in codings.items() if len(codes) > 1}
    assert not conflicts


def test_agent_keys_have_one_sector(entries: list[LexiconEntry]) -> None:
    sectors: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    for entry in entries:
        if entry.kind in ("agent", "title", "unit"):
            sectors[(normalise(entry.key), entry.kind)].add(entry.sector)
    assert not {key: s for key, s in sectors.items() if len(s) > 1}


def test_cues_load_in_the_matching_view() -> None:
    cues = load_cues()
    assert set(cues) == set(CUE_KINDS)
    assert "من قبل" in cues["agent_marker"]
    assert normalise("احتجاجاً على") in cues["protest_target"]


ARAB_LEAGUE = ("EGY", "SAU", "IRQ", "SYR", "LBN", "JOR", "YEM", "KWT", "QAT", "ARE", "BHR", "OMN", "LBY", "TUN")
ARAB_LEAGUE_WEST = ("DZA", "MAR", "MRT", "SDN", "SOM", "PSE")
MAJOR_POWERS = ("USA", "GBR", "FRA", "RUS", "CHN", "DEU", "IRN", "TUR", "ISR", "PAK", "AFG", "IND")


def test_arab_league_states_and_major_powers_have_nisbas(entries: list[LexiconEntry]) -> None:
    nisba_countries = {e.country for e in entries if e.kind == "nisba"}
    for code in ARAB_LEAGUE + ARAB_LEAGUE_WEST + MAJOR_POWERS:
        assert code in nisba_countries, code


def test_lexicon_loads_once() -> None:
    lexicon = ActorLexicon.load()
    assert ActorLexicon.load() is lexicon
    assert lexicon.country_name("SYR") == "Syria"
