"""A detention left open in a suspended case is "cần cập nhật" (its end was never
entered): shown so on the case page, counted in no overdue figure, and neither reminded
nor written a follow-up letter about; an overdue detention in a running case still is."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.cases import services
from phoihop.clocks.models import Clock
from phoihop.coordination.models import Reminder
from phoihop.coordination.services.followup import followup_sweep
from phoihop.reports.tallies import marks_for
from tests.records import detain, suspect_charge
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _detained(open_case, demo_users, now, *, suspend: bool):  # type: ignore[no-untyped-def]
    """A suspect detained 200 days ago for 2 months, never released on the record."""
    start = now.date() - dt.timedelta(days=210)
    case = open_case(initiated_on=start, charges="353.1")
    police = demo_users["dieutra.ag"]
    person = suspect_charge(case, police, now, "Hà Văn Sơn", on=start, charges="353.1")
    detain(case, police, now, person, on=now.date() - dt.timedelta(days=200))
    if suspend:
        services.case_record_event(
            user=police,
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(
                type="investigation_suspended", date=now.date() - dt.timedelta(days=30)
            ),
            now=now,
        )
    return case, Clock.objects.get(case=case, code="DETENTION")


def test_a_detention_left_open_in_a_suspended_case_needs_updating_and_is_not_urged(
    client, open_case, demo_users, now, today
):
    case, detention = _detained(open_case, demo_users, now, suspend=True)
    sign_in(client, demo_users["noichinh.ag"])

    page = client.get(f"/cases/{case.pk}/").content.decode()
    letter = client.get(f"/documents/clocks/{detention.pk}/letter/")
    followup_sweep(today=today, now=now)
    marks = marks_for(type(case).objects.filter(pk=case.pk))[case.pk]

    assert detention.status == "overdue"
    assert 'data-testid="needs-update"' in page
    assert "cần cập nhật" in page
    assert letter.status_code == 404
    assert not Reminder.objects.filter(key__contains=f"{case.pk}:{detention.key}").exists()
    assert not [m for m in marks if m.kind == "overdue"]


def test_an_overdue_detention_in_a_running_case_is_still_urged(
    client, open_case, demo_users, now, today
):
    case, detention = _detained(open_case, demo_users, now, suspend=False)
    sign_in(client, demo_users["noichinh.ag"])

    letter = client.get(f"/documents/clocks/{detention.pk}/letter/")
    followup_sweep(today=today, now=now)

    assert detention.status == "overdue"
    assert letter.status_code == 200
    assert Reminder.objects.filter(key__contains=f"{case.pk}:{detention.key}").exists()
