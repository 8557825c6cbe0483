"""Replay every committed fuzz corpus file and crash input through the fuzzers' own invariants.

Runs in plain pytest, without atheris: `fuzz/corpus/TARGET/*` holds the minimised inputs
the fuzzers found interesting, `fuzz/crashes/TARGET/*` every input that once broke rasd.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import pytest
from fuzz.invariants import CHECKS

from rasd.errors import RecordError

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
INPUTS = sorted(
    path for folder in ("corpus", "crashes") for path in (FUZZ / folder).glob("*/*") if path.parent.name in CHECKS
)


def test_every_target_has_a_committed_corpus() -> None:
    assert {path.parent.name for path in INPUTS if path.parts[-3] == "corpus"} == set(CHECKS)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parts[-3]}/{p.parent.name}/{p.name[:12]}")
def test_input_keeps_the_invariants(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.CRITICAL)  # readers log every odd record they skip
    with contextlib.suppress(RecordError):  # a clear per-record error is an accepted outcome
        CHECKS[path.parent.name](path.read_bytes())
