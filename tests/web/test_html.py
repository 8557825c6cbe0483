"""Server-side checks of the HTML pages: a JSON twin for each, escaping, HTML error pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

TWIN = re.compile(r'<a class="twin" href="([^"]+)"')


def _pages(client: TestClient) -> list[str]:
    event = client.get("/api/events", params={"q": "حلب"}).json()["data"][0]["event_id"]
    incident = client.get("/api/incidents").json()["data"][0]["incident_id"]
    return [
        "/",
        "/events?type=ASSAULT&country=SYR",
        f"/events/{event}",
        "/documents",
        f"/documents/{event[:16]}",
        "/claims",
        "/search?q=غارة",
        "/stats",
        "/incidents?min_reports=2",
        f"/incidents/{incident}",
    ]


def test_every_page_links_its_json_twin(client: TestClient) -> None:
    for path in _pages(client):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
        twin = TWIN.search(page.text)
        assert twin, f"{path} has no JSON link"
        answer = client.get(twin.group(1).replace("&amp;", "&"))
        assert answer.status_code == 200 and "data" in answer.json(), path


def test_scraped_markup_is_escaped_on_every_page(client: TestClient) -> None:
    for path in _pages(client):
        html = client.get(path).text
        assert "<script>window.rasdPwned" not in html and "<script>document.title" not in html, path
        assert 'onerror="window' not in html, path
        assert "<script" not in html.replace('<script src="/static/rasd.js" defer></script>', ""), path
    article = client.get(_pages(client)[4]).text
    assert "&lt;script&gt;window.rasdPwned=3&lt;/script&gt;" in article


def test_unknown_records_get_an_html_error_page(client: TestClient) -> None:
    for path in ("/events/ffffffffffffffff-e0", "/documents/0000000000000000", "/incidents/none", "/nowhere"):
        page = client.get(path)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), path
        assert "<h1>404</h1>" in page.text
    bad = client.get("/events?bbox=west")
    assert bad.status_code == 400 and "bounding box" in bad.text
