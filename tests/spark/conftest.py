"""One local[2] Spark session for the Spark tests; they skip without pyspark or Java."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'rasd[spark]')")
    from rasd.spark.job import java_available, session

    if java_available() is None:
        pytest.skip("no Java for Spark: set JAVA_HOME or put java on PATH")
    spark = session(
        "local[2]",
        {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"},
    )
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()
