"""Persons the decision is about: the accused with their year of birth.

The forms give a person either as a record ("Họ tên: Nguyễn Văn An; Giới tính: Nam …
Sinh ngày 12 tháng 5 năm 1975 tại …") or inline ("bị can Nguyễn Văn An, sinh năm 1975",
"Nguyễn Văn An (sinh năm 1975)"). A name is the run of capitalised words before the
birth cue or after "Họ tên:" / "Bị cáo:"; "bị can …" or "bị cáo …" without a year gives
the name alone, with less confidence. Officials who sign or take part are named without
a birth cue and are not read.
"""

from __future__ import annotations

import re

from phoihop.domain.reading.dates import DateMatch
from phoihop.domain.reading.folded import FoldedText
from phoihop.domain.reading.model import PersonRead, ReadField
from phoihop.domain.reading.words import Run, run_after, run_before
from phoihop.domain.text import fold

_S = r"[ \t\n]*"
_BIRTH_YEAR = re.compile(rf"\b(?:sinh{_S}nam|nam{_S}sinh){_S}:?{_S}(\d{{4}})(?!\d)")
_BIRTH_DATE = re.compile(rf"\bsinh{_S}(?=(?:ngay{_S}:?{_S})?\d|ngay)")
_NAME_LABEL = re.compile(rf"\bho{_S}(?:va{_S})?ten{_S}(?:khai{_S}sinh{_S})?:{_S}")
# The name follows on the same line: "BỊ CAN⏎THỦ TRƯỞNG …" is a title and a signer.
_ACCUSED = re.compile(r"\bbi[ \t]*(?:can|cao)[ \t]*:?[ \t]*(?=[^\W\d_])")
_INLINE_GAP = re.compile(r"[ \t]*[,(]?[ \t]*$")
# Titles before a name; "bị can" and "bị cáo" only as a pair, "Cao" being a surname.
_TITLES = frozenset({"ong", "ba", "anh", "chi"})
_ROLE_PAIRS = frozenset({("bi", "can"), ("bi", "cao")})
_LABEL_REACH = 400  # folded characters from "Họ tên:" to the birth line of its record
_ACCUSED_REACH = 160  # from "bị cáo:" to "sinh năm" past "(tên gọi khác: …)"
_MAX_NAME_WORDS = 6
_EARLIEST, _LATEST = 1900, 2100

Span = tuple[int, int]


def _name(run: Run | None) -> tuple[str, Span] | None:
    """The name in a run of capitalised words, titles ("Ông", "Bị") dropped; two words
    at least, since a single capitalised word is far more often the start of a sentence."""
    if run is None:
        return None
    folded = [fold(word) for word in run.words]
    titles = 0
    while titles < len(folded):
        if tuple(folded[titles : titles + 2]) in _ROLE_PAIRS:
            titles += 2
        elif folded[titles] in _TITLES:
            titles += 1
        else:
            break
    named = run.without_first(titles)
    if named is None or len(named.words) < 2:
        return None
    return " ".join(named.words), (named.start, named.end)


def _births(text: FoldedText, dates: list[DateMatch]) -> list[tuple[int, int, int]]:
    """(folded start, folded end, year) of each birth cue, in order."""
    births = [(m.start(), m.end(), int(m[1])) for m in _BIRTH_YEAR.finditer(text.folded)]
    for match in _BIRTH_DATE.finditer(text.folded):
        following = next((d for d in dates if match.start() <= d.start <= match.end() + 1), None)
        if following is not None and all(start != match.start() for start, _, _ in births):
            births.append((match.start(), following.end, following.value.year))
    return sorted(births)


def read_persons(text: FoldedText, dates: list[DateMatch]) -> tuple[ReadField[PersonRead], ...]:
    folded, original = text.folded, text.original
    births = _births(text, dates)
    labels = list(_NAME_LABEL.finditer(folded))
    accused = list(_ACCUSED.finditer(folded))
    people: dict[str, ReadField[PersonRead]] = {}

    def keep(named: tuple[str, Span] | None, year: int | None, confidence: float, end: int) -> bool:
        if named is None:
            return False
        name, (start, _) = named
        if year is not None and not _EARLIEST <= year <= _LATEST:
            year = None
        held = people.get(fold(name))
        if held is None or (held.value.birth_year is None and year is not None):
            people[fold(name)] = ReadField(PersonRead(name, year), confidence, (start, end))
        return True

    def anchor_before(anchors: list[re.Match[str]], at: int, reach: int) -> re.Match[str] | None:
        for anchor in reversed(anchors):
            if anchor.end() <= at:
                between = any(anchor.end() < b_start < at for b_start, _, _ in births)
                return None if at - anchor.end() > reach or between else anchor
        return None

    def name_after(anchor: re.Match[str]) -> tuple[str, Span] | None:
        if anchor.end() >= len(text.origin):
            return None
        return _name(run_after(original, text.origin[anchor.end()], max_words=_MAX_NAME_WORDS))

    for start, end, year in births:
        birth_end = text.span(start, end)[1]
        label = anchor_before(labels, start, _LABEL_REACH)
        if label is not None and keep(name_after(label), year, 0.95, birth_end):
            continue
        gap = _INLINE_GAP.search(folded, max(0, start - 4), start)
        if gap is not None and gap.start() > 0 and folded[gap.start() - 1] != "\n":
            name_end = text.origin[gap.start() - 1] + 1
            inline = _name(run_before(original, name_end, max_words=_MAX_NAME_WORDS))
            if keep(inline, year, 0.9, birth_end):
                continue
        cue = anchor_before(accused, start, _ACCUSED_REACH)
        if cue is not None:
            keep(name_after(cue), year, 0.85, birth_end)

    for anchors, confidence in ((labels, 0.7), (accused, 0.55)):
        for anchor in anchors:
            named = name_after(anchor)
            if named is not None and fold(named[0]) not in people:
                keep(named, None, confidence, named[1][1])
    return tuple(sorted(people.values(), key=lambda field: field.span[0]))
