"""The clocks of a case as values: what ``clocks_for`` returns, and how a clock stands
as of a day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.frozen import quickly_made
from phoihop.domain.procedure.events import EventType

from ..calendar import RestDayCalendar
from ..rules import Convention

_ONE_DAY = timedelta(days=1)

DUE_SOON_DAYS: Final = 10


class ClockStatus(StrEnum):
    RUNNING = "RUNNING"
    DUE_SOON = "DUE_SOON"  # few days left, or the last day to ask for an extension passed
    OVERDUE = "OVERDUE"  # still running after its deadline
    MET = "MET"  # ended by a decision on or before the deadline, or lapsed (LAPSING)
    MISSED = "MISSED"  # ended by a decision after the deadline

    @property
    def is_open(self) -> bool:
        return self in (ClockStatus.RUNNING, ClockStatus.DUE_SOON, ClockStatus.OVERDUE)


@quickly_made
@dataclass(frozen=True)
class CaseClock:
    """One statutory clock of a case as of ``today``, with the engine's explanation."""

    key: str  # stable within the case: "INVESTIGATION", "DETENTION:person=42:event=9"
    code: str  # catalogue code, or VALUATION
    variant: str | None
    person: str | None
    basis: str
    category: CrimeCategory | None
    started_by: EventType
    start_sequence: int
    start_on: date
    start_at: datetime | None
    nominal_end: date
    deadline: date
    deadline_at: datetime | None
    extension_request_by: date | None
    max_deadline: date
    extensions_used: int
    status: ClockStatus
    ended_on: date | None
    ended_by: EventType | None
    steps: tuple[str, ...]
    # Started or ended by a decision known only to the month or as made "by" a day: the
    # start is the earliest day possible and the end the latest, so a clock shown met was
    # met whatever the real days were.
    approximate: bool = False
    # The LEGAL.md Appendix A conventions the computation relied on (the steps say them
    # in words).
    conventions: tuple[Convention, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    def days_left(self, today: date) -> int:
        """Calendar days from ``today`` to the deadline; negative once it has passed."""
        return (self.deadline - today).days

    def working_days_left(self, today: date, calendar: RestDayCalendar) -> int:
        """Working days after ``today`` up to and including the deadline (0 on the last
        day); once it has passed, minus the working days since the deadline."""
        if today <= self.deadline:
            return _working_days_between(today, self.deadline, calendar)
        return -_working_days_between(self.deadline, today, calendar)


@dataclass(frozen=True)
class ClockProblem:
    """Why a clock could not be derived, or was derived leaving something out."""

    code: str  # stable: "clock.category.required", "clock.extension.not_allowed"...
    message: str  # Vietnamese, naming the decision and the article
    key: str | None = None
    clock: str | None = None
    sequence: int | None = None  # the decision at fault


@dataclass(frozen=True)
class DerivedClocks:
    clocks: tuple[CaseClock, ...] = ()
    problems: tuple[ClockProblem, ...] = ()

    def get(self, key: str) -> CaseClock | None:
        return next((clock for clock in self.clocks if clock.key == key), None)

    @property
    def open(self) -> tuple[CaseClock, ...]:
        return tuple(clock for clock in self.clocks if clock.is_open)

    @property
    def nearest_deadline(self) -> date | None:
        return nearest_deadline(self.clocks)


def nearest_deadline(clocks: Iterable[CaseClock]) -> date | None:
    """The earliest deadline among the clocks still running (overdue ones included)."""
    return min((clock.deadline for clock in clocks if clock.is_open), default=None)


def _working_days_between(first: date, last: date, calendar: RestDayCalendar) -> int:
    """Working days d with first < d <= last."""
    count, day = 0, first + _ONE_DAY
    while day <= last:
        count += not calendar.is_rest(day)
        day += _ONE_DAY
    return count
