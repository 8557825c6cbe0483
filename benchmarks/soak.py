"""Soak: ingest through the API while other clients query it, for N minutes; watch for leaks.

    python benchmarks/soak.py [--minutes 10] [--readers 2] [--max-requests 2000000] [--json out.json]

A `rasd serve`-style server (uvicorn, loopback only, write token set, no rate limit) runs
on a scratch SQLite store. One writer posts batches of freshly generated Arabic articles
(JSONL) to /api/ingest; reader threads ask random listings with random filters. Reported:
articles stored and read requests per second, p50/p99 latency of reads and of ingest
batches, errors (any non-2xx answer or transport failure: the aim is zero), and the
server's resident memory after warm-up and at the end (the aim is flat).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from loopback import free_port, start_server

TOKEN = "soak-token"
BATCH = 20  # articles per ingest request: about a tenth of a second of pipeline work
WARM_UP = 60.0  # seconds before the baseline memory sample: caches and lexicons settle
SAMPLE_EVERY = 10.0

SUBJECTS = ("قوات الأمن", "مسلحون مجهولون", "طائرات حربية", "الجيش السوداني", "قوات الاحتلال", "الشرطة العراقية",
            "متظاهرون غاضبون", "فصائل المعارضة")
VERBS = ("استهدفت", "قصفت", "اقتحمت", "داهمت", "اعتقلت", "هاجمت")
PLACES = ("الموصل", "حمص", "غزة", "الفاشر", "تعز", "بنغازي", "كركوك", "درعا", "نابلس", "البصرة", "حلب", "صنعاء")
AFTERMATH = (
    "ما أسفر عن مقتل {n} أشخاص وإصابة آخرين، بحسب مصادر طبية.",
    "وقال متحدث باسم الدفاع المدني إن {n} جرحى نقلوا إلى المستشفى.",
    "وأعلنت وزارة الداخلية اعتقال {n} مشتبهاً بهم في العملية.",
)
QUERIES = (
    "/api/events", "/api/events?type=ASSAULT", "/api/events?country=IRQ&limit=20", "/api/documents",
    "/api/claims", "/api/search?q={place}", "/api/events?actor={subject}", "/api/incidents", "/api/stats",
    "/api/places", "/api/events?since=2024-03-01&until=2024-06-30", "/api/events?bbox=35,30,45,38&offset=20",
)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def article(number: int, rng: random.Random) -> dict[str, str]:
    place = rng.choice(PLACES)
    lead = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} موقعاً في مدينة {place} فجر اليوم،"
    body = f"{lead} {rng.choice(AFTERMATH).format(n=rng.randint(2, 40))} (تقرير رقم {number})"
    day = 1 + number % 28
    return {"id": f"soak-{number}", "title": f"تطورات في {place}", "text": body,
            "published": f"2024-{3 + number % 4:02d}-{day:02d}"}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def writer(base: str, stop: threading.Event, tally: Tally, stored: list[int]) -> None:
    rng = random.Random(1)
    number = 0
    with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        while not stop.is_set():
            batch = [article(number + i, rng) for i in range(BATCH)]
            number += BATCH
            body = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in batch).encode()
            started = time.perf_counter()
            try:
                response = client.post("/api/ingest", content=body)
                error = None if response.status_code == 200 else f"ingest {response.status_code}"
                if error is None:
                    stored[0] += len(response.json()["data"]["stored"])
            except httpx.HTTPError as exc:
                error = f"ingest {type(exc).__name__}"
            tally.add(time.perf_counter() - started, error)


def reader(base: str, stop: threading.Event, tally: Tally, budget: threading.Semaphore, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set() and budget.acquire(blocking=False):
            path = rng.choice(QUERIES).format(place=rng.choice(PLACES), subject=rng.choice(SUBJECTS))
            started = time.perf_counter()
            try:
                response = client.get(path)
                error = None if response.status_code == 200 else f"{path} {response.status_code}"
            except httpx.HTTPError as exc:
                error = f"{path} {type(exc).__name__}"
            tally.add(time.perf_counter() - started, error)


def soak(minutes: float, readers: int, max_requests: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="rasd-soak-") as scratch:
        port = free_port()
        server = start_server(str(Path(scratch) / "soak.db"), port, TOKEN)
        base = f"http://127.0.0.1:{port}"
        stop, budget = threading.Event(), threading.Semaphore(max_requests)
        reads, writes, stored = Tally(), Tally(), [0]
        threads = [threading.Thread(target=writer, args=(base, stop, writes, stored))]
        threads += [threading.Thread(target=reader, args=(base, stop, reads, budget, n)) for n in range(readers)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        samples: list[tuple[float, float]] = []
        try:
            while time.monotonic() - started < minutes * 60 and any(t.is_alive() for t in threads[1:]):
                time.sleep(SAMPLE_EVERY)
                samples.append((time.monotonic() - started, rss_mb(server.pid)))
                print(f"{samples[-1][0]:6.0f} s  rss {samples[-1][1]:6.1f} MB  stored {stored[0]}  "
                      f"reads {len(reads.latencies)}  errors {len(reads.errors) + len(writes.errors)}",
                      file=sys.stderr, flush=True)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            server.terminate()
            server.wait(timeout=30)
    settled = [mb for at, mb in samples if at >= WARM_UP] or [mb for _, mb in samples]
    return {
        "seconds": round(elapsed),
        "articles_stored": stored[0],
        "articles_per_s": round(stored[0] / elapsed, 1),
        "reads": len(reads.latencies),
        "reads_per_s": round(len(reads.latencies) / elapsed, 1),
        "read_p50_ms": round(statistics.median(reads.latencies) * 1000, 1) if reads.latencies else None,
        "read_p99_ms": round(percentile(reads.latencies, 0.99) * 1000, 1),
        "ingest_batches": len(writes.latencies),
        "ingest_p99_ms": round(percentile(writes.latencies, 0.99) * 1000, 1),
        "errors": len(reads.errors) + len(writes.errors),
        "error_examples": sorted(set(reads.errors + writes.errors))[:5],
        "rss_after_warm_up_mb": round(settled[0], 1) if settled else None,
        "rss_end_mb": round(settled[-1], 1) if settled else None,
        "rss_growth_mb": round(settled[-1] - settled[0], 1) if settled else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="stop the readers after this many")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    result = soak(args.minutes, args.readers, args.max_requests)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
