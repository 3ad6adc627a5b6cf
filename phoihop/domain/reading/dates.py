"""Vietnamese date phrases: "ngày 05 tháng 3 năm 2025", "ngày 5/3/2025", "05-3-2025".

Read on folded text ("ngay 05 thang 3 nam 2025"), so a scan without marks reads the
same. A phrase naming only a month ("tháng 3/2025", "tháng 3 năm 2025") is not a date:
it gives nothing rather than a guessed day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# A line break may fall anywhere inside the phrase (OCR, narrow columns).
_S = r"[ \t\n]*"
_SPELLED = re.compile(
    rf"\bngay{_S}:?{_S}(\d{{1,2}}){_S}thang{_S}(\d{{1,2}}){_S}nam{_S}(\d{{4}})(?!\d)"
)
_NUMERIC = re.compile(
    rf"(?:\bngay{_S}:?{_S})?(?<![\d/.\-])(\d{{1,2}}){_S}([/.\-]){_S}(\d{{1,2}}){_S}\2{_S}(\d{{4}})(?!\d)"
)

EARLIEST_YEAR = 1900  # birth dates of the oldest accused; decisions are far later


@dataclass(frozen=True)
class DateMatch:
    start: int  # in the folded text
    end: int
    value: dt.date
    spelled: bool  # "ngày … tháng … năm …" rather than digits and separators


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if value.year >= EARLIEST_YEAR else None


def find_dates(folded: str) -> list[DateMatch]:
    """Every date phrase of ``folded``, in order, none overlapping."""
    found: list[DateMatch] = []
    for match in _SPELLED.finditer(folded):
        value = _date(match[3], match[2], match[1])
        if value is not None:
            found.append(DateMatch(match.start(), match.end(), value, spelled=True))
    for match in _NUMERIC.finditer(folded):
        value = _date(match[4], match[3], match[1])
        if value is None or any(d.start < match.end() and match.start() < d.end for d in found):
            continue
        found.append(DateMatch(match.start(), match.end(), value, spelled=False))
    return sorted(found, key=lambda d: d.start)
