"""One atheris fuzz target: `python fuzz/harness.py TARGET [libFuzzer options] [corpus dirs]`.

rasd (and warcio, whose parser the WARC reader drives) are instrumented for coverage;
the heavy third-party libraries are not, so executions stay fast. The input bytes go to
the target's check in `invariants.py`; a `RecordError` is an accepted outcome, anything
else raised is a crash that libFuzzer saves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

import atheris  # type: ignore[import-not-found]

sys.path.insert(0, str(Path(__file__).resolve().parent))

# rasd.read.jsonl is left uninstrumented: atheris 2.3's rewritten bytecode of its reading
# loop crashes the interpreter (SIGSEGV) on the seed files, which pass uninstrumented; its
# parsing is the C json module anyway.
with atheris.instrument_imports(include=["rasd", "warcio"], exclude=["rasd.read.jsonl"]):
    import rasd.pipeline  # noqa: F401  (imports every stage module)

from invariants import CHECKS  # the checks' own loops stay uninstrumented: speed

from rasd.errors import RecordError

# libFuzzer's merge re-runs its own argv[0] with only libFuzzer options; the runner points
# it at a small launcher that adds the target name back.
SELF = "RASD_FUZZ_SELF"


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in CHECKS:
        raise SystemExit(f"usage: harness.py {{{','.join(CHECKS)}}} [libFuzzer options]")
    check = CHECKS[sys.argv[1]]
    # Readers log skipped and odd records; under fuzzing that is millions of lines of noise.
    logging.disable(logging.CRITICAL)

    def one_input(data: bytes) -> None:
        with contextlib.suppress(RecordError):
            check(data)

    atheris.Setup([os.environ.get(SELF, sys.argv[0]), *sys.argv[2:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
