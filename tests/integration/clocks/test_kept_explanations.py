"""Each process keeps the last cases' clock explanations by their decisions, calendar and
day (clocks/explanations.py): what is kept must be what the engine says afresh, and a
decision recorded, a rest day declared or a day passed must never meet an old one."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.cases import services
from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case
from phoihop.clocks import explanations as kept
from phoihop.clocks.models import Clock
from phoihop.core.calendar_service import current_calendar
from phoihop.core.models import CalendarDay
from phoihop.domain.clocks.derive import clocks_for
from tests.records import detain, suspect_charge

pytestmark = pytest.mark.django_db


def _afresh(case: Case, today: dt.date) -> dict[int, list[str]]:
    """What the engine says now, with nothing kept."""
    clocks = list(Clock.objects.filter(case=case))
    events = domain_events_of(case.events.all())
    derived = {c.key: c for c in clocks_for(events, current_calendar(), today=today).clocks}
    return {
        clock.pk: list(derived[clock.key].steps)
        for clock in clocks
        if clock.key in derived and derived[clock.key].deadline == clock.deadline
    }


def _said(case_id: int, today: dt.date) -> dict[int, list[str]]:
    case = Case.objects.get(pk=case_id)
    return kept.explanations(
        case, Clock.objects.filter(case=case), today=today, calendar=current_calendar()
    )


def test_kept_explanations_are_the_engines_and_follow_every_change(
    open_case, demo_users, now, today
):
    start = today - dt.timedelta(days=40)
    case = open_case(initiated_on=start, charges="353.1")
    police = demo_users["dieutra.ag"]
    person = suspect_charge(case, police, now, "Hà Văn Sơn", on=start, charges="353.1")
    detain(case, police, now, person, on=today - dt.timedelta(days=20))

    first = _said(case.pk, today)
    assert len(kept._kept) >= 1
    entries = len(kept._kept)
    assert _said(case.pk, today) == first  # kept: no new entry
    assert len(kept._kept) == entries
    assert {pk: steps for pk, steps in first.items() if pk in _afresh(case, today)} == _afresh(
        case, today
    )

    # A decision recorded: the decisions differ, so the walk is made again.
    services.case_record_event(
        user=police,
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="investigation_suspended", date=today - dt.timedelta(days=2)
        ),
        now=now,
    )
    after = _said(case.pk, today)
    assert after != first
    assert {pk: s for pk, s in after.items() if pk in _afresh(case, today)} == _afresh(case, today)

    # A rest day declared: another calendar, so another walk.
    entries = len(kept._kept)
    CalendarDay.objects.create(
        date=today + dt.timedelta(days=3), kind=CalendarDay.Kind.REST, reason="Nghỉ bù"
    )
    _said(case.pk, today)
    assert len(kept._kept) == entries + 1

    # The next day: another walk.
    _said(case.pk, today + dt.timedelta(days=1))
    assert len(kept._kept) == entries + 2
