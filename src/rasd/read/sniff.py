"""Tell an input's format from its name, or from its first bytes when the name says nothing.

Only the head of an input (`SNIFF_BYTES`) is ever looked at here, so sniffing a huge file
costs the same as sniffing a small one.
"""

from __future__ import annotations

from pathlib import PurePath

# 64 KiB holds the WARC header, the HTML <head> or the first JSONL line of any real input
# while staying cheap to read from a file of any size.
SNIFF_BYTES = 64 * 1024

# One record (a file's text, a JSONL line, a WARC payload) may hold at most 20 MiB. The
# longest news articles seen are under 1 MiB and heavy HTML pages a few MiB; 20 MiB leaves
# room for both while keeping the memory for one record bounded.
MAX_RECORD_BYTES = 20 * 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"
BOM_UTF8 = b"\xef\xbb\xbf"
BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")

TEXT = "text"
HTML = "html"
JSONL = "jsonl"
WARC = "warc"
GZIP = "gzip"
BINARY = "binary"
EMPTY = "empty"

EXTENSIONS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".shtml": HTML,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".jsonlines": JSONL,
    ".warc": WARC,
}

# File signatures of formats people keep beside articles (images, PDFs, archives, programs).
BINARY_MAGICS = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"7z\xbc\xaf",
    b"BZh",
    b"\xfd7zXZ",
    b"RIFF",
    b"ID3",
    b"\x7fELF",
)

# C0 control bytes that never occur in text (tab, newlines, form feed and escape do).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
# Text in any of the supported encodings has next to no control bytes; random or compressed
# data has about one in eight. 5 % separates the two with a wide margin on either side.
MAX_CONTROL_SHARE = 0.05


def format_from_name(name: str) -> tuple[bool, str | None]:
    """Return (gzip-compressed, format) as the file name tells it; format None when unknown."""
    path = PurePath(name.lower())
    compressed = path.suffix == ".gz"
    if compressed:
        path = path.with_suffix("")
    return compressed, EXTENSIONS.get(path.suffix)


def has_utf16_bom(head: bytes) -> bool:
    return head.startswith(BOMS_UTF16)


def looks_binary(head: bytes) -> bool:
    """Return True when the bytes cannot be text: NUL bytes, a binary signature, control bytes."""
    if has_utf16_bom(head):
        return False
    if b"\x00" in head or head.startswith(BINARY_MAGICS):
        return True
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return controls > MAX_CONTROL_SHARE * len(head)


def sniff(head: bytes) -> str:
    """Return the format of an input from its first bytes: one of the module's format names."""
    if not head:
        return EMPTY
    if head.startswith(GZIP_MAGIC):
        return GZIP
    # A WARC may carry images in its first records, so it is recognised before the binary test.
    if head.startswith(b"WARC/"):
        return WARC
    if looks_binary(head):
        return BINARY
    if has_utf16_bom(head):
        return _sniff_utf16(head)
    start = head.removeprefix(BOM_UTF8).lstrip()
    if not start:
        # A head of nothing but whitespace is empty only if it is the whole input.
        return EMPTY if len(head) < SNIFF_BYTES else TEXT
    if start.startswith(b"{"):
        return JSONL
    if start.startswith(b"<"):
        return HTML
    return TEXT


def _sniff_utf16(head: bytes) -> str:
    """Tell HTML from text in a UTF-16 head (the only place NUL bytes are allowed)."""
    start = head.decode("utf-16", errors="ignore").lstrip()
    return HTML if start.startswith("<") else TEXT
