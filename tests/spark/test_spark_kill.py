"""Kill the Spark job mid-run (driver, JVM and Python workers at once); a re-run finishes and equals a clean run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sparkcorpus import build

pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'rasd[spark]')")

JOB_LIMIT_S = 300  # a run of this corpus takes well under a minute; bound the test anyway


def _command(corpus: Path, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "rasd.spark",
        str(corpus),
        "--output",
        str(output),
        "--master",
        "local[2]",
        "--files-per-shard",
        "1",
    ]


def _finish(corpus: Path, output: Path) -> None:
    subprocess.run(_command(corpus, output), check=True, capture_output=True, timeout=JOB_LIMIT_S)


def _tables(output: Path) -> dict[str, Any]:
    documents = pq.read_table(output / "documents").to_pylist()
    events = pq.read_table(output / "events").to_pylist()
    claims = pq.read_table(output / "claims").to_pylist()
    hash_of = {row["id"]: row["content_hash"] for row in documents}
    return {
        "documents": sorted((row["content_hash"], row["doc_id"], row["duplicate_of"] or "") for row in documents),
        "events": Counter(hash_of[row["document_id"]] for row in events),
        "claims": Counter(hash_of[row["document_id"]] for row in claims),
    }


def test_a_killed_job_reruns_to_the_clean_result(tmp_path: Path) -> None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java for Spark: set JAVA_HOME or put java on PATH")
    corpus = build(tmp_path / "corpus")
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    _finish(corpus, clean)

    job = subprocess.Popen(
        _command(corpus, killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    markers = killed / "_rasd" / "markers"
    deadline = time.monotonic() + JOB_LIMIT_S
    while job.poll() is None and time.monotonic() < deadline and not (markers.is_dir() and any(markers.iterdir())):
        time.sleep(0.05)
    assert job.poll() is None, "the job ended before its first shard was marked: nothing was killed"
    os.killpg(job.pid, signal.SIGKILL)  # the driver, its JVM and every Python worker
    job.wait(timeout=30)
    assert not (killed / "stats.json").exists()  # it really stopped before the end

    _finish(corpus, killed)
    assert _tables(killed) == _tables(clean)
