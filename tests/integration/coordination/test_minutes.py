"""The minutes of an inter-agency meeting as the chair downloads them
(/documents/meetings/<id>/minutes.docx), read back with python-docx."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.coordination.services import meetings
from phoihop.documents import place_and_date
from tests.files.ooxml import all_text, open_docx, runs_with_fonts
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
        start_time=dt.time(8, 30),
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


# --- the minutes drawn from the meeting's record ---------------------------------------

VENUE = "Trụ sở Ban Nội chính Tỉnh ủy An Giang"
BRIDGE_SITES = ["Điểm cầu Công an tỉnh An Giang", "Điểm cầu Viện kiểm sát nhân dân tỉnh"]
CHAIR, SECRETARY = "Phan Văn Lãnh", "Nguyễn Thị Thu Hà"
DELEGATES = {
    "AG-CSDT": [("Lê Văn Quyết", "Phó Thủ trưởng Cơ quan CSĐT"), ("Huỳnh Ngọc Ẩn", "")],
    "AG-VKS": [("Phạm Thị Ngọc Ánh", "Kiểm sát viên")],
}


@pytest.fixture
def recorded_meeting(client, case, demo_users, registry, now, today):  # type: ignore[no-untyped-def]
    """A meeting at the commission's seat with two bridge sites, its record filled in on
    the meeting page by the coordinator (who is neither its chair nor its secretary),
    each agency's position given and the case agreed."""
    coordinator = demo_users["noichinh.ag"]
    police, procuracy = registry["AG-CSDT"], registry["AG-VKS"]
    meeting = meetings.meeting_create(
        user=coordinator,
        title="Họp liên ngành tháo gỡ vướng mắc về giám định",
        chair_name=CHAIR,
        held_on=today,
        start_time=dt.time(8, 30),
        place=VENUE,
        sites=BRIDGE_SITES,
        participant_ids=[police.pk, procuracy.pk],
        case_ids=[case.pk],
        now=now,
    )
    held = meetings.meeting_hold(
        user=coordinator, meeting_id=meeting.pk, expected_version=None, now=now
    )
    sign_in(client, coordinator)
    form = {
        "record-start_time": "08:30",
        "record-end_time": "11h15",
        "record-chair_name": CHAIR,
        "record-chair_title": "Trưởng Ban",
        "record-secretary_name": SECRETARY,
        "record-secretary_title": "Chuyên viên",
        "record-secretary_agency": coordinator.agency_id,
        "record-version": held.version,
    }
    for code, people in DELEGATES.items():
        lines = [f"{name}, {title}" if title else name for name, title in people]
        form[f"record-delegates_{registry[code].pk}"] = "\n".join(lines)
    recorded = client.post(f"/coordination/meetings/{meeting.pk}/details/", form)
    assert recorded.status_code == 302
    item = meeting.agenda.get()
    for username in ("dieutra.ag", "kiemsat.ag"):
        meetings.position_record(
            user=demo_users[username], agenda_item_id=item.pk, text=POLICE_POSITION, now=now
        )
    meetings.agenda_conclude(
        user=coordinator, agenda_item_id=item.pk, agreed=True, text="Thống nhất.", now=now
    )
    return meeting


@pytest.fixture
def recorded_minutes(client, recorded_meeting) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/documents/meetings/{recorded_meeting.pk}/minutes.docx")
    assert response.status_code == 200
    return [p.text for p in open_docx(response.content).paragraphs]


def test_the_minutes_say_when_the_meeting_began_and_ended(recorded_minutes, today):
    day = place_and_date("An Giang", today).split(", ", 1)[1]

    assert recorded_minutes[recorded_minutes.index("I. THỜI GIAN, ĐỊA ĐIỂM") + 1].startswith(
        f"Bắt đầu lúc 08 giờ 30 phút, {day} tại "
    )
    assert recorded_minutes[recorded_minutes.index("Nơi nhận:") - 1] == (
        "Cuộc họp kết thúc lúc 11 giờ 15 phút cùng ngày./."
    )


def test_the_venue_is_the_main_site_and_the_bridge_sites_follow(recorded_minutes):
    start = recorded_minutes.index("I. THỜI GIAN, ĐỊA ĐIỂM") + 1
    section = recorded_minutes[start : recorded_minutes.index("II. THÀNH PHẦN")]

    assert section[0].endswith(f"tại {VENUE} (điểm cầu chính), kết nối trực tuyến với 02 điểm cầu:")
    assert section[1:] == [f"- {BRIDGE_SITES[0]};", f"- {BRIDGE_SITES[1]}."]


def test_the_secretary_is_the_one_recorded_not_the_chair_nor_who_downloads(
    recorded_minutes, registry
):
    text = "\n".join(recorded_minutes)
    commission = registry["AG-NC"].name

    assert f"Chủ trì: đồng chí {CHAIR}, Trưởng Ban, {commission}." in recorded_minutes
    assert f"Thư ký: đồng chí {SECRETARY}, Chuyên viên, {commission}." in recorded_minutes
    assert "Trần Minh Khoa" not in text  # the coordinator who downloaded the file


def test_the_secretary_signs_the_minutes_beside_the_chair(client, recorded_meeting):
    response = client.get(f"/documents/meetings/{recorded_meeting.pk}/minutes.docx")

    after_the_text = all_text(response.content).split("cùng ngày./.")[-1]

    assert SECRETARY in after_the_text
    assert CHAIR in after_the_text


def test_each_delegate_is_named_under_their_agency(recorded_minutes, registry):
    for code, people in DELEGATES.items():
        heading = recorded_minutes.index(f"- {registry[code].name}:")
        following = recorded_minutes[heading + 1 : heading + 1 + len(people)]

        assert [line.rstrip(";.") for line in following] == [
            f"+ Đồng chí {name}, {title}" if title else f"+ Đồng chí {name}"
            for name, title in people
        ]


def test_minutes_of_a_meeting_without_secretary_or_end_time_are_refused_with_409(
    client, case, demo_users, now, today
):
    chair = demo_users["noichinh.ag"]
    meeting = meetings.meeting_create(
        user=chair,
        title="Họp liên ngành",
        chair_name=CHAIR,
        held_on=today,
        start_time=dt.time(14, 0),
        place=VENUE,
        sites=[],
        participant_ids=[demo_users["dieutra.ag"].agency_id],
        case_ids=[case.pk],
        now=now,
    )
    meetings.meeting_hold(user=chair, meeting_id=meeting.pk, expected_version=None, now=now)
    item = meeting.agenda.get()
    meetings.position_record(
        user=demo_users["dieutra.ag"], agenda_item_id=item.pk, text=POLICE_POSITION, now=now
    )
    meetings.agenda_conclude(
        user=chair, agenda_item_id=item.pk, agreed=True, text="Thống nhất.", now=now
    )
    sign_in(client, chair)

    response = client.get(f"/documents/meetings/{meeting.pk}/minutes.docx")

    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa lập được biên bản: chưa ghi giờ kết thúc, thư ký cuộc họp" in page
    assert 'data-testid="record-form"' in page  # the form to fill them in, on that page
    assert not AuditEvent.objects.filter(action="meeting.minutes.issued").exists()


def test_the_minutes_carry_the_highest_mark_of_their_cases_and_name_the_chairs_body(
    client, recorded_meeting
):  # type: ignore[no-untyped-def]
    def number_cell() -> list[str]:
        response = client.get(f"/documents/meetings/{recorded_meeting.pk}/minutes.docx")
        header = open_docx(response.content).tables[0]
        agency = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
        assert agency == ["TỈNH ỦY AN GIANG", "BAN NỘI CHÍNH", "*"]
        return [p.text for p in header.rows[1].cells[0].paragraphs if p.text]

    plain = number_cell()
    recorded_meeting.agenda.get().case.__class__.objects.filter(
        agenda_items__meeting=recorded_meeting
    ).update(classification=2)
    marked = number_cell()

    assert plain == ["Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BB/BNCTU"]
    assert marked == [*plain, "TỐI MẬT"]
