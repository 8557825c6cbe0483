"""Identify the language of an article (part of the SEGMENT stage) with py3langid.

The model ships inside the py3langid wheel and is loaded once, on first use (≈0.7 s). It scores
a bounded prefix of the text: py3langid walks the UTF-8 bytes in Python, so its cost grows with
length (≈0.7 µs per Arabic character here), while Arabic is already told apart at 100 characters.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import logging
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from rasd.model import Document

logger = logging.getLogger(__name__)

UNDETERMINED = "und"
LANGUAGE_CODES_FILE = "language_codes.tsv"
# Every one of the 2,828 Arabic texts of the dev evaluation files (whole articles, sentences from
# 20 characters up) is identified as Arabic from its first 100 characters as from its first 600;
# 300 leaves room for a Latin headline or byline before the body, at ≈0.2 ms a document.
PREFIX_CHARS = 300
# Below ten letters the model guesses: «قال» reads as Uyghur, "Reuters" as Acehnese.
MIN_LETTERS = 10
_LETTER = re.compile(r"[^\W\d_]")


@cache
def load_identifier() -> LanguageIdentifier:
    """Load the py3langid model once (≈0.4 s); probabilities are normalised so scores are comparable.

    Call it when building a pipeline so the first document does not pay for the load.
    """
    logger.debug("loading the py3langid model")
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def load_language_codes() -> Mapping[str, str]:
    """Load `language_codes.tsv`: py3langid label → ISO 639-1 code (or `und`)."""
    source = resources.files("rasd.arabic").joinpath(LANGUAGE_CODES_FILE)
    with source.open(encoding="utf-8") as handle:
        rows = csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
        )
        return MappingProxyType({row["label"]: row["code"] for row in rows})


def identify_language(text: str, max_chars: int = PREFIX_CHARS) -> str:
    """Return the ISO 639-1 code of the language `text` is written in, or `und` if too short.

    Only the first `max_chars` characters (cut back to a word boundary) are read.
    """
    sample = _prefix(text, max_chars)
    if not _has_letters(sample, MIN_LETTERS):
        return UNDETERMINED
    label, _ = load_identifier().classify(sample)
    return load_language_codes().get(label, label)


def with_language(doc: Document) -> Document:
    """Set `doc.language` from the clean text."""
    return dataclasses.replace(doc, language=identify_language(doc.text))


def _prefix(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars + 1)
    return text[: cut if cut > 0 else max_chars]


def _has_letters(text: str, count: int) -> bool:
    """Tell whether `text` has at least `count` letters (stopping as soon as it has)."""
    return next(itertools.islice(_LETTER.finditer(text), count - 1, None), None) is not None
