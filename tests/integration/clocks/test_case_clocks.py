"""Clocks materialised on cases: refreshed with each decision and by `clocks refresh`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from phoihop.cases import services
from phoihop.clocks.models import Clock
from phoihop.core.models import CalendarDay
from tests.records import initiated_nearest_deadline, suspect_charge
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_an_extension_recorded_by_the_procuracy_moves_the_investigation_deadline(
    open_case, demo_users, now
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=80), charges="353.1")  # NT
    before = Clock.objects.get(case=case, code="INVESTIGATION")

    services.case_record_event(
        user=demo_users["kiemsat.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="investigation_extended", date=now.date(), params={"months": 3}
        ),
        now=now,
    )

    after = Clock.objects.get(case=case, code="INVESTIGATION")
    assert after.extensions_used == 1
    assert after.deadline > before.deadline
    case.refresh_from_db()
    assert case.next_deadline == after.deadline


def test_the_list_filters_overdue_cases_and_sorts_by_the_nearest_deadline(
    client, open_case, demo_users, now
):
    late = open_case("Vụ án quá hạn điều tra", initiated_on=now.date() - dt.timedelta(days=200))
    soon = open_case(
        "Vụ án sắp hết hạn",
        initiated_on=initiated_nearest_deadline(now.date(), charges="353.1"),
        charges="353.1",
    )
    later = open_case("Vụ án còn hạn dài", initiated_on=now.date() - dt.timedelta(days=5))
    sign_in(client, demo_users["noichinh.ag"])

    overdue = client.get("/", {"due": "overdue"}).content.decode()
    due_soon = client.get("/", {"due": "10"}).content.decode()
    ordered = client.get("/", {"sort": "deadline"}).content.decode()

    assert late.title in overdue
    assert soon.title not in overdue
    assert soon.title in due_soon
    assert later.title not in due_soon
    assert ordered.index(late.title) < ordered.index(soon.title) < ordered.index(later.title)


def test_the_refresh_command_applies_a_new_rest_day_to_existing_clocks(open_case, now):
    case = open_case(initiated_on=dt.date(2026, 1, 5), charges="353.1")  # NT: ends 05/04/2026 (Sun)
    clock = Clock.objects.get(case=case, code="INVESTIGATION")
    assert clock.deadline == dt.date(2026, 4, 6)

    CalendarDay.objects.create(date=dt.date(2026, 4, 6), kind="rest", reason="Nghỉ bù (giả định)")
    call_command("clocks", "refresh")

    assert Clock.objects.get(case=case, code="INVESTIGATION").deadline == dt.date(2026, 4, 7)


def test_the_case_page_says_how_far_an_investigation_ran_past_its_legal_maximum(
    client, open_case, demo_users, now
):
    # NT: 3 months and at most two extensions (3 + 2 months, Art. 172(2)): about 8
    # months at most; concluded after 13.
    initiated_on = now.date() - dt.timedelta(days=400)
    concluded_on = now.date() - dt.timedelta(days=10)
    case = open_case(initiated_on=initiated_on, charges="353.1")
    police = demo_users["dieutra.ag"]
    suspect_charge(case, police, now, "Ngô Văn Tài", on=initiated_on, charges="353.1")
    services.case_record_event(
        user=police,
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(type="investigation_concluded", date=concluded_on),
        now=now,
    )
    clock = Clock.objects.get(case=case, code="INVESTIGATION")
    sign_in(client, demo_users["noichinh.ag"])

    page = client.get(f"/cases/{case.pk}/").content.decode()

    past = (concluded_on - clock.max_deadline).days
    assert clock.status == "missed"
    assert past > 100
    assert f"vượt thời hạn tối đa {past} ngày" in page
