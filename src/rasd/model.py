"""Typed records that flow through the rasd pipeline.

One `Document` travels one way through the stages (read → decode → clean → normalise →
segment → recognise → extract → resolve → link → store); each stage returns a new
record with the fields it owns filled in (`dataclasses.replace`). Every span is a pair of
character offsets into `Document.text`, the clean article text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rasd.arabic.normalise import MatchView


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) in the clean text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        """Return the characters this span covers in `text`."""
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self, text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.of(text)}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a document came from: enough to find the bytes again."""

    source: str  # file path, URL, or "-" for stdin
    format: str  # text | html | jsonl | warc
    record: str | None = None  # line number in a JSONL file, WARC record id, ...
    input_sha256: str | None = None  # digest of the record's raw bytes
    encoding: str | None = None  # encoding the bytes were decoded with

    def label(self) -> str:
        """Name the record in one short string for error lines and logs."""
        return f"{self.source}#{self.record}" if self.record else self.source


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of page boilerplate that cleaning dropped, and why."""

    text: str
    reason: str
    line: int | None = None  # 1-based line number in the decoded input text


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon, coded CAMEO-style as country + sector."""

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector}


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in the text (or inferred from the article), with coordinates."""

    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    span: Span | None = None
    precision: str | None = None  # site | city | admin1 | region | country | water (a sea, gulf or strait)
    inferred: bool = False  # the article's dominant place, not named in the event's clause

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "inferred": self.inferred,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reports something: a named person, institution, anonymous source, media or document."""

    text: str
    kind: str  # named_person | institution | anonymous | media | document
    name: str | None = None
    role: str | None = None
    country: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "name": self.name,
            "role": self.role,
            "country": self.country,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One happening the article reports: who did what to whom, where, when, with what toll."""

    type: str  # PLOVER type, upper case
    evidence: Span
    mode: str | None = None
    source: Actor | None = None
    target: Actor | None = None
    location: Place | None = None
    date: dt.date | None = None
    fatalities: int | None = None
    injuries: int | None = None
    negated: bool = False
    historical: bool = False
    attribution: Attribution | None = None
    mentions: tuple[Span, ...] = ()  # every span in the article that refers to this event
    trigger: Span | None = None
    flags: tuple[str, ...] = ()  # e.g. "fatalities:at_least", "fatalities:dozens"
    # How much of `date` the text fixes: "day" (also when unset), or "month"/"year" when only
    # those are known («الشهر الماضي», «في مارس», «العام الماضي»: `date` is the period's first day).
    date_precision: str | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": (self.date_precision or "day") if self.date else None,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            # The output contract has one flag for "not a current event": the ontology page
            # counts historical background with denials there; `historical` says which it is.
            "negated": self.negated or self.historical,
            "historical": self.historical,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "evidence": self.evidence.to_dict(text),
            "mentions": [m.to_dict(text) for m in self.mentions],
            "trigger": self.trigger.to_dict(text) if self.trigger else None,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """A reporting clause: what someone says, with who says it."""

    text: str
    attribution: Attribution
    evidence: Span
    verb: str | None = None
    quoted: bool = False

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "text": self.text,
            "attribution": self.attribution.to_dict(),
            "verb": self.verb,
            "quoted": self.quoted,
            "evidence": self.evidence.to_dict(text),
        }


@dataclass(frozen=True, slots=True)
class Document:
    """An article and everything the pipeline has learnt about it so far."""

    id: str
    provenance: Provenance
    raw_text: str  # decoded article text before cleaning (for HTML: the extracted main text)
    title: str | None = None
    published: dt.date | None = None
    author: str | None = None
    url: str | None = None
    text: str = ""  # clean article text; every span indexes into it
    removed: tuple[Removal, ...] = ()
    content_hash: str | None = None  # sha256 of `text`, set by cleaning
    view: MatchView | None = field(default=None, compare=False, repr=False)
    language: str | None = None
    sentences: tuple[Span, ...] = ()
    duplicate_of: str | None = None  # id of the first copy of a syndicated story
    actors: tuple[Actor, ...] = ()  # every actor mention recognised in the text
    places: tuple[Place, ...] = ()  # every place mention recognised in the text
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)  # input fields kept for audit
    body_line: int = 1  # input line number of the first line of `raw_text` (removals cite input lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the output record of `rasd extract` (the contract in spec/output.md)."""
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language or "und",
            "text": self.text,
            "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in self.removed],
            "events": [e.to_dict(self.text) for e in self.events],
            "claims": [c.to_dict(self.text) for c in self.claims],
            "url": self.url,
            "author": self.author,
            "content_hash": self.content_hash,
            "duplicate_of": self.duplicate_of,
            "sentences": [[s.start, s.end] for s in self.sentences],
            "source": {
                "path": self.provenance.source,
                "format": self.provenance.format,
                "record": self.provenance.record,
                "encoding": self.provenance.encoding,
                "input_sha256": self.provenance.input_sha256,
            },
        }


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One input record as read, before decoding: bytes plus whatever metadata came with it."""

    id: str
    provenance: Provenance
    data: bytes | str  # bytes from files and WARC payloads; str for JSONL "text"/"html" fields
    format: str  # text | html
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
