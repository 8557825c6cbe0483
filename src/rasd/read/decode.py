"""Decode a raw record into a Document: bytes to text, HTML to main text, title and metadata.

Text articles take the seed's form: the title on the first non-empty line, the article and
any page junk after it (cleaning removes the junk later). A text with a single line has no
title: that line is the article. Text from a JSONL `text` field is the article body as it
stands; its title, if any, comes from the `title` field. HTML entities («&quot;», «&#1605;»)
are decoded wherever they appear in text inputs too.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Iterator

from rasd.errors import RecordError
from rasd.model import Document, Provenance, RawRecord
from rasd.read.encoding import UndecodableError, decode_bytes, header_charset_hint, html_charset_hint
from rasd.read.html import extract_page
from rasd.read.sniff import HTML, JSONL, has_utf16_bom

# Named, decimal and hex character references, with their semicolon: a bare «&» followed by
# letters («AT&T») is left alone.
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")


def decode(raw: RawRecord) -> Document:
    """Return the Document for a raw record; raise RecordError (binary, undecodable, empty, no-text)."""
    label = raw.provenance.label()
    text, encoding = _text_of(raw, label)
    text = NEWLINES.sub("\n", text).removeprefix("\ufeff")
    if not text.strip():
        raise RecordError(label, "empty", "no text after decoding")
    provenance = dataclasses.replace(raw.provenance, encoding=encoding)
    if raw.format == HTML:
        return _from_html(raw, text, label, provenance)
    body = unescape_entities(text)
    title = _given(raw.title)
    body_line = 1
    if title is None and raw.provenance.format != JSONL:
        title, body, body_line = split_title(body)
    return Document(
        id=raw.id,
        provenance=provenance,
        raw_text=body,
        body_line=body_line,
        title=unescape_entities(title) if title else None,
        published=raw.published,
        url=_given(raw.url),
        extra=raw.extra,
    )


def decode_records(items: Iterable[RawRecord | RecordError]) -> Iterator[Document | RecordError]:
    """Decode each raw record in turn, passing errors (read's and decode's) through in order."""
    for item in items:
        if isinstance(item, RecordError):
            yield item
            continue
        try:
            yield decode(item)
        except RecordError as error:
            yield error


def split_title(text: str) -> tuple[str | None, str, int]:
    """Return (first non-empty line, the rest, the rest's first line number in `text`); a
    one-line text has no title. The line number lets removals cite the input's own lines."""
    lines = text.split("\n")
    filled = [number for number, line in enumerate(lines, 1) if line.strip()]
    if len(filled) < 2:
        return None, text.strip(), filled[0] if filled else 1
    title_line, body_line = filled[0], filled[1]
    return lines[title_line - 1].strip(), "\n".join(lines[body_line - 1 :]).strip(), body_line


def unescape_entities(text: str) -> str:
    """Decode HTML character references that appear in plain text."""
    if "&" not in text:
        return text
    return ENTITY.sub(lambda match: html.unescape(match.group(0)), text)


def _text_of(raw: RawRecord, label: str) -> tuple[str, str | None]:
    if isinstance(raw.data, str):
        return raw.data, raw.provenance.encoding
    if b"\x00" in raw.data and not has_utf16_bom(raw.data):
        raise RecordError(label, "binary", "NUL bytes: not text")
    hints: tuple[str | None, ...] = ()
    if raw.format == HTML:
        hints = (header_charset_hint(raw.extra.get("content_type")), html_charset_hint(raw.data))
    try:
        return decode_bytes(raw.data, hints)
    except UndecodableError as error:
        raise RecordError(label, "undecodable", str(error)) from None


def _from_html(raw: RawRecord, markup: str, label: str, provenance: Provenance) -> Document:
    page = extract_page(markup, url=raw.url)
    if page is None:
        raise RecordError(label, "no-text", "HTML page has no main text (scripts, navigation or nothing)")
    return Document(
        id=raw.id,
        provenance=provenance,
        raw_text=page.text,
        title=_given(raw.title) or page.title,
        published=raw.published or page.published,
        author=page.author,
        url=_given(raw.url),
        extra=raw.extra,
    )


def _given(value: str | None) -> str | None:
    value = value.strip() if value else ""
    return value or None
