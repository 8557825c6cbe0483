"""`rasd incidents`: the happenings several articles report, with every report, source and figure.

A thin command over `rasd.query.incidents` / `rasd.query.incident`; linking itself runs when
`rasd ingest` stores each article (`Store.add`), and `--link-pending` links articles stored
before linking existed.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

import click

from rasd import query
from rasd.cli_store import open_cli_store
from rasd.query import BBox, Filters, IncidentRow, QueryError

TABLE_COLUMNS = (
    "last_date",
    "type",
    "place_name",
    "country",
    "articles",
    "reports",
    "fatalities",
    "injuries",
    "sources",
    "incident_id",
)
TABLE_CELL = 40  # characters shown per table cell before it is cut with «…»


@click.command()
@click.option("--db", default="rasd.db", show_default=True, help="Store: a SQLite file path or postgresql://...")
@click.option("--id", "incident_id", help="Show this one incident in full: every report, source and figure.")
@click.option("--type", "types", multiple=True, help="PLOVER event type, e.g. ASSAULT (repeatable).")
@click.option("--actor", help="Actor as written or named (any spelling), or a code: SYR, MIL, SYRMIL.")
@click.option("--country", "countries", multiple=True, help="ISO alpha-3 code of a report's place.")
@click.option("--since", help="From this date (YYYY-MM-DD).")
@click.option("--until", help="Up to this date (YYYY-MM-DD), inclusive.")
@click.option("--bbox", help="Bounding box WEST,SOUTH,EAST,NORTH in degrees.")
@click.option("-q", "--text", help="Words a reporting article contains.")
@click.option(
    "--min-reports",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only incidents told by at least this many reports (2: linked across articles).",
)
@click.option("--limit", type=click.IntRange(min=0), help="At most this many incidents.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "jsonl", "json", "geojson"]),
    default="table",
    show_default=True,
    help="table for reading; jsonl/json carry every report and its link audit.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not stdout.")
@click.option("--link-pending", is_flag=True, help="First link the articles stored before incident linking existed.")
def incidents(
    incident_id: str | None, fmt: str, output: str | None, link_pending: bool, min_reports: int, **options: Any
) -> None:
    """List incidents: events of different articles linked as one real-world happening."""
    with open_cli_store(str(options.pop("db"))) as store:
        if link_pending:
            click.echo(f"rasd: linked {store.link_pending()} pending articles", err=True)
        try:
            if incident_id:
                found = query.incident(store, incident_id)
                if found is None:
                    raise click.ClickException(f"no incident {incident_id!r}")
                rows: Iterable[IncidentRow] = [found]
            else:
                rows = query.incidents(store, _filters(options), min_reports=min_reports)
            with contextlib.ExitStack() as stack:
                out = (
                    stack.enter_context(Path(output).open("w", encoding="utf-8", newline="")) if output else sys.stdout
                )
                count = WRITERS[fmt](rows, out)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from exc
    click.echo(f"rasd: {count} incidents", err=True)


def _filters(options: dict[str, Any]) -> Filters:
    try:
        return Filters(
            types=tuple(options["types"]),
            actor=options["actor"],
            countries=tuple(options["countries"]),
            since=_date(options["since"]),
            until=_date(options["until"]),
            bbox=BBox.parse(options["bbox"]) if options["bbox"] else None,
            text=options["text"],
            limit=options["limit"],
        )
    except QueryError as exc:
        raise click.BadParameter(str(exc)) from exc


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


def flat(row: IncidentRow) -> dict[str, Any]:
    """Return an incident's scalar columns in order (everything but its full record)."""
    return {f.name: getattr(row, f.name) for f in fields(row) if f.name != "record"}


def write_table(rows: Iterable[IncidentRow], out: IO[str]) -> int:
    cells = [[_cell(_shown(row, name)) for name in TABLE_COLUMNS] for row in rows]
    widths = [max([len(name)] + [len(line[i]) for line in cells]) for i, name in enumerate(TABLE_COLUMNS)]
    for line in [list(TABLE_COLUMNS), *cells]:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() + "\n")
    return len(cells)


def _shown(row: IncidentRow, name: str) -> object:
    """Show a toll as its range («17–22») when reports differ."""
    if name in ("fatalities", "injuries"):
        low, high = getattr(row, f"{name}_min"), getattr(row, f"{name}_max")
        return low if low == high else f"{low}–{high}"
    return getattr(row, name)


def _cell(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= TABLE_CELL else text[: TABLE_CELL - 1] + "…"


def write_csv(rows: Iterable[IncidentRow], out: IO[str]) -> int:
    writer = csv.DictWriter(
        out, fieldnames=[f.name for f in fields(IncidentRow) if f.name != "record"], lineterminator="\n"
    )
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(flat(row))
        count += 1
    return count


def write_jsonl(rows: Iterable[IncidentRow], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row.to_record(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(rows: Iterable[IncidentRow], out: IO[str]) -> int:
    records = [row.to_record() for row in rows]
    json.dump(records[0] if len(records) == 1 else records, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(records)


def write_geojson(rows: Iterable[IncidentRow], out: IO[str]) -> int:
    """Write located incidents as an RFC 7946 FeatureCollection of points ([longitude, latitude])."""
    features = [
        {
            "type": "Feature",
            "id": row.incident_id,
            "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
            "properties": {name: value for name, value in flat(row).items() if name not in ("lat", "lon")},
        }
        for row in rows
        if row.lat is not None and row.lon is not None
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


WRITERS = {"table": write_table, "csv": write_csv, "jsonl": write_jsonl, "json": write_json, "geojson": write_geojson}
