"""Run rasd over the development data beside the repository and score it with its scorers.

The data and scorers live in `../shared/eval` (not ours to redistribute, so never copied
into the repository). Each task writes rasd's output for one input file to a scratch
directory, runs the matching scorer, and keeps the scorer's summary line.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import RecordError
from rasd.pipeline import Pipeline, RunStats, process


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """The summary line a scorer printed, with its numbers parsed."""

    task: str
    line: str

    def metrics(self) -> dict[str, float]:
        """Parse `key=value` pairs of the summary line into floats."""
        found: dict[str, float] = {}
        for token in self.line.replace(",", " ").split():
            key, sep, value = token.partition("=")
            if sep:
                try:
                    found[key] = float(value)
                except ValueError:
                    continue
        return found


def _extract(inputs: Iterable[str], out: Path, pipeline: Pipeline, published: str | None = None) -> None:
    """Write rasd's output records for `inputs` to `out` (JSONL)."""
    date = dt.date.fromisoformat(published) if published else None
    errors: list[RecordError] = []
    with out.open("w", encoding="utf-8") as handle:
        for doc in process(list(inputs), pipeline, published=date, on_error=errors.append, stats=RunStats()):
            handle.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")


def _last_line(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    if not lines:
        raise RuntimeError(f"{Path(command[1]).name} printed nothing: {result.stderr.strip()[-300:]}")
    return lines[-1]


def _subset(source: Path, ids: set[str], out: Path) -> Path:
    """Write the records of `source` whose id is in `ids` to `out`."""
    with source.open(encoding="utf-8") as inp, out.open("w", encoding="utf-8") as handle:
        for line in inp:
            if line.strip() and json.loads(line)["id"] in ids:
                handle.write(line)
    return out


def run_scorers(shared: Path, pipeline: Pipeline, tasks: Iterable[str] | None = None) -> list[ScoreLine]:
    """Extract over the dev files and return each scorer's summary line."""
    eval_dir = shared / "eval"
    wanted = set(tasks) if tasks else {"span", "detection", "articles", "seed"}
    scores: list[ScoreLine] = []
    with tempfile.TemporaryDirectory(prefix="rasd-eval-") as tmp_name:
        tmp = Path(tmp_name)
        runners: dict[str, Callable[[], str]] = {
            "span": lambda: _span(eval_dir, tmp, pipeline),
            "detection": lambda: _detection(eval_dir, tmp, pipeline),
            "articles": lambda: _articles(eval_dir, tmp, pipeline),
            "seed": lambda: _seed(shared, tmp, pipeline),
        }
        for task, runner in runners.items():
            if task in wanted:
                scores.append(ScoreLine(task, runner()))
    return scores


def _span(eval_dir: Path, tmp: Path, pipeline: Pipeline) -> str:
    out = tmp / "span.jsonl"
    _extract([str(eval_dir / "gsr_dev.jsonl"), str(eval_dir / "negatives_dev.jsonl")], out, pipeline)
    return _last_line(
        [
            sys.executable,
            str(eval_dir / "score.py"),
            "--gold",
            str(eval_dir / "gsr_dev.jsonl"),
            "--negatives",
            str(eval_dir / "negatives_dev.jsonl"),
            "--pred",
            str(out),
        ]
    )


def _detection(eval_dir: Path, tmp: Path, pipeline: Pipeline) -> str:
    out = tmp / "detection.jsonl"
    _extract([str(eval_dir / "detection_dev.jsonl")], out, pipeline)
    return _last_line(
        [
            sys.executable,
            str(eval_dir / "score_detection.py"),
            "--gold",
            str(eval_dir / "detection_dev.jsonl"),
            "--pred",
            str(out),
        ]
    )


def _articles(eval_dir: Path, tmp: Path, pipeline: Pipeline) -> str:
    gold = eval_dir / "articles_dev_gold.jsonl"
    ids = {json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    subset = _subset(eval_dir / "articles_dev.jsonl", ids, tmp / "articles_in.jsonl")
    out = tmp / "articles.jsonl"
    _extract([str(subset)], out, pipeline)
    return _last_line([sys.executable, str(eval_dir / "score_articles.py"), "--gold", str(gold), "--pred", str(out)])


def _seed(shared: Path, tmp: Path, pipeline: Pipeline) -> str:
    out = tmp / "seed.jsonl"
    _extract([str(shared / "examples" / "seed-article.txt")], out, pipeline, published="2021-02-26")
    return _last_line([sys.executable, str(shared / "eval" / "check_seed.py"), str(out)])
