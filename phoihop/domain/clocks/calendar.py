"""The public-sector rest-day calendar that BLTTHS Art.134 consults (LEGAL.md §4).

The core layer builds it from the `holidays` package and the official data files
(phoihop/core/calendars.py); the domain only reads it, so a test or a what-if can
hand in any calendar it likes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from phoihop.domain.errors import InvalidInput

DayReasons = Mapping[date, str] | Iterable[tuple[date, str]]

_ONE_DAY = timedelta(days=1)
_WEEKEND = {5: "Thứ Bảy", 6: "Chủ nhật"}  # civil servants rest Saturday and Sunday
# The longest official break (Tết) is nine days; a run of rest days this long means
# broken data, and stepping stops with an error instead of looping.
_MAX_REST_RUN = 60


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
        return self._step_to_work(day, _ONE_DAY)

    def prev_work(self, day: date) -> date:
        """The last working day on or before ``day``."""
        return self._step_to_work(day, -_ONE_DAY)

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day``; ``day`` itself is not counted."""
        if count < 0:
            raise InvalidInput(
                "Số ngày làm việc không được âm.", code="calendar.negative", field="count"
            )
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
