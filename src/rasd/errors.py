"""Typed, per-record errors: one bad input never stops a batch."""

from __future__ import annotations


class RecordError(Exception):
    """A record that cannot be processed, with a stable reason code and the record's name."""

    def __init__(self, record: str, reason: str, message: str) -> None:
        super().__init__(f"{record}: {reason}: {message}")
        self.record = record
        self.reason = reason  # stable code, e.g. "empty", "binary", "truncated-gzip"
        self.message = message

    def line(self) -> str:
        """Return the one-line report printed on stderr."""
        return f"rasd: skipped {self.record}: {self.reason}: {self.message}"
