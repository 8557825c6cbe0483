"""Questions asked of the store: events, claims, documents and free-text search.

This is the one query module: the command line (and the REST API and web page) are thin
layers over it. A question is a `Filters` value; every filter becomes an SQL condition
with `?` placeholders and the user's values go only into the parameter list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from rasd.arabic.normalise import MatchView
from rasd.store.base import Store
from rasd.store.terms import SpellingVariants, all_forms, query_terms, stem, words

# CAMEO-style codes as the store holds them: a country (or IGO, IMG, ...), a sector, or both.
ACTOR_CODE = re.compile(r"[A-Z]{3}(?:[A-Z]{3})?")
SNIPPET_CONTEXT = 60  # display characters shown on each side of a search hit
# A page of at most this many events is read in one round trip (Store.fetch) instead of
# streamed; the REST API's largest page (500 rows and a probe) fits.
ROWS_AT_ONCE = 1000


class QueryError(ValueError):
    """A question the store cannot answer as asked (bad value, filter that does not apply)."""


@dataclass(frozen=True, slots=True)
class BBox:
    """A bounding box in GeoJSON order: west, south, east, north (degrees)."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """Read «W,S,E,N» (e.g. «35.5,32.5,42.5,37.5» around Syria)."""
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError as exc:
            raise QueryError(f"{text!r} is not a bounding box WEST,SOUTH,EAST,NORTH") from exc
        box = cls(west, south, east, north)
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
            raise QueryError(f"{text!r} is outside -180..180 longitude / -90..90 latitude, or south > north")
        return box


@dataclass(frozen=True, slots=True)
class Filters:
    """What to select. Empty means everything; several values of one filter mean any of them."""

    types: tuple[str, ...] = ()  # PLOVER types: ASSAULT, PROTEST, ...
    modes: tuple[str, ...] = ()  # PLOVER modes: aerial, demo, ...
    actor: str | None = None  # actor text or name (matching view), or a code: SYR, MIL, SYRMIL
    countries: tuple[str, ...] = ()  # ISO alpha-3 of the event's place
    since: dt.date | None = None  # event date (its article's publication date when it has none)
    until: dt.date | None = None
    bbox: BBox | None = None
    text: str | None = None  # words the article contains (see rasd.store.terms)
    include_negated: bool = False  # denied, threatened or hypothetical events
    include_historical: bool = False  # background events the article recalls
    limit: int | None = None
    offset: int = 0

    def event_filters(self) -> list[str]:
        """Name the event-level filters that are set."""
        names = ("types", "modes", "actor", "countries", "bbox")
        return [name for name in names if getattr(self, name)]


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with its article, flat enough for a table, CSV or Parquet row."""

    event_id: str
    doc_id: str
    title: str | None
    published: str | None
    url: str | None
    article_source: str
    type: str
    mode: str | None
    date: str | None
    date_precision: str | None  # day | month | year when `date` is set
    source_text: str | None
    source_name: str | None
    source_country: str | None
    source_sector: str | None
    target_text: str | None
    target_name: str | None
    target_country: str | None
    target_sector: str | None
    place_text: str | None
    place_name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    fatalities: int | None
    injuries: int | None
    negated: bool
    historical: bool
    attribution_kind: str | None
    attribution_text: str | None
    evidence: str
    record: dict[str, Any] = field(repr=False)  # the event's full output-contract record

    def to_record(self) -> dict[str, Any]:
        """Return the event's JSON record with its id and article (for JSONL)."""
        article = {"id": self.doc_id, "title": self.title, "published": self.published, "url": self.url}
        return {"event_id": self.event_id, "document": article, **self.record}


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One stored claim with its article."""

    claim_id: str
    doc_id: str
    title: str | None
    published: str | None
    url: str | None
    text: str
    verb: str | None
    quoted: bool
    attribution_kind: str
    attribution_text: str
    attribution_name: str | None
    evidence: str
    record: dict[str, Any] = field(repr=False)

    def to_record(self) -> dict[str, Any]:
        article = {"id": self.doc_id, "title": self.title, "published": self.published, "url": self.url}
        return {"claim_id": self.claim_id, "document": article, **self.record}


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One stored article, with how many events and claims it holds (and a hit, for search)."""

    doc_id: str
    title: str | None
    published: str | None
    url: str | None
    article_source: str
    language: str | None
    duplicate_of: str | None
    content_hash: str
    events: int
    claims: int
    snippet: str | None = None

    def to_record(self) -> dict[str, Any]:
        return flat(self)


Row = EventRow | ClaimRow | DocumentRow


def flat(row: Row) -> dict[str, Any]:
    """Return a row's scalar columns in order (everything but the nested record)."""
    return {f.name: getattr(row, f.name) for f in fields(row) if f.name != "record"}


def columns(kind: type[Row]) -> list[str]:
    """Return the scalar column names of a row type, in order."""
    return [f.name for f in fields(kind) if f.name != "record"]


# --- events ---------------------------------------------------------------------------------

EVENT_SELECT = (
    "SELECT d.content_hash, e.seq, d.doc_id, d.title, d.published, d.url, d.source AS article_source,"
    " e.type, e.mode, e.date, e.date_precision, e.source_text, e.source_name, e.source_country, e.source_sector,"
    " e.target_text, e.target_name, e.target_country, e.target_sector, e.place_text, e.place_name,"
    " e.country, e.admin1, e.lat, e.lon, e.place_precision AS precision, e.fatalities, e.injuries,"
    " e.negated, e.historical, e.attribution_kind, e.attribution_text,"
    " substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) AS evidence, e.record"
    " FROM events e JOIN documents d ON d.id = e.document_id"
)
# The event's date, else its article's publication date (stored at insert: migration 0005).
EVENT_DATE = "e.sort_date"
# Latest first, undated last; the store's events_*_latest indexes hold rows in this order.
EVENT_ORDER = f" ORDER BY {EVENT_DATE} DESC NULLS LAST, e.document_id, e.seq"


# What `event_records` needs: the event's id, its article and its stored record text.
EVENT_RECORD_SELECT = (
    "SELECT d.content_hash, e.seq, d.doc_id, d.title, d.published, d.url, e.record"
    " FROM events e JOIN documents d ON d.id = e.document_id"
)


def events(store: Store, filters: Filters) -> Iterator[EventRow]:
    """Yield the stored events that pass every filter, latest first."""
    for row in _event_listing(store, filters, EVENT_SELECT):
        yield _event_row(row)


def event_records(store: Store, filters: Filters) -> Iterator[str]:
    """Yield the JSON text of `EventRow.to_record()` for each event `events` would yield, in order.

    The stored record text is spliced in as it is: parsing it into an EventRow and encoding
    it again took half the CPU of a REST API page of 20 events (≈ 25 µs an event).
    """
    for row in _event_listing(store, filters, EVENT_RECORD_SELECT):
        head = json.dumps(
            {
                "event_id": _row_id(row["content_hash"], row["seq"]),
                "document": {
                    "id": row["doc_id"],
                    "title": row["title"],
                    "published": row["published"],
                    "url": row["url"],
                },
            },
            ensure_ascii=False,
        )
        members = row["record"].strip()[1:].lstrip()  # the record object's text after its «{»
        yield head if members.startswith("}") else head[:-1] + ", " + members


def _event_listing(store: Store, filters: Filters, select: str) -> Iterator[dict[str, Any]]:
    """Yield the `select` columns of the events that pass every filter, latest first."""
    where, params = _event_conditions(store, filters)
    if filters.limit is None and not filters.offset:
        sql = select + _where(where) + EVENT_ORDER
    else:
        # A page picks its rows' keys on a narrow index first, then reads only those rows:
        # rows skipped by the offset or the filters never have their record and evidence read.
        keys = "SELECT e.id FROM " + _event_tables(filters) + _where(where) + EVENT_ORDER + _page(filters, params)
        sql = select + f" WHERE e.id IN ({keys})" + EVENT_ORDER
    bounded = filters.limit is not None and filters.limit <= ROWS_AT_ONCE
    yield from store.fetch(sql, params) if bounded else store.rows(sql, params)


def _event_tables(filters: Filters) -> str:
    """Return the FROM clause `_event_conditions` needs: events, with their article for a text filter."""
    return "events e" + (" JOIN documents d ON d.id = e.document_id" if filters.text else "")


def _event_row(row: dict[str, Any]) -> EventRow:
    content_hash, seq = row.pop("content_hash"), row.pop("seq")
    row["negated"], row["historical"] = bool(row["negated"]), bool(row["historical"])
    row["record"] = json.loads(row["record"])
    return EventRow(event_id=_row_id(content_hash, seq), **row)


def _event_conditions(store: Store, filters: Filters) -> tuple[list[str], list[Any]]:
    """Return the conditions (on aliases e, d) and parameters that select events."""
    where: list[str] = []
    params: list[Any] = []
    if not filters.include_negated:
        where.append("e.negated = 0")
    if not filters.include_historical:
        where.append("e.historical = 0")
    if filters.types:
        where.append(_any_of("e.type", len(filters.types)))
        params += [value.upper() for value in filters.types]
    if filters.modes:
        where.append(_any_of("e.mode", len(filters.modes)))
        params += [value.lower() for value in filters.modes]
    if filters.countries:
        where.append(_any_of("e.country", len(filters.countries)))
        params += [value.upper() for value in filters.countries]
    if filters.actor:
        condition, values = _actor_condition(filters.actor)
        where.append(condition)
        params += values
    if filters.since:
        where.append(f"{EVENT_DATE} >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        where.append(f"{EVENT_DATE} <= ?")
        params.append(filters.until.isoformat())
    if filters.bbox:
        condition, values = _bbox_condition(filters.bbox)
        where.append(condition)
        params += values
    _add_text(store, filters, where, params)
    return where, params


def _actor_condition(actor: str) -> tuple[str, list[Any]]:
    """Match an actor code (SYR, MIL, SYRMIL) on either side, or a name in the matching view."""
    if ACTOR_CODE.fullmatch(actor):
        if len(actor) == 6:
            country, sector = actor[:3], actor[3:]
            condition = (
                "((e.source_country = ? AND e.source_sector = ?) OR (e.target_country = ? AND e.target_sector = ?))"
            )
            return condition, [country, sector, country, sector]
        condition = "(e.source_country = ? OR e.source_sector = ? OR e.target_country = ? OR e.target_sector = ?)"
        return condition, [actor] * 4
    return _names_like("e.actor_terms", actor)


def _names_like(column: str, name: str) -> tuple[str, list[Any]]:
    """Match every word of a name (without clitics, in any listed spelling) in a names column."""
    variants = SpellingVariants.load()
    conditions: list[str] = []
    params: list[Any] = []
    for word in words(name):
        spellings = sorted(variants.expand(stem(word)))
        conditions.append("(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for _ in spellings) + ")")
        params += [_contains(spelling) for spelling in spellings]
    if not conditions:
        raise QueryError(f"{name!r} has no word to match an actor by")
    return "(" + " AND ".join(conditions) + ")", params


def _bbox_condition(box: BBox) -> tuple[str, list[Any]]:
    if box.west <= box.east:
        return "(e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?)", [box.south, box.north, box.west, box.east]
    # A box across the antimeridian (west > east) covers two longitude ranges.
    return "(e.lat BETWEEN ? AND ? AND (e.lon >= ? OR e.lon <= ?))", [box.south, box.north, box.west, box.east]


# --- claims ---------------------------------------------------------------------------------

CLAIM_SELECT = (
    "SELECT d.content_hash, c.seq, d.doc_id, d.title, d.published, d.url, c.text, c.verb, c.quoted,"
    " c.attribution_kind, c.attribution_text, c.attribution_name,"
    " substr(d.text, c.evidence_start + 1, c.evidence_end - c.evidence_start) AS evidence, c.record"
    " FROM claims c JOIN documents d ON d.id = c.document_id"
)


def claims(store: Store, filters: Filters) -> Iterator[ClaimRow]:
    """Yield stored claims: `actor` matches who is quoted; dates are the article's publication."""
    unsupported = [name for name in filters.event_filters() if name != "actor"]
    if unsupported:
        raise QueryError(f"claims cannot be filtered by {', '.join(unsupported)}")
    where: list[str] = []
    params: list[Any] = []
    if filters.actor:
        condition, values = _names_like("c.attribution_terms", filters.actor)
        where.append(condition)
        params += values
    _add_published(filters, where, params)
    _add_text(store, filters, where, params)
    sql = CLAIM_SELECT + _where(where) + " ORDER BY " + _latest_articles() + ", c.seq" + _page(filters, params)
    for row in store.rows(sql, params):
        content_hash, seq = row.pop("content_hash"), row.pop("seq")
        row["quoted"], row["record"] = bool(row["quoted"]), json.loads(row["record"])
        yield ClaimRow(claim_id=_row_id(content_hash, seq, "c"), **row)


# --- documents and search ------------------------------------------------------------------

DOCUMENT_SELECT = (
    "SELECT d.doc_id, d.title, d.published, d.url, d.source AS article_source, d.language, d.duplicate_of,"
    " d.content_hash,"
    " (SELECT count(*) FROM events x WHERE x.document_id = d.id) AS events,"
    " (SELECT count(*) FROM claims y WHERE y.document_id = d.id) AS claims"
)


def documents(store: Store, filters: Filters) -> Iterator[DocumentRow]:
    """Yield stored articles; event filters keep the articles holding at least one such event."""
    yield from _documents(store, filters, snippets=False)


def search(store: Store, filters: Filters) -> Iterator[DocumentRow]:
    """Yield the articles containing every word of `filters.text`, each with a snippet."""
    if not filters.text or not query_terms(filters.text):
        raise QueryError("search needs at least one word")
    yield from _documents(store, filters, snippets=True)


def _documents(store: Store, filters: Filters, *, snippets: bool) -> Iterator[DocumentRow]:
    where: list[str] = []
    params: list[Any] = []
    if filters.event_filters():
        event_only = dataclasses.replace(filters, text=None, since=None, until=None)
        event_where, event_params = _event_conditions(store, event_only)
        # The set of articles holding such events, built once from the events' own index: a
        # correlated EXISTS let SQLite walk a whole type's index for every article (0.4 s a page).
        where.append("d.id IN (SELECT e.document_id FROM events e WHERE " + " AND ".join(event_where) + ")")
        params += event_params
    _add_published(filters, where, params)
    _add_text(store, filters, where, params)
    select = DOCUMENT_SELECT + (", d.text" if snippets else "") + " FROM documents d"
    sql = select + _where(where) + " ORDER BY " + _latest_articles() + _page(filters, params)
    forms = all_forms(query_terms(filters.text)) if snippets and filters.text else []
    for row in store.rows(sql, params):
        if snippets:
            row["snippet"] = snippet(row.pop("text"), forms)
        yield DocumentRow(**row)


def snippet(text: str, forms: list[str]) -> str | None:
    """Return the display text around the first place a query form occurs in the matching view."""
    view = MatchView.of(text)
    hits = [(index, form) for form in forms if (index := view.text.find(form)) >= 0]
    if not hits:
        return None
    index, form = min(hits)
    start, end = view.to_display(index, index + len(form))
    left, right = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    around = text[left:start] + "[" + text[start:end] + "]" + text[end:right]
    return ("…" if left else "") + " ".join(around.split()) + ("…" if right < len(text) else "")


# --- shared pieces --------------------------------------------------------------------------


def _add_text(store: Store, filters: Filters, where: list[str], params: list[Any]) -> None:
    if not filters.text:
        return
    terms = query_terms(filters.text)
    if not terms:
        raise QueryError(f"{filters.text!r} has no word to search for")
    condition, values = store.text_match("d", terms)
    where.append(condition)
    params += values


def _add_published(filters: Filters, where: list[str], params: list[Any]) -> None:
    if filters.since:
        where.append("d.published >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        where.append("d.published <= ?")
        params.append(filters.until.isoformat())


def _latest_articles() -> str:
    return "CASE WHEN d.published IS NULL THEN 1 ELSE 0 END, d.published DESC, d.id"


def _any_of(column: str, count: int) -> str:
    return f"{column} IN ({', '.join('?' * count)})"


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def _page(filters: Filters, params: list[Any]) -> str:
    if filters.limit is None and not filters.offset:
        return ""
    if (filters.limit is not None and filters.limit < 0) or filters.offset < 0:
        raise QueryError("limit and offset cannot be negative")
    # LIMIT -1 is not portable; a limit beyond any table size means "no limit" on both engines.
    params += [filters.limit if filters.limit is not None else 2**62, filters.offset]
    return " LIMIT ? OFFSET ?"


def _contains(value: str) -> str:
    """Return a LIKE pattern matching `value` anywhere, its own % _ and \\ taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _row_id(content_hash: str, seq: int, kind: str = "e") -> str:
    """Return a stable id: the article's content hash prefix, the kind and the position."""
    return f"{content_hash[:16]}-{kind}{seq}"


# --- single records and aggregates (for the REST API and the web page) ----------------------

# Group-by expressions a tally may use, by name: user input picks a key, never SQL text.
TALLY_BY = {
    "type": "e.type",
    "mode": "e.mode",
    "country": "e.country",
    "day": f"substr({EVENT_DATE}, 1, 10)",
    "month": f"substr({EVENT_DATE}, 1, 7)",
}
ROW_KEY = re.compile(r"([0-9a-f]{16})-([ec])(\d+)")
DOCUMENT_KEY = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True)
class Tally:
    """How many selected events share one value (a type, a country, a day or a month)."""

    key: str | None
    count: int


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """The selected events at one pair of coordinates."""

    lat: float
    lon: float
    place: str | None
    country: str | None
    count: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class Article:
    """One stored article with its clean text, events and claims (for the article view)."""

    document: DocumentRow
    text: str
    author: str | None
    events: tuple[EventRow, ...]
    claims: tuple[ClaimRow, ...]

    @property
    def key(self) -> str:
        return self.document.content_hash[:16]


def tally(store: Store, filters: Filters, by: str) -> list[Tally]:
    """Count the selected events by one of `TALLY_BY` (types: most frequent first; dates: in order)."""
    if by not in TALLY_BY:
        raise QueryError(f"cannot count events by {by!r}: choose one of {', '.join(TALLY_BY)}")
    where, params = _event_conditions(store, filters)
    expression = TALLY_BY[by]
    order = f"{expression}" if by in ("day", "month") else f"count(*) DESC, {expression}"
    sql = (
        f"SELECT {expression} AS key, count(*) AS n FROM {_event_tables(filters)}"
        + _where(where)
        + f" GROUP BY {expression} ORDER BY {order}"
    )
    return [Tally(row["key"], row["n"]) for row in store.rows(sql, params)]


def places(store: Store, filters: Filters) -> list[PlaceCount]:
    """Group the selected events that have coordinates by place, with their summed deaths."""
    where, params = _event_conditions(store, filters)
    where.append("e.lat IS NOT NULL AND e.lon IS NOT NULL")
    sql = (
        "SELECT e.lat, e.lon, min(coalesce(e.place_name, e.place_text)) AS place, min(e.country) AS country,"
        " count(*) AS n, sum(coalesce(e.fatalities, 0)) AS dead"
        " FROM "
        + _event_tables(filters)
        + _where(where)
        + " GROUP BY e.lat, e.lon ORDER BY count(*) DESC, e.lat, e.lon"  # ties in one order on both backends
    )
    return [
        PlaceCount(row["lat"], row["lon"], row["place"], row["country"], row["n"], int(row["dead"]))
        for row in store.rows(sql, params)
    ]


def event(store: Store, event_id: str) -> EventRow | None:
    """Return the stored event with this id (as `events` yields it), or None."""
    match = ROW_KEY.fullmatch(event_id)
    if not match or match.group(2) != "e":
        return None
    sql = EVENT_SELECT + " WHERE d.content_hash >= ? AND d.content_hash < ? AND e.seq = ?"
    rows = [_event_row(row) for row in store.fetch(sql, [*_hash_range(match.group(1)), int(match.group(3))])]
    return rows[0] if rows else None


def article(store: Store, key: str) -> Article | None:
    """Return the article whose content hash starts with `key` (16 hex digits), or None."""
    if not DOCUMENT_KEY.fullmatch(key):
        return None
    select = (
        DOCUMENT_SELECT + ", d.id AS row_id, d.text, d.record FROM documents d"
        " WHERE d.content_hash >= ? AND d.content_hash < ?"
    )
    found = list(store.rows(select, _hash_range(key)))
    if not found:
        return None
    row = found[0]
    row_id, text, record = row.pop("row_id"), row.pop("text"), json.loads(row.pop("record"))
    event_rows = tuple(
        _event_row(event_row)
        for event_row in store.rows(EVENT_SELECT + " WHERE e.document_id = ? ORDER BY e.seq", [row_id])
    )
    claim_rows = tuple(
        _claim_row(claim_row)
        for claim_row in store.rows(CLAIM_SELECT + " WHERE c.document_id = ? ORDER BY c.seq", [row_id])
    )
    return Article(DocumentRow(**row), text, record.get("author"), event_rows, claim_rows)


def _claim_row(row: dict[str, Any]) -> ClaimRow:
    content_hash, seq = row.pop("content_hash"), row.pop("seq")
    row["quoted"], row["record"] = bool(row["quoted"]), json.loads(row["record"])
    return ClaimRow(claim_id=_row_id(content_hash, seq, "c"), **row)


def _hash_range(prefix: str) -> list[str]:
    """Return bounds selecting the hex hashes that start with `prefix` (an index range, unlike LIKE)."""
    return [prefix, prefix + "g"]  # "g" sorts after every hex digit


# --- watched sources ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One feed or sitemap `rasd watch` polls, with its last outcome and running counts."""

    url: str
    kind: str  # feed | sitemap
    last_fetch: str | None
    last_status: str | None  # ok | not-modified | error
    last_error: str | None
    items_seen: int  # entries listed the last time the document was fetched
    errors: int  # failed polls so far
    articles: int  # articles stored from it so far
    article_errors: int  # article fetches or analyses that failed so far

    def to_record(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def sources(store: Store) -> Iterator[SourceRow]:
    """Yield every watched source's status, by URL."""
    names = {f.name for f in fields(SourceRow)}
    for row in store.sources():
        yield SourceRow(**{name: value for name, value in row.items() if name in names})


# --- incidents (rasd.link.incidents) ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One real-world happening and every article that reports it, flat enough for a table or CSV."""

    incident_id: str
    type: str
    first_date: str | None
    last_date: str | None
    place_name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    reports: int  # events and syndicated copies filed under it
    articles: int
    fatalities_min: int | None
    fatalities_max: int | None
    injuries_min: int | None
    injuries_max: int | None
    sources: str  # every attribution and outlet, «; »-joined
    record: dict[str, Any] = field(repr=False)  # every report with its figures, source and link audit

    def to_record(self) -> dict[str, Any]:
        return self.record


INCIDENT_SELECT = (
    "SELECT i.id, i.key, i.type, i.first_date, i.last_date, i.place_text, i.place_name, i.country, i.admin1,"
    " i.lat, i.lon, i.place_precision, i.reports, i.articles, i.fatalities_min, i.fatalities_max,"
    " i.injuries_min, i.injuries_max FROM incidents i"
)
INCIDENT_REPORTS = (
    "SELECT r.link, r.date_basis, r.link_date, d.doc_id, d.title, d.published, d.url, d.source AS article_source,"
    " o.doc_id AS copy_of, d.content_hash, e.seq, e.record,"
    " substr(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) AS evidence"
    " FROM incident_reports r JOIN documents d ON d.id = r.document_id"
    " LEFT JOIN events e ON e.id = r.event_id LEFT JOIN documents o ON o.id = r.copy_of"
    " WHERE r.incident_id = ? ORDER BY r.id"
)


def incidents(store: Store, filters: Filters, *, min_reports: int = 1) -> Iterator[IncidentRow]:
    """Yield incidents holding at least one event that passes every filter, latest first.

    `min_reports=2` keeps the happenings more than one report (or copy) tells of.
    """
    event_where, params = _event_conditions(store, filters)
    # The incidents holding such events, collected once from the events' own index: a correlated
    # EXISTS let SQLite walk a whole type's index for every incident (20 s on 10,000 events).
    members = f"SELECT r.incident_id FROM {_event_tables(filters)} JOIN incident_reports r ON r.event_id = e.id"
    where = [f"i.id IN ({members}{_where(event_where)})", "i.reports >= ?"]
    params.append(min_reports)
    sql = (
        INCIDENT_SELECT
        + _where(where)
        + " ORDER BY CASE WHEN i.last_date IS NULL THEN 1 ELSE 0 END, i.last_date DESC, i.id"
        + _page(filters, params)
    )
    for row in store.rows(sql, params):
        yield _incident_row(store, row)


def incident(store: Store, incident_id: str) -> IncidentRow | None:
    """Return the incident with this id (as `incidents` yields it), or None."""
    found = list(store.rows(INCIDENT_SELECT + " WHERE i.key = ?", [incident_id]))
    return _incident_row(store, found[0]) if found else None


def _incident_row(store: Store, row: dict[str, Any]) -> IncidentRow:
    reports = [_incident_report(report) for report in store.fetch(INCIDENT_REPORTS, [row["id"]])]
    place = {
        "text": row["place_text"],
        "name": row["place_name"],
        "country": row["country"],
        "admin1": row["admin1"],
        "lat": row["lat"],
        "lon": row["lon"],
        "precision": row["place_precision"],
    }
    attributions = _distinct(report["attribution"] for report in reports if report["attribution"])
    outlets = _distinct({"outlet": report["article"]["outlet"]} for report in reports)
    record = {
        "incident_id": row["key"],
        "type": row["type"],
        "first_date": row["first_date"],
        "last_date": row["last_date"],
        "place": place,
        "report_count": row["reports"],
        "article_count": row["articles"],
        "fatalities": _figure(reports, "fatalities"),
        "injuries": _figure(reports, "injuries"),
        "sources": attributions,
        "outlets": [outlet["outlet"] for outlet in outlets],
        "reports": reports,
    }
    names = [source["text"] for source in attributions] + record["outlets"]
    return IncidentRow(
        incident_id=row["key"],
        type=row["type"],
        first_date=row["first_date"],
        last_date=row["last_date"],
        place_name=row["place_name"] or row["place_text"],
        country=row["country"],
        admin1=row["admin1"],
        lat=row["lat"],
        lon=row["lon"],
        precision=row["place_precision"],
        reports=row["reports"],
        articles=row["articles"],
        fatalities_min=row["fatalities_min"],
        fatalities_max=row["fatalities_max"],
        injuries_min=row["injuries_min"],
        injuries_max=row["injuries_max"],
        sources="; ".join(names),
        record=record,
    )


def _incident_report(row: dict[str, Any]) -> dict[str, Any]:
    """Return one report of an incident: its article, event (none for a copy) and link audit."""
    event = json.loads(row["record"]) if row["record"] else {}
    article = {
        "id": row["doc_id"],
        "title": row["title"],
        "published": row["published"],
        "url": row["url"],
        "outlet": _outlet_of(row["url"], row["article_source"]),
    }
    return {
        "event_id": _row_id(row["content_hash"], row["seq"]) if row["seq"] is not None else None,
        "article": article,
        "copy_of": row["copy_of"],
        "type": event.get("type"),
        "mode": event.get("mode"),
        "date": event.get("date"),
        "date_basis": row["date_basis"],
        "source": event.get("source"),
        "target": event.get("target"),
        "location": event.get("location"),
        "fatalities": event.get("fatalities"),
        "injuries": event.get("injuries"),
        "attribution": event.get("attribution"),
        "evidence": row["evidence"],
        "link": json.loads(row["link"]),
    }


def _figure(reports: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Return a toll as a range with who said which: {min, max, reports: [{value, article, attribution}]}."""
    said = [
        {
            "value": report[name],
            "article": report["article"]["id"],
            "event_id": report["event_id"],
            "attribution": report["attribution"]["text"] if report["attribution"] else None,
            "outlet": report["article"]["outlet"],
        }
        for report in reports
        if report[name] is not None
    ]
    values = [entry["value"] for entry in said]
    return {"min": min(values, default=None), "max": max(values, default=None), "reports": said}


def _outlet_of(url: str | None, source: str) -> str:
    """Name an article's outlet: its URL's host without www., else the input it was read from."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else source


def _distinct(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the items once each, in first-seen order (dicts are not hashable)."""
    seen: list[dict[str, Any]] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
