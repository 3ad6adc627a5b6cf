"""Coordination state built through the real services, as production writes it: a
request between two agencies, a meeting held with two different positions, the
escalation it produced, the directive answering it and the task it assigned."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.coordination.services import directives, meetings
from phoihop.coordination.services import requests as request_services


def at(day: dt.date) -> dt.datetime:
    """Nine in the morning, Vietnam time, on ``day``: a ``now`` for the services."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


@pytest.fixture
def case(open_case):  # type: ignore[no-untyped-def]
    return open_case()


@pytest.fixture
def send_request(demo_users, registry, case, now):  # type: ignore[no-untyped-def]
    """A factory: a request sent through the service, by default the police's
    nine-day expertise to the An Giang forensic centre, sent today."""

    def send(
        kind: str = "expertise",
        *,
        to: str = "AG-PY",
        variant: str | None = "NINE_DAYS",
        sent_on: dt.date | None = None,
        due_on: dt.date | None = None,
        user: str = "dieutra.ag",
        subject: str = "Trưng cầu giám định thiệt hại gói thầu số 7",
        on_case=None,  # type: ignore[no-untyped-def]
    ):  # type: ignore[no-untyped-def]
        return request_services.request_send(
            user=demo_users[user],
            case_id=(on_case or case).pk,
            kind=kind,
            to_agency_id=registry[to].pk,
            subject=subject,
            variant=variant,
            agreed_due_on=due_on,
            now=at(sent_on) if sent_on else now,
        )

    return send


POLICE_POSITION = "Đủ căn cứ khởi tố bị can về tội Tham ô tài sản (Điều 353)."
PROCURACY_POSITION = "Chưa đủ căn cứ; cần có kết luận giám định thiệt hại trước khi khởi tố."
QUESTION = "Xin ý kiến Ban Chỉ đạo tỉnh về việc xác định tội danh."
SECRETARY = "Nguyễn Thị Thu Hà"


@pytest.fixture
def held_meeting(demo_users, case, now, today):  # type: ignore[no-untyped-def]
    """A meeting chaired by the Internal Affairs Commission with the police and the
    procuracy on the case, held, each with its own position; no outcome yet. Its
    secretary and its end time are recorded, as the minutes need them."""
    chair = demo_users["noichinh.ag"]
    meeting = meetings.meeting_create(
        user=chair,
        title="Họp liên ngành tháo gỡ vướng mắc về giám định",
        chair_name="Trần Minh Khoa",
        held_on=today,
        start_time=dt.time(8, 30),
        place="Trụ sở Ban Nội chính Tỉnh ủy An Giang",
        sites=["Điểm cầu Công an tỉnh"],
        participant_ids=[demo_users["dieutra.ag"].agency_id, demo_users["kiemsat.ag"].agency_id],
        case_ids=[case.pk],
        now=now,
    )
    meetings.meeting_hold(user=chair, meeting_id=meeting.pk, expected_version=None, now=now)
    meetings.meeting_details_record(
        user=chair,
        meeting_id=meeting.pk,
        expected_version=None,
        start_time=dt.time(8, 30),
        end_time=dt.time(11, 0),
        chair_name="Trần Minh Khoa",
        chair_title="Phó Trưởng Ban",
        secretary_name=SECRETARY,
        secretary_title="Chuyên viên",
        secretary_agency_id=chair.agency_id,
        delegates=[],
        now=now,
    )
    item = meeting.agenda.get()
    for username, text in (("dieutra.ag", POLICE_POSITION), ("kiemsat.ag", PROCURACY_POSITION)):
        meetings.position_record(
            user=demo_users[username], agenda_item_id=item.pk, text=text, now=now
        )
    return meeting


@pytest.fixture
def escalation(held_meeting, demo_users, now):  # type: ignore[no-untyped-def]
    item = meetings.agenda_conclude(
        user=demo_users["noichinh.ag"],
        agenda_item_id=held_meeting.agenda.get().pk,
        agreed=False,
        text=QUESTION,
        now=now,
    )
    return item.escalation


@pytest.fixture
def directive(escalation, demo_users, now, today):  # type: ignore[no-untyped-def]
    """The Steering Committee's answer, with one task for the police due in ten days."""
    return directives.directive_issue(
        user=demo_users["bcd.ag"],
        escalation_id=escalation.pk,
        case_id=None,
        doc_number="15-TB/BCĐ",
        issued_on=today,
        content="Giao Cơ quan Cảnh sát điều tra khẩn trương hoàn thành giám định thiệt hại.",
        tasks=[
            directives.TaskInput(
                demo_users["dieutra.ag"].agency_id,
                "Hoàn thành giám định thiệt hại và báo cáo kết quả.",
                today + dt.timedelta(days=10),
            )
        ],
        now=now,
    )


@pytest.fixture
def task(directive):  # type: ignore[no-untyped-def]
    return directive.tasks.get()
