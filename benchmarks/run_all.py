"""Run every benchmark in this folder, one after the other (`make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("bench_read_clean.py", "bench_pipeline.py")


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        print(f"\n### {name}", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / name), ], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
