"""Starting Spark: the JVM heap is capped unless told otherwise, and a missing Java is named clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rasd.cli import main
from rasd.spark.job import DEFAULT_MEMORY, java_available, settings


def test_heap_is_capped_by_default_and_options_override_it() -> None:
    capped = {"spark.driver.memory": DEFAULT_MEMORY, "spark.executor.memory": DEFAULT_MEMORY}
    assert DEFAULT_MEMORY == "1g"
    assert settings() == capped
    assert settings({"spark.ui.enabled": "false"}, "3g") == {
        "spark.ui.enabled": "false",
        "spark.driver.memory": "3g",
        "spark.executor.memory": "3g",
    }
    # --conf names one setting exactly and wins over --memory
    assert settings({"spark.executor.memory": "6g"}, "2g") == {
        "spark.executor.memory": "6g",
        "spark.driver.memory": "2g",
    }


def test_spark_submit_settings_are_kept_unless_memory_is_given() -> None:
    assert settings({}, None, submitted=True) == {}
    assert settings({}, "2g", submitted=True)["spark.executor.memory"] == "2g"


def test_the_running_session_has_the_capped_heap(spark: object) -> None:
    conf = spark.sparkContext.getConf()  # type: ignore[attr-defined]
    assert conf.get("spark.driver.memory") == DEFAULT_MEMORY
    heap = spark.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory()  # type: ignore[attr-defined]
    assert heap <= 1024 * 1024 * 1024


@pytest.mark.parametrize("java_home", [None, "/nonexistent/jdk"])
def test_no_java_is_a_clear_message_not_a_traceback(
    java_home: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'rasd[spark]')")
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    if java_home:
        monkeypatch.setenv("JAVA_HOME", java_home)
    else:
        monkeypatch.delenv("JAVA_HOME", raising=False)
    assert java_available() is None
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    result = CliRunner().invoke(main, ["spark", str(tmp_path / "a.txt"), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Spark needs Java 17 or later" in result.output
    if java_home:
        assert f"JAVA_HOME={java_home} has no bin/java" in result.output
    assert not (tmp_path / "out").exists()


def test_a_java_home_without_java_is_not_rescued_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Spark's launcher runs $JAVA_HOME/bin/java when JAVA_HOME is set, whatever PATH holds.
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    monkeypatch.setenv("PATH", str(java.parent))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "empty"))
    assert java_available() is None
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert java_available() == str(java)
