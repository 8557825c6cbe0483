"""The clean stage: drop page boilerplate from article text by reviewed patterns."""

from rasd.clean.cleaner import Cleaner, clean_text, content_hash
from rasd.clean.patterns import Pattern, Rules, fold

__all__ = ["Cleaner", "Pattern", "Rules", "clean_text", "content_hash", "fold"]
