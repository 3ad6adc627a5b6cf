"""Vietnamese-aware text folding for search.

The same function folds the stored text and the query, so "tham nhung", "THAM NHŨNG"
and "Tham nhũng" meet on both SQLite and PostgreSQL without database extensions
(SQLite's LIKE folds ASCII only and FTS5 does not fold đ).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFC, lower case, tone and vowel marks removed, đ → d, white space collapsed."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()
