"""The official public-sector rest-day calendar (LEGAL.md §4).

Built from the `holidays` package's Vietnam list, corrected and completed by the
project's data files in phoihop/data/calendar/ (Tết breaks, bridging days, worked
Saturdays, each with its source). No Django import here: the Django layer merges its
admin-editable table through ``extra_rest_days`` / ``extra_working_days``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import holidays

from phoihop.domain.clocks.calendar import RestDayCalendar

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "calendar"
FIRST_YEAR, LAST_YEAR = 2020, 2030
# `holidays` 0.109 lists 24/11 (Ngày Văn hóa Việt Nam) from 2026. The Politburo chose it
# and Resolution 30/NQ-CP (02/2026) asks for Labour Code Art.112 to be amended, but as of
# LEGAL.md §4 it is not law, so counting must not skip it. Once the law changes, add it
# through the data files or the admin table, and drop it from here.
NOT_YET_LAW = frozenset({(11, 24)})
PACKAGE_WORKED_DAY = "Thứ Bảy làm việc bù (theo lịch dự kiến, chưa đối chiếu thông báo chính thức)"
EXTRA_REST_DAY = "Ngày nghỉ bổ sung"
EXTRA_WORKING_DAY = "Ngày làm việc bổ sung"

ExtraDays = Iterable[date | tuple[date, str]]


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    reason: str
    source: str
    provisional: bool


@dataclass(frozen=True)
class CalendarYear:
    """One data file: the official notices of a year, or provisional assumptions."""

    year: int
    provisional: bool
    sources: dict[str, Any]
    rest_days: tuple[CalendarEntry, ...]
    working_days: tuple[CalendarEntry, ...]
    excluded: tuple[CalendarEntry, ...]


def load_calendar_years(directory: Path = DATA_DIR) -> dict[int, CalendarYear]:
    """Read every ``<year>.json``; a malformed file is an error naming it."""
    years: dict[int, CalendarYear] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            sources = dict(raw["sources"])
            data = CalendarYear(
                year=int(raw["year"]),
                provisional=bool(raw["provisional"]),
                sources=sources,
                rest_days=_entries(raw, "rest_days", sources),
                working_days=_entries(raw, "working_days", sources),
                excluded=_entries(raw, "excluded", sources),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path.name}: dữ liệu lịch không hợp lệ ({error})") from error
        entries = (*data.rest_days, *data.working_days, *data.excluded)
        if any(entry.day.year != data.year for entry in entries):
            raise ValueError(f"{path.name}: có ngày không thuộc năm {data.year}")
        years[data.year] = data
    return years


def _entries(raw: dict[str, Any], kind: str, sources: dict[str, Any]) -> tuple[CalendarEntry, ...]:
    return tuple(_entry(item, sources) for item in raw.get(kind, []))


def _entry(item: dict[str, Any], sources: dict[str, Any]) -> CalendarEntry:
    if item["source"] not in sources:
        raise ValueError(f"nguồn {item['source']!r} không có trong sources")
    reason = item["reason"]
    if not isinstance(reason, str) or not reason:
        raise ValueError(f"ngày {item['date']} thiếu lý do")
    return CalendarEntry(
        day=date.fromisoformat(item["date"]),
        reason=reason,
        source=item["source"],
        provisional=bool(item.get("provisional", False)),
    )


def official_calendar(
    extra_rest_days: ExtraDays = (),
    extra_working_days: ExtraDays = (),
    *,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
) -> RestDayCalendar:
    """The calendar for ``first_year``–``last_year``, plus days added by the caller
    (e.g. the admin table), which win over the package and the data files."""
    calendar = _base_calendar(first_year, last_year)
    rest = _with_reasons(extra_rest_days, EXTRA_REST_DAY)
    work = _with_reasons(extra_working_days, EXTRA_WORKING_DAY)
    if not rest and not work:
        return calendar
    return calendar.with_additions(rest_days=rest, working_days=work)


def clear_cache() -> None:
    _base_calendar.cache_clear()


@lru_cache(maxsize=8)
def _base_calendar(first_year: int, last_year: int) -> RestDayCalendar:
    years = range(first_year, last_year + 1)
    package = holidays.country_holidays("VN", years=years, language="vi")
    rest = {
        day: str(name) for day, name in package.items() if (day.month, day.day) not in NOT_YET_LAW
    }
    work = {
        day: PACKAGE_WORKED_DAY
        for day in getattr(package, "weekend_workdays", ())
        if day.year in years
    }
    verified: set[int] = set()
    for data in load_calendar_years().values():
        if data.year not in years:
            continue
        if not data.provisional:
            verified.add(data.year)
        for entry in data.excluded:
            rest.pop(entry.day, None)
        for entry in data.rest_days:
            work.pop(entry.day, None)
            rest[entry.day] = entry.reason
        for entry in data.working_days:
            rest.pop(entry.day, None)
            work[entry.day] = entry.reason
    return RestDayCalendar(
        rest_days=rest,
        working_days=work,
        known_years=frozenset(years),
        # A year is provisional until a data file holds its official notices.
        provisional_years=frozenset(years) - verified,
    )


def _with_reasons(days: ExtraDays, default_reason: str) -> dict[date, str]:
    found: dict[date, str] = {}
    for item in days:
        if isinstance(item, tuple):
            found[item[0]] = item[1]
        else:
            found[item] = default_reason
    return found
