"""Search folding for the record's search text and its queries: the domain's
``fold`` (phoihop/domain/text.py), one function for both sides."""

from __future__ import annotations

from phoihop.domain.text import fold

__all__ = ["fold"]
