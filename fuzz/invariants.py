"""What must hold for any input, checked by the fuzz harnesses and by the regression replays.

Each check takes the raw bytes of one input and raises `InvariantBroken` (or lets an
unexpected exception escape) when rasd misbehaves. A `RecordError` is the one acceptable
failure: it is how rasd reports a record it cannot use. The same functions run under
atheris (`fuzz/harness.py`) and under plain pytest (`tests/reliability/test_replay.py`),
so a committed corpus or crash file is replayed exactly as it was found.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from functools import cache

from rasd.arabic.normalise import MatchView
from rasd.clean.cleaner import clean_text
from rasd.clean.patterns import Rules
from rasd.errors import RecordError
from rasd.model import Document, Provenance, RawRecord, Span
from rasd.pipeline import Pipeline
from rasd.read.decode import decode
from rasd.read.inputs import read_stream

Check = Callable[[bytes], None]


class InvariantBroken(AssertionError):
    """rasd produced output that breaks its own contract."""


def as_text(data: bytes) -> str:
    """The text a fuzzed input stands for: its UTF-8 reading, bad bytes replaced."""
    return data.decode("utf-8", "replace")


def _read_and_decode(data: bytes, name: str) -> None:
    for item in read_stream(io.BytesIO(data), "fuzz", "fuzz", name):
        if isinstance(item, RecordError):
            continue
        if not isinstance(item, RawRecord):
            raise InvariantBroken(f"reader yielded {type(item).__name__}")
        try:
            doc = decode(item)
        except RecordError:
            continue
        if not doc.raw_text.strip():
            raise InvariantBroken("decode returned a document with no text instead of a RecordError")


def check_text(data: bytes) -> None:
    _read_and_decode(data, "article.txt")


def check_html(data: bytes) -> None:
    _read_and_decode(data, "article.html")


def check_jsonl(data: bytes) -> None:
    _read_and_decode(data, "articles.jsonl")


def check_warc(data: bytes) -> None:
    _read_and_decode(data, "crawl.warc")


def check_stream(data: bytes) -> None:
    """Nameless input (stdin): the format comes from sniffing, gzip included."""
    _read_and_decode(data, "")


@cache
def _rules() -> Rules:
    return Rules.load()


def _lines(text: str) -> Iterator[str]:
    return (line.strip() for line in text.split("\n") if line.strip())


def check_clean(data: bytes) -> None:
    """Cleaning only removes: every kept line and every removal comes from the input."""
    raw = as_text(data)
    text, removed = clean_text(raw, _rules())
    for line in _lines(text):
        if line not in raw:
            raise InvariantBroken(f"clean text has a line that is not in the input: {line[:80]!r}")
    for removal in removed:
        if removal.text.strip() not in raw:
            raise InvariantBroken(f"removal not in the input: {removal.text[:80]!r}")


def check_normalise(data: bytes) -> None:
    """The matching view maps every character back to the display text, in order, both ways."""
    display = as_text(data)
    view = MatchView.of(display)
    starts = view.starts
    if len(starts) != len(view.text):
        raise InvariantBroken(f"{len(starts)} offsets for {len(view.text)} matching characters")
    previous = 0
    for i, start in enumerate(starts):
        if not previous <= start < len(display):
            raise InvariantBroken(f"offset {start} of matching char {i} out of order or outside the display")
        previous = start
        if view.to_match(start) > i or starts[view.to_match(start)] != start:
            raise InvariantBroken(f"to_match({start}) does not return to matching char {i}")
    for i in range(len(starts) + 1):
        low, high = view.to_display(i, min(i + 1, len(starts)))
        if not 0 <= low <= high <= len(display):
            raise InvariantBroken(f"to_display({i}) = ({low}, {high}) outside the display")
    if len(view.text) != len(MatchView.of(view.display).text):
        raise InvariantBroken("matching view not deterministic")


@cache
def _pipeline() -> Pipeline:
    return Pipeline.build()


def document_spans(doc: Document) -> Iterator[tuple[str, Span]]:
    """Every span a document holds, named by where it sits."""
    for span in doc.sentences:
        yield "sentence", span
    for actor in doc.actors:
        if actor.span is not None:
            yield "actor", actor.span
    for place in doc.places:
        if place.span is not None:
            yield "place", place.span
    for event in doc.events:
        yield "evidence", event.evidence
        yield from (("mention", mention) for mention in event.mentions)
        if event.trigger is not None:
            yield "trigger", event.trigger
        if event.attribution is not None and event.attribution.span is not None:
            yield "event attribution", event.attribution.span
    for claim in doc.claims:
        yield "claim", claim.evidence
        if claim.attribution.span is not None:
            yield "claim attribution", claim.attribution.span


def check_spans(doc: Document) -> None:
    """Every span lies within the clean text; the output record serialises."""
    size = len(doc.text)
    for where, span in document_spans(doc):
        if not 0 <= span.start <= span.end <= size:
            raise InvariantBroken(f"{where} span [{span.start}, {span.end}) outside a text of {size}")
        if span.of(doc.text) != doc.text[span.start : span.end]:
            raise InvariantBroken(f"{where} span text differs from the slice")
    json.dumps(doc.to_dict(), ensure_ascii=False)


def check_extract(data: bytes) -> None:
    """The whole pipeline on one article: spans inside the text, output serialisable."""
    doc = Document(id="fuzz", provenance=Provenance(source="fuzz", format="text"), raw_text=as_text(data))
    check_spans(_pipeline().run(doc))


CHECKS: dict[str, Check] = {
    "text": check_text,
    "html": check_html,
    "jsonl": check_jsonl,
    "warc": check_warc,
    "stream": check_stream,
    "clean": check_clean,
    "normalise": check_normalise,
    "extract": check_extract,
}
