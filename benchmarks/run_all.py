"""Run every benchmark in this folder, one after the other (`make bench`, `rasd bench`).

`--only NAME` (repeatable) runs just those, e.g. `--only bench_spark`. The Spark benchmark
is skipped, with the reason, when pyspark or Java is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("bench_read_clean", "bench_pipeline", "bench_baselines", "bench_spark")


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    ) if Path("/proc/cpuinfo").exists() else platform.processor()
    return f"{platform.system()} {platform.machine()}, {cpu}, Python {platform.python_version()}"


def spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'rasd[spark]')"
    from rasd.spark.job import java_available

    return "no Java in JAVA_HOME or on PATH" if java_available() is None else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only this benchmark (repeatable)")
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    failed = 0
    for name in args.only or BENCHMARKS:
        print(f"\n### {name}", flush=True)
        reason = spark_missing() if name == "bench_spark" else None
        if reason:
            print(f"skipped: {reason}", flush=True)
            continue
        failed += subprocess.run([sys.executable, str(HERE / f"{name}.py")], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
