"""The event listing's pre-encoded page: the same records and paging as the query layer gives."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rasd import query
from rasd.query import Filters
from rasd.store import open_store


def test_event_page_holds_the_query_layers_records(client: TestClient, store_path: str) -> None:
    body = client.get("/api/events", params={"type": ["ASSAULT", "PROTEST"], "all": "true", "limit": 4}).json()
    with open_store(store_path) as store:
        selection = Filters(types=("ASSAULT", "PROTEST"), include_negated=True, include_historical=True, limit=4)
        expected = [row.to_record() for row in query.events(store, selection)]
    assert body["data"] == expected
    assert body["meta"]["count"] == len(expected) == 4
    assert body["meta"]["next"] is not None and "offset=4" in body["meta"]["next"]


def test_event_page_is_utf8_json_with_arabic_as_text(client: TestClient) -> None:
    response = client.get("/api/events", params={"q": "حلب", "limit": 1})
    assert response.headers["content-type"] == "application/json"
    assert "حلب" in response.content.decode("utf-8")  # not \u escapes
    meta = response.json()["meta"]
    assert (meta["count"], meta["limit"], meta["offset"]) == (1, 1, 0)


def test_an_empty_event_page(client: TestClient) -> None:
    body = client.get("/api/events", params={"q": "مدريد"}).json()
    assert body == {"data": [], "meta": {"count": 0, "limit": 50, "offset": 0, "next": None}}
