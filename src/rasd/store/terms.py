"""Search terms: what the full-text index holds for an article, and what a query looks for.

Both sides work on the matching view (`rasd.arabic.normalise`), so hamza seats, alef
forms, ta marbuta, diacritics and Arabic-Indic digits never decide a match. On top of that:

- every word is indexed both as written and without its proclitics (the article «ال»,
  the conjunctions «و» «ف», the prepositions «ب» «ل» «ك»), so «الجيش» finds «وللجيش»;
- query words match as prefixes, so «أمريكي» also finds «أمريكيون» and «أمريكية»;
- spellings that differ in more than one folded character («الأمريكية» / «الأميركية»)
  are expanded from a reviewed list (`data/spelling_variants.tsv`).

Terms are letters and digits only, so a query can never inject search syntax.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.arabic.normalise import normalise

TERM = re.compile(r"[^\W_]+")
ARTICLE_PREFIXES = ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
# A stripped stem must keep this many letters: «الله» stays whole (stem «له» is too short),
# «وزير» keeps its «و» (stem «زير» would be a different word), «وبغداد» → «غداد» is consistent
# with «بغداد» → «غداد» on the query side, which is what matters for matching.
MIN_STEM_AFTER_ARTICLE = 3
MIN_STEM_AFTER_LETTER = 4
# Prefix matching on one- and two-letter words would match most of the index.
MIN_PREFIX_TERM = 3


@dataclass(frozen=True, slots=True)
class SpellingVariants:
    """Groups of interchangeable spellings (in the matching view), for query expansion."""

    groups: tuple[tuple[str, ...], ...]

    @classmethod
    @cache
    def load(cls) -> SpellingVariants:
        """Read the reviewed variant list shipped with the store."""
        data = resources.files("rasd.store").joinpath("data/spelling_variants.tsv").read_text(encoding="utf-8")
        lines = [line for line in data.splitlines() if not line.startswith("# version:")]
        rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")
        return cls(tuple(tuple(normalise(form) for form in row["forms"].split("|")) for row in rows))

    def expand(self, term: str) -> set[str]:
        """Return `term` and every spelling of it the variant groups allow."""
        spellings = {term}
        for group in self.groups:
            for form in group:
                if form in term:
                    spellings.update(term.replace(form, other) for other in group)
        return spellings


def stem(term: str) -> str:
    """Return a matching-view word without its proclitics (or the word, when too short)."""
    for prefix in ARTICLE_PREFIXES:
        if term.startswith(prefix) and len(term) - len(prefix) >= MIN_STEM_AFTER_ARTICLE:
            return term[len(prefix) :]
    for letters in (CONJUNCTIONS, PREPOSITIONS):
        if term[:1] in letters and len(term) - 1 >= MIN_STEM_AFTER_LETTER:
            term = term[1:]
    return term


def words(text: str) -> list[str]:
    """Return the matching-view words of a display text."""
    return TERM.findall(normalise(text))


def index_terms(*texts: str | None) -> str:
    """Return the space-separated terms the full-text index holds for these texts."""
    terms: set[str] = set()
    for text in texts:
        for word in words(text or ""):
            terms.add(word)
            terms.add(stem(word))
    return " ".join(sorted(terms))


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One query word: the forms any of which an article must contain."""

    forms: tuple[str, ...]
    prefix: bool


def query_terms(query: str) -> list[QueryTerm]:
    """Split a free-text query into words, each with its stem and spelling variants."""
    variants = SpellingVariants.load()
    found: list[QueryTerm] = []
    for word in words(query):
        forms: set[str] = set()
        for form in {word, stem(word)}:
            forms |= variants.expand(form)
        found.append(QueryTerm(tuple(sorted(forms)), prefix=len(word) >= MIN_PREFIX_TERM))
    return found


def all_forms(terms: Iterable[QueryTerm]) -> list[str]:
    """Return every form of every query word, longest first (for locating a snippet)."""
    return sorted({form for term in terms for form in term.forms}, key=len, reverse=True)
