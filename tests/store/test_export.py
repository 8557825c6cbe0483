"""Exports that other tools open as they are: CSV, JSONL, GeoJSON, Parquet, ACLED CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from store_samples import corpus

from rasd import export, query
from rasd.query import ClaimRow, DocumentRow, EventRow, Filters, columns
from rasd.store import Store


@pytest.fixture
def filled(store: Store) -> Store:
    for doc in corpus():
        store.add(doc)
    return store


def _events(store: Store, **filters: object) -> list[EventRow]:
    return list(query.events(store, Filters(**filters)))  # type: ignore[arg-type]


def test_csv_round_trips_through_the_csv_module(filled: Store) -> None:
    out = io.StringIO()
    assert export.write_csv(_events(filled), out, EventRow) == 6
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == columns(EventRow)
    strike = next(r for r in rows if r["mode"] == "aerial")
    assert strike["source_text"] == "طائرات أميركية" and strike["lat"] == "35.0" and strike["injuries"] == ""
    assert strike["evidence"].startswith("قصفت طائرات")


@pytest.mark.parametrize(("rows_of", "kind"), [(query.claims, ClaimRow), (query.documents, DocumentRow)])
def test_csv_of_claims_and_documents(filled: Store, rows_of, kind: type) -> None:
    out = io.StringIO()
    count = export.write_csv(rows_of(filled, Filters()), out, kind)
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == count > 0


def test_jsonl_keeps_the_full_record(filled: Store) -> None:
    out = io.StringIO()
    export.write_jsonl(_events(filled, types=("ASSAULT",), modes=("aerial",)), out)
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert record["document"]["id"] == "strike"
    assert record["source"] == {
        "text": "طائرات أميركية",
        "name": "United States military",
        "country": "USA",
        "sector": "MIL",
    }
    assert record["evidence"]["text"] == "قصفت طائرات أميركية مواقع لجماعة مسلحة شرقي سوريا"
    assert record["event_id"].endswith("-e0")


def test_geojson_is_an_rfc7946_feature_collection_of_located_events(filled: Store) -> None:
    out = io.StringIO()
    events = _events(filled)
    count = export.write_geojson(events, out)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert count == len(collection["features"]) == sum(1 for e in events if e.lat is not None) == 5
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    tunis = next(f for f in collection["features"] if f["properties"]["place_name"] == "Tunis")
    assert tunis["geometry"]["coordinates"] == [10.18, 36.8]  # longitude first


def test_geojson_of_nothing_is_still_valid() -> None:
    out = io.StringIO()
    assert export.write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_parquet_has_typed_columns(filled: Store, tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional 'parquet' extra")
    path = tmp_path / "events.parquet"
    assert export.write_parquet(_events(filled, include_negated=True), str(path), EventRow) == 7
    table = parquet.read_table(path)
    assert table.column_names == columns(EventRow)
    assert str(table.schema.field("lat").type) == "double"
    assert str(table.schema.field("fatalities").type) == "int64"
    assert str(table.schema.field("negated").type) == "bool"
    rows = table.to_pylist()
    assert sum(r["negated"] for r in rows) == 1
    assert {r["source_text"] for r in rows} >= {"طائرات أميركية", "الجيش السوداني"}


def test_parquet_of_nothing_has_the_schema(tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional 'parquet' extra")
    path = tmp_path / "none.parquet"
    assert export.write_parquet([], str(path), EventRow) == 0
    assert parquet.read_table(path).column_names == columns(EventRow)


def test_acled_csv_maps_types_and_countries(filled: Store) -> None:
    out = io.StringIO()
    export.write_acled(_events(filled), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 6 and list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    assert set(export.ACLED_COLUMNS) >= {
        "event_date",
        "event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "fatalities",
        "source",
        "notes",
    }
    by_place = {r["location"]: r for r in rows}
    strike = by_place["eastern Syria"]
    assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (strike["country"], strike["actor1"], strike["source"]) == ("Syria", "United States military", "example.org")
    assert (strike["event_date"], strike["year"], strike["time_precision"]) == ("2021-02-25", "2021", "1")
    clash = by_place["Khartoum North"]
    assert (clash["event_type"], clash["actor2"], clash["fatalities"]) == ("Battles", "", "3")
    assert by_place["Basrah"]["event_type"] == "Protests" and by_place["Basrah"]["admin1"] == "Basra"
    riot = by_place["Tunis"]
    assert (riot["event_type"], riot["country"], riot["fatalities"]) == ("Riots", "Tunisia", "0")
    assert (riot["event_date"], riot["time_precision"]) == ("2023-01-15", "2")  # publication date stands in
    visit = by_place["Ankara"]
    assert (visit["event_type"], visit["country"]) == ("Strategic developments", "Turkey")


@pytest.mark.parametrize(
    ("type_", "mode", "target_sector", "target_text", "expected"),
    [
        ("ASSAULT", "drone", None, None, "Explosions/Remote violence"),
        ("ASSAULT", "firearms", "CVL", "مدنيين", "Violence against civilians"),
        ("ASSAULT", "firearms", "MIL", "جنود", "Battles"),
        ("ASSAULT", "abduct", "CVL", "صحفي", "Violence against civilians"),
        ("PROTEST", "demo", None, None, "Protests"),
        ("PROTEST", "riot", None, None, "Riots"),
        ("COERCE", "arrest", "CVL", "ناشطين", "Strategic developments"),
        ("ACCUSE", None, None, None, "Strategic developments"),
    ],
)
def test_acled_event_types(
    filled: Store, type_: str, mode: str | None, target_sector: str | None, target_text: str | None, expected: str
) -> None:
    [template] = _events(filled, modes=("aerial",))
    event = template.__class__(
        **{
            **{name: getattr(template, name) for name in columns(EventRow)},
            "record": {},
            "type": type_,
            "mode": mode,
            "target_sector": target_sector,
            "target_text": target_text,
        }
    )
    assert export.AcledMapping.load().classify(event).event_type == expected
