"""Queries over the store, identical on SQLite and PostgreSQL: filters, search, injection."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest
from store_samples import corpus

from rasd import query
from rasd.query import BBox, Filters, QueryError
from rasd.store import Store, open_store

INJECTIONS = ("' OR 1=1 --", '"; DROP TABLE events; --', "%", "_", "\\", "*", 'NEAR("a" "b")', "a:* | b")


@pytest.fixture
def filled(store: Store) -> Store:
    for doc in corpus():
        store.add(doc)
    return store


def _event_docs(store: Store, **filters: object) -> list[str]:
    return [row.doc_id for row in query.events(store, Filters(**filters))]  # type: ignore[arg-type]


def _search_docs(store: Store, text: str) -> set[str]:
    return {row.doc_id for row in query.search(store, Filters(text=text))}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("الأمريكية", {"strike"}),  # the title writes «أميركية»: spelling variant + prefix
        ("الامريكي", {"strike", "visit"}),  # bare alef; «الأمريكي» in the visit article
        ("أميركي", {"strike", "visit"}),
        ("سورية", {"strike"}),  # «سوريا» / «سورية»
        ("للجيش", {"denial", "clash", "history"}),  # «للجيش» → stem «جيش»
        ("البصرة", {"protest"}),
        ("البصره", {"protest"}),  # ta marbuta written as ha
        ("٢٠١٤", {"history"}),  # Arabic-Indic digits in the text and the query
        ("2014", {"history"}),
        ("الجيش الخرطوم", {"clash"}),  # every word must occur
        ("مسلحة", {"strike"}),
        ("مدريد", set()),
    ],
)
def test_search_matches_the_matching_view(filled: Store, words: str, expected: set[str]) -> None:
    assert _search_docs(filled, words) == expected


def test_search_snippet_cites_the_display_text(filled: Store) -> None:
    [hit] = query.search(filled, Filters(text="الامريكيه"))
    assert hit.doc_id == "strike"
    assert hit.snippet is not None and "[أميركية]" in hit.snippet


def test_search_needs_a_word(filled: Store) -> None:
    with pytest.raises(QueryError):
        list(query.search(filled, Filters(text="؟!")))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["visit", "visit", "protest", "clash", "riot", "strike"]),  # latest first; undated at publication
        ({"types": ("protest",)}, ["protest", "riot"]),
        ({"modes": ("aerial", "riot")}, ["riot", "strike"]),
        ({"countries": ("syr", "TUR")}, ["visit", "strike"]),
        ({"actor": "USA"}, ["visit", "strike"]),  # a country code on either side
        ({"actor": "COP"}, ["riot"]),  # a sector code
        ({"actor": "SDNMIL"}, ["clash"]),
        ({"actor": "الأميركية"}, ["strike"]),  # actor text in another spelling
        ({"actor": "الجيش السوداني"}, ["clash"]),
        ({"actor": "secretary of state"}, ["visit"]),  # canonical name, any case
        ({"since": dt.date(2023, 5, 1), "until": dt.date(2023, 12, 31)}, ["protest", "clash"]),
        ({"bbox": BBox(30, 10, 50, 40)}, ["visit", "protest", "clash", "strike"]),
        ({"bbox": BBox(170, -90, 20, 90)}, ["riot"]),  # across the antimeridian: lon ≥ 170 or ≤ 20
        ({"text": "الكهرباء"}, ["protest"]),
        ({"types": ("ASSAULT",), "include_negated": True}, ["clash", "denial", "strike"]),
        ({"types": ("ASSAULT",), "include_historical": True}, ["clash", "strike", "history"]),
        ({"limit": 2}, ["visit", "visit"]),
        ({"limit": 2, "offset": 2}, ["protest", "clash"]),
    ],
)
def test_event_filters(filled: Store, filters: dict, expected: list[str]) -> None:
    assert _event_docs(filled, **filters) == expected


def test_event_row_carries_article_and_evidence(filled: Store) -> None:
    [row] = query.events(filled, Filters(types=("ASSAULT",), modes=("aerial",)))
    assert (row.type, row.mode, row.country, row.date, row.published) == (
        "ASSAULT",
        "aerial",
        "SYR",
        "2021-02-25",
        "2021-02-26",
    )
    assert row.evidence == "قصفت طائرات أميركية مواقع لجماعة مسلحة شرقي سوريا"
    assert row.record["source"]["name"] == "United States military"
    assert row.to_record()["document"]["url"] == "https://www.example.org/news/strike"
    assert (row.lat, row.lon, row.precision, row.negated) == (35.0, 40.0, "region", False)


def test_claims_filters(filled: Store) -> None:
    assert [c.doc_id for c in query.claims(filled, Filters())] == ["clash", "strike"]
    [claim] = query.claims(filled, Filters(actor="البنتاجون"[:-3] + "غون"))  # «البنتاغون»
    assert (claim.verb, claim.attribution_name, claim.quoted) == ("قال", "Pentagon", False)
    assert [c.doc_id for c in query.claims(filled, Filters(since=dt.date(2022, 1, 1)))] == ["clash"]
    with pytest.raises(QueryError, match="types"):
        list(query.claims(filled, Filters(types=("ASSAULT",))))


def test_documents_with_event_filters(filled: Store) -> None:
    assert [d.doc_id for d in query.documents(filled, Filters(types=("PROTEST",)))] == ["protest", "riot"]
    rows = {d.doc_id: d for d in query.documents(filled, Filters())}
    assert len(rows) == 7 and rows["visit"].events == 2 and rows["strike"].claims == 1
    # published range applies to articles; the undated one is last in the full listing
    assert [d.doc_id for d in query.documents(filled, Filters(until=dt.date(2021, 12, 31)))] == ["strike"]


def _rows_or_refused(rows: Iterable[object]) -> list[object]:
    """Run a query; a value with no word in it is refused with QueryError, which is fine too."""
    try:
        return list(rows)
    except QueryError:
        return []


@pytest.mark.parametrize("hostile", INJECTIONS)
def test_hostile_values_are_only_values(filled: Store, hostile: str) -> None:
    before = filled.counts()
    filters = [
        Filters(types=(hostile,)),
        Filters(modes=(hostile,)),
        Filters(actor=hostile),
        Filters(countries=(hostile,)),
        Filters(text=hostile),
    ]
    for f in filters:
        assert _rows_or_refused(query.events(filled, f)) == []
        assert _rows_or_refused(query.documents(filled, f)) == []
    assert _rows_or_refused(query.claims(filled, Filters(actor=hostile))) == []
    assert _rows_or_refused(query.search(filled, Filters(text=hostile))) == []
    with pytest.raises(QueryError):
        BBox.parse(hostile)
    assert filled.counts() == before
    assert len(list(query.events(filled, Filters()))) == 6


def test_negative_limits_are_refused(filled: Store) -> None:
    with pytest.raises(QueryError):
        list(query.events(filled, Filters(limit=-1)))


def test_hostile_words_around_a_real_one_still_search(filled: Store) -> None:
    assert _search_docs(filled, "البصرة' OR 1=1 --") == set()  # «OR» and «1» are words it lacks
    assert _search_docs(filled, '"البصرة"; DROP') == set()
    assert _search_docs(filled, '"البصرة";') == {"protest"}


@pytest.mark.parametrize("bad", ["1,2,3", "a,b,c,d", "0,50,10,40", "0,0,200,10"])
def test_bad_bounding_boxes(bad: str) -> None:
    with pytest.raises(QueryError):
        BBox.parse(bad)


def test_backends_answer_alike(tmp_path: Path, postgres_url: str) -> None:
    """The same questions give the same rows on SQLite and PostgreSQL."""
    questions = [
        Filters(),
        Filters(include_negated=True, include_historical=True),
        Filters(text="الجيش"),
        Filters(actor="امريكي"),
        Filters(bbox=BBox(0, 0, 60, 60)),
        Filters(since=dt.date(2022, 1, 1)),
    ]
    answers = []
    for url in (str(tmp_path / "a.db"), postgres_url):
        with open_store(url) as store:
            for doc in corpus():
                store.add(doc)
            answers.append(
                [
                    [dataclasses.astuple(row) for row in rows]
                    for f in questions
                    for rows in (
                        query.events(store, f),
                        query.claims(store, f if not f.event_filters() else Filters()),
                        query.documents(store, f),
                    )
                ]
            )
    assert answers[0] == answers[1]


def test_a_listing_left_open_does_not_block_the_store(filled: Store) -> None:
    listing = query.events(filled, Filters())
    assert next(listing).doc_id == "visit"
    assert filled.counts()["documents"] == 7  # another query while the first is still open
    assert len(list(listing)) == 5
