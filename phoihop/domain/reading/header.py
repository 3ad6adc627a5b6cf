"""The head of an official document (Nghị định 30/2020/NĐ-CP's layout, which the forms
of the police, the procuracy and the courts all keep): the issuing body's name at the
top left, the national motto at the top right, "Số: …" under the body, the place and
date under the motto, then the title. A PDF's text layer or a scan may give the two
columns one after the other or side by side on each line; the rules read both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from phoihop.domain.procedure.events import EventType
from phoihop.domain.reading.dates import DateMatch
from phoihop.domain.reading.folded import FoldedText
from phoihop.domain.reading.kinds import NUMBER_CUES, best_cue
from phoihop.domain.reading.model import ReadField
from phoihop.domain.reading.words import run_before
from phoihop.domain.text import fold

_HEADINGS = ("quyetdinh", "lenh", "banketluandieutra", "ketluandieutra", "caotrang", "banan")
_HEADER_ENDS = ("cancu", "nhandanh", "xetthay")
_NOT_ISSUER = re.compile(
    r"conghoaxahoichunghiavietnam|doclap|banan|mauso|nhandanh|(?:so|ngay)[:.]?\d"
)
# The unit under its parent in the header ("CÔNG AN TỈNH AN GIANG / CƠ QUAN CẢNH SÁT ĐIỀU
# TRA"): its full name is the unit's line followed by the parent's.
_BARE_UNITS = ("co quan canh sat dieu tra", "co quan an ninh dieu tra", "co quan dieu tra")
_DEPARTMENTS = ("cuc ", "vu ", "phong ")
# A line of the head that opens with none of these continues the line above: a PDF's
# text layer and a scan break a long name where the column breaks it ("VIỆN KIỂM SÁT
# NHÂN DÂN / TỈNH ĐỒNG NAI", "… TỐI / CAO").
_BODY_STARTS = (
    "bo ", "co quan", "cong an", "cuc ", "toa an", "vien ", "phong ", "vu ", "ban ",
    "uy ban", "thanh tra", "van phong", "tong cuc", "so ", "quan khu", "tinh uy",
    "thanh uy", "dang ",
)  # fmt: skip
_MOTTO = re.compile(r"\bcong hoa xa hoi\b|\bdoc lap ?-")
_BODY_WORDS = ("co quan", "cong an", "vien kiem sat", "toa an", "cuc ", "vien cong to")
_TITLE_SUBJECT_LINES = 3
_HEADER_FALLBACK = 1500  # folded characters read as the head when no title is found

_NUMBER = re.compile(
    r"(?:^|[\n\t])[ ]*(?:(ban an|lenh|quyet dinh)[ ]*)?so[ \t]*([:.]?)[ \t]*"
    r"(\d[\w.\-]*(?:[ \t]*/[ \t]*[\w.\-]+)*)"
)


@dataclass(frozen=True)
class Line:
    start: int  # folded
    end: int
    folded: str
    original: str

    @property
    def compact(self) -> str:
        return "".join(self.folded.split())


def lines_of(text: FoldedText, start: int = 0, end: int | None = None) -> list[Line]:
    stop = len(text.folded) if end is None else end
    lines: list[Line] = []
    at = start
    for piece in text.folded[start:stop].split("\n"):
        if piece.strip():
            lines.append(Line(at, at + len(piece), piece, text.original_text(at, at + len(piece))))
        at += len(piece) + 1
    return lines


def is_upper(original: str) -> bool:
    letters = [c for c in original if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@dataclass(frozen=True)
class Title:
    start: int  # folded: where the heading line starts
    event_type: ReadField[EventType] | None


def _compact_with_positions(lines: list[Line]) -> tuple[str, list[int]]:
    chars: list[str] = []
    positions: list[int] = []
    for line in lines:
        for offset, char in enumerate(line.folded):
            if not char.isspace():
                chars.append(char)
                positions.append(line.start + offset)
    return "".join(chars), positions


def find_title(text: FoldedText) -> Title | None:
    """The title block: a heading line in capitals ("QUYẾT ĐỊNH", "LỆNH …", "CÁO TRẠNG",
    "BẢN KẾT LUẬN ĐIỀU TRA") with the subject lines under it; the operative "QUYẾT ĐỊNH:"
    (with its colon) is not a title."""
    lines = lines_of(text)
    first: int | None = None
    for index, line in enumerate(lines):
        compact = line.compact.lstrip("-*.0123456789()")
        if (
            not compact.startswith(_HEADINGS)
            or compact.endswith(":")
            or not is_upper(line.original)
        ):
            continue
        if first is None:
            first = line.start
        block = [line]
        for follower in lines[index + 1 : index + 1 + _TITLE_SUBJECT_LINES]:
            if not is_upper(follower.original) or follower.compact.startswith(_HEADER_ENDS):
                break
            block.append(follower)
        compact_block, positions = _compact_with_positions(block)
        match = best_cue(compact_block)
        if match is None:
            continue
        span = text.span(positions[match.start], positions[match.end - 1] + 1)
        confidence = 0.7 if match.ambiguous else 0.95
        return Title(line.start, ReadField(match.cue.event_type, confidence, span))
    return Title(first, None) if first is not None else None


def header_end(text: FoldedText, title: Title | None) -> int:
    ends = [title.start] if title is not None else []
    for line in lines_of(text):
        if line.compact.startswith(_HEADER_ENDS):
            ends.append(line.start)
            break
    return min(ends) if ends else min(len(text.folded), _HEADER_FALLBACK)


def read_doc_number(text: FoldedText, end: int) -> ReadField[str] | None:
    """ "Số: 123/QĐ-CSĐT" in the head; a number cited in the body is another document's."""
    for match in _NUMBER.finditer(text.folded, 0, end):
        token_end = match.end(3)
        while token_end > match.start(3) and text.folded[token_end - 1] in ".-,":
            token_end -= 1
        begin, finish = text.span(match.start(3), token_end)
        value = "".join(text.original[begin:finish].split())
        cues = (bool(match[2]), "/" in value)
        confidence = 0.95 if all(cues) else 0.8 if any(cues) else 0.6
        return ReadField(value, confidence, (begin, finish))
    return None


def number_event_type(
    number: ReadField[str] | None, text: FoldedText
) -> ReadField[EventType] | None:
    if number is None:
        return None
    folded = number.value.lower()
    for symbol, event_type in NUMBER_CUES.items():
        if symbol in folded:
            return ReadField(event_type, 0.85, number.span)
    return None


def read_place_and_date(
    text: FoldedText, dates: list[DateMatch], end: int
) -> tuple[ReadField[str] | None, ReadField[dt.date] | None]:
    """ "An Giang, ngày 05 tháng 3 năm 2025" under the motto; a judgment's head gives
    "Ngày: 20-5-2025" under its number, without a place."""
    head_dates = [d for d in dates if d.end <= end]
    for found in head_dates:
        before = text.folded[: found.start].rstrip(" \t")
        if not before.endswith(","):
            continue
        comma = text.origin[len(before) - 1]
        run = run_before(text.original, comma, max_words=5, cross_lines=False)
        if run is None:
            continue
        place_start = _place_start(text.original, run.start)
        date_span = text.span(found.start, found.end)
        certainty = 0.95 if found.spelled else 0.9
        return (
            ReadField(
                " ".join(text.original[place_start:comma].split()), certainty, (place_start, comma)
            ),
            ReadField(found.value, certainty, date_span),
        )
    for found in head_dates:
        if text.folded[found.start : found.start + 4] == "ngay":
            return None, ReadField(found.value, 0.8, text.span(found.start, found.end))
    return None, None


_CITY = re.compile(r"(?:thành|THÀNH|Thành)[ ]+(?:phố|PHỐ)[ ]+$")
_JOINED = re.compile(r"[ ]*[-–][ ]*$")


def _place_start(original: str, start: int) -> int:
    """Take in the words a capitalised run leaves out of a place: "Thành phố Hồ Chí
    Minh", "Bà Rịa - Vũng Tàu"."""
    while True:
        before = original[max(0, start - 40) : start]
        city = _CITY.search(before)
        if city is not None:
            return start - (len(before) - city.start())
        joined = _JOINED.search(before)
        if joined is None or joined.start() == len(before):
            return start
        earlier = run_before(
            original, start - (len(before) - joined.start()), max_words=3, cross_lines=False
        )
        if earlier is None:
            return start
        start = earlier.start


def _joined_continuations(lines: list[ReadField[str]]) -> list[ReadField[str]]:
    joined: list[ReadField[str]] = []
    for line in lines:
        if joined and not fold(line.value).startswith(_BODY_STARTS):
            above = joined.pop()
            line = ReadField(
                f"{above.value} {line.value}",
                min(above.confidence, line.confidence),
                (above.span[0], line.span[1]),
            )
        joined.append(line)
    return joined


def read_issuer(
    text: FoldedText, end: int
) -> tuple[tuple[ReadField[str], ...], ReadField[str] | None]:
    """The body's lines in the head, and the body's name composed from them."""
    issuer_lines: list[ReadField[str]] = []
    for line in lines_of(text, 0, end):
        at = line.start
        for whole in line.folded.split("\t"):
            cell_start, cell_end = at, at + len(whole)
            at = cell_end + 1
            # a scan may set the motto beside the body's line with a single space
            motto = _MOTTO.search(whole)
            cell = whole[: motto.start()] if motto and motto.start() > 0 else whole
            compact = "".join(cell.split())
            if not any(c.isalpha() for c in compact) or _NOT_ISSUER.match(compact):
                continue
            lead = len(cell) - len(cell.lstrip())
            trail = len(cell.rstrip())
            begin, finish = text.span(cell_start + lead, cell_start + trail)
            original = text.original[begin:finish]
            # a name's last word alone on its line ("THỌ") is too short for is_upper
            tail = [c for c in original if c.isalpha()]
            short_tail = bool(issuer_lines) and 0 < len(tail) < 4 and all(c.isupper() for c in tail)
            if is_upper(original) or short_tail:
                issuer_lines.append(ReadField(" ".join(original.split()), 0.9, (begin, finish)))
    issuer_lines = _joined_continuations(issuer_lines)
    if not issuer_lines:
        return (), None
    last = issuer_lines[-1]
    folded_last = fold(last.value)
    name, span = last.value, last.span
    if len(issuer_lines) >= 2 and (
        folded_last in _BARE_UNITS or folded_last.startswith(_DEPARTMENTS)
    ):
        parent = issuer_lines[-2]
        joiner = " " if folded_last in _BARE_UNITS else ", "
        name, span = f"{last.value}{joiner}{parent.value}", (parent.span[0], last.span[1])
    folded_name = fold(name)
    confidence = 0.9 if any(word in folded_name for word in _BODY_WORDS) else 0.6
    return tuple(issuer_lines), ReadField(name, confidence, span)
