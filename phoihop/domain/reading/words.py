"""Capitalised runs of words in the printed text: how a person's name or a place
stands out from the lower-case prose of a decision ("bị can Nguyễn Văn An, sinh năm …",
"An Giang, ngày …")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+\.?")


@dataclass(frozen=True)
class Run:
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def without_first(self, count: int) -> Run | None:
        if count >= len(self.words):
            return None
        return Run(self.words[count:], self.spans[count:])


_ABBREVIATION = 3  # "TP." ends with its dot; "Long." is the end of a sentence


def is_capitalised(word: str) -> bool:
    """ "Nguyễn", "NGUYỄN", "A", "TP.": a word that may belong to a name or a place."""
    letters = word.rstrip(".")
    if word.endswith(".") and not (len(letters) <= _ABBREVIATION and letters.isupper()):
        return False
    return (
        bool(letters)
        and letters[0].isupper()
        and (letters[1:].islower() or letters[1:].isupper() or len(letters) == 1)
    )


def _is_gap(text: str) -> bool:
    """White space between two words of one phrase: not a column gap (a tab, three
    spaces or more) and at most one line break."""
    if "\t" in text or "   " in text:
        return False
    return text.strip(" \u00a0") in ("", "\n")


def _whole(text: str, start: int, end: int) -> bool:
    """The word is a whole token: "CSKT" of "QĐ-CSKT" is not."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isspace() and (after.isspace() or after in ",;:()")


def run_before(text: str, end: int, *, max_words: int, cross_lines: bool = True) -> Run | None:
    """The capitalised words that end at ``end`` (white space between them only)."""
    words: list[tuple[int, int]] = []
    position = end
    for match in reversed(list(_WORD.finditer(text, max(0, end - 200), end))):
        gap = text[match.end() : position]
        if not _is_gap(gap) or (not cross_lines and "\n" in gap) or len(words) >= max_words:
            break
        if not is_capitalised(match[0]) or not _whole(text, match.start(), match.end()):
            break
        words.insert(0, (match.start(), match.end()))
        position = match.start()
    if not words:
        return None
    return Run(tuple(text[a:b] for a, b in words), tuple(words))


def run_after(text: str, start: int, *, max_words: int) -> Run | None:
    """The capitalised words from ``start`` on. A line break is crossed only towards a
    short run that ends the phrase ("Nguyễn Văn⏎An; Giới tính"), not towards the label
    of the next line ("Nguyễn Văn An⏎Giới tính: Nam")."""
    words: list[tuple[int, int]] = []
    position = start
    for match in _WORD.finditer(text, start, min(len(text), start + 200)):
        gap = text[position : match.start()]
        if not _is_gap(gap) or len(words) >= max_words or not is_capitalised(match[0]):
            break
        if not _whole(text, match.start(), match.end()):
            break
        if "\n" in gap and words and not _ends_phrase(text, match.end()):
            break
        words.append((match.start(), match.end()))
        position = match.end()
    if not words:
        return None
    return Run(tuple(text[a:b] for a, b in words), tuple(words))


def _ends_phrase(text: str, at: int) -> bool:
    rest = text[at : at + 2].lstrip(" ")
    return rest == "" or rest[0] in ",;(\n"
