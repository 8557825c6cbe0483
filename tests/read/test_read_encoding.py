"""Encoding detection: UTF-8 (with and without BOM), Windows-1256, ISO-8859-6, hints, failures."""

from __future__ import annotations

import pytest
from readkit import ARTICLE, SHORT_ARABIC

from rasd.read.encoding import (
    UndecodableError,
    decode_bytes,
    header_charset_hint,
    html_charset_hint,
)


def test_valid_utf8_is_taken_as_utf8() -> None:
    assert decode_bytes(ARTICLE.encode("utf-8")) == (ARTICLE, "utf-8")


def test_utf8_bom_is_detected_and_removed() -> None:
    text, encoding = decode_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert encoding == "utf-8-sig"
    assert text == ARTICLE


@pytest.mark.parametrize("codec, name", [("cp1256", "windows-1256"), ("iso-8859-6", "iso-8859-6")])
def test_arabic_code_pages_are_detected_not_assumed(codec: str, name: str) -> None:
    # The sample article keeps to letters, «،» and «.», all of which ISO-8859-6 has.
    text, encoding = decode_bytes(ARTICLE.encode(codec))
    assert encoding == name
    assert text == ARTICLE


@pytest.mark.parametrize("codec, name", [("cp1256", "windows-1256"), ("iso-8859-6", "iso-8859-6")])
def test_short_code_page_text_is_told_apart(codec: str, name: str) -> None:
    # A short ISO-8859-6 text also decodes as Windows-1256 (into «هâتن»-like Latin letters).
    text, encoding = decode_bytes(SHORT_ARABIC.encode(codec))
    assert (text, encoding) == (SHORT_ARABIC, name)


def test_cp1256_with_guillemets_and_latin() -> None:
    text = "قال المتحدث باسم الجيش إن «الضربات استهدفت مواقع لحزب الله» وفق وكالة AFP."
    assert decode_bytes(text.encode("cp1256")) == (text, "windows-1256")


def test_declared_charset_wins_a_tie() -> None:
    data = SHORT_ARABIC.encode("cp1256")
    assert decode_bytes(data, ("windows-1256",))[1] == "windows-1256"


def test_utf8_hint_on_cp1256_bytes_is_not_trusted() -> None:
    # Pages that declare UTF-8 but are Windows-1256 are common; a failed strict decode overrules them.
    assert decode_bytes(ARTICLE.encode("cp1256"), ("utf-8",)) == (ARTICLE, "windows-1256")


def test_unknown_hint_is_ignored() -> None:
    assert decode_bytes(ARTICLE.encode("cp1256"), ("x-no-such-charset",))[0] == ARTICLE


def test_mixed_encodings_are_undecodable() -> None:
    data = ("بيان صادر عن وزارة الدفاع " * 5).encode("utf-8") + ("رد عسكري متناسب " * 5).encode("cp1256")
    with pytest.raises(UndecodableError):
        decode_bytes(data)


def test_high_bytes_without_meaning_are_undecodable() -> None:
    with pytest.raises(UndecodableError):
        decode_bytes(bytes(range(0x80, 0x100)) * 8)


def test_one_broken_utf8_sequence_is_replaced_not_fatal() -> None:
    data = ARTICLE.encode("utf-8") + "أربيل".encode()[:-1]  # cut inside the last letter
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert text.startswith(ARTICLE) and text.endswith("\ufffd")


def test_utf16_with_bom() -> None:
    assert decode_bytes(ARTICLE.encode("utf-16")) == (ARTICLE, "utf-16")


def test_bad_bytes_after_utf8_bom_are_undecodable() -> None:
    with pytest.raises(UndecodableError, match="byte-order mark"):
        decode_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("cp1256"))


@pytest.mark.parametrize(
    "head, hint",
    [
        (b'<html><head><meta charset="windows-1256">', "windows-1256"),
        (b"<html><head><META CHARSET=UTF-8>", "UTF-8"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">', "iso-8859-6"),
        (b"<html><head><title>x</title></head>", None),
    ],
)
def test_html_meta_charset_hint(head: bytes, hint: str | None) -> None:
    assert html_charset_hint(head) == hint


def test_http_header_charset_hint() -> None:
    assert header_charset_hint("text/html; charset=windows-1256") == "windows-1256"
    assert header_charset_hint("text/html") is None
    assert header_charset_hint(None) is None
