"""Text folded for matching, with the way back to the printed characters.

The rules read a decision on folded text (lower case, tone and vowel marks off, đ → d,
as `phoihop.domain.text.fold` folds for search), so "Số:", "So:" and "SỐ :" meet, and a
scan without its marks reads like the original. Unlike `fold`, this keeps each folded
character's place in the original, so every field can point at the span it came from,
and keeps the layout's two signals: a line break (folded "\\n") and a wide gap between
columns of a header printed side by side (a tab or three spaces or more, folded "\\t").
Any other run of white space becomes one space.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_WIDE_GAP = 3  # spaces; two are often a typing slip, three or more a column gap


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char.lower())
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return kept.replace("đ", "d")


@dataclass(frozen=True)
class FoldedText:
    """``folded`` read from ``original``; ``origin[i]`` is the index in ``original`` of
    the character folded into ``folded[i]``."""

    original: str
    folded: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded[start:end] came from."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        begin, finish = self.span(start, end)
        return self.original[begin:finish]


def fold_with_offsets(text: str) -> FoldedText:
    """Fold ``text`` (already NFC) keeping each folded character's origin."""
    out: list[str] = []
    origin: list[int] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char.isspace():
            j, line_break, width, tab = i, False, 0, False
            while j < size and text[j].isspace():
                line_break = line_break or text[j] in _LINE_BREAKS
                tab = tab or text[j] == "\t"
                width += 1
                j += 1
            gap = "\n" if line_break else "\t" if tab or width >= _WIDE_GAP else " "
            out.append(gap)
            origin.append(i)
            i = j
            continue
        for folded in _fold_char(char):
            out.append(folded)
            origin.append(i)
        i += 1
    return FoldedText(original=text, folded="".join(out), origin=tuple(origin))
