"""Score the cleaner on the boilerplate corpus: line-level precision and recall of removal.

A case is a pair `NN-name.input.txt` / `NN-name.expected.txt` in text form: the first line
is the title, the rest the body; cleaning applies to the body. A body line the cleaner
removes is a true positive when the expected text drops it too and a false positive when the
expected text keeps it; a line the expected text drops but the cleaner keeps is a false
negative. Trimming a trailing artefact (`».,` → `».`) does not count as removing the line.

Run as `python -m rasd.clean.evaluate [CORPUS_DIR]` (or `rasd eval --task clean`).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rasd.clean.cleaner import clean_text
from rasd.clean.patterns import Rules

# The corpus ships with the tests of a source checkout: src/rasd/clean/ → repository root.
DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "tests" / "clean" / "corpus"
TRIM_REASON = "trailing-punctuation"
LINE_END_ARTEFACTS = ",، \t"


@dataclass(frozen=True, slots=True)
class CaseResult:
    """How the cleaner did on one corpus case."""

    name: str
    lines: int  # non-blank body lines in the input
    true_positives: int
    false_positives: int
    false_negatives: int
    exact: bool  # clean output equals the expected text
    lost: tuple[str, ...]  # article lines the cleaner removed
    leaked: tuple[str, ...]  # boilerplate lines the cleaner kept


@dataclass(frozen=True, slots=True)
class Metrics:
    """Removal precision and recall over a corpus."""

    cases: tuple[CaseResult, ...]

    @property
    def lines(self) -> int:
        return sum(c.lines for c in self.cases)

    @property
    def precision(self) -> float:
        tp = sum(c.true_positives for c in self.cases)
        removed = tp + sum(c.false_positives for c in self.cases)
        return tp / removed if removed else 1.0

    @property
    def recall(self) -> float:
        tp = sum(c.true_positives for c in self.cases)
        boilerplate = tp + sum(c.false_negatives for c in self.cases)
        return tp / boilerplate if boilerplate else 1.0

    def summary(self) -> str:
        """Return the one-line report, e.g. `clean: precision=0.995 recall=0.990 lines=1234 cases=42`."""
        return (
            f"clean: precision={self.precision:.3f} recall={self.recall:.3f} lines={self.lines} cases={len(self.cases)}"
        )


def _key(line: str) -> str:
    """Compare lines as the cleaner leaves them: stripped, without a trailing comma artefact."""
    return line.strip().rstrip(LINE_END_ARTEFACTS)


def _body(text: str) -> tuple[str, str]:
    """Split a text-form article into its title and body."""
    title, _, body = text.partition("\n")
    return title.strip(), body


def _expected_kept(inputs: Sequence[str], expected: Sequence[str]) -> list[bool]:
    """Align input lines with the expected lines: True where the expected text keeps the line."""
    keys = [_key(line) for line in inputs]
    matcher = difflib.SequenceMatcher(a=keys, b=[_key(line) for line in expected], autojunk=False)
    kept = [False] * len(inputs)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            kept[block.a + offset] = True
    return kept


def evaluate_case(name: str, raw: str, expected: str, rules: Rules) -> CaseResult:
    """Clean one case's body and score its removals line by line."""
    title, body = _body(raw)
    expected_title, expected_body = _body(expected)
    clean, removed = clean_text(body, rules, first_line=2)
    removed_lines = {r.line for r in removed if r.reason != TRIM_REASON}
    numbered = [(n, line) for n, line in enumerate(body.split("\n"), start=2) if line.strip()]
    should_keep = _expected_kept(
        [line for _, line in numbered], [line for line in expected_body.split("\n") if line.strip()]
    )
    tp = fp = fn = 0
    lost: list[str] = []
    leaked: list[str] = []
    for (number, line), keep in zip(numbered, should_keep, strict=True):
        was_removed = number in removed_lines
        if was_removed and not keep:
            tp += 1
        elif was_removed:
            fp += 1
            lost.append(line.strip())
        elif not keep:
            fn += 1
            leaked.append(line.strip())
    exact = title == expected_title and clean == expected_body.strip()
    return CaseResult(name, len(numbered), tp, fp, fn, exact, tuple(lost), tuple(leaked))


def evaluate_corpus(corpus_dir: Path | str | None = None, rules: Rules | None = None) -> Metrics:
    """Clean every case of the corpus and return removal precision and recall."""
    directory = Path(corpus_dir) if corpus_dir is not None else DEFAULT_CORPUS
    inputs = sorted(directory.glob("*.input.txt"))
    if not inputs:
        raise FileNotFoundError(f"no *.input.txt cases in {directory}")
    rules = rules or Rules.load()
    results = []
    for path in inputs:
        name = path.name.removesuffix(".input.txt")
        expected = path.with_name(f"{name}.expected.txt")
        results.append(
            evaluate_case(name, path.read_text(encoding="utf-8"), expected.read_text(encoding="utf-8"), rules)
        )
    return Metrics(tuple(results))


def main(argv: Sequence[str] | None = None) -> int:
    """Print the corpus summary line (and, with -v, every lost or leaked line)."""
    parser = argparse.ArgumentParser(prog="python -m rasd.clean.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=None, help="corpus folder (default: the tests')")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the lines each case got wrong")
    args = parser.parse_args(argv)
    metrics = evaluate_corpus(args.corpus)
    if args.verbose:
        for case in metrics.cases:
            for line in case.lost:
                sys.stdout.write(f"{case.name}: lost   {line}\n")
            for line in case.leaked:
                sys.stdout.write(f"{case.name}: leaked {line}\n")
    sys.stdout.write(metrics.summary() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
