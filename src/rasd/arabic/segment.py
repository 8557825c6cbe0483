"""Split Arabic news text into sentences (the SEGMENT stage).

A sentence ends at a line break, or at «.» «؟» «?» «!» «؛» «۔» followed by a space, the end of
the line or an Arabic letter (scraped text often drops the space: «قال.وأضاف»). It does not end
- inside a quotation, so a quote of several sentences stays whole with its reporting clause, as
  analysts cite it: «وقال المتحدث: «لن نسمح بذلك. سنرد بقوة».» is one sentence. Quotation marks
  pair up within one line only, so an unclosed «« » never swallows the rest of an article;
- inside a number (3.5, ٣٫٥) or a web address, since no space follows the point;
- after an abbreviation: single letters («د.» for doctor, «م.» for engineer, initials "J."),
  dotted initials («أ.د.», «ق.م.», «إف.بي.آي», "U.S.") and the forms in `abbreviations.tsv`; era markers
  («م.» «هـ.» «ق.م.») do end a sentence after a year: «بنيت عام 300 ق.م. وتقع المدينة …»;
- at an ellipsis inside a line («لكن... لم يحدث ذلك»);
- after a list number at the start of a line («1. »).

A dateline that opens a line («دبي، الإمارات (CNN)--», «بغداد ـ رويترز:») is a piece of its own.

Spans exclude surrounding whitespace, and every non-space character of the text lies in exactly
one sentence: a piece with no letter or digit (a stray «»» or «—») joins the sentence before it.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from rasd.arabic.normalise import normalise
from rasd.model import Document, Span

ABBREVIATIONS_FILE = "abbreviations.tsv"
ABBREVIATION = "abbreviation"
ERA = "era"

# A dateline opening a line: places, then the agency in brackets and a dash, or a dash, the
# agency and a colon («دبي، الإمارات العربية المتحدة (CNN)--», «عمان ـ ا ف ب:»).
# Only the lead of an article carries one; a place never opens with «و» or a verb of saying.
_DATELINE = re.compile(
    r"^(?!و|قال|أضاف|اضاف)[^\W\d_][^.:؟!()«»\n]{0,40}?"
    r"(?:\s*\([^()]{2,25}\)\s*[-–—ـ]{1,2}|\s+[-–—ـ]\s*[^:؟!()\n]{2,25}:)\s*"
)
DATELINE_REACH = 400
# Everything str.splitlines breaks on: a line break always ends a sentence.
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_QUOTE = re.compile(r'[«»“”"]')
_OPENERS = {"«": "»", "“": "”"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_INVISIBLES = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
# A run of sentence-final marks, with the closing brackets, quotes and invisible marks after it.
_TERMINAL_RUN = re.compile(rf"([.!?؟؛۔…]+)[)\]}}»”’{_INVISIBLES}]*")
_ELLIPSIS = re.compile(r"\.{2,}|…[.…]*|\.+…[.…]*")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
# «أ.د», "U.S", and Arabic spellings of Latin acronyms: «إف.بي.آي», «سي.إن.إن».
_DOTTED_INITIALS = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_TOKEN_OPENERS = "([{«“\"'"
# Abbreviations are short; looking further back for the word before a point is wasted work.
_MAX_TOKEN = 16
_MAX_LIST_NUMBER = 3
# A point with no space after it ends a sentence only after a real word («قال.وأضاف»), not after
# the two-letter pieces of a spelt-out acronym («بي.بي.سي»).
_MIN_UNSPACED_WORD = 3


@cache
def load_abbreviations() -> Mapping[str, str]:
    """Load `abbreviations.tsv`: matching-view form (no final point) → kind (abbreviation | era)."""
    source = resources.files("rasd.arabic").joinpath(ABBREVIATIONS_FILE)
    with source.open(encoding="utf-8") as handle:
        rows = csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
        )
        forms = {normalise(row["form"]): row["kind"] for row in rows}
    unknown = set(forms.values()) - {ABBREVIATION, ERA}
    if unknown:
        raise ValueError(f"{ABBREVIATIONS_FILE}: unknown kinds {sorted(unknown)}")
    return MappingProxyType(forms)


def split_sentences(text: str) -> tuple[Span, ...]:
    """Return the sentences of `text` as spans, in order, trimmed of surrounding whitespace."""
    abbreviations = load_abbreviations()
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        spans.extend(_split_line(line.group(), line.start(), abbreviations, lead=line.start() < DATELINE_REACH))
    return tuple(spans)


def segment(doc: Document) -> Document:
    """Fill `doc.sentences` from the clean text."""
    return dataclasses.replace(doc, sentences=split_sentences(doc.text))


def _split_line(line: str, offset: int, abbreviations: Mapping[str, str], *, lead: bool = False) -> list[Span]:
    """Split one line (no line breaks in it) and return its sentences as text offsets; a line of
    the article's `lead` may open with a dateline."""
    quoted = _quoted_ranges(line)
    quote_starts = [start for start, _ in quoted]
    spans: list[Span] = []
    piece_start = 0
    if lead and (dateline := _DATELINE.match(line)):
        # «دبي، الإمارات (CNN)--», «بغداد ـ رويترز:»: where and by whom the story was filed is
        # no part of its first sentence (and its place is not where the event happened).
        _add_piece(spans, line, 0, dateline.end(), offset)
        piece_start = dateline.end()
    for run in _TERMINAL_RUN.finditer(line):
        end = run.end()
        if end == len(line) or _inside(quoted, quote_starts, run.start()):
            continue
        if _ends_sentence(line, run, abbreviations):
            _add_piece(spans, line, piece_start, end, offset)
            piece_start = end
    _add_piece(spans, line, piece_start, len(line), offset)
    return spans


def _add_piece(spans: list[Span], line: str, start: int, end: int, offset: int) -> None:
    """Append line[start:end] trimmed; a piece without letters or digits joins the one before."""
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    first = start + len(piece) - len(piece.lstrip())
    last = first + len(stripped)
    if spans and not any(ch.isalnum() for ch in stripped):
        spans[-1] = Span(spans[-1].start, offset + last)
    else:
        spans.append(Span(offset + first, offset + last))


def _quoted_ranges(line: str) -> list[tuple[int, int]]:
    """Return the outermost [open, close] ranges of paired quotation marks in one line."""
    stack: list[tuple[str, int]] = []
    ranges: list[tuple[int, int]] = []
    for mark in _QUOTE.finditer(line):
        char, position = mark.group(), mark.start()
        opener = '"' if char == '"' else _CLOSERS.get(char)
        depth = _find_opener(stack, opener) if opener else None
        if depth is not None:
            ranges.append((stack[depth][1], position + 1))
            del stack[depth:]
        elif char == '"' or char in _OPENERS:
            stack.append((char, position))
    return _outermost(ranges)


def _find_opener(stack: list[tuple[str, int]], opener: str) -> int | None:
    """Return the stack index of the innermost open `opener`, or None."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == opener:
            return depth
    return None


def _outermost(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(quoted: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect.bisect_left(starts, position) - 1
    return index >= 0 and position < quoted[index][1]


def _ends_sentence(line: str, run: re.Match[str], abbreviations: Mapping[str, str]) -> bool:
    """Tell whether a run of final marks with more text after it on the line ends a sentence."""
    following = line[run.end()]
    if not (following.isspace() or _ARABIC_LETTER.match(following)):
        return False  # 3.5, U.S.A, a web address
    marks = run.group(1)
    if _ELLIPSIS.fullmatch(marks):
        return False
    if marks != ".":
        return True
    start = _token_start(line, run.start())
    token = normalise(line[start : run.start()])
    if not following.isspace() and len(token) < _MIN_UNSPACED_WORD:
        return False  # the «إف.» of «إف.بي.آي»
    return not _is_abbreviation(line, start, token, abbreviations)


def _is_abbreviation(line: str, start: int, token: str, abbreviations: Mapping[str, str]) -> bool:
    """Tell whether `token`, the word at `start` before a point, is an abbreviation or list number."""
    kind = abbreviations.get(token)
    if kind == ERA:
        return not _follows_number(line, start)
    if kind == ABBREVIATION:
        return True
    if len(token) == 1 and token.isalpha():
        return True
    if _DOTTED_INITIALS.fullmatch(token):
        return True
    return token.isdigit() and len(token) <= _MAX_LIST_NUMBER and not line[:start].strip()


def _token_start(line: str, end: int) -> int:
    """Return where the word ending at `end` starts (after any opening bracket or quote)."""
    start = end
    limit = max(0, end - _MAX_TOKEN)
    while start > limit and not line[start - 1].isspace() and line[start - 1] not in _TOKEN_OPENERS:
        start -= 1
    return start


def _follows_number(line: str, start: int) -> bool:
    """Tell whether the word before position `start` is a number («عام 1990 م.»)."""
    end = len(line[:start].rstrip())
    begin = _token_start(line, end)
    return begin < end and normalise(line[begin:end]).isdigit()
