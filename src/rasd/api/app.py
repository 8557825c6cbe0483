"""The rasd web application: the JSON API, the web page and the OpenAPI docs in one FastAPI app.

Every error, whatever raised it, leaves as one envelope: `{"error": {"status", "code",
"message"}}` under /api (and for the OpenAPI schema), an HTML page with the same message
elsewhere.
"""

from __future__ import annotations

import logging
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from rasd.api.envelope import error_response
from rasd.api.ingest import MAX_BODY_BYTES, Ingester, WriteRefused
from rasd.api.middleware import BodyLimit, RateLimit, RefuseNul, SecurityHeaders
from rasd.api.routes import NotFound
from rasd.api.routes import router as api_router
from rasd.api.stores import StorePool
from rasd.query import QueryError

log = logging.getLogger(__name__)

# A client may spend this many seconds' worth of its rate at once: the web page's first load
# asks for about ten listings together.
RATE_BURST_SECONDS = 4

DESCRIPTION = """Structured, sourced political-event data from Arabic news articles.

Listings take the command line's filters (`type`, `mode`, `actor`, `country`, `since`,
`until`, `bbox`, `q`, `all`) and a page (`limit`, `offset`); answers are `{"data", "meta"}`
and errors `{"error": {"status", "code", "message"}}`. Writing (`POST /api/ingest`) needs
`Authorization: Bearer <token>` matching the server's RASD_API_TOKEN.
"""


def create_app(
    db: str, *, token: str | None = None, max_body: int = MAX_BODY_BYTES, rate_limit: float | None = None
) -> FastAPI:
    """Build the application over the store `db` (a --db value); `token` enables writes.

    `rate_limit` caps /api requests per client address and second (bursts up to
    `RATE_BURST_SECONDS` seconds' worth); None leaves them unlimited.
    """
    from rasd.web.pages import router as web_router

    stores = StorePool(db)
    stores.check()
    app = FastAPI(
        title="rasd",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        version=_version(),
    )
    app.state.stores = stores
    app.state.token = token or None
    app.state.ingester = Ingester()
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=str(resources.files("rasd.web").joinpath("static"))), name="static")
    swagger = _swagger_assets()
    if swagger is not None:
        app.mount("/docs/assets", StaticFiles(directory=str(swagger)), name="swagger")
    _add_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(RefuseNul)
    if rate_limit:
        app.add_middleware(RateLimit, rate=rate_limit, burst=max(1, round(rate_limit * RATE_BURST_SECONDS)))
    app.add_middleware(SecurityHeaders)
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rasd")
    except PackageNotFoundError:
        return "0"


def _swagger_assets() -> Path | None:
    """Find Swagger UI's files inside the installed swagger-ui-py package (no CDN, no copy)."""
    spec = find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        log.warning("swagger-ui-py is not installed: /docs has no interactive page")
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi")) or request.url.path == "/api"


def _error(request: Request, status: int, message: str, **extra: object) -> Response:
    if _wants_json(request):
        return error_response(status, message, **extra)  # type: ignore[arg-type]
    from rasd.web.pages import render_error

    return render_error(request, status, message)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"parameter": _parameter(error["loc"]), "problem": error["msg"]} for error in exc.errors()]
        message = "; ".join(f"{d['parameter']}: {d['problem']}" for d in details) or "invalid request"
        return _error(request, 422, message, details=details)

    @app.exception_handler(QueryError)
    async def bad_question(request: Request, exc: QueryError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(WriteRefused)
    async def refused(request: Request, exc: WriteRefused) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.message, headers=headers)

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return _error(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")


def _parameter(location: tuple[object, ...]) -> str:
    """Name the parameter a validation error is about: ('query', 'limit') → 'limit'."""
    return ".".join(str(part) for part in location[1:]) or str(location[0])
