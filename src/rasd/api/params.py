"""Query-string parameters shared by every listing: the CLI's filters, plus a page.

The names mirror the command line (`rasd events --type ... --since ...`): `type`, `mode`
and `country` repeat (`?type=ASSAULT&type=PROTEST`), `q` is the CLI's `--text`, `all`
its `--all`. A page is `limit` rows from `offset`; the response's `next` link continues.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

from fastapi import Query

from rasd.query import BBox, Filters, QueryError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500  # rows per page: large enough for a table, small enough to stay fast on any store
# Longest actor or search text: the longest actor name in the lexicons is under 80 characters;
# a far longer value can only be an attack, and SQLite refuses LIKE patterns over 50,000 bytes.
MAX_TEXT = 500
# Beyond any store's row count, and well inside the 64-bit integers SQL engines take.
MAX_OFFSET = 10**12


async def listing_filters(
    types: Annotated[
        list[str] | None, Query(alias="type", description="PLOVER event type, e.g. ASSAULT (repeatable).")
    ] = None,
    modes: Annotated[
        list[str] | None, Query(alias="mode", description="PLOVER mode, e.g. aerial, demo (repeatable).")
    ] = None,
    actor: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Actor as written (any spelling) or a code: SYR, MIL, SYRMIL."),
    ] = None,
    countries: Annotated[
        list[str] | None, Query(alias="country", description="ISO alpha-3 code of the event's place (repeatable).")
    ] = None,
    since: Annotated[str | None, Query(description="From this date (YYYY-MM-DD).", examples=["2024-03-01"])] = None,
    until: Annotated[str | None, Query(description="Up to this date (YYYY-MM-DD), inclusive.")] = None,
    bbox: Annotated[str | None, Query(description="Bounding box WEST,SOUTH,EAST,NORTH in degrees.")] = None,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Words the article contains, in any common spelling.")
    ] = None,
    include_all: Annotated[bool, Query(alias="all", description="Include negated and historical events.")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0,
) -> Filters:
    """Build the query's Filters from the query string (a bad bbox raises QueryError → 400).

    A coroutine although it never waits: FastAPI runs a plain function dependency in its
    thread pool, a hand-off that cost more than building the filters.
    """
    return Filters(
        types=_values(types),
        modes=_values(modes),
        actor=actor or None,
        countries=_values(countries),
        since=_date("since", since),
        until=_date("until", until),
        bbox=BBox.parse(bbox) if bbox else None,
        text=q or None,
        include_negated=include_all,
        include_historical=include_all,
        limit=limit,
        offset=offset,
    )


def _date(name: str, value: str | None) -> dt.date | None:
    """Read a YYYY-MM-DD parameter; an empty one (a blank form field) means no bound."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"{name}: {value!r} is not a date in YYYY-MM-DD form") from exc


def _values(given: list[str] | None) -> tuple[str, ...]:
    """Drop empty values (an HTML form sends `type=` for "any")."""
    return tuple(value for value in given or () if value)


def unpaged(filters: Filters) -> Filters:
    """Return the same selection without its page (for counts, the map and the timeline)."""
    return dataclasses.replace(filters, limit=None, offset=0)


def probe(filters: Filters) -> Filters:
    """Ask for one row more than the page holds, to learn whether a next page exists."""
    return dataclasses.replace(filters, limit=(filters.limit or DEFAULT_LIMIT) + 1)
