"""The JSON API: filters like the CLI, one envelope for answers and errors, guarded writes."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from tests.api.conftest import HOSTILE, TOKEN


def test_events_page_and_next_link_cover_every_event_once(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 500}).json()
    seen: list[str] = []
    url: str | None = "/api/events?limit=3"
    while url:
        body = client.get(url).json()
        assert body["meta"]["count"] == len(body["data"]) <= 3
        seen += [event["event_id"] for event in body["data"]]
        url = body["meta"]["next"]
    assert seen == [event["event_id"] for event in everything["data"]]
    assert len(seen) == len(set(seen)) > 5


def test_event_filters_match_the_cli_names(client: TestClient) -> None:
    body = client.get("/api/events", params={"type": "ASSAULT", "country": "SYR"}).json()
    assert body["data"], "the Aleppo and Saraqib strikes are Syrian assaults"
    assert {e["type"] for e in body["data"]} == {"ASSAULT"}
    assert {e["location"]["country"] for e in body["data"]} == {"SYR"}
    protests = client.get("/api/events", params={"type": ["PROTEST", "ASSAULT"], "mode": "demo"}).json()["data"]
    assert protests and {e["mode"] for e in protests} == {"demo"}


def test_text_filter_matches_any_spelling_of_a_word(client: TestClient) -> None:
    plain = client.get("/api/events", params={"q": "سراقب"}).json()["data"]
    assert {e["document"]["id"] for e in plain} == {"saraqib-a", "saraqib-b"}
    # أدلب with a hamza and إدلب are one word in the matching view.
    hamza = client.get("/api/events", params={"q": "أدلب"}).json()["data"]
    assert {e["document"]["id"] for e in hamza} == {"saraqib-a", "saraqib-b"}


def test_bbox_and_dates_select_the_idlib_strike(client: TestClient) -> None:
    params = {"bbox": "36.0,35.5,37.5,36.2", "since": "2024-04-10", "until": "2024-04-10"}
    body = client.get("/api/events", params=params).json()
    assert body["data"] and all(e["document"]["id"].startswith("saraqib") for e in body["data"])


def test_event_document_and_incident_by_id(client: TestClient) -> None:
    first = client.get("/api/events", params={"q": "حلب"}).json()["data"][0]
    one = client.get(f"/api/events/{first['event_id']}").json()["data"]
    assert one == first
    key = first["event_id"][:16]
    article = client.get(f"/api/documents/{key}").json()["data"]
    assert article["doc_id"] == "hostile-aleppo"
    evidence = article["events"][0]["evidence"]
    assert article["text"][evidence["start"] : evidence["end"]] == evidence["text"]
    incidents = client.get("/api/incidents", params={"min_reports": 2}).json()["data"]
    saraqib = next(i for i in incidents if {r["article"]["id"] for r in i["reports"]} == {"saraqib-a", "saraqib-b"})
    assert (saraqib["fatalities"]["min"], saraqib["fatalities"]["max"]) == (5, 7)
    again = client.get(f"/api/incidents/{saraqib['incident_id']}").json()["data"]
    assert again["article_count"] == 2


def test_search_and_claims_and_documents(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "الدفاع المدني"}).json()["data"]
    assert {"hostile-aleppo", "saraqib-a"} <= {doc["doc_id"] for doc in found}
    assert all(doc["snippet"] for doc in found)
    claims = client.get("/api/claims", params={"limit": 500}).json()["data"]
    assert claims and all("attribution" in claim for claim in claims)
    documents = client.get("/api/documents").json()
    assert documents["meta"]["count"] == len(documents["data"]) >= 6


def test_stats_and_places(client: TestClient) -> None:
    stats = client.get("/api/stats", params={"country": "SYR"}).json()["data"]
    assert stats["events"] == sum(item["count"] for item in stats["by_type"])
    assert [item["key"] for item in stats["by_country"]] == ["SYR"]
    assert "by_day" in stats  # the Syrian events span days, not months
    places = client.get("/api/places", params={"country": "SYR"}).json()
    assert places["type"] == "FeatureCollection"
    assert sum(f["properties"]["events"] for f in places["features"]) <= stats["events"]
    lon, lat = places["features"][0]["geometry"]["coordinates"]
    assert 35 < lon < 43 and 32 < lat < 38


def test_every_error_is_one_json_envelope(client: TestClient) -> None:
    cases = {
        "/api/events?bbox=1,2": 400,
        "/api/events?since=2024-02-30": 400,
        "/api/events?limit=0": 422,
        "/api/events?limit=abc": 422,
        "/api/events/ffffffffffffffff-e9": 404,
        "/api/documents/not-a-key": 404,
        "/api/incidents/nope": 404,
        "/api/search": 400,
        "/api/no-such-thing": 404,
    }
    for url, status in cases.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert response.headers["content-type"].startswith("application/json"), url
        error = response.json()["error"]
        assert error["status"] == status and error["code"] and error["message"], url
    wrong_method = client.delete("/api/events")
    assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == "method_not_allowed"


def test_pages_send_security_headers(client: TestClient) -> None:
    for url in ("/events", "/api/events", "/api/no-such-thing", "/static/rasd.js"):
        headers = client.get(url).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"


def test_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/incidents", "/api/claims", "/api/search", "/api/stats", "/api/ingest"):
        assert path in paths
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_writes_are_disabled_without_a_configured_token(client: TestClient) -> None:
    response = client.post("/api/ingest", content="تظاهر المئات في بغداد.", headers={"Authorization": "Bearer x"})
    assert response.status_code == 403
    assert "RASD_API_TOKEN" in response.json()["error"]["message"]


def test_writes_need_the_right_token(writer: TestClient) -> None:
    article = "تظاهر مئات الطلاب أمام وزارة التربية في بغداد للمطالبة بتعيين الخريجين."
    assert writer.post("/api/ingest", content=article).status_code == 401
    wrong = writer.post("/api/ingest", content=article, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert writer.get("/api/documents").json()["data"] == []


def test_ingest_stores_jsonl_once_and_reports_bad_lines(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = json.dumps(HOSTILE, ensure_ascii=False) + "\n" + "{not json\n"
    first = writer.post("/api/ingest", content=body.encode(), headers=auth).json()["data"]
    assert first["stored"] == ["hostile-aleppo"]
    assert [skip["reason"] for skip in first["skipped"]] == ["bad-json"]
    again = writer.post("/api/ingest", content=body.encode(), headers=auth).json()["data"]
    assert again["stored"] == [] and again["already_stored"] == ["hostile-aleppo"]
    stored = writer.get("/api/documents").json()["data"]
    assert [(doc["doc_id"], doc["article_source"]) for doc in stored] == [("hostile-aleppo", "api")]


def test_ingest_takes_a_plain_article_with_a_publication_date(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    article = "تظاهر مئات الطلاب أمام وزارة التربية في بغداد اليوم الأحد للمطالبة بتعيين الخريجين."
    response = writer.post("/api/ingest", params={"published": "2024-06-02"}, content=article.encode(), headers=auth)
    assert response.status_code == 200 and len(response.json()["data"]["stored"]) == 1
    events = writer.get("/api/events").json()["data"]
    assert events and events[0]["document"]["published"] == "2024-06-02"


def test_ingest_refuses_large_and_empty_bodies(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    large = writer.post("/api/ingest", content=b"x" * (64 * 1024 + 1), headers=auth)
    assert large.status_code == 413 and large.json()["error"]["code"] == "payload_too_large"

    def chunks() -> object:
        for _ in range(100):
            yield b"y" * 1024

    streamed = writer.post("/api/ingest", content=chunks(), headers=auth)  # no Content-Length: chunked
    assert streamed.status_code == 413
    empty = writer.post("/api/ingest", content=b"  ", headers=auth)
    assert empty.status_code == 400 and "empty" in empty.json()["error"]["message"]


def test_sources_show_each_watched_feed_with_its_last_error(writer: TestClient, tmp_path: Path) -> None:
    from rasd.store import open_store
    from rasd.store.base import SourcePoll

    with open_store(str(tmp_path / "w.db")) as store:
        store.record_poll(
            SourcePoll(
                url="https://news.example/rss",
                kind="feed",
                at="2026-11-25T06:00:00+00:00",
                status="error",
                error="timeout after 20 s",
            )
        )
    [source] = writer.get("/api/sources").json()["data"]
    assert (source["url"], source["last_status"], source["last_error"], source["errors"]) == (
        "https://news.example/rss",
        "error",
        "timeout after 20 s",
        1,
    )
