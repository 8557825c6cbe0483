"""The API answers the same on SQLite and PostgreSQL (same filters, pages, records, errors)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_filters_pages_and_lookups_on_each_backend(backend_client: TestClient) -> None:
    assault = backend_client.get("/api/events", params={"type": "assault", "country": "SYR", "limit": 2}).json()
    assert assault["meta"]["count"] == 2 and assault["meta"]["next"]
    rest = backend_client.get(assault["meta"]["next"]).json()["data"]
    ids = [e["event_id"] for e in assault["data"] + rest]
    assert len(ids) == len(set(ids)) >= 3
    assert {e["type"] for e in assault["data"] + rest} == {"ASSAULT"}
    one = backend_client.get(f"/api/events/{ids[0]}").json()["data"]
    assert one["event_id"] == ids[0]
    article = backend_client.get(f"/api/documents/{ids[0][:16]}").json()["data"]
    assert any(e["event_id"] == ids[0] for e in article["events"])
    found = backend_client.get("/api/search", params={"q": "أدلب"}).json()["data"]
    assert {doc["doc_id"] for doc in found} == {"saraqib-a", "saraqib-b"}


def test_stats_incidents_and_errors_on_each_backend(backend_client: TestClient) -> None:
    stats = backend_client.get("/api/stats", params={"country": "SYR"}).json()["data"]
    assert stats["by_country"] == [{"key": "SYR", "count": stats["events"]}]
    incidents = backend_client.get("/api/incidents", params={"min_reports": 2}).json()["data"]
    assert any(i["fatalities"]["min"] == 5 and i["fatalities"]["max"] == 7 for i in incidents)
    error = backend_client.get("/api/events", params={"bbox": "10,20,30"}).json()["error"]
    assert error["status"] == 400 and "bounding box" in error["message"]
