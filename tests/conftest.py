"""Shared fixtures: the evaluation data beside the repository, when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Return ../shared, or skip: a user's clone does not have the evaluation data."""
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared (evaluation data and seed article) is not beside this clone")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return shared_dir / "examples" / "seed-article.txt"
