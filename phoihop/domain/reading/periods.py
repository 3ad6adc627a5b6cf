"""The period a decision sets and the case it names.

"Gia hạn thời hạn điều tra … là 03 tháng", "Thời hạn tạm giam là 02 tháng, kể từ ngày
05/3/2025 đến ngày 04/5/2025", "gia hạn thời hạn chuẩn bị xét xử 15 ngày". A length is
read only after a cue that says it is the decision's own period; dates are masked first,
so the "05 tháng" of "ngày 05 tháng 3" is never a length, and "trong thời hạn 15 ngày kể
từ ngày tuyên án" (the time to appeal) names no period of the decision.
"""

from __future__ import annotations

import datetime as dt
import re

from phoihop.domain.reading.dates import DateMatch
from phoihop.domain.reading.folded import FoldedText
from phoihop.domain.reading.model import ReadField

_S = r"[ \t\n]*"
_PERIOD_CUE = re.compile(
    rf"\b(?:gia{_S}han|thoi{_S}han{_S}(?:dieu{_S}tra|tam{_S}giam|tam{_S}giu|truy{_S}to"
    rf"|chuan{_S}bi{_S}xet{_S}xu|gia{_S}han|dieu{_S}tra{_S}bo{_S}sung)|tam{_S}giam)\b"
)
_LENGTH = re.compile(rf"\b(\d{{1,3}}){_S}(?:\([a-z ]+\){_S})?(thang|ngay)\b")
_LENGTH_REACH = 160  # folded characters from the cue to the length
_STOP = re.compile(r"[.;](?!\d)")
_DETENTION = re.compile(rf"\btam{_S}giam\b")
_FROM_TO = re.compile(rf"\b(?:ke{_S})?tu{_S}@(\d+)@{_S},?{_S}(?:den|toi){_S}(?:het{_S})?@(\d+)@")
_FROM = re.compile(rf"\b(?:ke{_S}tu|tinh{_S}tu){_S}@(\d+)@")
_CASE = re.compile(rf"\bvu{_S}an{_S}(?:hinh{_S}su{_S})?(?::{_S})?([\"“”])")
_CASE_PLAIN = re.compile(rf"\bvu{_S}an{_S}hinh{_S}su{_S}:{_S}")
# A line break ends the case's name only before a new item: a PDF's text
# layer and a scan break a paragraph's lines where the page does.
_CASE_END = re.compile(
    rf"[.;]|\n(?=\s*(?:[-+•*]|\d+[.)]|[a-z]\)))"
    rf"|{_S}\bdoi{_S}voi\b|{_S}\btheo{_S}quy{_S}dinh\b|{_S}\bdo{_S}co{_S}quan\b"
)


def _masked(text: FoldedText, dates: list[DateMatch]) -> str:
    """The folded text with each date replaced by "@n@" padded to its length, so that
    positions stay those of the folded text."""
    chars = list(text.folded)
    for index, found in enumerate(dates):
        token = f"@{index}@"
        width = found.end - found.start
        if len(token) > width:
            continue
        chars[found.start : found.end] = list(token.ljust(width, " "))
    return "".join(chars)


def read_lengths(
    text: FoldedText, dates: list[DateMatch]
) -> tuple[ReadField[int] | None, ReadField[int] | None]:
    masked = _masked(text, dates)
    months: ReadField[int] | None = None
    days: ReadField[int] | None = None
    for cue in _PERIOD_CUE.finditer(masked):
        limit = min(len(masked), cue.end() + _LENGTH_REACH)
        stop = _STOP.search(masked, cue.end(), limit)
        length = _LENGTH.search(masked, cue.end(), stop.start() if stop else limit)
        if length is None:
            continue
        field = ReadField(int(length[1]), 0.9, text.span(length.start(), length.end()))
        if length[2] == "thang" and months is None:
            months = field
        elif length[2] == "ngay" and days is None:
            days = field
    return months, days


def read_detention(
    text: FoldedText, dates: list[DateMatch]
) -> tuple[ReadField[dt.date] | None, ReadField[dt.date] | None]:
    """ "(kể) từ ngày … đến ngày …" in a sentence about detention (tạm giam)."""
    masked = _masked(text, dates)
    for sentence in _sentences(masked):
        start, end = sentence
        if not _DETENTION.search(masked, start, end):
            continue
        both = _FROM_TO.search(masked, start, end)
        if both is not None:
            first, last = dates[int(both[1])], dates[int(both[2])]
            return (
                ReadField(first.value, 0.9, text.span(first.start, first.end)),
                ReadField(last.value, 0.9, text.span(last.start, last.end)),
            )
        only = _FROM.search(masked, start, end)
        if only is not None:
            first = dates[int(only[1])]
            return ReadField(first.value, 0.75, text.span(first.start, first.end)), None
    return None, None


def _sentences(masked: str) -> list[tuple[int, int]]:
    bounds, at = [], 0
    for stop in _STOP.finditer(masked):
        bounds.append((at, stop.start()))
        at = stop.end()
    bounds.append((at, len(masked)))
    return bounds


def read_case_title(text: FoldedText) -> ReadField[str] | None:
    """The case as the form names it: 'vụ án hình sự "Tham ô tài sản" xảy ra tại …'."""
    folded = text.folded
    quoted = _CASE.search(folded)
    if quoted is not None:
        start = quoted.start(1)
        closing = re.compile(r"[\"“”]").search(folded, quoted.end())
        end_mark = _CASE_END.search(folded, closing.end() if closing else quoted.end())
        end = end_mark.start() if end_mark else len(folded)
        confidence = 0.85
    else:
        plain = _CASE_PLAIN.search(folded)
        if plain is None:
            return None
        start = plain.end()
        end_mark = _CASE_END.search(folded, start)
        end = end_mark.start() if end_mark else len(folded)
        confidence = 0.6
    while end > start and folded[end - 1] in " \t,":
        end -= 1
    if end - start < 3:
        return None
    begin, finish = text.span(start, end)
    return ReadField(" ".join(text.original[begin:finish].split()), confidence, (begin, finish))
