"""The HTML pages: each is the same question as its JSON twin under /api, rendered for people.

Everything that comes from articles is untrusted: templates are rendered with Jinja2's
autoescaping on, no template marks data as safe, and the page's own script only ever sets
`textContent`. The content security policy forbids inline script and style outright.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from rasd import query
from rasd.api.params import listing_filters, probe, unpaged
from rasd.api.routes import MinReports, NotFound, Stores
from rasd.query import Filters
from rasd.web.article import runs
from rasd.web.charts import Box, event_map, timeline, timeline_bucket

router = APIRouter(include_in_schema=False)
Listing = Annotated[Filters, Depends(listing_filters)]


@cache
def environment() -> Environment:
    """Build the template environment once: autoescape on for every template."""
    folder = resources.files("rasd.web").joinpath("templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True, undefined=StrictUndefined)
    env.globals["with_query"] = _with_query
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message, twin=None)


def _with_query(request: Request, path: str | None = None, **changes: Any) -> str:
    """Return this page's path (or `path`) and query with some parameters replaced; None drops one."""
    params = [(key, value) for key, value in request.query_params.multi_items() if key not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        params += [(key, str(item)) for item in value] if isinstance(value, list | tuple) else [(key, str(value))]
    return (path or request.url.path) + ("?" + urlencode(params) if params else "")


def _twin(request: Request, path: str) -> str:
    """Return the JSON twin of this page: the same path under /api, with the same query."""
    query_string = request.url.query
    return path + ("?" + query_string if query_string else "")


def _page_rows(rows: list[Any], filters: Filters) -> tuple[list[Any], bool]:
    limit = filters.limit or len(rows)
    return rows[:limit], len(rows) > limit


@router.get("/", response_class=HTMLResponse)
@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, stores: Stores, filters: Listing) -> HTMLResponse:
    """The overview: filters, map, timeline and the table of events."""
    store = stores.get()
    rows, more = _page_rows(list(query.events(store, probe(filters))), filters)
    selection = unpaged(filters)
    by_type = query.tally(store, selection, "type")
    bucket = timeline_bucket(selection, store)

    def place_link(box: Box) -> str:
        return _with_query(request, "/events", bbox=",".join(f"{v:.4f}" for v in box), offset=None)

    def period_link(start: dt.date, end: dt.date) -> str:
        return _with_query(request, "/events", since=start.isoformat(), until=end.isoformat(), offset=None)

    return render(
        request,
        "events.html",
        rows=rows,
        more=more,
        filters=filters,
        total=sum(item.count for item in by_type),
        by_type=by_type,
        all_types=[name for name, _ in store.event_types()],
        map=event_map(query.places(store, selection), place_link),
        timeline=timeline(query.tally(store, selection, bucket), bucket, period_link),
        twin=_twin(request, "/api/events"),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, stores: Stores, event_id: str) -> HTMLResponse:
    store = stores.get()
    row = query.event(store, event_id)
    if row is None:
        raise NotFound(f"no event {event_id!r}")
    return render(request, "event.html", event=row, twin=f"/api/events/{event_id}")


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, stores: Stores, filters: Listing) -> HTMLResponse:
    store = stores.get()
    rows, more = _page_rows(list(query.documents(store, probe(filters))), filters)
    return render(
        request,
        "documents.html",
        rows=rows,
        more=more,
        filters=filters,
        heading="Articles",
        search=False,
        twin=_twin(request, "/api/documents"),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, stores: Stores, filters: Listing) -> HTMLResponse:
    store = stores.get()
    rows: list[query.DocumentRow] = []
    more = False
    if filters.text:
        rows, more = _page_rows(list(query.search(store, probe(filters))), filters)
    return render(
        request,
        "documents.html",
        rows=rows,
        more=more,
        filters=filters,
        heading="Search",
        search=True,
        twin=_twin(request, "/api/search"),
    )


@router.get("/documents/{key}", response_class=HTMLResponse)
def article_page(request: Request, stores: Stores, key: str) -> HTMLResponse:
    """One article with the evidence of each of its events highlighted in the clean text."""
    store = stores.get()
    found = query.article(store, key)
    if found is None:
        raise NotFound(f"no article {key!r}")
    return render(
        request, "article.html", article=found, runs=runs(found.text, found.events), twin=f"/api/documents/{key}"
    )


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, stores: Stores, filters: Listing) -> HTMLResponse:
    store = stores.get()
    rows, more = _page_rows(list(query.claims(store, probe(filters))), filters)
    return render(request, "claims.html", rows=rows, more=more, filters=filters, twin=_twin(request, "/api/claims"))


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, stores: Stores, filters: Listing, min_reports: MinReports = 1) -> HTMLResponse:
    store = stores.get()
    rows, more = _page_rows(list(query.incidents(store, probe(filters), min_reports=min_reports)), filters)
    return render(
        request,
        "incidents.html",
        rows=rows,
        more=more,
        filters=filters,
        min_reports=min_reports,
        twin=_twin(request, "/api/incidents"),
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, stores: Stores, incident_id: str) -> HTMLResponse:
    """One incident: every report of it, who said what, and where the figures disagree."""
    store = stores.get()
    row = query.incident(store, incident_id)
    if row is None:
        raise NotFound(f"no incident {incident_id!r}")
    return render(request, "incident.html", incident=row, twin=f"/api/incidents/{incident_id}")


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, stores: Stores, filters: Listing) -> HTMLResponse:
    store = stores.get()
    selection = unpaged(filters)
    tallies = {by: query.tally(store, selection, by) for by in ("type", "mode", "country")}
    return render(
        request,
        "stats.html",
        counts=store.counts(),
        tallies=tallies,
        filters=filters,
        twin=_twin(request, "/api/stats"),
    )


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI for the OpenAPI schema, served from the installed swagger-ui-py package."""
    return render(request, "docs.html", twin="/openapi.json")
