"""A store ingested from the repository's examples plus hostile and corroborating articles of our own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.store.conftest import postgres_server, postgres_url  # noqa: F401  (fixtures reused here)

from rasd.api import create_app
from rasd.pipeline import Pipeline, RunStats, process
from rasd.store import open_store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
TOKEN = "test-token-5f1c"

# Scraped text is untrusted: markup in it must reach the page as text and never run.
HOSTILE = {
    "id": "hostile-aleppo",
    "title": "غارة على حلب <script>document.title='pwned';window.rasdPwned=1</script>",
    "published": "2024-04-02",
    "url": "https://example.com/aleppo",
    "text": (
        "قصفت طائرات حربية روسية أحياء في مدينة حلب شمالي سوريا فجر اليوم الثلاثاء، ما أسفر عن مقتل ثلاثة مدنيين"
        ' <img src=x onerror="window.rasdPwned=2"> وإصابة ستة آخرين، بحسب الدفاع المدني السوري.'
        "\n\nوقال شهود عيان <script>window.rasdPwned=3</script> إن الغارات استهدفت سوقاً شعبياً."
        ' <a href="javascript:window.rasdPwned=4" onclick="window.rasdPwned=5">المزيد</a>'
    ),
}
# Two outlets, one strike, different death tolls: an incident with conflicting figures.
SARAQIB = [
    {
        "id": "saraqib-a",
        "title": "مقتل خمسة مدنيين بغارة على سراقب",
        "published": "2024-04-10",
        "url": "https://news-one.example/saraqib",
        "text": (
            "قُتل خمسة مدنيين وأصيب ثمانية آخرون في غارة جوية استهدفت بلدة سراقب في ريف إدلب اليوم الأربعاء،"
            " وفق ما أفاد الدفاع المدني السوري."
        ),
    },
    {
        "id": "saraqib-b",
        "title": "ارتفاع حصيلة غارة سراقب إلى سبعة قتلى",
        "published": "2024-04-10",
        "url": "https://news-two.example/idlib-strike",
        "text": (
            "قُتل سبعة مدنيين بينهم طفلان في غارة جوية على بلدة سراقب بريف إدلب الأربعاء،"
            " بحسب المرصد السوري لحقوق الإنسان."
        ),
    },
]


def build_store(db: str, folder: Path) -> None:
    """Ingest the examples and our own articles into the store `db`."""
    extra = folder / "extra.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [HOSTILE, *SARAQIB]), encoding="utf-8")
    with open_store(db) as store:
        for doc in process([str(EXAMPLES), str(extra)], Pipeline.build(), on_error=print, stats=RunStats()):
            store.add(doc)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("api-store")
    db = str(folder / "rasd.db")
    build_store(db, folder)
    return db


@pytest.fixture(scope="session")
def client(store_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_path)) as test_client:
        yield test_client


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[TestClient]:
    """A client on a fresh, empty store whose server has the write token configured."""
    with TestClient(create_app(str(tmp_path / "w.db"), token=TOKEN, max_body=64 * 1024)) as test_client:
        yield test_client


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """A client on the same ingested articles, once per store backend."""
    url = str(tmp_path / "rasd.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    build_store(url, tmp_path)
    with TestClient(create_app(url)) as test_client:
        yield test_client
