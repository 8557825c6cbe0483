"""The service under hostile clients: tokens, body and rate limits, injection strings, headers, binding."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import build_store
from tests.store.conftest import postgres_server, postgres_url  # noqa: F401  (fixtures reused here)

from rasd.api import create_app
from rasd.api.middleware import RateLimit
from rasd.api.serve import serve

TOKEN = "reliability-token-91ab"
LISTINGS = (
    "/api/events",
    "/api/documents",
    "/api/claims",
    "/api/search",
    "/api/incidents",
    "/api/stats",
    "/api/places",
)
FILTERS = ("type", "mode", "actor", "country", "since", "until", "bbox", "q", "all", "limit", "offset")
INJECTIONS = (
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "%' --",
    "\x00",
    "a\x00b",
    "1; DELETE FROM documents",
    "') UNION SELECT sqlite_version(), 1, 1 --",
    "*",
    'NEAR("a" "b")',
    "قصف OR 1=1",
    '"unbalanced',
    "^",
    ":*",
    "a & b | !c",
    "<script>alert(1)</script>",
    "${jndi:ldap://x}",
    "\u202eلبنان",
    "٢٠٢٤-٠٣-٠١",
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "-180,-90,180,90,1",
    "ع" * 5_000,  # 30 KB once percent-encoded
    "x" * 60_000,  # near the 64 KB URL the HTTP client allows
)
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("security-store")
    db = str(folder / "rasd.db")
    build_store(db, folder)
    return db


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, sqlite_store: str, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_store
    url: str = request.getfixturevalue("postgres_url")
    build_store(url, tmp_path)
    return url


@pytest.fixture
def client(store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_url, token=TOKEN, max_body=32 * 1024)) as test_client:
        yield test_client


def _counts(client: TestClient) -> dict[str, int]:
    response = client.get("/api/stats")
    assert response.status_code == 200
    counts: dict[str, int] = response.json()["data"]["store"]
    return counts


def test_injection_strings_in_every_filter_of_every_listing_answer_json_below_500(client: TestClient) -> None:
    before = _counts(client)
    assert before["documents"] > 0 and before["events"] > 0
    for path, name, value in itertools.product(LISTINGS, FILTERS, INJECTIONS):
        response = client.get(f"{path}?{name}={quote(value, safe='')}")
        assert response.status_code < 500, (path, name, value[:40], response.text[:300])
        assert response.headers["content-type"].startswith(("application/json", "application/geo+json"))
        if response.status_code >= 400:
            assert set(response.json()["error"]) >= {"status", "code", "message"}
    for value in INJECTIONS:
        for path in ("/api/events/", "/api/documents/", "/api/incidents/"):
            response = client.get(path + quote(value, safe=""))
            assert response.status_code in (404, 400, 422), (path, value[:40], response.text[:200])
        assert client.get(f"/api/incidents?min_reports={quote(value, safe='')}").status_code < 500
    assert _counts(client) == before, "a table changed under read requests"


def test_writes_need_the_token(client: TestClient) -> None:
    article = "تظاهر مئات الطلاب في جامعة بغداد للمطالبة بإقالة رئيس الجامعة، بحسب ما أفاد مراسلون.".encode()
    assert client.post("/api/ingest", content=article).status_code == 401
    assert client.post("/api/ingest", content=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/ingest", content=article, headers={"Authorization": TOKEN}).status_code == 401
    injected = {"Authorization": "Bearer ' OR 1=1 --"}
    assert client.post("/api/ingest", content=article, headers=injected).status_code == 401
    refused = client.post("/api/ingest", content=article)
    assert refused.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/ingest", content=article, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_a_server_without_a_token_refuses_every_write(sqlite_store: str) -> None:
    with TestClient(create_app(sqlite_store)) as client:
        response = client.post("/api/ingest", content=b"x", headers={"Authorization": "Bearer anything"})
        assert response.status_code == 403


def test_bodies_over_the_limit_are_refused_declared_or_streamed(client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    too_big = b"a" * (32 * 1024 + 1)
    response = client.post("/api/ingest", content=too_big, headers=headers)
    assert response.status_code == 413 and response.json()["error"]["status"] == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
        yield from (b"b" * 8192 for _ in range(10))

    assert client.post("/api/ingest", content=chunks(), headers=headers).status_code == 413
    assert client.post("/api/ingest", content=b"x", headers={**headers, "Content-Length": "-5"}).status_code in (
        400,
        413,
    )


def test_read_endpoints_are_rate_limited_per_client(sqlite_store: str) -> None:
    with TestClient(create_app(sqlite_store, rate_limit=2)) as client:  # a burst of 8, then 2 a second
        statuses = [client.get("/api/events?limit=1").status_code for _ in range(30)]
        assert statuses[:8] == [200] * 8
        assert statuses.count(429) >= 15
        refused = client.get("/api/stats")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"]["status"] == 429
        assert all(refused.headers.get(name) for name in SECURITY_HEADERS)
        assert client.get("/").status_code == 200  # the page itself is not an API request


def test_token_bucket_refills_and_keeps_its_client_table_bounded() -> None:
    now = [0.0]
    limiter = RateLimit(app=None, rate=1.0, burst=2, clock=lambda: now[0])  # type: ignore[arg-type]
    assert [limiter._take("a") for _ in range(3)] == [True, True, False]
    now[0] = 1.0
    assert limiter._take("a") and not limiter._take("a")
    assert limiter._take("b")  # another client has its own bucket
    for n in range(RateLimit.MAX_CLIENTS + 50):
        limiter._take(f"client-{n}")
    assert len(limiter._buckets) <= RateLimit.MAX_CLIENTS


def test_security_headers_on_every_route_and_error(client: TestClient) -> None:
    api = [path.replace("{", "").replace("}", "") for path in client.get("/openapi.json").json()["paths"]]
    pages = [f"/{name}" for name in ("", "events", "documents", "search", "claims", "incidents", "stats", "map")]
    paths = [*api, *pages, "/openapi.json"]
    paths += ["/api/events/nope", "/no/such/page", "/api/events?limit=0", "/static/nope.js", "/docs"]
    assert "/api/events" in paths and "/" in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        for name in SECURITY_HEADERS:
            assert response.headers.get(name), f"{path} lacks {name}"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "script-src 'self'" in response.headers["content-security-policy"]
    refused = client.post("/api/ingest", content=b"x")
    assert all(refused.headers.get(name) for name in SECURITY_HEADERS)


def test_server_binds_loopback_by_default() -> None:
    defaults = {param.name: param.default for param in serve.params}
    assert defaults["host"] == "127.0.0.1"
    assert defaults["rate_limit"] > 0
