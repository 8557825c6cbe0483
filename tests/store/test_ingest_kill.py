"""`rasd ingest` killed with SIGKILL mid-run, then run again, equals one clean run exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasd import query
from rasd.query import Filters
from rasd.store import open_store

ARTICLES = 400
KILL_AFTER = 40  # documents stored before the kill: well into the run, far from its end
DEADLINE = 120.0  # seconds to wait for the first documents before giving up

ACTORS = ("قوات الاحتلال", "مسلحون مجهولون", "الجيش العراقي", "طائرات حربية تابعة للتحالف", "عناصر من الشرطة")
ACTIONS = (
    "{actor} استهدفوا موقعاً قرب {place}، ما أسفر عن مقتل {dead} أشخاص وإصابة {hurt} آخرين.",
    "قصفت {actor} منطقة في {place} فجر اليوم، وقال مصدر أمني إن {dead} قتلى سقطوا في القصف.",
    "خرج مئات المحتجين في {place} للمطالبة بتحسين الخدمات، وأصيب {hurt} منهم في مواجهات مع {actor}.",
    "اعتقلت {actor} {dead} أشخاص في {place} بتهمة التخطيط لهجمات، بحسب بيان رسمي.",
)
PLACES = ("الموصل", "البصرة", "حلب", "دير الزور", "رفح", "صنعاء", "طرابلس", "الخرطوم")
CLOSINGS = (
    "وأوضح المتحدث باسم وزارة الداخلية أن التحقيقات ما زالت جارية لمعرفة ملابسات الحادث.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن.",
    "وطالبت منظمات حقوقية بفتح تحقيق مستقل في الأحداث.",
    "وأكد شهود عيان أن الوضع عاد إلى الهدوء بعد ساعات من التوتر.",
)


def write_corpus(folder: Path, count: int) -> None:
    """Write `count` short, distinct news articles recombined from the sentences above."""
    folder.mkdir()
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        action = ACTIONS[(i // len(PLACES)) % len(ACTIONS)].format(
            actor=ACTORS[i % len(ACTORS)], place=place, dead=i % 17 + 2, hurt=i % 23 + 3
        )
        closing = CLOSINGS[i % len(CLOSINGS)]
        title = f"أحداث دامية في {place} (تقرير {i + 1})"
        (folder / f"article-{i:04d}.txt").write_text(f"{title}\n\n{action} {closing}\n", encoding="utf-8")


def _ingest(corpus: Path, db: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "rasd.cli", "ingest", str(corpus), "--db", db, "--date", "2024-04-01"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _per_document(db: str) -> dict[str, tuple[int, int]]:
    with open_store(db) as store:
        return {row.content_hash: (row.events, row.claims) for row in query.documents(store, Filters())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "corpus"
    write_corpus(folder, ARTICLES)
    return folder


@pytest.fixture(scope="module")
def clean_run(corpus: Path) -> dict[str, tuple[int, int]]:
    db = str(corpus.parent / "clean.db")
    process = _ingest(corpus, db)
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()
    stored = _per_document(db)
    assert len(stored) > ARTICLES // 2 and sum(events for events, _ in stored.values()) > 0
    return stored


def _wait_for_documents(db: str, process: subprocess.Popen[bytes], wanted: int) -> int:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        assert process.poll() is None, "ingest finished before it could be killed"
        try:
            with open_store(db) as store:
                stored = store.counts()["documents"]
        except Exception:  # the store is still being created by the ingest process
            stored = 0
        if stored >= wanted:
            return stored
        time.sleep(0.02)
    pytest.fail(f"fewer than {wanted} documents stored after {DEADLINE} s")


def test_rerun_after_sigkill_equals_a_clean_run(
    corpus: Path, clean_run: dict[str, tuple[int, int]], store_url: str
) -> None:
    process = _ingest(corpus, store_url)
    _wait_for_documents(store_url, process, KILL_AFTER)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    partial = _per_document(store_url)
    assert KILL_AFTER <= len(partial) < len(clean_run), "the kill must land mid-run"
    # every document that is there is whole: the events and claims of a clean run, no fewer
    assert {h: partial[h] for h in partial} == {h: clean_run[h] for h in partial}

    rerun = _ingest(corpus, store_url)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert _per_document(store_url) == clean_run
    with open_store(store_url) as store:
        counts = store.counts()
    assert counts["documents"] == len(clean_run)
    assert counts["events"] == sum(events for events, _ in clean_run.values())
    assert counts["claims"] == sum(claims for _, claims in clean_run.values())
