"""The rasd pipeline: one readable list of stages, built once, run per document.

read → decode → clean → normalise → segment → (duplicates) → recognise → extract → resolve.
Each stage is a callable `Document -> Document` owned by its module; building the
pipeline loads every knowledge file once. Duplicate marking is the one stage that looks
across documents, so it sits between preparation and analysis: a syndicated copy is marked
with the id of the first copy and not analysed again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import BinaryIO

from rasd.arabic.language import load_identifier, with_language
from rasd.arabic.normalise import MatchView
from rasd.arabic.segment import segment
from rasd.clean import Cleaner
from rasd.errors import RecordError
from rasd.events.events import EventExtractor
from rasd.events.mentions import merge_event_mentions
from rasd.knowledge.actors import ActorLexicon
from rasd.knowledge.gazetteer import Gazetteer
from rasd.knowledge.morphology import SharedPass
from rasd.link.duplicates import DuplicateMarker
from rasd.model import Document, Provenance, RawRecord
from rasd.read import read_inputs
from rasd.read.decode import decode
from rasd.recognise.actors import ActorRecogniser
from rasd.recognise.places import PlaceRecogniser
from rasd.resolve.attribution import Attributor
from rasd.resolve.casualties import CasualtyLexicon, resolve_casualties
from rasd.resolve.dates import DateGrammar, resolve_dates
from rasd.resolve.places import PlaceResolver

log = logging.getLogger(__name__)

Stage = Callable[[Document], Document]


def add_match_view(doc: Document) -> Document:
    """Attach the matching view of the clean text (normalise stage)."""
    return dataclasses.replace(doc, view=MatchView.of(doc.text))


@dataclass(frozen=True)
class Pipeline:
    """The stages of rasd, in order: `prepare` runs on every record, `analyse` on originals."""

    prepare: tuple[Stage, ...]
    analyse: tuple[Stage, ...]

    @classmethod
    def build(cls) -> Pipeline:
        """Load every knowledge file once and line the stages up."""
        gazetteer = Gazetteer.load()
        actors, events = ActorLexicon.load(), EventExtractor.load()
        matchers = (actors.matcher, events.lexicon.triggers, events.lexicon.modes, events.lexicon.cues)
        if len({id(m.shared) for m in matchers}) > 1:
            # The actor and event lexicons read the same matching view: one automaton pass
            # over an article serves all four (built once per process).
            SharedPass(matchers)
        # Function stages read knowledge through cached loaders; load it here, not on the first article.
        load_identifier()
        DateGrammar.load()
        CasualtyLexicon.load()
        return cls(
            prepare=(Cleaner.load(), add_match_view, segment, with_language),
            analyse=(
                ActorRecogniser(actors),
                PlaceRecogniser(gazetteer),
                events,
                merge_event_mentions,
                PlaceResolver(gazetteer),
                # Before the dates: a statement is dated by its speaker's dated reporting clause.
                Attributor.load(),
                resolve_dates,
                resolve_casualties,
            ),
        )

    def run_prepare(self, doc: Document) -> Document:
        for stage in self.prepare:
            doc = stage(doc)
        return doc

    def run_analyse(self, doc: Document) -> Document:
        for stage in self.analyse:
            doc = stage(doc)
        return doc

    def run(self, doc: Document) -> Document:
        """Run every stage on one document (no cross-document duplicate marking)."""
        return self.run_analyse(self.run_prepare(doc))


@dataclass
class RunStats:
    """Counts for one run: processed, duplicates, and skipped records by reason."""

    processed: int = 0
    duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        reasons = ", ".join(f"{reason}={n}" for reason, n in sorted(self.skipped.items()))
        skipped = sum(self.skipped.values())
        line = f"processed={self.processed} duplicates={self.duplicates} skipped={skipped}"
        return f"{line} ({reasons})" if reasons else line


def _with_default_date(doc: Document, published: dt.date | None) -> Document:
    if published is None or doc.published is not None:
        return doc
    return dataclasses.replace(doc, published=published)


def guarded(label: str, step: Callable[[], Document]) -> Document:
    """Run one record's step; turn an unexpected failure into a named per-record error."""
    try:
        return step()
    except RecordError:
        raise
    except (MemoryError, RecursionError, ValueError, TypeError, KeyError, IndexError, UnicodeError) as exc:
        log.debug("internal error on %s", label, exc_info=True)
        raise RecordError(label, "internal-error", f"{type(exc).__name__}: {exc}") from exc


def process(
    inputs: Sequence[str],
    pipeline: Pipeline,
    *,
    published: dt.date | None = None,
    stdin: BinaryIO | None = None,
    on_error: Callable[[RecordError], None],
    stats: RunStats,
    analyse: bool = True,
) -> Iterator[Document]:
    """Read, decode and run the pipeline over every input record, in input order.

    Bad records are reported through `on_error` and counted in `stats`; the rest go on.
    """
    marker = DuplicateMarker()
    for item in read_inputs(inputs, stdin=stdin):
        if isinstance(item, RecordError):
            on_error(item)
            stats.skipped[item.reason] += 1
            continue
        try:
            doc = prepare_record(item, pipeline, published)
            doc = marker.mark(doc)
            if doc.duplicate_of is not None:
                stats.duplicates += 1
            elif analyse:
                doc = guarded(doc.provenance.label(), lambda d=doc: pipeline.run_analyse(d))
        except RecordError as err:
            on_error(err)
            stats.skipped[err.reason] += 1
            continue
        stats.processed += 1
        yield doc


def prepare_record(raw: RawRecord, pipeline: Pipeline, published: dt.date | None) -> Document:
    label = raw.provenance.label()
    doc = guarded(label, lambda: _with_default_date(decode(raw), published))
    doc = guarded(label, lambda: pipeline.run_prepare(doc))
    if not doc.text.strip():
        raise RecordError(label, "no-text", "nothing left after removing page boilerplate")
    return doc


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    id: str = "text",
    pipeline: Pipeline | None = None,
) -> Document:
    """Run the whole pipeline over one article's text and return its `Document`.

    `published` (a date or "YYYY-MM-DD") anchors relative dates; without it they stay null.
    """
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    doc = Document(
        id=id,
        provenance=Provenance(source=id, format="text"),
        raw_text=text,
        title=title,
        published=published,
    )
    return (pipeline or default_pipeline()).run(doc)


@cache
def default_pipeline() -> Pipeline:
    """Return the process-wide pipeline, building it on first use (never at import)."""
    return Pipeline.build()
