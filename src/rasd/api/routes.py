"""The JSON API under /api: thin handlers over `rasd.query`, one envelope for every answer.

Handlers are plain functions (FastAPI runs them in its worker threads); each takes the
thread's own store from the pool and the shared listing filters. They return JSONResponse
directly: the records are plain JSON already, and FastAPI's generic encoder would walk
every nested record again (about 3 ms for a page of 20 events). The event listing, the
busiest route, sends the stored record texts as they are (`query.event_records`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from rasd import query
from rasd.api.envelope import encoded_page, page
from rasd.api.ingest import Ingester, authorise
from rasd.api.params import MAX_OFFSET, listing_filters, probe, unpaged
from rasd.api.stores import StorePool
from rasd.query import Filters, QueryError
from rasd.web.charts import Basemap, timeline_bucket

router = APIRouter(prefix="/api")
Listing = Annotated[Filters, Depends(listing_filters)]


class NotFound(LookupError):
    """A record the URL names that the store does not hold (→ 404)."""


async def stores_of(request: Request) -> StorePool:
    """Return the app's store pool; a handler calls `.get()` in its own thread (SQLite needs that).

    A coroutine, so FastAPI calls it on the event loop instead of handing it to a worker thread.
    """
    return request.app.state.stores


Stores = Annotated[StorePool, Depends(stores_of)]
MinReports = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_OFFSET,
        description="Only incidents told by at least this many reports (2: linked across articles).",
    ),
]


async def _body(request: Request) -> bytes:
    """Return the request body (already bounded by the BodyLimit middleware)."""
    return await request.body()


@router.get("/events", summary="Events, latest first")
def events(request: Request, stores: Stores, filters: Listing) -> Response:
    """List stored events (current, reported ones unless `all`), each as its output-contract record."""
    store = stores.get()
    return encoded_page(request, list(query.event_records(store, probe(filters))), filters)


@router.get("/events/{event_id}", summary="One event")
def event(stores: Stores, event_id: str) -> JSONResponse:
    store = stores.get()
    row = query.event(store, event_id)
    if row is None:
        raise NotFound(f"no event {event_id!r}")
    return JSONResponse({"data": row.to_record()})


@router.get("/documents", summary="Articles, latest first")
def documents(request: Request, stores: Stores, filters: Listing) -> JSONResponse:
    """List stored articles; event filters keep articles holding at least one such event."""
    store = stores.get()
    rows = [_document_record(row) for row in query.documents(store, probe(filters))]
    return JSONResponse(page(request, rows, filters))


@router.get("/documents/{key}", summary="One article with its text, events and claims")
def document(stores: Stores, key: str) -> JSONResponse:
    """Return an article by the first 16 hex digits of its content hash (as in event ids)."""
    store = stores.get()
    found = query.article(store, key)
    if found is None:
        raise NotFound(f"no article {key!r} (give the first 16 hex digits of its content hash)")
    record = _document_record(found.document)
    record.update(
        text=found.text,
        author=found.author,
        events=[{"event_id": row.event_id, **row.record} for row in found.events],
        claims=[{"claim_id": row.claim_id, **row.record} for row in found.claims],
    )
    return JSONResponse({"data": record})


@router.get("/claims", summary="Claims: who says what")
def claims(request: Request, stores: Stores, filters: Listing) -> JSONResponse:
    """List stored claims; `actor` matches who is quoted and dates are the publication dates."""
    store = stores.get()
    rows = [row.to_record() for row in query.claims(store, probe(filters))]
    return JSONResponse(page(request, rows, filters))


@router.get("/search", summary="Articles containing words")
def search(request: Request, stores: Stores, filters: Listing) -> JSONResponse:
    """Find the articles containing every word of `q`, in any common spelling, with a snippet."""
    store = stores.get()
    rows = [_document_record(row) for row in query.search(store, probe(filters))]
    return JSONResponse(page(request, rows, filters))


@router.get("/incidents", summary="Incidents: one happening, every report of it")
def incidents(request: Request, stores: Stores, filters: Listing, min_reports: MinReports = 1) -> JSONResponse:
    """List incidents holding at least one selected event, each with its reports, sources and figures."""
    store = stores.get()
    rows = [row.to_record() for row in query.incidents(store, probe(filters), min_reports=min_reports)]
    return JSONResponse(page(request, rows, filters))


@router.get("/incidents/{incident_id}", summary="One incident")
def incident(stores: Stores, incident_id: str) -> JSONResponse:
    store = stores.get()
    row = query.incident(store, incident_id)
    if row is None:
        raise NotFound(f"no incident {incident_id!r}")
    return JSONResponse({"data": row.to_record()})


@router.get("/stats", summary="Counts of the selected events")
def stats(stores: Stores, filters: Listing) -> JSONResponse:
    """Count the selected events by type, mode, country and date (by day or month)."""
    store = stores.get()
    selection = unpaged(filters)
    by_type = query.tally(store, selection, "type")
    bucket = timeline_bucket(selection, store)
    data = {
        "store": store.counts(),
        "events": sum(item.count for item in by_type),
        "by_type": _tallies(by_type),
        "by_mode": _tallies(query.tally(store, selection, "mode")),
        "by_country": _tallies(query.tally(store, selection, "country")),
        f"by_{bucket}": _tallies(query.tally(store, selection, bucket)),
    }
    return JSONResponse({"data": data})


@router.get("/places", summary="Located events grouped by place (GeoJSON)")
def places(stores: Stores, filters: Listing) -> JSONResponse:
    """Return the selected events with coordinates as GeoJSON points, one per place, with counts."""
    store = stores.get()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "place": place.place,
                "country": place.country,
                "events": place.count,
                "fatalities": place.fatalities,
            },
        }
        for place in query.places(store, unpaged(filters))
    ]
    return JSONResponse({"type": "FeatureCollection", "features": features}, media_type="application/geo+json")


@router.get("/sources", summary="Watched feeds and sitemaps, with their last fetch and errors")
def sources(stores: Stores) -> JSONResponse:
    """List every source `rasd watch` polls: kind, last fetch, last status and error, running counts."""
    return JSONResponse({"data": [row.to_record() for row in query.sources(stores.get())]})


@router.get("/basemap", summary="World country outlines (GeoJSON)")
def basemap() -> JSONResponse:
    """Return the country outlines the map is drawn on, from the installed countryinfo package."""
    return JSONResponse(Basemap.load().geojson(), media_type="application/geo+json")


@router.post("/ingest", summary="Analyse and store articles (needs the write token)")
def ingest(
    request: Request,
    stores: Stores,
    body: Annotated[bytes, Depends(_body)],
    authorization: Annotated[str | None, Header(description="Bearer <RASD_API_TOKEN>")] = None,
    published: Annotated[dt.date | None, Query(description="Publication date for articles that carry none.")] = None,
) -> JSONResponse:
    """Run the pipeline over the body (one text or HTML article, or JSONL) and store new articles."""
    authorise(request.app.state.token, authorization)
    if not body.strip():
        raise QueryError("the request body is empty: send an article (text or HTML) or JSONL records")
    ingester: Ingester = request.app.state.ingester
    return JSONResponse({"data": ingester.ingest(stores.get(), body, published).to_dict()})


def _document_record(row: query.DocumentRow) -> dict[str, Any]:
    record = row.to_record()
    record["key"] = row.content_hash[:16]
    return record


def _tallies(items: list[query.Tally]) -> list[dict[str, Any]]:
    return [{"key": item.key, "count": item.count} for item in items]
