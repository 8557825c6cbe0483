"""Detect the encoding of an article's bytes: UTF-8 (with or without BOM), Windows-1256, ISO-8859-6.

Valid UTF-8 is taken at once, with no detection run (nearly every input is UTF-8, and a
strict decode is the cheapest test there is). Other bytes go to charset-normalizer,
restricted to the Arabic single-byte code pages plus any charset the page or its HTTP header
names; its candidates are ranked by how much of their non-ASCII text is Arabic, because a
short ISO-8859-6 text also decodes "cleanly" as Windows-1256 into Latin accented letters.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from rasd.read.sniff import BOM_UTF8, BOMS_UTF16

log = logging.getLogger(__name__)

ARABIC_CODE_PAGES = ("cp1256", "iso8859_6")
# Names written in provenance: the IANA labels people know, not Python's codec names.
DISPLAY_NAMES = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "cp1256": "windows-1256",
    "iso8859-6": "iso-8859-6",
}
# <meta charset="..."> and <meta http-equiv="Content-Type" content="text/html; charset=...">;
# the HTML standard says the declaration must sit in the first 1024 bytes, pages stretch it.
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
META_WINDOW = 4096
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
# A UTF-8 text with a handful of broken sequences (a cut multi-byte character, one stray
# Latin-1 byte) is still UTF-8: up to one bad sequence per 1,000 bytes is replaced rather
# than the whole article rejected.
MAX_BAD_UTF8_PER_BYTE = 1 / 1000


class UndecodableError(ValueError):
    """The bytes are in no encoding rasd can tell."""


def decode_bytes(data: bytes, hints: tuple[str | None, ...] = ()) -> tuple[str, str]:
    """Return (text, encoding name) for an article's bytes; raise UndecodableError when none fits.

    `hints` are charsets named by the input itself (HTTP Content-Type, HTML meta), strongest first.
    """
    if data.startswith(BOM_UTF8):
        return _with_bom(data)
    if data.startswith(BOMS_UTF16):
        return _utf16(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _mostly_utf8(data)
    if text is not None:
        return text, "utf-8"
    text, encoding = _best_code_page(data, _candidates(hints))
    if text is None:
        raise UndecodableError("not UTF-8, and no Arabic code page (nor a declared charset) fits")
    return text, encoding


def html_charset_hint(data: bytes) -> str | None:
    """Return the charset an HTML page declares in a <meta> tag near its start, if any."""
    match = META_CHARSET.search(data, 0, META_WINDOW)
    return match.group(1).decode("ascii") if match else None


def header_charset_hint(content_type: str | None) -> str | None:
    """Return the charset named in an HTTP Content-Type header, if any."""
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def display_name(codec: str) -> str:
    name = codecs.lookup(codec).name
    return DISPLAY_NAMES.get(name, name)


def _with_bom(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as error:
        raise UndecodableError(f"UTF-8 byte-order mark, but invalid UTF-8 at byte {error.start}") from None


def _utf16(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as error:
        raise UndecodableError(f"UTF-16 byte-order mark, but invalid UTF-16 at byte {error.start}") from None


def _candidates(hints: tuple[str | None, ...]) -> list[str]:
    """Return codec names to try: valid hinted charsets (not UTF-8, which failed), then Arabic pages."""
    names: list[str] = []
    for hint in hints:
        if not hint:
            continue
        try:
            name = codecs.lookup(hint).name
        except LookupError:
            log.debug("unknown charset hint %r", hint)
            continue
        if name not in ("utf-8", *names):
            names.append(name)
    names.extend(name for name in ARABIC_CODE_PAGES if codecs.lookup(name).name not in names)
    return names


def _best_code_page(data: bytes, candidates: list[str]) -> tuple[str | None, str]:
    """Return the candidate decoding with the most Arabic text, or (None, "") if none is plausible."""
    best: tuple[float, int, str, str] | None = None
    for rank, match in enumerate(from_bytes(data, cp_isolation=candidates)):
        text = str(match)
        share = _arabic_share(text)
        # Higher Arabic share wins; on a tie the earlier candidate (a hint) wins.
        key = (share, -rank, text, match.encoding)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        return None, ""
    share, _, text, encoding = best
    return text, display_name(encoding)


def _arabic_share(text: str) -> float:
    """Return the share of non-ASCII characters that are Arabic letters, digits or punctuation."""
    foreign = [ch for ch in text if ord(ch) > 127]
    if not foreign:
        return 1.0
    arabic = sum(1 for ch in foreign if "\u0600" <= ch <= "\u06ff" or ch in "«»")
    return arabic / len(foreign)


def _mostly_utf8(data: bytes) -> str | None:
    """Return the text with its few broken UTF-8 sequences replaced, or None if there are many."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(1, MAX_BAD_UTF8_PER_BYTE * len(data)):
        return None
    log.warning("%d invalid UTF-8 sequence(s) replaced with U+FFFD", bad)
    return text
