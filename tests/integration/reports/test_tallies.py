"""The dashboard's tallies stay equal to the record: after a bulk load, after every kind
of write (a decision, an asset, a header edit, an agency joining, an import) and after
the nightly status refresh moves the clocks — compared with the marks computed afresh
from the record, and the nightly refresh compared with re-deriving every case."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.clocks.services import clock_statuses_refresh, clocks_refresh_all
from phoihop.coordination.services.access import join_case
from phoihop.core.clock import today
from phoihop.reports.models import CaseMark, FigureTally
from phoihop.reports.tallies import marks_for, tallies_prune, tallies_rebuild

pytestmark = pytest.mark.django_db


def _stored() -> dict[tuple[int, int, str, str], tuple[int, int]]:
    return {
        (row.province_id, row.classification, row.kind, row.value): (row.cases, int(row.amount))
        for row in FigureTally.objects.all()
        if row.cases or row.amount
    }


def _afresh() -> dict[tuple[int, int, str, str], tuple[int, int]]:
    sums: dict[tuple[int, int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for marks in marks_for(Case.objects.all()).values():
        for mark in marks:
            total = sums[(mark.province, mark.classification, mark.kind, mark.value)]
            total[0] += 1
            total[1] += mark.amount
    return {key: (n, amount) for key, (n, amount) in sums.items()}


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    call_command("demo_data", "--cases", "120", "--seed", "11", stdout=io.StringIO())


def test_a_bulk_load_leaves_tallies_equal_to_the_record(demo):
    assert FigureTally.objects.exists()
    assert _stored() == _afresh()
    kinds = set(FigureTally.objects.values_list("kind", flat=True))
    assert {"total", "stage", "opened", "clock", "overdue"} <= kinds


def test_every_kind_of_write_keeps_the_tallies_equal_to_the_record(
    demo, open_case, demo_users, now, django_capture_on_commit_callbacks
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=200), charges="353.1")
    services.case_record_event(
        user=demo_users["kiemsat.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="investigation_extended", date=now.date(), params={"months": 3}
        ),
        now=now,
    )
    services.case_record_asset(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        asset={"kind": "damage", "amount_vnd": 7_000_000_000, "date": now.date()},
        now=now,
    )
    leader = demo_users["dieutra.ag"]
    leader.role = "leader"  # the head of the agency sets the classification
    leader.save(update_fields=["role"])
    services.case_edit(
        user=leader,
        case_id=case.pk,
        expected_version=None,
        changes={"field": "land", "classification": 1},
        now=now,
    )
    expertise = demo_users["giamdinh.ag"].agency
    with django_capture_on_commit_callbacks(execute=True):  # counted once it commits
        join_case(case, expertise.pk, now.date(), role="assisting")
    assert _stored() == _afresh()
    assert CaseMark.objects.filter(case=case, kind="assets", amount=7_000_000_000).exists()
    assert CaseMark.objects.filter(case=case, classification=1, kind="stage").exists()


def _clocks_as_shown(on: dt.date) -> list[tuple[object, ...]]:
    return sorted(
        (clock.case_id, clock.key, clock.status, clock.ended_on, clock.computed_on <= on)
        for clock in Clock.objects.all()
    )


def test_the_nightly_refresh_equals_rederiving_every_case_and_moves_the_tallies(demo):
    later = today() + dt.timedelta(days=45)

    before = Clock.objects.filter(status__in=OPEN_STATUSES).count()
    moved = clock_statuses_refresh(today=later)
    refreshed = _clocks_as_shown(later)
    nearest = dict(Case.objects.values_list("pk", "next_deadline"))
    assert moved.clocks == before
    assert moved.moved > 0
    assert moved.cases > 0
    assert _stored() == _afresh()

    clocks_refresh_all(today=later)

    assert _clocks_as_shown(later) == refreshed
    assert dict(Case.objects.values_list("pk", "next_deadline")) == nearest
    assert _stored() == _afresh()


def test_a_rebuild_gives_back_the_same_tallies(demo, open_case, now):
    open_case(initiated_on=now.date() - dt.timedelta(days=20))
    kept = _stored()
    FigureTally.objects.update(cases=0)  # as if a tally had been damaged

    assert tallies_rebuild() == Case.objects.count()

    assert _stored() == kept


def test_the_rebuild_command_says_how_many_cases_it_read(demo):
    out = io.StringIO()

    call_command("tallies", "rebuild", stdout=out)

    assert out.getvalue().strip() == f"Tallies rebuilt from {Case.objects.count()} cases."
    assert _stored() == _afresh()


def test_the_sweep_drops_tally_rows_that_count_nothing(demo):
    kept = _stored()
    province = FigureTally.objects.values_list("province_id", flat=True).first()
    FigureTally.objects.create(
        province_id=province, classification=3, kind="opened", value="1999-01|", cases=0
    )

    assert tallies_prune() == 1

    assert not FigureTally.objects.filter(cases=0, amount=0).exists()
    assert _stored() == kept


def test_a_database_without_tallies_gets_them_when_migrated(demo):
    kept = _stored()
    CaseMark.objects.all().delete()
    FigureTally.objects.all().delete()

    call_command("migrate", verbosity=0)

    assert _stored() == kept
