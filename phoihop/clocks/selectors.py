"""The clocks of a case, ready for the case page (days left counted both ways)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Q

from phoihop.cases.models import Case
from phoihop.clocks.explanations import explanations
from phoihop.clocks.models import OPEN_STATUSES, Clock, ClockStatus
from phoihop.core.compiled import RowsByKey
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.clocks.derive import LAPSING, clock_label, variant_label
from phoihop.domain.clocks.overrun import (
    HELD_AFTER_JUDGMENT,
    NOBODY_HELD_IN,
    STALE_AFTER_DAYS,
    days_past_maximum,
)
from phoihop.domain.procedure.stages import Stage


@dataclass(frozen=True)
class ClockView:
    clock: Clock
    label: str
    variant_label: str  # "Tạm giam để điều tra"; empty for a clock without variants
    days_left: int | None
    working_days_left: int | None
    is_open: bool
    steps: list[str]  # the explanation as of the day shown
    past_maximum_days: int = 0  # past the deadline with every extension the law permits
    needs_update: bool = False  # open only because a later decision was never entered


def working_days_between(start: dt.date, end: dt.date, calendar: RestDayCalendar) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when past)."""
    sign = 1 if end >= start else -1
    low, high = (start, end) if sign == 1 else (end, start)
    count = 0
    day = low + dt.timedelta(days=1)
    while day <= high:
        if not calendar.is_rest(day):
            count += 1
        day += dt.timedelta(days=1)
    return sign * count


# Read on every case page and every API read of its clocks: compiled once a process
# (core/compiled.py).
_CASE_CLOCKS = RowsByKey(
    lambda case_id: Clock.objects.filter(case_id=case_id).select_related("person").order_by("id")
)


def case_clocks_read(case: Case) -> list[Clock]:
    """The case's clocks with their persons, as ``case_clocks`` and the case page read
    them: once for every part of the page that weighs them."""
    return _CASE_CLOCKS.all(case.pk)


def case_clocks(
    case: Case, *, today: dt.date, calendar: RestDayCalendar, clocks: Sequence[Clock]
) -> list[ClockView]:
    """The case page's table of ``clocks`` (``case_clocks_read``)."""
    views = []
    said = explanations(case, clocks, today=today, calendar=calendar)
    for clock in clocks:
        is_open = clock.status in OPEN_STATUSES
        deadline = clock.deadline if is_open else None
        views.append(
            ClockView(
                clock=clock,
                label=clock_label(clock.code),
                variant_label=variant_label(clock.code, clock.variant),
                days_left=(deadline - today).days if deadline else None,
                working_days_left=working_days_between(today, deadline, calendar)
                if deadline
                else None,
                is_open=is_open,
                steps=said[clock.pk],
                needs_update=clock.needs_update(case.stage, today),
                past_maximum_days=days_past_maximum(
                    is_open=is_open,
                    deadline=clock.deadline,
                    max_deadline=clock.max_deadline,
                    ended_on=clock.ended_on,
                    today=today,
                ),
            )
        )
    views.sort(key=lambda v: (not v.is_open, v.clock.deadline or dt.date.max))
    return views


def held_after() -> Q:
    """``held_after_the_case_moved_on`` as a query on Clock: a custody or detention open
    where the case holds nobody. A test holds the two together."""
    return Q(code__in=("CUSTODY", "DETENTION")) & (
        Q(case__stage__in=[stage.value for stage in NOBODY_HELD_IN])
        | (Q(case__stage=Stage.ENFORCEMENT.value) & ~Q(variant__in=HELD_AFTER_JUDGMENT))
    )


def needing_update(today: dt.date) -> Q:
    """The overdue clocks ``needs_update`` calls "cần cập nhật", as a query on Clock: held
    after the case moved on, or a year and more past its deadline."""
    stale = Q(deadline__lt=today - dt.timedelta(days=STALE_AFTER_DAYS))
    return Q(status=ClockStatus.OVERDUE) & (held_after() | stale)


def past_maximum(start: dt.date, until: dt.date) -> Q:
    """Clocks that were past the longest the law allows at some time between ``start``
    and ``until``: their maximum behind them by ``until``, and still open, or ended after
    it and not before ``start``."""
    running = Q(status__in=OPEN_STATUSES, ended_on__isnull=True)
    ended = Q(status=ClockStatus.MISSED, ended_on__gt=F("max_deadline"), ended_on__gte=start)
    return Q(max_deadline__isnull=False, max_deadline__lt=until) & (running | ended)


# The same figures on any past day, read from the dates a clock keeps (start, deadline,
# the day it ended) rather than its status, which says how it stands today: a periodic
# report counts them on its period's last day. On today they are the figures above
# (``tests/integration/reports/test_report_agrees_with_overview.py``). The deadline is
# the clock's latest: an extension decided after that day is read as already known.


def overdue_on(day: dt.date) -> Q:
    """Clocks overdue on ``day``: started by then, their deadline before it and not
    ended by it (``open_status``: a lapsing clock ends at its deadline, never late)."""
    # Such a clock is not met (met is ended by its deadline, or lapsed): naming the
    # other statuses lets the (status, deadline) index skip the nine in ten that are.
    late_or_open = Q(status__in=(ClockStatus.MISSED, *OPEN_STATUSES))
    return (
        late_or_open
        & Q(deadline__isnull=False, start_on__lte=day, deadline__lt=day)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        & ~Q(code__in=sorted(LAPSING))
    )


def needing_update_on(day: dt.date) -> Q:
    """Of the clocks overdue on ``day``, those ``needs_update`` sets apart: held after the
    case moved on (a clock still open, read against the case's stage as it stands), or
    a year and more past its deadline on that day."""
    stale = Q(deadline__lt=day - dt.timedelta(days=STALE_AFTER_DAYS))
    return (Q(ended_on__isnull=True) & held_after()) | stale


def past_maximum_by(day: dt.date) -> Q:
    """Clocks that had run past the longest the law allows by ``day``: ended after their
    maximum by then, or overdue on it past the maximum (not one needing an update) —
    ``deadline_entries``' "past_maximum" on that day."""
    ended = Q(
        status=ClockStatus.MISSED,
        max_deadline__isnull=False,
        ended_on__gt=F("max_deadline"),
        ended_on__lte=day,
    )
    still = overdue_on(day) & Q(max_deadline__lt=day) & ~needing_update_on(day)
    return Q(deadline__isnull=False) & (ended | still)
