"""rasd (رصد): Arabic news articles into structured, sourced political-event data.

`rasd.extract(text, published=...)` runs the whole pipeline over one article and returns
its typed `Document`; `Document.to_dict()` yields the output contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract"]

if TYPE_CHECKING:
    from rasd.pipeline import extract


def __getattr__(name: str) -> Any:
    # The pipeline pulls in every stage and its libraries; load it only when asked for.
    if name == "extract":
        from rasd.pipeline import extract

        return extract
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")
