"""The gazetteer: shipped data, reviewed overrides, ranking of same-name places."""

from __future__ import annotations

from importlib import resources

import pytest

from rasd.arabic.normalise import normalise
from rasd.knowledge.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_load_is_small_and_cached() -> None:
    # Load time and memory are measured by benchmarks/bench_pipeline.py, not timed here.
    first = Gazetteer.load()
    assert Gazetteer.load() is first
    shipped = resources.files("rasd.knowledge").joinpath("data", "gazetteer.tsv.gz")
    assert len(shipped.read_bytes()) < 3_000_000


@pytest.mark.parametrize(
    ("written", "country", "kind"),
    [
        ("لبنان", "LBN", "country"),  # not Lebanon, Tennessee
        ("إيران", "IRN", "country"),  # not Iraan, Texas
        ("ايران", "IRN", "country"),
        ("سورية", "SYR", "country"),
        ("سوريا", "SYR", "country"),
        ("السعودية", "SAU", "country"),
        ("السعوديه", "SAU", "country"),
        ("الأميركية", None, None),
        ("الولايات المتحدة الأميركية", "USA", "country"),
        ("أمريكا", "USA", "country"),
        ("إقليم كردستان", "IRQ", "admin1"),
        ("الرقة", "SYR", "city"),  # not ar-Riqqah, Kuwait
        ("غزة", "PSE", "city"),
        ("رفح", "PSE", "city"),  # not the Egyptian Rafah
        ("البوكمال", "SYR", "city"),
        ("البو كمال", "SYR", "city"),
        ("بغداد", "IRQ", "city"),
        ("دير الزور", "SYR", "city"),
        ("الموصل", "IRQ", "city"),
        ("مطار أربيل الدولي", "IRQ", "site"),
        ("قاعدة عين الأسد", "IRQ", "site"),
        ("مخيم اليرموك", "SYR", "site"),
        ("معبر القائم", "SYR", "site"),
    ],
)
def test_find_ranks_the_regional_reading_first(
    gazetteer: Gazetteer, written: str, country: str | None, kind: str | None
) -> None:
    found = gazetteer.find(written)
    if country is None:
        assert found is None
        return
    assert found is not None
    assert (found.country, found.kind) == (country, kind)


def test_article_context_tells_amman_from_oman(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("عمان").country == "OMN"
    assert gazetteer.find("عمّان", article={"JOR"}).name == "Amman"


def test_title_word_asks_for_the_region_not_the_city(gazetteer: Gazetteer) -> None:
    key = normalise("دير الزور")
    assert gazetteer.candidates(key)[0].kind == "city"
    assert gazetteer.candidates(key, prefer="admin1")[0].kind == "admin1"


def test_overrides_carry_a_source_and_known_regions(gazetteer: Gazetteer) -> None:
    curated = [e for e in gazetteer.entries if e.curated]
    assert len(curated) > 40
    admin1_names = {(e.country, e.name) for e in gazetteer.entries if e.kind == "admin1"}
    for entry in curated:
        if entry.admin1 and any(c == entry.country for c, _ in admin1_names):
            assert (entry.country, entry.admin1) in admin1_names, entry.name


def test_erbil_airport_coordinates(gazetteer: Gazetteer) -> None:
    airport = gazetteer.find("مطار اربيل")
    assert airport is not None
    assert abs(airport.lat - 36.24) < 0.1 and abs(airport.lon - 43.96) < 0.1


def test_matches_allow_clitics_and_the_fused_article(gazetteer: Gazetteer) -> None:
    text = normalise("وصل وبغداد وببغداد وبالعراق للعراق فالموصل")
    keys = {(m.key, m.prefix) for m in gazetteer.matches(text)}
    assert ("بغداد", "و") in keys
    assert ("بغداد", "وب") in keys
    assert ("العراق", "وب") in keys
    assert ("العراق", "لل") in keys
    assert ("الموصل", "ف") in keys
    assert not any(m.key == "بغداد" and m.prefix == "ص" for m in gazetteer.matches(normalise("صبغداد")))
