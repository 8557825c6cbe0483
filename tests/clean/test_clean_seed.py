"""The seed article: every article sentence kept, the page boilerplate gone."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from rasd.clean import Rules, clean_text
from rasd.model import Removal


@dataclass(frozen=True)
class SeedRun:
    text: str
    removed: tuple[Removal, ...]
    wanted: dict[str, list[str]]  # the expected file's "clean_text" section


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> SeedRun:
    # Text form: the first line is the title; cleaning applies to the body.
    body = seed_path.read_text(encoding="utf-8").partition("\n")[2]
    expected = json.loads((seed_path.parent / "seed-article.expected.json").read_text(encoding="utf-8"))
    text, removed = clean_text(body, Rules.load(), first_line=2)
    return SeedRun(text, removed, expected["clean_text"])


def test_seed_keeps_every_article_sentence(seed: SeedRun) -> None:
    assert [s for s in seed.wanted["must_contain"] if s not in seed.text] == []


def test_seed_loses_its_boilerplate(seed: SeedRun) -> None:
    assert [s for s in seed.wanted["must_not_contain"] if s in seed.text] == []


def test_seed_final_punctuation_is_fixed_and_recorded(seed: SeedRun) -> None:
    assert seed.text.endswith("».")
    assert "».," not in seed.text
    assert any(r.reason == "trailing-punctuation" and r.text == "," for r in seed.removed)


def test_seed_removals_name_their_reasons(seed: SeedRun) -> None:
    reasons = {r.reason for r in seed.removed}
    assert {"disclaimer", "punctuation", "privacy", "cookie-banner", "navigation"} <= reasons
    assert "tail-junk" not in reasons  # every seed removal is named by a reviewed pattern
    assert all(r.line is not None and r.line > 20 for r in seed.removed)


def test_seed_paragraphs_stay_apart(seed: SeedRun) -> None:
    paragraphs = seed.text.split("\n\n")
    assert len(paragraphs) == 12
    assert all(p.strip() == p and "\n" not in p for p in paragraphs)


def test_dev_articles_lose_only_named_boilerplate(shared_dir: Path) -> None:
    rules = Rules.load()
    lines = (shared_dir / "eval" / "articles_dev.jsonl").read_text(encoding="utf-8").splitlines()
    for record in map(json.loads, lines):
        _, removed = clean_text(record["text"], rules)
        assert len(removed) <= 3, record["id"]
        assert {r.reason for r in removed} <= {"punctuation", "app-download", "disclaimer", "read-also"}
