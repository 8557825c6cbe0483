"""Cut an article's clean text into runs so each event's evidence can be highlighted.

Evidence spans are offsets into the clean text and may overlap or nest; the text is cut at
every span boundary and each run lists the events whose evidence covers it, so the page
marks exactly the cited characters and nothing is lost or repeated.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from rasd.query import EventRow


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text and the (1-based) numbers of the events whose evidence covers it."""

    text: str
    events: tuple[int, ...]


def evidence_span(event: EventRow) -> tuple[int, int] | None:
    evidence = event.record.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    return start, end


def runs(text: str, events: Sequence[EventRow]) -> list[Run]:
    """Split `text` at every evidence boundary; each run knows which events cite it."""
    spans = [
        (number, max(0, span[0]), min(len(text), span[1]))
        for number, event in enumerate(events, start=1)
        if (span := evidence_span(event)) and span[0] < span[1]
    ]
    cuts = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        if start >= end:
            continue
        covering = tuple(number for number, s, e in spans if s <= start and end <= e)
        pieces.append(Run(text[start:end], covering))
    return pieces
