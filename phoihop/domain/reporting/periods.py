"""The periods of the oversight reports: month, quarter, half-year, year, or any span.

Reports are due monthly, quarterly, for six months and for the year; each is named in
its title the way Vietnamese reports name it ("quý III năm 2026", "6 tháng đầu năm
2026"). Written as ``2026-10``, ``2026-Q3``, ``2026-H1``, ``2026`` or
``2026-01-01..2026-03-15``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from phoihop.domain.errors import InvalidInput

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-[Hh]([12])$"), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$"), "span"),
)


@dataclass(frozen=True)
class ReportPeriod:
    kind: str  # month | quarter | half | year | span
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> ReportPeriod:
    value = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if match is None:
            continue
        try:
            return _build(kind, match.groups())
        except ValueError:
            break  # a date that does not exist: reported below
    raise InvalidInput(
        f"Kỳ báo cáo “{text}” không hợp lệ; ghi theo dạng 2026-10 (tháng), 2026-Q3 (quý), "
        "2026-H1 (6 tháng), 2026 (năm) hoặc 2026-01-01..2026-03-15.",
        field="period",
    )


def _build(kind: str, groups: tuple[str, ...]) -> ReportPeriod:
    if kind == "span":
        start, end = dt.date.fromisoformat(groups[0]), dt.date.fromisoformat(groups[1])
        if end < start:
            raise ValueError("end before start")
        return ReportPeriod(kind, start, end, f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}")
    year = int(groups[0])
    if not 1990 <= year <= 2100:
        raise ValueError("year out of range")
    if kind == "month":
        month = int(groups[1])
        if not 1 <= month <= 12:
            raise ValueError("month")
        return ReportPeriod(
            kind, dt.date(year, month, 1), _month_end(year, month), f"tháng {month} năm {year}"
        )
    if kind == "quarter":
        quarter = int(groups[1])
        first = 3 * (quarter - 1) + 1
        return ReportPeriod(
            kind,
            dt.date(year, first, 1),
            _month_end(year, first + 2),
            f"quý {_ROMAN[quarter]} năm {year}",
        )
    if kind == "half":
        half = int(groups[1])
        first = 1 if half == 1 else 7
        name = "6 tháng đầu năm" if half == 1 else "6 tháng cuối năm"
        return ReportPeriod(
            kind, dt.date(year, first, 1), _month_end(year, first + 5), f"{name} {year}"
        )
    return ReportPeriod(kind, dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}")
