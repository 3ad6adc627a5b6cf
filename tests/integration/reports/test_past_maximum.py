"""What ran past the law's maximum, and what is open only because a decision was never
entered, as the overview, the case list, the early warning and the periodic report show
them: the first by the agency that had to act, the second counted apart ("cần cập nhật")
and in no overdue figure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phoihop.accounts.access import actor_for
from phoihop.cases import services
from phoihop.cases.selectors import CaseFilters, case_list_for
from phoihop.clocks.models import Clock
from phoihop.domain.reporting.periods import ReportPeriod
from phoihop.reports.figures import dashboard_for, figure_cases
from phoihop.reports.periodic import report_data
from phoihop.reports.risk import at_risk_for
from tests.records import suspect_charge

pytestmark = pytest.mark.django_db

LIMITS = "Thời hạn tố tụng (đến ngày"


def _record(
    case: Any, officer: Any, now: dt.datetime, kind: str, on: dt.date, **params: Any
) -> None:
    case.refresh_from_db()
    services.case_record_event(
        user=officer,
        case_id=case.pk,
        expected_version=case.version,
        event=services.EventInput(type=kind, date=on, **params),
        now=now,
    )
    case.refresh_from_db()


@pytest.fixture
def three(open_case, demo_users, now, today):  # type: ignore[no-untyped-def]
    """A: its investigation concluded long past its maximum; B: suspended with a
    detention left open (needs updating); C: an investigation still open past its
    maximum. All investigated by the An Giang police, serious charges (353.1)."""
    police = demo_users["dieutra.ag"]
    a = open_case("Vụ án A", initiated_on=today - dt.timedelta(days=400), charges="353.1")
    suspect_charge(
        a, police, now, "Nguyễn Văn A", on=today - dt.timedelta(days=399), charges="353.1"
    )
    _record(a, police, now, "investigation_concluded", today - dt.timedelta(days=10))

    b = _suspended_holding(open_case, police, now, today, "Vụ án B", opened=100, suspended=5)

    c = open_case("Vụ án C", initiated_on=today - dt.timedelta(days=300), charges="353.1")
    suspect_charge(c, police, now, "Lê Văn C", on=today - dt.timedelta(days=299), charges="353.1")
    return a, b, c


def _suspended_holding(
    open_case: Any,
    police: Any,
    now: dt.datetime,
    today: dt.date,
    title: str,
    *,
    opened: int,
    suspended: int,
) -> Any:
    """A case opened ``opened`` days ago, its suspect detained for two months four days
    later, and the investigation suspended ``suspended`` days ago, the detention left
    open."""
    case = open_case(title, initiated_on=today - dt.timedelta(days=opened), charges="353.1")
    on = today - dt.timedelta(days=opened - 1)
    held = suspect_charge(case, police, now, f"Bị can {title}", on=on, charges="353.1")
    ordered = today - dt.timedelta(days=opened - 5)
    _record(
        case, police, now, "detention_ordered", ordered, person_id=held.pk, params={"months": 2}
    )
    _record(case, police, now, "investigation_suspended", today - dt.timedelta(days=suspended))
    return case


@pytest.fixture
def suspended_due_soon(open_case, demo_users, now, today):  # type: ignore[no-untyped-def]
    """D: suspended two days ago with a detention still running, due in a few days."""
    police = demo_users["dieutra.ag"]
    return _suspended_holding(open_case, police, now, today, "Vụ án D", opened=60, suspended=2)


def test_the_overview_counts_past_maximum_by_the_agency_that_had_to_act(three, demo_users, today):  # type: ignore[no-untyped-def]
    a, b, c = three
    leader = demo_users["noichinh.ag"]
    police = demo_users["dieutra.ag"].agency

    board = dashboard_for(leader, today=today)

    past = {int(f.value): f.count for f in board.past_maximum}
    assert past == {police.pk: 2}
    behind = figure_cases(leader, "past_maximum", str(police.pk), today=today)
    assert set(behind.values_list("pk", flat=True)) == {a.pk, c.pk}
    assert board.needs_update.count == 1
    stale = figure_cases(leader, "needs_update", "all", today=today)
    assert list(stale.values_list("pk", flat=True)) == [b.pk]
    overdue = figure_cases(leader, "overdue", str(police.pk), today=today)
    assert b.pk not in set(overdue.values_list("pk", flat=True))


def test_the_case_list_filters_past_maximum_and_needs_updating(three, demo_users, today):  # type: ignore[no-untyped-def]
    a, b, c = three
    actor = actor_for(demo_users["noichinh.ag"])

    past = case_list_for(actor, CaseFilters(due="past_maximum"), today=today)
    stale = case_list_for(actor, CaseFilters(due="needs_update"), today=today)

    assert set(past.values_list("pk", flat=True)) == {a.pk, c.pk}
    assert list(stale.values_list("pk", flat=True)) == [b.pk]


def test_the_early_warning_says_past_maximum_and_leaves_out_what_needs_updating(
    three, demo_users, today
):  # type: ignore[no-untyped-def]
    _, b, c = three
    rows = at_risk_for(demo_users["noichinh.ag"], today=today)

    investigation = Clock.objects.get(case=c, code="INVESTIGATION")
    row = next(r for r in rows if r.clock.pk == investigation.pk)
    assert investigation.max_deadline is not None
    assert row.past_maximum_days == (today - investigation.max_deadline).days > 0
    assert not [r for r in rows if r.case.pk == b.pk and r.clock.code == "DETENTION"]


def test_the_report_lists_past_maximum_and_needing_update_apart_from_overdue(
    three, demo_users, now, today
):  # type: ignore[no-untyped-def]
    a, b, c = three
    data = report_data(
        user=demo_users["noichinh.ag"],
        period=ReportPeriod("span", today - dt.timedelta(days=60), today, "kỳ thử"),
        province=None,
        today=today,
        generated_at=now,
    )

    earlier = report_data(
        user=demo_users["noichinh.ag"],
        period=ReportPeriod(
            "span", today - dt.timedelta(days=60), today - dt.timedelta(days=20), "kỳ trước"
        ),
        province=None,
        today=today,
        generated_at=now,
    )
    before = next(s for s in earlier.sections if s.heading.startswith(LIMITS))
    # On that period's last day A's investigation was open past its maximum (it ended
    # after it) and C's had passed its maximum (8 months, about 57 days ago): both overdue.
    _, _, before_past, before_in_period, _ = before.figures
    assert {ref.title for ref in before_past.cases} == {a.title, c.title}
    assert {ref.title for ref in before_in_period.cases} == {a.title, c.title}
    section = next(s for s in data.sections if s.heading.startswith(LIMITS))
    overdue, late, past, past_in_period, stale = section.figures
    assert {ref.title for ref in past.cases} == {a.title, c.title}
    assert past.value == past_in_period.value == 2  # A's ended past it, C's still open
    assert [ref.title for ref in stale.cases] == [b.title]
    assert {ref.title for ref in overdue.cases} == {c.title}
    listed = {row.case.title for row in data.overdue}
    assert len(data.overdue) == late.value
    assert "Vụ án C" in listed
    assert "Vụ án B" not in listed


def test_a_detention_held_in_a_suspended_case_is_not_due_soon_nor_warned_of(
    suspended_due_soon, demo_users, today
):  # type: ignore[no-untyped-def]
    d = suspended_due_soon
    leader = demo_users["noichinh.ag"]
    police = demo_users["dieutra.ag"].agency
    detention = Clock.objects.get(case=d, code="DETENTION")
    assert detention.status == "due_soon"

    due_soon = figure_cases(leader, "due_soon", str(police.pk), today=today)
    rows = at_risk_for(leader, today=today)

    assert d.pk not in set(due_soon.values_list("pk", flat=True))
    assert not [r for r in rows if r.clock.pk == detention.pk]
