"""The polite client against a loopback server: pacing, robots.txt, retries, redirects, caps."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

pytest.importorskip("httpx", reason="rasd watch needs httpx")

from watch_site import Reply, Site, loopback_policy

from rasd.watch.fetch import FetchError, PoliteClient, Stopped

OK = Reply("<p>خبر عاجل</p>".encode(), headers={"Content-Type": "text/html; charset=utf-8"})
NO_ROBOTS = Reply(b"", status=404)


def gaps(site: Site) -> list[float]:
    times = [hit.at for hit in site.hits]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_requests_to_one_host_are_spaced_by_the_host_delay(site: Site) -> None:
    site.routes.update({"/robots.txt": NO_ROBOTS, "/a": OK, "/b": OK})
    with PoliteClient(loopback_policy(host_delay=0.2)) as client:
        for path in ("/a", "/b", "/a"):
            client.get(site.url(path))
    assert len(site.hits) == 4  # robots.txt once, then the three pages
    assert min(gaps(site)) >= 0.19


def test_a_robots_crawl_delay_above_ours_is_obeyed(site: Site) -> None:
    site.routes.update({"/robots.txt": Reply(b"User-agent: rasd\nCrawl-delay: 1\nAllow: /\n"), "/a": OK})
    with PoliteClient(loopback_policy()) as client:
        client.get(site.url("/a"))
    assert [hit.path for hit in site.hits] == ["/robots.txt", "/a"]
    assert gaps(site)[0] >= 0.95


def test_rules_for_rasd_apply_and_disallowed_paths_are_refused(site: Site) -> None:
    site.routes.update(
        {
            "/robots.txt": Reply(b"User-agent: rasd\nDisallow: /archive/\n\nUser-agent: *\nDisallow: /\n"),
            "/news/1": OK,
            "/archive/1": OK,
        }
    )
    with PoliteClient(loopback_policy()) as client:
        assert client.get(site.url("/news/1")).status == 200
        with pytest.raises(FetchError) as refused:
            client.get(site.url("/archive/1"))
    assert refused.value.reason == "robots" and not refused.value.transient
    assert site.requests("/archive/1") == []


def test_an_unreachable_robots_txt_disallows_the_host_for_a_while(site: Site) -> None:
    site.routes.update({"/robots.txt": Reply(b"", status=503), "/a": OK})
    with PoliteClient(loopback_policy()) as client:
        for _ in range(2):
            with pytest.raises(FetchError, match="robots"):
                client.get(site.url("/a"))
    assert len(site.requests("/robots.txt")) == loopback_policy().retries + 1  # not asked again
    assert site.requests("/a") == []


def test_retries_are_bounded_and_back_off(site: Site) -> None:
    site.routes.update({"/robots.txt": NO_ROBOTS, "/down": Reply(b"", status=502)})
    with PoliteClient(loopback_policy(retries=2, backoff=0.1)) as client, pytest.raises(FetchError) as failed:
        client.get(site.url("/down"))
    assert (failed.value.reason, failed.value.transient) == ("http-502", True)
    assert "after 2 retries" in failed.value.message
    assert len(site.requests("/down")) == 3
    first_wait, second_wait = gaps(site)[1:]
    assert first_wait >= 0.09 and second_wait >= 0.19


def test_retry_after_is_honoured_up_to_the_longest_back_off(site: Site) -> None:
    busy = Reply(b"", status=503, headers={"Retry-After": "30"})
    site.routes.update({"/robots.txt": NO_ROBOTS, "/busy": [busy, OK]})
    with PoliteClient(loopback_policy(max_backoff=0.3)) as client:
        assert client.get(site.url("/busy")).status == 200
    assert 0.29 <= gaps(site)[-1] < 5


def test_a_client_error_is_final_and_not_retried(site: Site) -> None:
    site.routes["/robots.txt"] = NO_ROBOTS
    with PoliteClient(loopback_policy()) as client, pytest.raises(FetchError) as failed:
        client.get(site.url("/gone"))
    assert (failed.value.reason, failed.value.transient) == ("http-404", False)
    assert len(site.requests("/gone")) == 1


def test_redirects_are_followed_and_each_hop_checked(site: Site) -> None:
    site.routes.update(
        {
            "/robots.txt": Reply(b"User-agent: *\nDisallow: /private/\n"),
            "/short": Reply(b"", status=301, headers={"Location": "/news/long-title"}),
            "/news/long-title": OK,
            "/sneaky": Reply(b"", status=302, headers={"Location": "/private/x"}),
            "/loop": Reply(b"", status=302, headers={"Location": "/loop"}),
        }
    )
    with PoliteClient(loopback_policy()) as client:
        assert client.get(site.url("/short")).url == site.url("/news/long-title")
        with pytest.raises(FetchError, match="robots"):
            client.get(site.url("/sneaky"))
        with pytest.raises(FetchError, match="more than 5 redirects"):
            client.get(site.url("/loop"))
    assert site.requests("/private/x") == []


def test_a_declared_oversize_body_is_refused_unread(site: Site) -> None:
    site.routes.update({"/robots.txt": NO_ROBOTS, "/big": Reply(b"x" * 300_000, headers={"Content-Type": "text/html"})})
    with PoliteClient(loopback_policy()) as client, pytest.raises(FetchError) as failed:
        client.get(site.url("/big"))
    assert failed.value.message == "body of 300000 bytes exceeds the 200000-byte cap"


def test_a_dribbling_server_hits_the_deadline(site: Site) -> None:
    site.routes.update({"/robots.txt": NO_ROBOTS, "/drip": Reply(b"x" * 40_000, trickle=0.05)})
    started = time.monotonic()
    with PoliteClient(loopback_policy(deadline=0.3, retries=0)) as client, pytest.raises(FetchError) as failed:
        client.get(site.url("/drip"))
    assert failed.value.reason == "timeout" and "body not received within 0.3 s" in failed.value.message
    assert time.monotonic() - started < 1.5


def test_only_web_urls_are_fetched(site: Site) -> None:
    with PoliteClient(loopback_policy()) as client, pytest.raises(FetchError, match="bad-url"):
        client.get("file:///etc/passwd")


def test_a_stop_request_interrupts_a_back_off(site: Site) -> None:
    site.routes.update({"/robots.txt": NO_ROBOTS, "/down": Reply(b"", status=500)})
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with PoliteClient(loopback_policy(retries=3, backoff=10, max_backoff=10), stop) as client, pytest.raises(Stopped):
        client.get(site.url("/down"))
    assert time.monotonic() - started < 2
