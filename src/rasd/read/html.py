"""Main text and metadata of an HTML page, by trafilatura.

Comments and tables are left out (news pages put link lists and "most read" boxes in
tables); paragraphs stay on their own lines. The date comes from the page's markup only
(meta tags, <time>, JSON-LD): htmldate's extensive search, which guesses from free text, is
switched off, because a publication date is never guessed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document as Extraction

from rasd.read.dates import parse_published

log = logging.getLogger(__name__)

DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Fallback content shown only when scripts or plugins cannot run ("enable JavaScript",
# "your browser cannot play this"): trafilatura keeps it as text, but it is never article.
FALLBACK_CONTENT = ["//noscript", "//object", "//embed", "//applet"]


@dataclass(frozen=True, slots=True)
class Page:
    """What trafilatura finds in a page: main text with one paragraph a line, and metadata."""

    text: str
    title: str | None
    published: dt.date | None
    author: str | None


def extract_page(html: str, url: str | None = None) -> Page | None:
    """Return the page's main text and metadata, or None when it has no main text."""
    found = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=DATE_PARAMS,
        prune_xpath=FALLBACK_CONTENT,
    )
    if not isinstance(found, Extraction) or not found.text or not found.text.strip():
        return None
    text: str = found.text
    title = _clean(found.title)
    return Page(
        text=_drop_heading(text, title),
        title=title,
        published=parse_published(found.date) if found.date else None,
        author=_clean(found.author),
    )


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


def _drop_heading(text: str, title: str | None) -> str:
    """Drop the first line when it repeats the title: the article's <h1> is kept as `title` already."""
    first, _, rest = text.strip().partition("\n")
    if title and rest.strip() and " ".join(first.split()) == title:
        return rest.strip()
    return text.strip()
