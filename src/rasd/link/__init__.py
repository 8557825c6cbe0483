"""Link stage: relate articles across an input set (exact and near-duplicate copies)."""

from rasd.link.duplicates import DuplicateMarker

__all__ = ["DuplicateMarker"]
