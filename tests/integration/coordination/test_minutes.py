"""The minutes of an inter-agency meeting as the chair downloads them
(/documents/meetings/<id>/minutes.docx), read back with python-docx."""

from __future__ import annotations

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.coordination.services import meetings
from tests.files.ooxml import all_text, runs_with_fonts
from tests.integration.coordination.conftest import (
    POLICE_POSITION,
    PROCURACY_POSITION,
    QUESTION,
)
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


CHAIR_POSITION = "Đề nghị xin ý kiến Ban Chỉ đạo tỉnh trước khi khởi tố bị can."


@pytest.fixture
def escalation(held_meeting, demo_users, now):  # type: ignore[no-untyped-def]
    """The meeting of the shared fixtures, where the chair's agency also gives its
    position before recording that the agencies did not agree."""
    chair = demo_users["noichinh.ag"]
    item = held_meeting.agenda.get()
    meetings.position_record(user=chair, agenda_item_id=item.pk, text=CHAIR_POSITION, now=now)
    return meetings.agenda_conclude(
        user=chair, agenda_item_id=item.pk, agreed=False, text=QUESTION, now=now
    ).escalation


@pytest.fixture
def minutes(client, escalation, demo_users) -> bytes:  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["noichinh.ag"])  # the chair
    meeting_id = escalation.agenda_item.meeting_id
    response = client.get(f"/documents/meetings/{meeting_id}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    return response.content


def test_the_minutes_carry_every_agencys_position_under_its_name(minutes, registry):
    text = all_text(minutes)

    assert f"- {registry['AG-CSDT'].name}: {POLICE_POSITION}" in text
    assert f"- {registry['AG-VKS'].name}: {PROCURACY_POSITION}" in text
    assert f"- {registry['AG-NC'].name}: {CHAIR_POSITION}" in text


def test_the_minutes_record_the_disagreement_and_the_authority_asked(minutes, escalation):
    text = all_text(minutes)

    assert "Chưa thống nhất." in text
    assert QUESTION in text
    assert f"Kiến nghị xin ý kiến {escalation.authority.name}." in text


def test_every_run_of_the_minutes_is_times_new_roman_in_all_four_slots(minutes):
    runs = list(runs_with_fonts(minutes))

    assert runs
    for story, text, fonts in runs:
        assert set(fonts.values()) == {"Times New Roman"}, (story, text, fonts)


def test_issuing_the_minutes_is_audited(minutes, escalation):
    assert AuditEvent.objects.filter(action="meeting.minutes.issued").count() == 1


def test_minutes_asked_before_the_outcome_is_recorded_are_refused_with_409(
    client, held_meeting, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    response = client.get(f"/documents/meetings/{held_meeting.pk}/minutes.docx")

    assert response.status_code == 409
    assert "chưa có kết quả" in response.content.decode()
    assert not AuditEvent.objects.filter(action="meeting.minutes.issued").exists()


def test_minutes_of_a_case_agreed_without_any_position_are_refused_with_409(
    client, case, demo_users, now, today
):
    chair = demo_users["noichinh.ag"]
    meeting = meetings.meeting_create(
        user=chair,
        title="Họp liên ngành",
        chair_name="Trần Minh Khoa",
        held_on=today,
        place="Ban Nội chính Tỉnh ủy",
        sites=[],
        participant_ids=[demo_users["dieutra.ag"].agency_id],
        case_ids=[case.pk],
        now=now,
    )
    meetings.meeting_hold(user=chair, meeting_id=meeting.pk, expected_version=None, now=now)
    meetings.agenda_conclude(
        user=chair,
        agenda_item_id=meeting.agenda.get().pk,
        agreed=True,
        text="Thống nhất đẩy nhanh giám định.",
        now=now,
    )
    sign_in(client, chair)

    response = client.get(f"/documents/meetings/{meeting.pk}/minutes.docx")

    assert response.status_code == 409
    assert "chưa có ý kiến của cơ quan nào" in response.content.decode()
