"""Benchmark the REST API under load: filtered event queries on a store of ≥ 10,000 events.

Run: `.venv/bin/python benchmarks/bench_api.py [--events 10000] [--threads 8] [--seconds 20]`

The store is filled with synthetic analysed articles written through the store API (so the
benchmark measures serving, not extraction): varied PLOVER types, modes, actors, places
across the region, dates over two years and tolls. The server runs as `rasd serve` would,
uvicorn in its own process on a free loopback port; the load generator is a bounded pool of
threads with keep-alive HTTP clients sending only to 127.0.0.1. Prints requests/s, p50/p99
latency and errors, overall and per query, and writes them to benchmarks/out/api.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
from loopback import free_port, start_server

from rasd.arabic.normalise import MatchView
from rasd.model import Actor, Attribution, Document, Event, Place, Provenance, Span
from rasd.store import open_store

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out" / "api.json"
EVENTS_PER_ARTICLE = 4
# (Arabic name, English name, ISO3, lat, lon) — places the synthetic events happen at.
PLACES = [
    ("حلب", "Aleppo", "SYR", 36.20, 37.16), ("إدلب", "Idlib", "SYR", 35.93, 36.63),
    ("دير الزور", "Deir ez-Zor", "SYR", 35.34, 40.14), ("الموصل", "Mosul", "IRQ", 36.34, 43.13),
    ("البصرة", "Basrah", "IRQ", 30.51, 47.78), ("أربيل", "Erbil", "IRQ", 36.19, 44.01),
    ("رفح", "Rafah", "PSE", 31.30, 34.24), ("صنعاء", "Sanaa", "YEM", 15.35, 44.21),
    ("الخرطوم", "Khartoum", "SDN", 15.50, 32.56), ("طرابلس", "Tripoli", "LBY", 32.89, 13.19),
    ("بيروت", "Beirut", "LBN", 33.89, 35.50), ("تونس", "Tunis", "TUN", 36.81, 10.18),
]
ACTORS = [
    ("الجيش السوري", "SYR", "MIL"), ("القوات الأمريكية", "USA", "MIL"), ("الحكومة العراقية", "IRQ", "GOV"),
    ("قوات الدعم السريع", "SDN", "REB"), ("جماعة الحوثي", "YEM", "REB"), ("محتجون", None, "CVL"),
    ("الجيش الإسرائيلي", "ISR", "MIL"), ("الشرطة التونسية", "TUN", "COP"),
]
KINDS = [
    ("ASSAULT", "aerial", "شنت {a} غارة جوية على {p}"), ("ASSAULT", "heavy-weapons", "قصفت {a} مواقع في {p}"),
    ("PROTEST", "demo", "تظاهر {a} في {p}"), ("FIGHT", None, "اندلعت اشتباكات بين {a} ومسلحين في {p}"),
    ("ACCUSE", None, "اتهمت {a} خصومها بالتصعيد في {p}"), ("CONSULT", None, "التقى ممثلو {a} بمسؤولين في {p}"),
]
QUERIES = {
    "type": "/api/events?type=ASSAULT&limit=20",
    "country+dates": "/api/events?country=SYR&since=2024-01-01&until=2024-06-30&limit=20",
    "bbox": "/api/events?bbox=35.5,32.5,42.5,37.5&limit=20",
    "actor code": "/api/events?actor=USAMIL&type=ASSAULT&limit=20",
    "mode+page": "/api/events?mode=demo&limit=20&offset=200",
}


def synthetic_article(number: int, rng: random.Random) -> Document:
    """Return one analysed article with EVENTS_PER_ARTICLE events at varied places and dates."""
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
    sentences, events, cursor = [], [], 0
    for _ in range(EVENTS_PER_ARTICLE):
        kind, mode, pattern = rng.choice(KINDS)
        actor_text, country, sector = rng.choice(ACTORS)
        place_text, place_name, iso, lat, lon = rng.choice(PLACES)
        sentence = pattern.format(a=actor_text, p=place_text) + f" (تقرير {number})."
        evidence = Span(cursor, cursor + len(sentence))
        dead = rng.choice([None, None, 0, 1, 3, 7, 12])
        events.append(Event(
            type=kind, mode=mode, evidence=evidence,
            source=Actor(text=actor_text, country=country, sector=sector),
            location=Place(text=place_text, name=place_name, country=iso, lat=lat + rng.uniform(-0.2, 0.2),
                           lon=lon + rng.uniform(-0.2, 0.2), precision="city"),
            date=published - dt.timedelta(days=rng.randrange(3)), fatalities=dead,
            attribution=Attribution(text="مصادر محلية", kind="anonymous"),
        ))
        sentences.append(sentence)
        cursor += len(sentence) + 1
    text = " ".join(sentences)
    return Document(
        id=f"bench-{number}", provenance=Provenance(source="bench", format="text"), raw_text=text,
        title=f"تقرير رقم {number}", published=published, text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(), view=MatchView.of(text), language="ar",
        events=tuple(events),
    )


def build_store(db: str, events: int) -> float:
    """Fill `db` with enough synthetic articles for `events` events; return the seconds it took."""
    rng = random.Random(7)
    started = time.perf_counter()
    with open_store(db) as store:
        for number in range((events + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE):
            store.add(synthetic_article(number, rng))
        print(f"store: {store.counts()}", file=sys.stderr)
    return time.perf_counter() - started


def load(base: str, threads: int, seconds: float, max_requests: int) -> dict[str, list[tuple[float, bool]]]:
    """Send the queries round-robin from `threads` clients until the time or the count runs out."""
    results: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    lock = threading.Lock()
    sent = 0
    stop_at = time.monotonic() + seconds
    names = list(QUERIES)

    def worker(offset: int) -> None:
        nonlocal sent
        with httpx.Client(base_url=base, timeout=10) as client:
            index = offset
            while time.monotonic() < stop_at:
                with lock:
                    if sent >= max_requests:
                        return
                    sent += 1
                name = names[index % len(names)]
                index += 1
                began = time.perf_counter()
                try:
                    ok = client.get(QUERIES[name]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - began
                with lock:
                    results[name].append((elapsed, ok))

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def summary(samples: list[tuple[float, bool]], wall: float) -> dict[str, float | int]:
    latencies = sorted(elapsed for elapsed, _ in samples)
    return {
        "requests": len(samples),
        "requests_per_s": round(len(samples) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 2),
        "errors": sum(1 for _, ok in samples if not ok),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="Stop the load after this long.")
    parser.add_argument("--max-requests", type=int, default=50_000, help="Stop the load after this many.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rasd-bench-api-") as folder:
        db = str(Path(folder) / "rasd.db")
        build_seconds = build_store(db, args.events)
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            load(base, 2, 2.0, 500)  # warm-up: worker threads open their store connections
            began = time.perf_counter()
            results = load(base, args.threads, args.seconds, args.max_requests)
            wall = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=10)
    everything = [sample for samples in results.values() for sample in samples]
    # The 1-minute load average when the load ends: other work on the machine shares its cores.
    load_average = round(os.getloadavg()[0], 2)
    report = {
        "events": args.events, "threads": args.threads, "store_build_s": round(build_seconds, 1),
        "load_average": load_average,
        "overall": summary(everything, wall),
        "by_query": {name: summary(samples, wall) for name, samples in results.items()},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    overall = report["overall"]
    print(
        f"api: {overall['requests']} requests in {wall:.1f} s with {args.threads} threads:"
        f" {overall['requests_per_s']} req/s, p50 {overall['p50_ms']} ms, p99 {overall['p99_ms']} ms,"
        f" {overall['errors']} errors (load average {load_average})"
    )
    for name, figures in report["by_query"].items():
        print(f"  {name:<14} {figures['requests_per_s']:>7} req/s  p50 {figures['p50_ms']:>6} ms"
              f"  p99 {figures['p99_ms']:>6} ms  errors {figures['errors']}")
    return 0 if overall["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
