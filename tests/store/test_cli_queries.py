"""`rasd events|claims|documents|search|export` over both backends, end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_samples import corpus

from rasd.cli import main
from rasd.store import open_store

HOSTILE = ("' OR 1=1 --", '"; DROP TABLE events; --')


@pytest.fixture
def db(store_url: str) -> str:
    with open_store(store_url) as store:
        for doc in corpus():
            store.add(doc)
    return store_url


def _rasd(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_events_table_lists_current_events(db: str) -> None:
    code, out, err = _rasd("events", "--db", db)
    assert code == 0, err
    header, *lines = out.splitlines()
    assert header.split()[:3] == ["date", "type", "mode"]
    assert len(lines) == 6 and "rasd: 6 events" in err
    assert any("طائرات أميركية" in line and "ASSAULT" in line for line in lines)


def test_events_filters_and_csv(db: str) -> None:
    code, out, _ = _rasd(
        "events",
        "--db",
        db,
        "--type",
        "ASSAULT",
        "--actor",
        "الأمريكية",
        "--since",
        "2021-01-01",
        "--until",
        "2021-12-31",
        "--bbox",
        "35,30,45,40",
        "--country",
        "SYR",
        "--format",
        "csv",
    )
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["doc_id"], row["mode"]) == ("strike", "aerial")


def test_events_all_includes_negated_and_historical(db: str) -> None:
    code, out, _ = _rasd("events", "--db", db, "--all", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 8
    # The contract's `negated` covers historical background too (ontology page); `historical` tells.
    assert sum(r["negated"] for r in records) == 2 and sum(r["historical"] for r in records) == 1


def test_events_geojson(db: str) -> None:
    code, out, _ = _rasd("events", "--db", db, "--format", "geojson", "--mode", "demo")
    [feature] = json.loads(out)["features"]
    assert code == 0 and feature["geometry"]["coordinates"] == [47.81, 30.51]


def test_search_finds_other_spellings_with_a_snippet(db: str) -> None:
    code, out, err = _rasd("search", "الأمريكية", "--db", db, "--format", "jsonl")
    assert code == 0, err
    [hit] = [json.loads(line) for line in out.splitlines()]
    assert hit["doc_id"] == "strike" and "[أميركية]" in hit["snippet"]


def test_claims_and_documents(db: str) -> None:
    code, out, _ = _rasd("claims", "--db", db, "--actor", "البنتاغون", "--format", "jsonl")
    [claim] = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and claim["attribution"]["name"] == "Pentagon"
    code, out, _ = _rasd("documents", "--db", db, "--type", "PROTEST", "--format", "csv")
    assert code == 0 and [r["doc_id"] for r in csv.DictReader(io.StringIO(out))] == ["protest", "riot"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "acled"])
def test_export_formats_to_a_file(db: str, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    code, out, err = _rasd("export", "--db", db, "--format", fmt, "-o", str(path))
    assert code == 0, err
    assert out == "" and path.stat().st_size > 0
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert len(text.splitlines()) == 6
    elif fmt == "geojson":
        assert len(json.loads(text)["features"]) == 5
    else:
        assert len(list(csv.DictReader(io.StringIO(text)))) == 6


def test_export_parquet(db: str, tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional 'parquet' extra")
    path = tmp_path / "events.parquet"
    code, _, err = _rasd("export", "--db", db, "--format", "parquet", "-o", str(path), "--type", "ASSAULT")
    assert code == 0, err
    assert parquet.read_table(path).num_rows == 2


def test_export_claims_rows(db: str) -> None:
    code, out, _ = _rasd("export", "--db", db, "--rows", "claims", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 2


@pytest.mark.parametrize(
    "args",
    [
        ("claims", "--format", "geojson"),
        ("export", "--rows", "documents", "--format", "acled"),
        ("export", "--format", "parquet"),  # needs -o
        ("events", "--bbox", "1,2,3"),
        ("events", "--since", "yesterday"),
        ("claims", "--type", "ASSAULT"),
        ("events", "--db", "mysql://somewhere/rasd"),
    ],
)
def test_usage_errors_exit_2(db: str, args: tuple[str, ...]) -> None:
    extra = () if "--db" in args else ("--db", db)
    code, _, _ = _rasd(*args, *extra)
    assert code == 2


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("option", ["--type", "--mode", "--actor", "--country", "--text"])
def test_hostile_option_values(db: str, option: str, hostile: str) -> None:
    code, out, _ = _rasd("events", "--db", db, option, hostile, "--format", "jsonl")
    assert (code, out) == (0, "")
    with open_store(db) as store:
        assert store.counts()["events"] == 8


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_search_and_dates(db: str, hostile: str) -> None:
    assert _rasd("search", hostile, "--db", db)[0] == 0
    assert _rasd("events", "--db", db, "--since", hostile)[0] == 2
    assert _rasd("events", "--db", db, "--bbox", hostile)[0] == 2
    with open_store(db) as store:
        assert store.counts() == {"documents": 7, "events": 8, "claims": 2}
