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
_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" is punctuation here


class _Folded(dict[int, str | None]):
    """``str.translate``'s table for a decomposed, lower-cased text: each combining mark
    (category Mn) dropped, đ made d, any other character kept. Filled as characters
    are met, so each is looked up in Unicode's tables once; up to a bound, so that a
    text of every character there is cannot make it grow without end."""

    def __missing__(self, code: int) -> str | None:
        character = chr(code)
        value = None if unicodedata.category(character) == "Mn" else character
        if len(self) < _FOLDED_KEPT:
            self[code] = value
        return value


_FOLDED_KEPT = 4096  # Vietnamese, with its marks and punctuation, needs a few hundred


_FOLDED = _Folded({ord("đ"): "d"})


def fold(text: str) -> str:
    """NFC, lower case, tone and vowel marks removed, đ → d, white space collapsed."""
    stripped = unicodedata.normalize("NFD", text.lower()).translate(_FOLDED)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def search_words(text: str) -> list[str]:
    """The words search reads in ``text``: folded, each a run of letters and digits, any
    other character ending it. A Vietnamese syllable is a word; so is each part of a
    number or code: "Số 01/2024/HS-ST" → ["so", "01", "2024", "hs", "st"]."""
    return _WORD.findall(fold(text))


def search_terms(query: str) -> tuple[tuple[str, ...], ...]:
    """What a typed search asks for: one term per piece of ``query`` between spaces, the
    piece's words in order. A term of one word matches a word that begins with it
    ("phuoc" finds "Phước Long", "hung" does not find "nhũng"); a term of several (a
    number or code typed with its punctuation: "01/2024", "AG-2024-0001") matches those
    words in a row, each whole but the last, which may be a beginning. Every term must
    match; a piece without a letter or digit ("-", "…") asks nothing."""
    return tuple(tuple(words) for piece in fold(query).split() if (words := search_words(piece)))


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
