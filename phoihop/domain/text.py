"""Vietnamese-aware text folding.

The same function folds the stored text and the query, so "tham nhung", "THAM NHŨNG"
and "Tham nhũng" meet on both SQLite and PostgreSQL without database extensions
(SQLite's LIKE folds ASCII only and FTS5 does not fold đ); the domain's own rules (a
name printed against a release's naming rule) fold with it too.
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


ALLOWED_CONTROLS = frozenset("\t\n\r")


def forbidden_character(text: str) -> str | None:
    """The first control character (other than tab and line breaks) or lone surrogate
    in ``text``, if any: none belongs in a case record, and PostgreSQL cannot store NUL."""
    for char in text:
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            return char
    return None


def without_forbidden(text: str) -> str:
    """``text`` with every character ``forbidden_character`` would name taken out: what a
    pasted value shows the user, the invisible part gone."""
    return "".join(
        char
        for char in text
        if char in ALLOWED_CONTROLS or unicodedata.category(char) not in ("Cc", "Cs")
    )
