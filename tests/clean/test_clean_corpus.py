"""The boilerplate corpus: removal precision and recall, and no article line ever lost."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.clean import Rules, clean_text
from rasd.clean.evaluate import Metrics, evaluate_case, evaluate_corpus

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name.removesuffix(".input.txt") for p in CORPUS.glob("*.input.txt"))
FLOOR = 0.98


@pytest.fixture(scope="module")
def metrics() -> Metrics:
    return evaluate_corpus(CORPUS)


def test_corpus_has_enough_paired_cases() -> None:
    assert len(CASES) >= 40
    assert all((CORPUS / f"{name}.expected.txt").is_file() for name in CASES)
    assert len(list(CORPUS.glob("*.expected.txt"))) == len(CASES)


def test_removal_precision_and_recall_hold_the_floor(metrics: Metrics) -> None:
    assert metrics.precision >= FLOOR
    assert metrics.recall >= FLOOR
    assert len(metrics.cases) == len(CASES)


@pytest.mark.parametrize("name", CASES)
def test_no_article_line_is_lost(metrics: Metrics, name: str) -> None:
    [case] = [c for c in metrics.cases if c.name == name]
    assert case.lost == ()


@pytest.mark.parametrize("name", CASES)
def test_expected_text_is_a_fixed_point(name: str) -> None:
    expected = (CORPUS / f"{name}.expected.txt").read_text(encoding="utf-8")
    body = expected.partition("\n")[2].strip()
    assert clean_text(body, Rules.load()) == (body, ())


def test_summary_line_format(metrics: Metrics) -> None:
    assert re.fullmatch(r"clean: precision=\d\.\d{3} recall=\d\.\d{3} lines=\d+ cases=\d+", metrics.summary())
    assert f"cases={len(CASES)}" in metrics.summary()


def test_scoring_counts_each_kind_of_error() -> None:
    a, b = "أعلن الجيش مقتل جنديين في هجوم.", "وقالت الشرطة إن التحقيق مستمر."
    headline = "الحرب في سوريا: من يسيطر على ماذا؟"
    raw = f"عنوان\n\n{a}\n\n{headline}\n\n{b}\n\nإغلاق\n\nFacebook"
    # This annotator keeps "Facebook" (the cleaner's removal is a false positive) and drops
    # the related headline (the cleaner keeps it: a false negative).
    expected = f"عنوان\n\n{a}\n\n{b}\n\nFacebook\n"
    case = evaluate_case("t", raw, expected, Rules.load())
    assert (case.lines, case.true_positives, case.false_positives, case.false_negatives) == (5, 1, 1, 1)
    assert (case.lost, case.leaked) == (("Facebook",), (headline,))
    assert not case.exact


def test_default_corpus_is_this_one() -> None:
    assert [c.name for c in evaluate_corpus().cases] == CASES


def test_missing_corpus_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        evaluate_corpus(tmp_path)


def test_module_prints_the_summary() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rasd.clean.evaluate", str(CORPUS)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().startswith("clean: precision=")
