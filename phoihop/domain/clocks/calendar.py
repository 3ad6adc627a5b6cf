"""The public-sector rest-day calendar that BLTTHS Art.134 consults (LEGAL.md §4).

The core layer builds it from the `holidays` package and the official data files
(phoihop/core/calendars.py); the domain only reads it, so a test or a what-if can
hand in any calendar it likes.

Stepping to a working day is asked tens of times per clock, so over the years the
calendar knows (and a few either side) the working days are laid out once, as arrays
indexed by the day's ordinal: `next_work`, `prev_work` and `add_working_days` are then
lookups. Outside that span they walk day by day, as the table itself was built.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from types import MappingProxyType

from phoihop.domain.errors import InvalidInput

DayReasons = Mapping[date, str] | Iterable[tuple[date, str]]

_ONE_DAY = timedelta(days=1)
_WEEKEND = {5: "Thứ Bảy", 6: "Chủ nhật"}  # civil servants rest Saturday and Sunday
# The longest official break (Tết) is nine days; a run of rest days this long means
# broken data, and stepping stops with an error instead of looping.
_MAX_REST_RUN = 60
# Years laid out in the table beyond those the calendar holds data for: weekends alone
# there, as `is_rest` says.
_TABLE_MARGIN_YEARS = 3


@dataclass(frozen=True)
class RestDayCalendar:
    """Weekends, plus declared rest days, minus declared working days.

    ``rest_days`` and ``working_days`` map a date to its reason (Vietnamese).
    A Saturday worked to bridge a holiday is a working day (OFFICIAL_WORKING_CALENDAR,
    LEGAL.md §4, an interpretive choice marked UNCONFIRMED).
    ``known_years`` are the years whose holidays are loaded at all; of those,
    ``provisional_years`` still wait for the official notice.
    """

    rest_days: Mapping[date, str] = field(default_factory=dict)
    working_days: Mapping[date, str] = field(default_factory=dict)
    known_years: frozenset[int] = frozenset()
    provisional_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        clash = sorted(set(self.rest_days) & set(self.working_days))
        if clash:
            raise InvalidInput(
                f"Ngày {clash[0]:%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm việc.",
                code="calendar.conflict",
                field="calendar",
            )
        object.__setattr__(self, "rest_days", MappingProxyType(dict(self.rest_days)))
        object.__setattr__(self, "working_days", MappingProxyType(dict(self.working_days)))

    def is_rest(self, day: date) -> bool:
        if day in self.working_days:
            return False
        return day in self.rest_days or day.weekday() in _WEEKEND

    def reason(self, day: date) -> str | None:
        """Why the day is a rest day, or why a weekend day is worked; None for a plain
        working day."""
        if day in self.working_days:
            return self.working_days[day]
        if day in self.rest_days:
            return self.rest_days[day]
        return _WEEKEND.get(day.weekday())

    def is_worked_weekend(self, day: date) -> bool:
        return day in self.working_days and day.weekday() in _WEEKEND

    def next_work(self, day: date) -> date:
        """The first working day on or after ``day``."""
        table = self._table
        if table is not None:
            index = day.toordinal() - table.first
            if 0 <= index < table.size:
                found = table.before[index]
                if found < len(table.work):
                    return table.work[found]
        return self._step_to_work(day, _ONE_DAY)

    def prev_work(self, day: date) -> date:
        """The last working day on or before ``day``."""
        table = self._table
        if table is not None:
            index = day.toordinal() - table.first
            if 0 <= index < table.size:
                found = table.before[index + 1] - 1
                if found >= 0:
                    return table.work[found]
        return self._step_to_work(day, -_ONE_DAY)

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day``; ``day`` itself is not counted."""
        if count < 0:
            raise InvalidInput(
                "Số ngày làm việc không được âm.", code="calendar.negative", field="count"
            )
        if count == 0:
            return day
        table = self._table
        if table is not None:
            index = day.toordinal() - table.first
            if 0 <= index < table.size:
                found = table.before[index + 1] + count - 1
                if found < len(table.work):
                    return table.work[found]
        current = day
        for _ in range(count):
            current = self.next_work(current + _ONE_DAY)
        return current

    def with_additions(
        self, *, rest_days: DayReasons = (), working_days: DayReasons = ()
    ) -> RestDayCalendar:
        """A copy where the added days win over what the calendar said before."""
        new_rest = dict(rest_days.items() if isinstance(rest_days, Mapping) else rest_days)
        new_work = dict(working_days.items() if isinstance(working_days, Mapping) else working_days)
        rest = {d: r for d, r in self.rest_days.items() if d not in new_work} | new_rest
        work = {d: r for d, r in self.working_days.items() if d not in new_rest} | new_work
        return RestDayCalendar(
            rest_days=rest,
            working_days=work,
            known_years=self.known_years,
            provisional_years=self.provisional_years,
        )

    @cached_property
    def _table(self) -> _WorkingDays | None:
        """The working days laid out, on first use (the calendar is immutable). Calendars
        built again with the same days (one per request, the admin's days added) share
        one table."""
        return _lay_out(frozenset(self.rest_days), frozenset(self.working_days), self.known_years)

    def _step_to_work(self, day: date, step: timedelta) -> date:
        current = day
        for _ in range(_MAX_REST_RUN):
            if not self.is_rest(current):
                return current
            current += step
        raise InvalidInput(
            f"Lịch có hơn {_MAX_REST_RUN} ngày nghỉ liên tiếp từ {day:%d/%m/%Y}.",
            code="calendar.broken",
            field="calendar",
        )


@lru_cache(maxsize=16)
def _lay_out(
    rest_days: frozenset[date], working_days: frozenset[date], known_years: frozenset[int]
) -> _WorkingDays | None:
    years = {*known_years, *(d.year for d in rest_days), *(d.year for d in working_days)}
    if not years:
        return None  # weekends only: the walk takes at most two steps
    first = date(max(min(years) - _TABLE_MARGIN_YEARS, 1), 1, 1).toordinal()
    last = date(min(max(years) + _TABLE_MARGIN_YEARS, 9998), 12, 31).toordinal()
    # As `is_rest`: a declared working day wins, then a declared rest day, then the
    # weekend (ordinal 1, 01/01/0001, was a Monday).
    rest = [(first + i - 1) % 7 in _WEEKEND for i in range(last - first + 1)]
    for day in rest_days:
        if first <= day.toordinal() <= last:
            rest[day.toordinal() - first] = True
    for day in working_days:
        if first <= day.toordinal() <= last:
            rest[day.toordinal() - first] = False
    return _WorkingDays.lay_out(first, rest)


@dataclass(frozen=True)
class _WorkingDays:
    """The working days of a span of days, as arrays: ``work`` lists them in order and
    ``before[i]`` counts those before the span's ``i``-th day (``before[size]`` counts
    them all), so the first working day on or after day ``i`` is ``work[before[i]]``."""

    first: int  # the ordinal of the span's first day
    size: int
    work: tuple[date, ...]
    before: tuple[int, ...]

    @classmethod
    def lay_out(cls, first: int, rest: list[bool]) -> _WorkingDays | None:
        """None when the span holds a run of rest days the walk would refuse: the walk
        then says so, as it always did."""
        work: list[date] = []
        before = [0] * (len(rest) + 1)
        run = 0
        for index, resting in enumerate(rest):
            before[index] = len(work)
            if resting:
                run += 1
                if run >= _MAX_REST_RUN:
                    return None
            else:
                run = 0
                work.append(date.fromordinal(first + index))
        before[len(rest)] = len(work)
        return cls(first, len(rest), tuple(work), tuple(before))
