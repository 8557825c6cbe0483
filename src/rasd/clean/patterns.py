"""The reviewed boilerplate patterns, loaded once from `patterns.tsv`.

Each row of the data file is one pattern: a stable id, the reason code a removal carries,
the language it is written for (`ar`, `en`, `any`), its kind, the words it requires, the
regular expression, an example line it must match, and a note. Line and block patterns run
on the *folded* line (see `fold`), so they are written in folded spelling: «اقرأ أيضاً» is
written «اقرا ايضا», «الرئيسية» «الرءيسيه», English in lower case. Trim patterns run on the
display line and match the junk suffix to cut.

Kinds:
- ``line``: the whole line is boilerplate.
- ``block``: the line is a block header («اقرأ أيضاً», "Related", «الوسوم»); it goes, and
  the headline-like lines listed under it go with the same reason.
- ``trim``: the matched suffix of an article line is a scraping artefact (`».,` → `».`).

How rows run (this is what keeps cleaning at thousands of articles a second):
- A row whose every branch starts with `^` is *anchored*; all anchored rows are joined into one
  alternation tried at the start of the line only. The first row in file order wins, so
  specific rows sit above general ones.
- Any other row is *floating*: it is searched anywhere in the line, but only when the folded
  line contains one of the words in its `requires` cell (a cheap substring test), which every
  floating row must fill in.
- A row whose every branch ends with `$` describes a whole short line (a button, a menu, a
  footer link row); it is not tried on lines longer than `SHORT_LINE`.
- `en` rows run only on lines with Latin letters, `ar` rows only on lines with Arabic letters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.arabic.normalise import DIGIT_FOLDS, DROPPED, LETTER_FOLDS, PUNCT_FOLDS

KINDS = frozenset({"line", "block", "trim"})
# The stable reason codes a `Removal` can carry; "tail-junk" is the cleaner's own (a short line
# inside the boilerplate run at the end of an article that no pattern names).
REASONS = frozenset(
    {
        "ad",
        "app-download",
        "author",
        "comments",
        "cookie-banner",
        "copyright",
        "disclaimer",
        "follow",
        "metadata",
        "navigation",
        "newsletter",
        "photo-credit",
        "privacy",
        "punctuation",
        "read-also",
        "share",
        "tags",
        "tail-junk",
        "timestamp",
        "trailing-punctuation",
    }
)
# Lines up to SHORT_LINE characters are tried against every pattern. Longer lines are article
# paragraphs or long banners: they are folded up to LONG_PREFIX characters and tried only
# against patterns not bounded by the end of the line (`…$`), since a whole-line pattern (a
# menu, a button, a footer link row) never runs that long: in the corpus the longest line a
# whole-line pattern removes has 54 characters, and every open-ended banner is recognised
# within its first 160.
SHORT_LINE = 120
LONG_PREFIX = 160
# A line of six or more words ending in a full stop or a question mark is a sentence, not a
# button, a menu or a footer row: it skips the whole-line patterns as a long line does. Most
# whole-line patterns refuse sentence punctuation anyway; skipping them halves the cost of a
# short article line (measured: 9 µs to 4 µs).
SENTENCE_END = frozenset(".?؟!…")
SENTENCE_MIN_SPACES = 5
SCRIPT_SAMPLE = 200
TRIM_WINDOW = 16  # the longest artefact a trim pattern cuts, with room to spare
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
LANGUAGES = frozenset({"ar", "en", "any"})
COLUMNS = ("id", "reason", "language", "kind", "requires", "regex", "example", "note")


@cache
def _fold_table() -> dict[int, str | None]:
    """Build the translate table of the folded matching spelling (one-to-one or deleting)."""
    table: dict[int, str | None] = {ord(ch): None for ch in DROPPED}
    for mapping in (LETTER_FOLDS, DIGIT_FOLDS, PUNCT_FOLDS):
        table.update({ord(src): dst for src, dst in mapping.items()})
    return table


# Letters common in Arabic news text get a plain `str.replace` each; the others (Persian and
# Urdu forms, wasla, digits, decimal signs) go through one translate call, made only when a
# single regex scan finds one of them.
COMMON_LETTERS = "أإآىةؤئ"


@cache
def _fold_steps() -> tuple[re.Pattern[str], re.Pattern[str], dict[int, str], tuple[tuple[str, str], ...]]:
    """Return the pieces of the fast fold: dropped-character and rare-character finders, the
    rare-character table, and the common-letter replacements."""
    dropped = re.compile("[" + "".join(sorted(DROPPED)) + "]")
    rare_map = {
        src: dst
        for src, dst in (LETTER_FOLDS | DIGIT_FOLDS | PUNCT_FOLDS).items()
        if src != dst and src not in COMMON_LETTERS
    }
    rare = re.compile("[" + "".join(sorted(rare_map)) + "]")
    common = tuple((src, LETTER_FOLDS[src]) for src in COMMON_LETTERS)
    return dropped, rare, str.maketrans(rare_map), common


def fold(line: str) -> str:
    """Return `line` in the spelling patterns are written in: no diacritics, one alef, lower case.

    The rules are those of `rasd.arabic.normalise` (the same character maps), without the
    offset map: cleaning keeps or drops whole lines, so it needs none. `str.translate` with a
    dict costs about 100 ns a character on Arabic text; a few `str.replace` scans and a
    regex that runs only when a diacritic or an Arabic-Indic digit is present cost a quarter
    of that (17 µs against 4 µs for a 166-character news line), which matters when every
    line of every article is folded.
    """
    dropped, rare, rare_table, common = _fold_steps()
    if dropped.search(line):
        line = dropped.sub("", line)
    if rare.search(line):
        line = line.translate(rare_table)
    for src, dst in common:
        line = line.replace(src, dst)
    return line.lower()


def fold_reference(line: str) -> str:
    """Fold with one translate call: slower, and the definition `fold` is tested against."""
    return line.translate(_fold_table()).lower()


@dataclass(frozen=True, slots=True)
class Pattern:
    """One reviewed boilerplate pattern."""

    id: str
    reason: str
    language: str
    kind: str
    requires: tuple[str, ...]  # folded words, one of which a floating pattern needs
    regex: re.Pattern[str]
    example: str
    note: str

    @property
    def anchored(self) -> bool:
        return is_anchored(self.regex.pattern)

    @property
    def line_bounded(self) -> bool:
        return is_line_bounded(self.regex.pattern)

    def matches(self, line: str) -> bool:
        """Tell whether this pattern alone fires on the stripped display `line`."""
        if self.kind == "trim":
            return self.regex.search(line) is not None
        arabic, latin = scripts_of(line)
        if (self.language == "ar" and not arabic) or (self.language == "en" and not latin):
            return False
        folded = fold(line)
        if self.requires and not any(word in folded for word in self.requires):
            return False
        return self.regex.search(folded) is not None


def _top_level_branches(regex: str) -> list[str]:
    """Split `regex` at its top-level `|` (outside groups, classes and escapes)."""
    branches, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, ch in enumerate(regex):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(regex[start:i])
            start = i + 1
    branches.append(regex[start:])
    return branches


def is_anchored(regex: str) -> bool:
    """Tell whether every top-level branch of `regex` starts at the beginning of the line."""
    return all(branch.startswith("^") for branch in _top_level_branches(regex))


def is_line_bounded(regex: str) -> bool:
    """Tell whether every top-level branch of `regex` must reach the end of the line."""
    return all(b.endswith("$") and not b.endswith("\\$") for b in _top_level_branches(regex))


def scripts_of(text: str) -> tuple[bool, bool]:
    """Return (has Arabic letters, has Latin letters) for the start of `text`."""
    return (
        ARABIC_LETTER.search(text, 0, SCRIPT_SAMPLE) is not None,
        LATIN_LETTER.search(text, 0, SCRIPT_SAMPLE) is not None,
    )


def _combine(patterns: list[Pattern]) -> re.Pattern[str] | None:
    """Join patterns into one alternation whose named groups say which pattern fired."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?P<p{i}>{p.regex.pattern})" for i, p in enumerate(patterns)))


def _which(found: re.Match[str] | None, patterns: list[Pattern]) -> Pattern | None:
    """Return the pattern whose named group made a combined match."""
    if found is None or found.lastgroup is None:
        return None
    return patterns[int(found.lastgroup[1:])]


class _Alternation:
    """The patterns that can fire on one kind of line, ready for a single pass."""

    __slots__ = ("_anchored", "_anchored_patterns", "_floating", "_required")

    def __init__(self, patterns: list[Pattern]) -> None:
        # Python's `re` retries an alternation at every position of the line, so only the
        # anchored rows are joined (and tried at position 0); floating rows are searched one by
        # one, and only on lines holding a word they require.
        self._anchored_patterns = [p for p in patterns if p.anchored]
        self._anchored = _combine(self._anchored_patterns)
        self._floating = [
            (re.compile("|".join(re.escape(word) for word in p.requires)), p) for p in patterns if not p.anchored
        ]
        # Most lines hold none of the required words: a substring test for each settles that
        # (C scans; an alternation of the words is retried at every position of the line).
        self._required = tuple(sorted({word for _, p in self._floating for word in p.requires}))

    def first(self, folded: str) -> Pattern | None:
        """Return the first pattern (anchored rows before floating ones) that fires on `folded`."""
        if self._anchored is not None:
            hit = _which(self._anchored.match(folded), self._anchored_patterns)
            if hit is not None:
                return hit
        if not any(word in folded for word in self._required):
            return None
        for required, pattern in self._floating:
            if required.search(folded) and pattern.regex.search(folded):
                return pattern
        return None


@dataclass(frozen=True, slots=True)
class ProseMarkers:
    """Words that make an unpunctuated line read like a news sentence rather than a headline."""

    version: int
    words: frozenset[str]  # folded spelling, Arabic and English together

    @classmethod
    def parse(cls, text: str) -> ProseMarkers:
        data = json.loads(text)
        words = [fold(w) for lang in ("ar", "en") for w in data[lang]]
        return cls(version=int(data["version"]), words=frozenset(words))


class Rules:
    """Every boilerplate pattern and the prose markers, compiled for one pass per line."""

    __slots__ = ("_lines", "_trim_patterns", "_trims", "patterns", "prose", "version")

    def __init__(self, version: int, patterns: tuple[Pattern, ...], prose: ProseMarkers) -> None:
        self.version = version
        self.patterns = patterns
        self.prose = prose
        # One alternation per (languages present, long line?) so that a line is tried only
        # against the patterns that can fire on it: English rows never run over Arabic prose.
        line_patterns = [p for p in patterns if p.kind in ("line", "block")]
        self._lines: dict[tuple[bool, bool, bool], _Alternation] = {}
        for arabic in (False, True):
            for latin in (False, True):
                languages = {"any"} | ({"ar"} if arabic else set()) | ({"en"} if latin else set())
                fitting = [p for p in line_patterns if p.language in languages]
                self._lines[arabic, latin, False] = _Alternation(fitting)
                self._lines[arabic, latin, True] = _Alternation([p for p in fitting if not p.line_bounded])
        self._trim_patterns = [p for p in patterns if p.kind == "trim"]
        self._trims = _combine(self._trim_patterns)

    @classmethod
    def load(cls) -> Rules:
        """Load the packaged pattern list and prose markers (once per process)."""
        return _load_packaged()

    @classmethod
    def parse(cls, patterns_tsv: str, prose_json: str) -> Rules:
        """Build rules from the text of a patterns file and a prose-markers file."""
        version, patterns = _parse_tsv(patterns_tsv)
        return cls(version=version, patterns=tuple(patterns), prose=ProseMarkers.parse(prose_json))

    def match_line(self, line: str, scripts: tuple[bool, bool] | None = None) -> tuple[str, Pattern | None]:
        """Fold a stripped display line and return it with the line or block pattern that fires.

        `scripts` is `scripts_of(line)` when the caller has it already.
        """
        arabic, latin = scripts or scripts_of(line)
        long = len(line) > SHORT_LINE
        sentence = (arabic or latin) and line[-1] in SENTENCE_END and line.count(" ") >= SENTENCE_MIN_SPACES
        folded = fold(line[:LONG_PREFIX] if long else line)
        return folded, self._lines[arabic, latin, long or sentence].first(folded)

    def trim(self, line: str) -> tuple[str, str, Pattern] | None:
        """Return (kept line, cut suffix, pattern) when `line` ends in a scraping artefact."""
        if self._trims is None:
            return None
        # Artefacts sit in the last few characters: search there, not along the whole line
        # (lookbehinds still see the characters before the start position).
        found = self._trims.search(line, max(0, len(line) - TRIM_WINDOW))
        pattern = _which(found, self._trim_patterns)
        if found is None or pattern is None:
            return None
        return line[: found.start()].rstrip(), line[found.start() :], pattern


def _parse_tsv(text: str) -> tuple[int, list[Pattern]]:
    """Parse the versioned patterns TSV, failing loudly on any malformed row."""
    rows = text.splitlines()
    first = rows[0] if rows else ""
    if not first.startswith("# version:"):
        raise ValueError("patterns file must start with '# version: N'")
    version = int(first.split(":", 1)[1])
    header = tuple(rows[1].split("\t")) if len(rows) > 1 else ()
    if header != COLUMNS:
        raise ValueError(f"patterns header must be {COLUMNS}, got {header}")
    patterns: list[Pattern] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[2:], start=3):
        if not row.strip() or row.startswith("#"):
            continue
        cells = row.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"patterns line {number}: {len(cells)} cells, want {len(COLUMNS)}")
        pid, reason, language, kind, requires, regex, example, note = cells
        if pid in seen:
            raise ValueError(f"patterns line {number}: duplicate id {pid}")
        if kind not in KINDS or language not in LANGUAGES or reason not in REASONS:
            raise ValueError(f"patterns line {number}: bad kind {kind!r}, language {language!r} or reason {reason!r}")
        try:
            compiled = re.compile(regex)
        except re.error as exc:
            raise ValueError(f"patterns line {number} ({pid}): {exc}") from exc
        words = tuple(fold(word) for word in requires.split("|") if word)
        if kind != "trim" and not is_anchored(regex) and not words:
            raise ValueError(f"patterns line {number} ({pid}): a floating pattern must fill in 'requires'")
        seen.add(pid)
        patterns.append(Pattern(pid, reason, language, kind, words, compiled, example, note))
    return version, patterns


@cache
def _load_packaged() -> Rules:
    here = resources.files("rasd.clean")
    return Rules.parse(
        here.joinpath("patterns.tsv").read_text(encoding="utf-8"),
        here.joinpath("prose_markers.json").read_text(encoding="utf-8"),
    )
