"""Keeping each case's materialised clocks in step with its decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case
from phoihop.clocks.models import OPEN_STATUSES, Clock, ClockStatus
from phoihop.core.calendar_service import current_calendar
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.clocks.derive import clocks_for, nearest_deadline, open_status
from phoihop.domain.procedure.events import Event
from phoihop.reports.tallies import crossing_cases, marks_refresh


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
    values, nearest = clock_values(events, calendar, today)
    return [Clock(case=case, **fields) for fields in values], nearest


def clock_values(
    events: Sequence[Event], calendar: RestDayCalendar, today: dt.date
) -> tuple[list[dict[str, Any]], dt.date | None]:
    """The case's clocks as the fields of their rows (without the case), and the nearest
    open deadline: what ``clock_rows`` builds rows of, and an import writes as they are."""
    derived: Any = clocks_for(events, calendar, today=today, explain=False)  # said on request
    clocks = list(getattr(derived, "clocks", derived))
    values = [
        {
            "key": c.key,
            "code": c.code,
            "variant": c.variant or "",
            "person_id": _person_id(c.person),
            "basis": c.basis,
            "start_on": c.start_on,
            "nominal_end": c.nominal_end,
            "deadline": c.deadline,
            "deadline_at": _aware(c.deadline_at),
            "extension_request_by": c.extension_request_by,
            "max_deadline": c.max_deadline,
            "extensions_used": c.extensions_used,
            # the domain spells the statuses in capitals
            "status": ClockStatus(c.status.value.lower()).value,
            "ended_on": c.ended_on,
            "ended_by": c.ended_by.value if c.ended_by else "",
            "approximate": c.approximate,
            "computed_on": today,
        }
        for c in clocks
    ]
    return values, nearest_deadline(clocks)


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
    """Recompute every case's clocks from its decisions (after a change to the calendar
    of rest days or to the rules; the nightly sweep needs only
    ``clock_statuses_refresh``)."""
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    clocks_rederive(ids, today=today, batch_size=batch_size)
    return len(ids)


def clocks_rederive(case_ids: Sequence[int], *, today: dt.date, batch_size: int = 500) -> None:
    """Recompute the given cases' clocks from their decisions, a batch a transaction."""
    calendar = current_calendar()
    ids = sorted(case_ids)
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
            marks_refresh(chunk)


@dataclass(frozen=True)
class StatusRefresh:
    clocks: int  # open clocks looked at
    moved: int  # of those, clocks whose status changed
    cases: int  # cases whose dashboard figures were refreshed


def clock_statuses_refresh(*, today: dt.date, chunk_size: int = 2000) -> StatusRefresh:
    """The nightly refresh: move every open clock whose status the calendar moved.

    When nothing is recorded only three things about a clock move with the calendar:
    its status, the day a lapsing clock ends, and the closing sentence of its
    explanation ("Còn 5 ngày.") — all given by the engine's ``open_status``, the rule it
    applies when it derives the clock. The sentence is said afresh wherever the clock is
    shown (``Clock.explanation``), so this reads the open clocks' dates, asks
    ``open_status`` for each, and writes only the clocks whose status moved (a few
    thousand a night out of a quarter of a million; re-deriving every case from its
    decisions would take an hour at national scale).

    Their cases go in chunks, each one transaction: the chunk's cases locked in id
    order like every writer (a decision meanwhile waits, or is waited for), their clocks
    read again and written, then their nearest deadline and dashboard marks — so the
    figures never lag the statuses, even if the run stops halfway."""
    rows = Clock.objects.filter(status__in=OPEN_STATUSES, deadline__isnull=False).values_list(
        "case_id", "code", "deadline", "extension_request_by", "status"
    )
    looked = 0
    moving: set[int] = set()
    for case_id, code, deadline, request_by, status in rows.iterator(chunk_size=20_000):
        assert deadline is not None  # filtered above
        looked += 1
        if open_status(code, deadline, request_by, today)[0].value.lower() != status:
            moving.add(case_id)
    # No status moves when an overdue clock passes its maximum or a year past its
    # deadline, but the figures it counts in do.
    moving |= crossing_cases(today)
    moved = cases = 0
    case_ids = sorted(moving)
    for start in range(0, len(case_ids), chunk_size):
        chunk = case_ids[start : start + chunk_size]
        with transaction.atomic():
            list(Case.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
            counted = _chunk_statuses_refresh(chunk, today)
        moved += counted.moved
        cases += counted.cases
    return StatusRefresh(clocks=looked, moved=moved, cases=cases)


def _chunk_statuses_refresh(case_ids: list[int], today: dt.date) -> StatusRefresh:
    """Under the cases' locks: their open clocks as they are now (a decision may have
    re-derived them since they were first read), the moved ones written."""
    rows = Clock.objects.filter(
        case_id__in=case_ids, status__in=OPEN_STATUSES, deadline__isnull=False
    ).values_list("pk", "case_id", "code", "deadline", "extension_request_by", "status")
    updates: list[tuple[int, str, dt.date | None]] = []
    moved_cases: set[int] = set()
    ended_cases: set[int] = set()
    for pk, case_id, code, deadline, request_by, status in rows:
        assert deadline is not None  # filtered above
        new_status, ended_on, _ = open_status(code, deadline, request_by, today)
        new = new_status.value.lower()  # the domain spells them in capitals
        if new == status:
            continue
        updates.append((pk, new, ended_on))
        moved_cases.add(case_id)
        if new not in OPEN_STATUSES:
            ended_cases.add(case_id)
    if updates:
        _statuses_write(updates, today)
    _nearest_deadlines_refresh(sorted(ended_cases))
    marks_refresh(moved_cases)
    return StatusRefresh(clocks=len(rows), moved=len(updates), cases=len(moved_cases))


_OPEN = tuple(status.value for status in OPEN_STATUSES)


def _statuses_write(updates: list[tuple[int, str, dt.date | None]], today: dt.date) -> None:
    """One statement for the batch on PostgreSQL; one prepared statement run per row on
    SQLite (the embedded database holds one province's cases, not a nation's)."""
    table = connection.ops.quote_name(Clock._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, statuses, ended = (list(column) for column in zip(*updates, strict=True))
            cursor.execute(
                f"UPDATE {table} AS c SET status = v.status, ended_on = v.ended_on, "
                "computed_on = %s "
                "FROM unnest(%s::bigint[], %s::text[], %s::date[]) AS v(id, status, ended_on) "
                "WHERE c.id = v.id AND c.status = ANY(%s)",
                [today, ids, statuses, ended, list(_OPEN)],
            )
        else:
            marks = ", ".join(["%s"] * len(_OPEN))
            cursor.executemany(
                f"UPDATE {table} SET status = %s, ended_on = %s, computed_on = %s "
                f"WHERE id = %s AND status IN ({marks})",
                [
                    (
                        status,
                        ended_on.isoformat() if ended_on else None,
                        today.isoformat(),
                        pk,
                        *_OPEN,
                    )
                    for pk, status, ended_on in updates
                ],
            )


def _nearest_deadlines_refresh(case_ids: list[int]) -> None:
    """The cached nearest deadline of cases a lapsing clock left (``nearest_deadline``:
    the earliest deadline among open clocks)."""
    if not case_ids:
        return
    nearest = (
        Clock.objects.filter(case_id=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("case_id")
        .annotate(first=Min("deadline"))
        .values("first")
    )
    Case.objects.filter(pk__in=case_ids).update(next_deadline=Subquery(nearest))
