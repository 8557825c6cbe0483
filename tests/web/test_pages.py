"""The web page in headless Chromium: map, timeline, filters, incident and article views, escaping."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import screenshot


def test_events_page_draws_map_timeline_and_rtl_table(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/events")
    assert page.title() == "Events · rasd"
    assert page.locator("#map path.land").count() > 10, "country outlines come from countryinfo"
    assert page.locator("#map circle").count() >= 4
    assert page.locator("svg.timeline rect").count() >= 2
    assert page.locator("table.events tbody tr").count() >= 8
    evidence = page.locator("td.evidence").first
    assert evidence.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "Noto Naskh Arabic" in evidence.evaluate("e => getComputedStyle(e).fontFamily")
    assert page.locator("html").evaluate("e => getComputedStyle(e).direction") == "ltr"
    screenshot(page, "events")
    assert page.errors == []


def test_filter_form_narrows_the_table(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/events")
    page.select_option("select[name=type]", "ASSAULT")
    page.fill("input[name=country]", "SYR")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=ASSAULT*")
    types = page.locator("table.events tbody td:nth-child(2) a").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    places = " ".join(page.locator("table.events tbody td:nth-child(4)").all_inner_texts())
    assert "SYR" in places and "IRQ" not in places
    screenshot(page, "events-filtered")


def test_map_point_selects_its_events(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/events?country=SYR")
    page.locator("#map a.point").first.hover()
    assert "events" in page.locator("#map-info").inner_text()
    page.locator("#map a.point").first.click()
    page.wait_for_url("**bbox=*")
    assert page.locator("table.events tbody tr").count() >= 1


def test_incident_view_lists_reports_sources_and_conflicting_figures(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/incidents?min_reports=2")
    page.get_by_role("link", name="2024-04-10").first.click()
    page.wait_for_url("**/incidents/*")
    figure = page.locator(".figure.conflict").first
    assert "5–7" in figure.inner_text() and "reports disagree" in figure.inner_text()
    assert page.locator("table.reports tbody tr").count() == 2
    sources = page.locator("ul.sources").inner_text()
    assert "الدفاع المدني" in sources and "المرصد السوري" in sources
    screenshot(page, "incident")


def test_article_view_highlights_evidence_and_never_runs_scraped_markup(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/search?q=حلب")
    page.locator("table.documents a").first.click()
    page.wait_for_url("**/documents/*")
    text = page.locator("#article-text")
    assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The markup in the article is shown as text; none of it became an element or ran.
    assert "<script>" in text.inner_text() and "onerror" in text.inner_text()
    assert page.evaluate("typeof window.rasdPwned") == "undefined"
    assert page.title().startswith("غارة على حلب <script>")
    assert page.locator("#article-text img, #article-text script, #article-text a").count() == 0
    assert page.locator("h1 script").count() == 0
    marks = page.locator("mark.evidence")
    assert marks.count() >= 1 and "حلب" in marks.first.inner_text()
    page.locator(".event-list li").first.hover()
    assert page.locator("mark.evidence.active").count() >= 1
    screenshot(page, "article")
    assert page.errors == []


def test_docs_page_runs_swagger_ui_from_the_installed_package(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/docs")
    page.wait_for_selector(".swagger-ui .information-container", timeout=10_000)
    assert "/api/events" in page.locator(".swagger-ui").inner_text()
    screenshot(page, "docs")
