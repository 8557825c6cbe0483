"""Publication dates from input metadata: ISO-like strings only, never guessed."""

from __future__ import annotations

import datetime as dt
import re

# Year first, then month and day, with -, / or . between them; an optional time part follows
# ("2021-02-26", "2021/02/26", "2021-02-26T10:05:00+03:00", "2021-02-26 10:05"). Day-first and
# month-first forms (26/02/2021, 02/26/2021) are ambiguous, so they are not accepted.
ISO_LIKE_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T\s].*)?", re.DOTALL)
COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T.*)?", re.DOTALL)
# Arabic-Indic and Persian digits spell the same dates in Arabic metadata.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_published(value: str) -> dt.date | None:
    """Return the date an ISO-like string names, or None when it names none."""
    text = value.strip().translate(DIGITS)
    match = ISO_LIKE_DATE.fullmatch(text)
    if match:
        year, month, day = match.group(1), match.group(3), match.group(4)
    else:
        match = COMPACT_DATE.fullmatch(text)
        if not match:
            return None
        year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
