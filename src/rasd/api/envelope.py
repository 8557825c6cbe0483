"""The API's one response shape: `{"data": ..., "meta": {...}}`, and `{"error": {...}}` on failure."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from rasd.query import Filters

# Stable machine-readable codes for the HTTP statuses the API answers with.
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
}


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return the error envelope for a status and a message a person can act on."""
    error: dict[str, Any] = {"status": status, "code": ERROR_CODES.get(status, "error"), "message": message}
    if details:
        error["details"] = details
    return {"error": error}


def error_response(
    status: int, message: str, details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message, details), status_code=status, headers=headers)


def page(request: Request, records: list[Any], filters: Filters) -> dict[str, Any]:
    """Wrap one page of records (fetched with one extra row as a probe) with its paging links."""
    data = records[: filters.limit or len(records)]
    return {"data": data, "meta": _meta(request, len(records), filters)}


def encoded_page(request: Request, records: list[str], filters: Filters) -> Response:
    """Answer with one page of records already encoded as JSON objects, as `page` wraps them."""
    data = records[: filters.limit or len(records)]
    meta = json.dumps(_meta(request, len(records), filters), ensure_ascii=False)
    body = '{"data": [' + ", ".join(data) + '], "meta": ' + meta + "}"
    return Response(body.encode("utf-8"), media_type="application/json")


def _meta(request: Request, fetched: int, filters: Filters) -> dict[str, Any]:
    """Return a page's count and paging links; `fetched` rows include the probe for a next page."""
    limit = filters.limit or fetched
    more = fetched > limit
    next_url = str(request.url.include_query_params(offset=filters.offset + limit)) if more else None
    return {"count": min(fetched, limit), "limit": limit, "offset": filters.offset, "next": next_url}
