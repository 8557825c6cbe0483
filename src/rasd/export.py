"""Write query results as files other tools open as they are.

- JSONL: one full record per line (the output contract's event or claim, plus its article).
- CSV: the flat columns, UTF-8 without a byte-order mark, empty cells for nulls.
- GeoJSON (RFC 7946): a FeatureCollection of Point features in [longitude, latitude] order,
  only the events that have coordinates; QGIS and geopandas load it directly.
- Parquet: typed columns through pyarrow (the optional `parquet` extra).
- ACLED: a CSV with ACLED's column names and event types, for scripts already written
  against ACLED exports (see `store/data/acled.json` for the mapping).
- table: aligned columns for reading in a terminal.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice
from typing import IO, Any, get_type_hints
from urllib.parse import urlsplit

from rasd.query import ClaimRow, DocumentRow, EventRow, Row, columns, flat

log = logging.getLogger(__name__)

PARQUET_HINT = "Parquet export needs pyarrow: pip install 'rasd[parquet]'"
PARQUET_BATCH = 10_000  # rows per Parquet row group: bounded memory on large stores
TABLE_CELL = 40  # characters shown per table cell before it is cut with «…»
TABLE_COLUMNS: dict[type, tuple[str, ...]] = {
    EventRow: (
        "date",
        "type",
        "mode",
        "source_text",
        "target_text",
        "place_name",
        "country",
        "fatalities",
        "injuries",
        "doc_id",
    ),
    ClaimRow: ("published", "attribution_text", "verb", "quoted", "text", "doc_id"),
    DocumentRow: ("published", "doc_id", "title", "events", "claims", "snippet"),
}
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)


def write_jsonl(rows: Iterable[Row], out: IO[str]) -> int:
    """Write one JSON record per row; return how many were written."""
    count = 0
    for row in rows:
        out.write(json.dumps(row.to_record(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[Row], out: IO[str], kind: type[Row]) -> int:
    """Write the rows' flat columns as CSV with a header; return how many were written."""
    writer = csv.DictWriter(out, fieldnames=columns(kind), lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(flat(row))
        count += 1
    return count


def write_table(rows: Iterable[Row], out: IO[str], kind: type[Row]) -> int:
    """Write rows as aligned text columns for a terminal; return how many were written."""
    names = TABLE_COLUMNS[kind]
    cells = [[_cell(getattr(row, name)) for name in names] for row in rows]
    widths = [max([len(name)] + [len(line[i]) for line in cells]) for i, name in enumerate(names)]
    out.write("  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True)).rstrip() + "\n")
    for line in cells:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() + "\n")
    return len(cells)


def _cell(value: Any) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"


def write_geojson(events: Iterable[EventRow], out: IO[str]) -> int:
    """Write located events as an RFC 7946 FeatureCollection; return how many features."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        if not _located(event):
            continue
        properties = {name: value for name, value in flat(event).items() if name not in ("lat", "lon")}
        feature = {
            "type": "Feature",
            "id": event.event_id,
            "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
            "properties": properties,
        }
        out.write(("\n" if not count else ",\n") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def _located(event: EventRow) -> bool:
    if event.lat is None or event.lon is None:
        return False
    if not (-90 <= event.lat <= 90 and -180 <= event.lon <= 180):
        log.warning("event %s: coordinates (%s, %s) out of range, left out", event.event_id, event.lat, event.lon)
        return False
    return True


def write_parquet(rows: Iterable[Row], path: str, kind: type[Row]) -> int:
    """Write the rows' flat columns to a Parquet file with typed columns; return the row count."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RuntimeError(PARQUET_HINT) from exc
    schema = pa.schema([(name, _arrow_type(pa, kind, name)) for name in columns(kind)])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist([flat(row) for row in batch], schema=schema))
            count += len(batch)
        if not count:
            writer.write_table(schema.empty_table())
    return count


def _arrow_type(pa: Any, kind: type[Row], name: str) -> Any:
    hint = str(get_type_hints(kind)[name])
    if "bool" in hint:
        return pa.bool_()
    if "float" in hint:
        return pa.float64()
    if "int" in hint:
        return pa.int64()
    return pa.string()


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


# --- ACLED ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcledRule:
    type: str  # PLOVER type, or "*" for any
    modes: frozenset[str]  # empty: any mode
    sides: str  # any | two | armed
    event_type: str
    sub_event_type: str


@dataclass(frozen=True, slots=True)
class AcledMapping:
    """PLOVER types to ACLED event types, and country codes to the names ACLED uses."""

    rules: tuple[AcledRule, ...]
    armed_sectors: frozenset[str]
    armed_countries: frozenset[str]
    geo_precision: Mapping[str, int]
    country_names: Mapping[str, str]  # where ACLED's name differs from the gazetteer's

    @classmethod
    @cache
    def load(cls) -> AcledMapping:
        """Read the shipped mapping."""
        data = json.loads(resources.files("rasd.store").joinpath("data/acled.json").read_text(encoding="utf-8"))
        rules = tuple(
            AcledRule(r["type"], frozenset(r["modes"]), r["sides"], r["event_type"], r["sub_event_type"])
            for r in data["rules"]
        )
        return cls(
            rules,
            frozenset(data["armed_sectors"]),
            frozenset(data["armed_countries"]),
            data["geo_precision"],
            data["country_names"],
        )

    def country(self, code: str | None) -> str:
        """Return ACLED's name for a country code (the gazetteer's English name by default)."""
        from rasd.knowledge.gazetteer import Gazetteer

        if not code:
            return ""
        if code in self.country_names:
            return self.country_names[code]
        entry = Gazetteer.load().country(code)
        return entry.name if entry else code

    def classify(self, event: EventRow) -> AcledRule:
        """Return the first rule that fits the event (the last rule fits every event)."""
        for rule in self.rules:
            if rule.type not in ("*", event.type) or (rule.modes and event.mode not in rule.modes):
                continue
            if rule.sides == "two" and not (event.source_text and not event.target_text):
                continue
            if rule.sides == "armed" and not self._armed_target(event):
                continue
            return rule
        raise LookupError(f"no ACLED rule fits {event.type}/{event.mode}: the mapping needs a '*' rule")

    def _armed_target(self, event: EventRow) -> bool:
        return event.target_sector in self.armed_sectors or event.target_country in self.armed_countries

    def row(self, event: EventRow) -> dict[str, Any]:
        """Return one ACLED-shaped row for an event."""
        rule = self.classify(event)
        date = event.date or event.published
        return {
            "event_id_cnty": event.event_id,
            "event_date": date or "",
            "year": dt.date.fromisoformat(date).year if date else "",
            # ACLED: 1 = the day is known; 2 = within the week (here: the article's publication
            # date); 3 = only the month (or, coarser, the year) is known.
            "time_precision": _time_precision(event, date),
            "event_type": rule.event_type,
            "sub_event_type": rule.sub_event_type,
            "actor1": event.source_name or event.source_text or "",
            "actor2": event.target_name or event.target_text or "",
            "country": self.country(event.country),
            "admin1": event.admin1 or "",
            "location": event.place_name or event.place_text or "",
            "latitude": "" if event.lat is None else event.lat,
            "longitude": "" if event.lon is None else event.lon,
            "geo_precision": self.geo_precision.get(event.precision or "", ""),
            "source": _outlet(event),
            "notes": " ".join(event.evidence.split()),
            # ACLED codes an unreported toll as 0; the JSONL export keeps null for "not said".
            "fatalities": event.fatalities or 0,
        }


def _time_precision(event: EventRow, date: str | None) -> int | str:
    """ACLED's time precision of an event's date (its own, else its article's publication date)."""
    if not event.date:
        return 2 if date else ""
    return 1 if event.date_precision in (None, "day") else 3


def _outlet(event: EventRow) -> str:
    """Name the source as ACLED does, by outlet: the URL's host, else the input file."""
    if event.url:
        host = urlsplit(event.url).hostname
        if host:
            return host.removeprefix("www.")
    return event.article_source


def write_acled(events: Iterable[EventRow], out: IO[str]) -> int:
    """Write events as an ACLED-style CSV; return how many rows."""
    mapping = AcledMapping.load()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(mapping.row(event))
        count += 1
    return count
