"""The `rasd` command line end to end, on the bundled examples and on broken input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from rasd.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = EXAMPLES / "seed-article.txt"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasd.cli", *args], input=stdin, capture_output=True, text=True, check=False
    )


def test_extract_seed_writes_one_contract_record() -> None:
    result = CliRunner().invoke(main, ["extract", str(SEED), "--date", "2021-02-26"])
    assert result.exit_code == 0, result.output
    [line] = [ln for ln in result.stdout.splitlines() if ln.strip()]
    record = json.loads(line)
    assert record["id"] == "seed-article.txt"
    assert record["published"] == "2021-02-26"
    assert record["language"] == "ar"
    assert record["title"].startswith("مصدر: تسريبات وصلت للميليشيات")
    assert "كشف مصدر سياسي مطلع" in record["text"]
    assert "cookie" not in record["text"]
    assert {"text", "reason"} <= set(record["removed"][0])
    for event in record["events"]:
        span = event["evidence"]
        assert record["text"][span["start"] : span["end"]] == span["text"]


def test_extract_json_format_is_one_array() -> None:
    result = CliRunner().invoke(main, ["extract", str(EXAMPLES / "wire-reports.jsonl"), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["id"] for r in records][:1] == ["wire-2024-03-12-gaza"]


def test_syndicated_copy_is_marked_not_reanalysed() -> None:
    result = CliRunner().invoke(main, ["extract", str(EXAMPLES / "wire-reports.jsonl")])
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    copy = records["wire-2024-03-12-gaza-copy"]
    assert copy["duplicate_of"] == "wire-2024-03-12-gaza"
    assert copy["events"] == []


def test_clean_show_removed_names_reasons() -> None:
    result = CliRunner().invoke(main, ["clean", str(SEED), "--show-removed"])
    assert result.exit_code == 0, result.output
    body, _, removed = result.stdout.partition("--- removed:")
    assert "Privacy Policy" not in body and "Privacy Policy" in removed
    assert all(line.startswith("[") for line in removed.strip().splitlines())


def test_bad_record_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = _run("extract", str(tmp_path / "empty.txt"), str(good), "--date", "2021-02-26")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert "empty.txt" in result.stderr and "skipped=1" in result.stderr


def test_exit_status_is_nonzero_when_nothing_could_be_processed(tmp_path: Path) -> None:
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 20)
    result = _run("extract", str(tmp_path / "binary.bin"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "binary.bin" in result.stderr


def test_stdin_is_read_with_a_dash() -> None:
    result = _run("extract", "-", "--date", "2021-02-26", stdin=SEED.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert "وأوضح المصدر" in record["text"]


def test_ingest_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "rasd.db"
    first = _run("ingest", str(EXAMPLES), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "new)" in first.stdout
    second = _run("ingest", str(EXAMPLES), "--db", str(db))
    assert "(0 new)" in second.stdout
    count = lambda out: out.split("store ")[1].split(" documents")[0]  # noqa: E731
    assert count(first.stdout) == count(second.stdout)
