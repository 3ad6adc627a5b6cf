"""Rules a review found missing: roles of the agencies that take part in a case,
clearance on e-mailed reminders, clock reminders across refreshes, one outcome per
agenda case, write roles in meetings, and who an agency admin manages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from phoihop.cases import services as case_services
from phoihop.cases.models import CaseEvent
from phoihop.coordination.models import Reminder
from phoihop.coordination.services import meetings
from phoihop.coordination.services import requests as request_services
from phoihop.core.clock import today
from phoihop.domain.errors import AccessDenied, TransitionNotAllowed
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_an_agency_asked_for_documents_cannot_record_a_decision_on_the_case(
    open_case, demo_users, now
):
    case = open_case()
    hanoi_police = demo_users["dieutra.hn"]
    request_services.request_send(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        kind="documents",
        to_agency_id=hanoi_police.agency_id,
        subject="Cung cấp tài liệu",
        agreed_due_on=now.date() + dt.timedelta(days=10),
        now=now,
    )

    with pytest.raises(AccessDenied):
        case_services.case_record_event(
            user=hanoi_police,
            case_id=case.pk,
            expected_version=None,
            event=case_services.EventInput(type="investigation_terminated", date=now.date()),
            now=now,
        )

    case.refresh_from_db()
    assert case.stage == "investigation"
    assert CaseEvent.objects.filter(case=case).count() == 1


def _overdue_case(open_case):  # type: ignore[no-untyped-def]
    return open_case(initiated_on=today() - dt.timedelta(days=150), charges="353.1")


def test_the_sweep_with_its_clock_refresh_reminds_an_overdue_clock_once_a_day(open_case):
    case = _overdue_case(open_case)

    call_command("sweep", stdout=io.StringIO())
    first = set(Reminder.objects.filter(case=case, item_kind="clock").values_list("key", flat=True))
    call_command("sweep", stdout=io.StringIO())
    second = set(
        Reminder.objects.filter(case=case, item_kind="clock").values_list("key", flat=True)
    )

    assert len(first) >= 1
    assert first == second


def test_a_reminder_is_e_mailed_only_to_users_who_may_see_the_case(open_case, demo_users):
    case = _overdue_case(open_case)
    case.classification = 2  # Tối mật
    case.save(update_fields=["classification"])
    police = demo_users["dieutra.ag"]  # clearance Mật: may not see it
    police.email = "dieutra@angiang.example.vn"
    police.save(update_fields=["email"])
    cleared = get_user_model().objects.create_user(
        "lanhdao.csdt",
        email="lanhdao@angiang.example.vn",
        agency=police.agency,
        role="leader",
        clearance=2,
    )

    call_command("sweep", stdout=io.StringIO())

    recipients = {address for message in mail.outbox for address in message.to}
    assert cleared.email in recipients
    assert police.email not in recipients


def test_an_agenda_case_takes_one_outcome_only(escalation, demo_users, now):
    item = escalation.agenda_item

    with pytest.raises(TransitionNotAllowed):
        meetings.agenda_conclude(
            user=demo_users["noichinh.ag"],
            agenda_item_id=item.pk,
            agreed=True,
            text="Thống nhất",
            now=now,
        )

    item.refresh_from_db()
    assert item.outcome == "not_agreed"


def test_a_viewer_of_the_chairs_agency_cannot_close_the_meeting(held_meeting, demo_users, now):
    viewer = get_user_model().objects.create_user(
        "xem.nc", agency=demo_users["noichinh.ag"].agency, role="viewer", clearance=2
    )

    with pytest.raises(AccessDenied):
        meetings.meeting_close(
            user=viewer, meeting_id=held_meeting.pk, expected_version=None, now=now
        )


def test_an_agency_admin_cannot_change_the_system_administrators_password(client, demo_users):
    agency_admin = get_user_model().objects.create_user(
        "quantri.nc", agency=demo_users["admin"].agency, role="admin", clearance=3
    )
    system_admin = demo_users["admin"]
    sign_in(client, agency_admin)

    response = client.post(
        f"/accounts/users/{system_admin.pk}/",
        {
            "username": "admin",
            "agency": system_admin.agency_id,
            "role": "admin",
            "clearance": "3",
            "password": "mat-khau-moi-dai-2026",
        },
    )

    system_admin.refresh_from_db()
    assert response.status_code == 404
    assert not system_admin.check_password("mat-khau-moi-dai-2026")


def test_holding_a_meeting_twice_is_refused_with_409_not_a_server_error(
    client, held_meeting, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    response = client.post(f"/coordination/meetings/{held_meeting.pk}/hold/")

    assert response.status_code == 409
    assert "trạng thái" in response.content.decode()


def test_the_minutes_are_refused_to_a_participant_below_a_cases_classification(
    client, held_meeting, demo_users
):
    item = held_meeting.agenda.get()
    item.case.classification = 2  # Tối mật; dieutra.ag holds Mật
    item.case.save(update_fields=["classification"])
    sign_in(client, demo_users["dieutra.ag"])

    response = client.get(f"/documents/meetings/{held_meeting.pk}/minutes.docx")

    assert response.status_code == 404
    assert item.case.title not in response.content.decode(errors="ignore")


def test_a_classified_case_seen_through_a_request_page_is_audited(
    client, case, send_request, demo_users
):
    from phoihop.audit.models import AuditEvent

    request = send_request(sent_on=case.opened_on)
    case.classification = 1
    case.save(update_fields=["classification"])
    sign_in(client, demo_users["giamdinh.ag"])

    response = client.get(f"/coordination/requests/{request.pk}/")

    viewed = AuditEvent.objects.filter(action="case.viewed", target_id=str(case.pk))
    assert response.status_code == 200
    assert [e.data["via"] for e in viewed] == ["request"]
