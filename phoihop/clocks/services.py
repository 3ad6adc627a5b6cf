"""Keeping each case's materialised clocks in step with its decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case
from phoihop.clocks.models import Clock, ClockStatus
from phoihop.core.calendar_service import current_calendar
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.clocks.derive import clocks_for, nearest_deadline
from phoihop.domain.procedure.events import Event


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """The engine counts in Vietnam's local time (Art. 134); store it with its zone."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, ZoneInfo("Asia/Ho_Chi_Minh"))


def _person_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def clock_rows(
    case: Case, events: Sequence[Event], calendar: RestDayCalendar, today: dt.date
) -> tuple[list[Clock], dt.date | None]:
    derived: Any = clocks_for(events, calendar, today=today)
    clocks = list(getattr(derived, "clocks", derived))
    rows = [
        Clock(
            case=case,
            key=c.key,
            code=c.code,
            variant=c.variant or "",
            person_id=_person_id(c.person),
            basis=c.basis,
            start_on=c.start_on,
            nominal_end=c.nominal_end,
            deadline=c.deadline,
            deadline_at=_aware(c.deadline_at),
            extension_request_by=c.extension_request_by,
            max_deadline=c.max_deadline,
            extensions_used=c.extensions_used,
            status=ClockStatus(c.status.value.lower()),  # the domain spells them in capitals
            ended_on=c.ended_on,
            ended_by=c.ended_by.value if c.ended_by else "",
            steps=list(c.steps),
            computed_on=today,
        )
        for c in clocks
    ]
    return rows, nearest_deadline(clocks)


def clocks_refresh(
    case: Case, *, events: Sequence[Event], today: dt.date, calendar: RestDayCalendar | None = None
) -> None:
    """Replace the case's clocks, inside the caller's transaction (the one that wrote
    the decision), and cache the nearest open deadline on the case."""
    rows, nearest = clock_rows(case, events, calendar or current_calendar(), today)
    Clock.objects.filter(case=case).delete()
    Clock.objects.bulk_create(rows)
    if case.next_deadline != nearest:
        case.next_deadline = nearest
        Case.objects.filter(pk=case.pk).update(next_deadline=nearest)


def clocks_refresh_all(*, today: dt.date, batch_size: int = 500) -> int:
    """Recompute every case's clocks (the nightly sweep: statuses move with the days)."""
    calendar = current_calendar()
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        with transaction.atomic():
            # Locked in pk order, like every writer: a decision recorded meanwhile waits,
            # and its own refresh then runs on the events it adds.
            cases = (
                Case.objects.select_for_update()
                .filter(pk__in=chunk)
                .order_by("pk")
                .prefetch_related("events")
            )
            for case in cases:
                clocks_refresh(
                    case, events=domain_events_of(case.events.all()), today=today, calendar=calendar
                )
    return len(ids)
