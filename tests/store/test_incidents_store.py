"""Incident linking in the store, on both backends: what links, what stays apart, and the audit.

The articles are built by hand (store_samples.document) so each test controls exactly the
codes, places and dates the linker sees; tests/link/test_incidents.py runs the whole pipeline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from store_samples import document

from rasd import query
from rasd.link.incidents import Block
from rasd.model import Actor, Attribution, Document, Event, Place, Span
from rasd.query import Filters
from rasd.store import Store

IDLIB = Place(text="إدلب", name="Idlib", country="SYR", admin1="Idlib", lat=35.9306, lon=36.6339, precision="city")
ARIHA = Place(text="أريحا", name="Ariha", country="SYR", admin1="Idlib", lat=35.8137, lon=36.6096, precision="city")
ALEPPO = Place(text="حلب", name="Aleppo", country="SYR", admin1="Aleppo", lat=36.2012, lon=37.1612, precision="city")
HOMS = Place(text="حمص", name="Homs", country="SYR", admin1="Homs", lat=34.7268, lon=36.7234, precision="city")
SYRIA = Place(text="سوريا", name="Syria", country="SYR", lat=34.8, lon=38.9, precision="country")
RUSSIAN_JETS = Actor(text="طائرات حربية روسية", name="Russian military", country="RUS", sector="MIL")
SYRIAN_JETS = Actor(text="طائرات النظام السوري", name="Syrian military", country="SYR", sector="MIL")
MOSCOW = Actor(text="موسكو", name="Russia", country="RUS", sector="GOV")
CIVILIANS = Actor(text="مدنيين", country="SYR", sector="CVL")
OBSERVATORY = Attribution(text="المرصد السوري لحقوق الإنسان", kind="institution", name="SOHR")
CIVIL_DEFENCE = Attribution(text="الدفاع المدني السوري", kind="institution", name="Syrian Civil Defence")
PUBLISHED = dt.date(2024, 2, 20)


def _strike(
    doc_id: str,
    text: str,
    *,
    source: Actor | None = RUSSIAN_JETS,
    place: Place | None = IDLIB,
    date: dt.date | None = dt.date(2024, 2, 19),
    fatalities: int | None = None,
    attribution: Attribution | None = None,
    published: dt.date = PUBLISHED,
    negated: bool = False,
    url: str | None = None,
) -> Document:
    """One article reporting one air strike; the evidence is the whole text."""
    event = Event(
        type="ASSAULT",
        mode="aerial",
        evidence=Span(0, len(text)),
        source=source,
        target=CIVILIANS,
        location=place,
        date=date,
        fatalities=fatalities,
        attribution=attribution,
        negated=negated,
    )
    return document(doc_id, text, (event,), published=published, url=url or f"https://{doc_id}.example/news")


FIRST = _strike(
    "outlet-a",
    "قتل ١٧ مدنياً في غارات روسية على مدينة إدلب أمس الإثنين بحسب المرصد السوري لحقوق الإنسان.",
    fatalities=17,
    attribution=OBSERVATORY,
)
SECOND = _strike(
    "outlet-b",
    "ارتفعت حصيلة القصف الروسي على إدلب إلى 22 قتيلاً وفق الدفاع المدني السورى.",
    place=ARIHA,
    fatalities=22,
    attribution=CIVIL_DEFENCE,
)


def _incidents(store: Store, **filters: object) -> list[query.IncidentRow]:
    return list(query.incidents(store, Filters(**filters)))  # type: ignore[arg-type]


def test_two_outlets_one_strike_make_one_incident_with_both_figures(store: Store) -> None:
    assert store.add(FIRST) and store.add(SECOND)
    [incident] = _incidents(store)
    assert (incident.type, incident.articles, incident.reports) == ("ASSAULT", 2, 2)
    assert (incident.fatalities_min, incident.fatalities_max) == (17, 22)
    figures = incident.record["fatalities"]
    said = {(entry["value"], entry["article"], entry["attribution"]) for entry in figures["reports"]}
    assert said == {(17, "outlet-a", "المرصد السوري لحقوق الإنسان"), (22, "outlet-b", "الدفاع المدني السوري")}
    assert {source["name"] for source in incident.record["sources"]} == {"SOHR", "Syrian Civil Defence"}
    assert incident.record["outlets"] == ["outlet-a.example", "outlet-b.example"]
    assert "المرصد السوري" in incident.sources and "outlet-b.example" in incident.sources
    # the second report says why it was linked: fields, kilometres (Idlib–Ariha ≈ 13 km), days
    first, second = incident.record["reports"]
    assert first["link"] == {"created": True, "candidates": 0}
    link = second["link"]
    assert {"type", "mode", "source.country", "source.sector", "target.country", "target.sector", "place"} <= set(
        link["agreed"]
    )
    assert 10 < link["distance_km"] < 16 and link["date_gap_days"] == 0 and link["date_basis"] == "event"
    assert link["compared_with"] == first["event_id"]
    assert second["evidence"].startswith("ارتفعت حصيلة القصف")


def test_the_incident_is_found_by_its_id_and_by_event_filters(store: Store) -> None:
    store.add(FIRST)
    store.add(SECOND)
    [incident] = _incidents(store)
    assert incident.incident_id.endswith("-i0")
    found = query.incident(store, incident.incident_id)
    assert found is not None and found.record == incident.record
    assert query.incident(store, "0000000000000000-i9") is None
    assert _incidents(store, types=("ASSAULT",), countries=("SYR",), actor="RUS")
    assert not _incidents(store, types=("PROTEST",))
    assert not _incidents(store, since=dt.date(2024, 3, 1))
    assert len(list(query.incidents(store, Filters(), min_reports=2))) == 1
    assert not list(query.incidents(store, Filters(), min_reports=3))


def test_same_place_another_week_is_another_incident(store: Store) -> None:
    later = _strike(
        "outlet-c",
        "غارات روسية جديدة على أطراف مدينة ادلب اليوم.",
        date=dt.date(2024, 2, 26),
        published=dt.date(2024, 2, 26),
    )
    store.add(FIRST)
    store.add(later)
    assert len(_incidents(store)) == 2


def test_same_day_another_city_is_another_incident(store: Store) -> None:
    homs = _strike("outlet-c", "قصف جوي روسي على ريف حمص الشمالي أمس.", place=HOMS)  # ≈ 135 km from Idlib
    aleppo = _strike("outlet-d", "غارات روسية على حلب.", place=ALEPPO)  # ≈ 60 km from Idlib
    for doc in (FIRST, homs, aleppo):
        store.add(doc)
    assert len(_incidents(store)) == 3


def test_strikes_by_different_countries_stay_apart(store: Store) -> None:
    syrian = _strike("outlet-c", "غارات لطائرات النظام السوري على إدلب أمس.", source=SYRIAN_JETS)
    store.add(FIRST)
    store.add(syrian)
    assert len(_incidents(store)) == 2
    syrian_incident = next(row for row in _incidents(store) if row.record["reports"][0]["article"]["id"] == "outlet-c")
    assert syrian_incident.record["reports"][0]["link"] == {"created": True, "candidates": 1}  # seen, ruled out


def test_a_compatible_sector_links_and_is_flagged(store: Store) -> None:
    kremlin = _strike("outlet-c", "أعلنت موسكو أنها قصفت مواقع في إدلب.", source=MOSCOW)
    store.add(FIRST)
    store.add(kremlin)
    [incident] = _incidents(store)
    link = incident.record["reports"][1]["link"]
    assert "source.sector" in link["agreed"] and "source.sector:GOV~MIL" in link["flags"]


def test_an_undated_report_links_by_publication_date_and_is_flagged(store: Store) -> None:
    undated = _strike(
        "outlet-c",
        "قصفت الطائرات الروسية إدلب وقتل ١٩ شخصاً.",
        date=None,
        published=dt.date(2024, 2, 21),
        fatalities=19,
    )
    store.add(FIRST)
    store.add(undated)
    [incident] = _incidents(store)
    link = incident.record["reports"][1]["link"]
    assert link["date_basis"] == "publication" and "date:publication" in link["flags"]
    assert link["date_gap_days"] == 2
    assert incident.record["reports"][1]["date_basis"] == "publication"
    assert (incident.fatalities_min, incident.fatalities_max) == (17, 19)


def test_an_undated_report_too_long_after_stays_apart(store: Store) -> None:
    late = _strike("outlet-c", "غارة روسية على إدلب.", date=None, published=dt.date(2024, 2, 23))  # 4 days
    store.add(FIRST)
    store.add(late)
    assert len(_incidents(store)) == 2


def test_a_country_level_place_links_within_its_country(store: Store) -> None:
    vague = _strike("outlet-c", "غارات روسية في سوريا أوقعت قتلى.", place=SYRIA)
    store.add(FIRST)
    store.add(vague)
    [incident] = _incidents(store)
    assert incident.record["reports"][1]["link"]["place"] == "country"
    assert incident.place_name == "Idlib"  # the incident shows its most precise place


def test_a_denied_strike_is_not_an_incident(store: Store) -> None:
    denial = _strike("outlet-c", "نفت موسكو أن تكون طائراتها قصفت إدلب.", negated=True)
    store.add(FIRST)
    store.add(denial)
    [incident] = _incidents(store)
    assert incident.articles == 1


def test_a_syndicated_copy_is_one_more_report_of_its_original(store: Store) -> None:
    copy = dataclasses.replace(
        document("outlet-a-copy", FIRST.text + "\nتابعونا على تلغرام", url="https://mirror.example/x"),
        duplicate_of="outlet-a",
    )
    store.add(FIRST)
    store.add(copy)
    [incident] = _incidents(store)
    assert (incident.articles, incident.reports) == (2, 2)
    report = incident.record["reports"][1]
    assert report["copy_of"] == "outlet-a" and report["event_id"] is None
    assert report["article"]["outlet"] == "mirror.example"
    assert incident.record["outlets"] == ["outlet-a.example", "mirror.example"]


def test_ingesting_again_changes_nothing(store: Store) -> None:
    for doc in (FIRST, SECOND):
        store.add(doc)
    before = list(store.rows("SELECT incident_id, event_id, link FROM incident_reports ORDER BY id"))
    assert not store.add(FIRST) and not store.add(SECOND)
    assert store.link_pending() == 0
    assert list(store.rows("SELECT incident_id, event_id, link FROM incident_reports ORDER BY id")) == before


def test_documents_stored_before_linking_are_linked_later(store: Store) -> None:
    for doc in (FIRST, SECOND):
        store.add(doc)
    linked = [(row.incident_id, row.articles) for row in _incidents(store)]
    with store.transaction():  # as a store migrated from before incident linking would be
        store.execute("DELETE FROM incident_reports")
        store.execute("DELETE FROM incidents")
        store.execute("UPDATE documents SET linked_at = NULL")
    assert not _incidents(store)
    assert store.link_pending() == 2
    assert [(row.incident_id, row.articles) for row in _incidents(store)] == linked


def test_candidates_come_from_the_blocks_only(store: Store) -> None:
    store.add(FIRST)
    aleppo = _strike("outlet-d", "غارات روسية على حلب.", place=ALEPPO, date=dt.date(2024, 2, 10))
    store.add(aleppo)

    def proposed(
        *, types: list[str], since: str, until: str, cells: list[str], country: str | None, fine: bool
    ) -> set[str]:
        places = (
            (("any", None),)
            if not country
            else (*(("cell", cell) for cell in cells), ("bare", country), ("bare", None))
            if fine
            else (("country", country), ("country", None))
        )
        block = Block(tuple(types), dt.date.fromisoformat(since), dt.date.fromisoformat(until), places)
        return {row["event_key"] for row in store.candidate_reports(block)}

    near_idlib = {"types": ["ASSAULT"], "cells": ["35:36"], "country": "SYR", "fine": True}
    assert {key[:16] for key in proposed(since="2024-02-17", until="2024-02-21", **near_idlib)} == {
        (FIRST.content_hash or "")[:16]
    }
    assert not proposed(since="2024-03-01", until="2024-03-05", **near_idlib)
    assert not proposed(
        types=["PROTEST"], since="2024-02-17", until="2024-02-21", cells=["35:36"], country="SYR", fine=True
    )
    far = {"types": ["ASSAULT"], "cells": ["30:47"], "country": "IRQ", "fine": True}
    assert not proposed(since="2024-02-17", until="2024-02-21", **far)
    # a country-level place proposes every report of its country in the window; no country, every report
    assert (
        len(proposed(types=["ASSAULT"], since="2024-02-01", until="2024-02-28", cells=[], country="SYR", fine=False))
        == 2
    )
    assert (
        len(proposed(types=["ASSAULT"], since="2024-02-01", until="2024-02-28", cells=[], country=None, fine=False))
        == 2
    )


def test_link_records_are_json_on_both_backends(store: Store) -> None:
    store.add(FIRST)
    store.add(SECOND)
    links = [json.loads(row["link"]) for row in store.rows("SELECT link FROM incident_reports ORDER BY id")]
    assert links[0] == {"created": True, "candidates": 0}
    assert links[1]["created"] is False and links[1]["candidates"] == 1
