"""Remove page boilerplate from article text, line by line, and record every removal.

Three passes over the lines of the decoded text:

1. Each line is matched once against the reviewed patterns (`patterns.tsv`); a match drops
   the whole line with the pattern's reason. An article line keeps its text but loses a
   trailing scraping artefact (`».,` → `».`), which is recorded too.
2. A block header («اقرأ أيضاً», "Related", «الوسوم») takes the headline-like lines listed
   under it.
3. The tail: once boilerplate starts after the article's last sentence, the short junk lines
   around it (bare links, stray names, English lines under an Arabic article) go as well.

A line that reads like a news sentence is never dropped by passes 2 and 3; only a reviewed
pattern removes it, and the patterns are tested against real article sentences.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from rasd.clean.patterns import ARABIC_LETTER, LATIN_LETTER, SCRIPT_SAMPLE, Rules, scripts_of
from rasd.model import Document, Removal

# A line this long is prose whatever its punctuation: no headline, tag or menu runs so long.
LONG_LINE_CHARS = 200
SENTENCE_MIN_WORDS = 3  # «ولم تعلق الحكومة.» is a sentence; «Close.» is not
PROSE_MIN_WORDS = 6  # unpunctuated lines this long with a prose marker read as sentences
LONG_LINE_WORDS = 25
# A block header takes at most this many items: tag lists and «اقرأ أيضاً» boxes run to
# four to ten lines on the sites the corpus imitates.
BLOCK_MAX_ITEMS = 12

TAIL_REASON = "tail-junk"  # one of patterns.REASONS
CLOSERS = "»\"”’')]} \t"
TERMINALS = frozenset(".!?؟…")
# A line ending in a comma is a sentence running on into the next line (scraped text breaks
# paragraphs mid-sentence); headlines, tags and menu items never end in one.
CONTINUATIONS = frozenset("،,؛;")
# Zero-width and direction marks left at the edges of a scraped line carry nothing.
EDGE_INVISIBLES = "\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff"


@dataclass(slots=True)
class _Line:
    """One line of the input and what cleaning decided about it."""

    number: int  # 1-based line number in the input
    text: str  # stripped display text (after any trim)
    folded: str = ""
    scripts: tuple[bool, bool] = (False, False)  # has Arabic letters, has Latin letters
    reason: str | None = None  # set when the line is removed
    block: bool = False  # the line is a block header

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def kept(self) -> bool:
        return bool(self.text) and self.reason is None


def _strip(line: str) -> str:
    return line.strip().strip(EDGE_INVISIBLES).strip()


def _script(line: _Line) -> str | None:
    """Return "ar" or "latin" for the script most letters of a line are in, None if no letters."""
    arabic, latin = line.scripts
    if arabic and latin:
        # Mixed lines are usually Arabic prose naming «شبكة CNN»: count, but only for them.
        sample = line.text[:SCRIPT_SAMPLE]
        return "ar" if len(ARABIC_LETTER.findall(sample)) >= len(LATIN_LETTER.findall(sample)) else "latin"
    return "ar" if arabic else "latin" if latin else None


def _dominant_script(lines: list[_Line]) -> str | None:
    """Return the script of most article text: lines in another script are not its sentences."""
    weight: dict[str, int] = {}
    for line in lines:
        if line.kept:
            script = _script(line)
            if script:
                weight[script] = weight.get(script, 0) + len(line.text)
    return max(weight, key=lambda s: weight[s]) if weight else None


def _ends_like_sentence(text: str) -> bool:
    core = text.rstrip(CLOSERS)
    return bool(core) and (core[-1] in TERMINALS or core[-1] in CONTINUATIONS)


class _Judge:
    """Tell article sentences from headline-like and junk lines, for one document."""

    __slots__ = ("_dominant", "_prose")

    def __init__(self, rules: Rules, dominant: str | None) -> None:
        self._prose = rules.prose.words
        self._dominant = dominant

    def reads_as_sentence(self, line: _Line) -> bool:
        """Tell whether a kept line reads like a news sentence of this article."""
        if _script(line) != self._dominant:
            return False
        if len(line.text) > LONG_LINE_CHARS:
            return True
        words = line.folded.split()
        if len(words) >= LONG_LINE_WORDS:
            return True
        if len(words) >= SENTENCE_MIN_WORDS and _ends_like_sentence(line.text):
            return True
        return len(words) >= PROSE_MIN_WORDS and any(w in self._prose for w in words)


def _classify(raw: str, rules: Rules, first_line: int) -> tuple[list[_Line], list[Removal]]:
    """Pass 1: match every line against the patterns; cut trailing artefacts from the rest."""
    lines: list[_Line] = []
    trims: list[Removal] = []
    for offset, text in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        line = _Line(first_line + offset, _strip(text))
        lines.append(line)
        if line.blank:
            continue
        line.scripts = scripts_of(line.text)
        line.folded, pattern = rules.match_line(line.text, line.scripts)
        if pattern is not None:
            line.reason, line.block = pattern.reason, pattern.kind == "block"
            continue
        cut = rules.trim(line.text)
        if cut is not None:
            line.text, suffix, trim = cut
            trims.append(Removal(suffix, trim.reason, line.number))
    return lines, trims


def _take_block(lines: list[_Line], header: int, judge: _Judge) -> None:
    """Pass 2 for one header: drop the headline-like items listed under it."""
    reason = lines[header].reason
    items, previous, compact = 0, header, None
    for index in range(header + 1, len(lines)):
        line = lines[index]
        if line.blank:
            continue
        if line.block:
            return
        if line.reason is not None:
            # Boilerplate the patterns caught inside the box (a video's running time, a
            # share link) neither ends it nor counts as one of its items.
            previous = index
            continue
        if judge.reads_as_sentence(line):
            return
        gap = any(lines[k].blank for k in range(previous + 1, index))
        if items:
            # The spacing between the first two items is the list's layout; in a compact list
            # a blank line ends the block, so an article subheading after it is kept.
            if compact is None:
                compact = not gap
            elif compact and gap:
                return
        line.reason = reason
        items += 1
        previous = index
        if items >= BLOCK_MAX_ITEMS:
            return


def _take_tail(lines: list[_Line], judge: _Judge) -> None:
    """Pass 3: after the last sentence, once boilerplate starts, drop the junk lines around it."""
    last_sentence = -1
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].kept and judge.reads_as_sentence(lines[index]):
            last_sentence = index
            break
    started = False
    for line in lines[last_sentence + 1 :]:
        if line.reason is not None:
            started = True
        elif started and line.kept:
            line.reason = TAIL_REASON


def _assemble(lines: list[_Line]) -> str:
    """Join kept lines, keeping paragraph breaks (one blank line at most) as in the input."""
    parts: list[str] = []
    gap = False
    for line in lines:
        if line.blank:
            gap = True
        elif line.kept:
            if parts:
                parts.append("\n\n" if gap else "\n")
            parts.append(line.text)
            gap = False
    return "".join(parts)


def clean_text(raw: str, rules: Rules, *, first_line: int = 1) -> tuple[str, tuple[Removal, ...]]:
    """Return the article text of `raw` without boilerplate, and every removal in line order.

    `first_line` is the input line number of the first line of `raw` (for removal records
    when `raw` is the body of a longer text).
    """
    lines, trims = _classify(raw, rules, first_line)
    judge = _Judge(rules, _dominant_script(lines))
    for index, line in enumerate(lines):
        if line.block:
            _take_block(lines, index, judge)
    _take_tail(lines, judge)
    removed = [Removal(line.text, line.reason, line.number) for line in lines if line.reason and line.text]
    ordered = sorted([*removed, *trims], key=lambda r: r.line or 0)
    return _assemble(lines), tuple(ordered)


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of the clean text (the document's content identity)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Cleaner:
    """The clean stage: `Cleaner.load()(doc)` fills `text`, `removed` and `content_hash`."""

    __slots__ = ("rules",)

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    @classmethod
    def load(cls) -> Cleaner:
        """Build the stage from the packaged, reviewed pattern list."""
        return cls(Rules.load())

    def __call__(self, doc: Document) -> Document:
        text, removed = clean_text(doc.raw_text, self.rules, first_line=doc.body_line)
        return dataclasses.replace(doc, text=text, removed=removed, content_hash=content_hash(text))
