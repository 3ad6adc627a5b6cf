"""Meeting pages over HTTP: a refusal of the rules keeps the status of its kind."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.coordination.models import Escalation
from phoihop.coordination.services import meetings
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_not_agreed_without_two_different_positions_is_refused_with_422(
    client, case, demo_users, now, today
):
    chair = demo_users["noichinh.ag"]
    meeting = meetings.meeting_create(
        user=chair,
        title="Họp liên ngành",
        chair_name="Trần Minh Khoa",
        held_on=today,
        start_time=dt.time(8, 30),
        place="Ban Nội chính Tỉnh ủy",
        sites=[],
        participant_ids=[demo_users["dieutra.ag"].agency_id],
        case_ids=[case.pk],
        now=now,
    )
    meetings.meeting_hold(user=chair, meeting_id=meeting.pk, expected_version=None, now=now)
    item = meeting.agenda.get()
    meetings.position_record(
        user=demo_users["dieutra.ag"], agenda_item_id=item.pk, text="Đề nghị khởi tố.", now=now
    )
    sign_in(client, chair)

    response = client.post(
        f"/coordination/agenda/{item.pk}/conclude/", {"agreed": "no", "text": "Xin ý kiến."}
    )

    assert response.status_code == 422
    assert "ít nhất hai ý kiến khác nhau" in response.content.decode()
    item.refresh_from_db()
    assert item.outcome == "pending"
    assert not Escalation.objects.exists()


def test_a_participant_may_not_record_the_outcome(client, held_meeting, demo_users):
    item = held_meeting.agenda.get()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/coordination/agenda/{item.pk}/conclude/", {"agreed": "yes", "text": "Thống nhất."}
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.outcome == "pending"
