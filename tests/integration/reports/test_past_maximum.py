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

LIMITS = "Thời hạn tố tụng vượt mức tối đa"


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

    b = open_case("Vụ án B", initiated_on=today - dt.timedelta(days=100), charges="353.1")
    held = suspect_charge(
        b, police, now, "Trần Thị B", on=today - dt.timedelta(days=99), charges="353.1"
    )
    _record(
        b,
        police,
        now,
        "detention_ordered",
        today - dt.timedelta(days=98),
        person_id=held.pk,
        params={"months": 2},
    )
    _record(b, police, now, "investigation_suspended", today - dt.timedelta(days=5))

    c = open_case("Vụ án C", initiated_on=today - dt.timedelta(days=250), charges="353.1")
    suspect_charge(c, police, now, "Lê Văn C", on=today - dt.timedelta(days=249), charges="353.1")
    return a, b, c


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

    section = next(s for s in data.sections if s.heading == LIMITS)
    past, stale = section.figures
    assert {ref.title for ref in past.cases} == {a.title, c.title}
    assert past.value == 2  # clocks: A's investigation ended past it, C's still open
    assert [ref.title for ref in stale.cases] == [b.title]
    listed = {row.case.title for row in data.overdue}
    assert "Vụ án C" in listed
    assert "Vụ án B" not in listed
