"""Demo coordination around An Giang's cases, written through the real services (a
few dozen records: the one-by-one path is fast enough and keeps every rule and audit
entry honest). Dates are set by passing an earlier ``now`` to the services."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from phoihop.agencies.models import Agency
from phoihop.cases.models import Case
from phoihop.coordination.models import Request
from phoihop.coordination.services import directives, meetings, obstacles, plans
from phoihop.coordination.services import requests as request_services
from phoihop.domain.coordination.meetings import Delegate
from phoihop.domain.errors import DomainError


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


def demo_coordination_load(*, today: dt.date, seed: int = 2025) -> int:
    """Requests, obstacles, a meeting with an escalation and a directive, plan targets.
    Returns the number of requests written; does nothing when requests already exist."""
    if Request.objects.exists():
        return 0
    rng = random.Random(seed)
    users = get_user_model().objects.in_bulk(
        ["dieutra.ag", "noichinh.ag", "kiemsat.ag", "bcd.ag"], field_name="username"
    )
    if len(users) < 4:
        return 0
    police, commission, procuracy, committee = (
        users["dieutra.ag"],
        users["noichinh.ag"],
        users["kiemsat.ag"],
        users["bcd.ag"],
    )
    expertise = Agency.objects.get(code="AG-PY")
    valuation = Agency.objects.get(code="AG-HDDG")
    cases = list(
        Case.objects.filter(
            province__code="AG",
            stage="investigation",
            classification__lte=police.clearance,
            participations__agency=police.agency,
        ).order_by("-last_event_on")[:12]
    )
    written = 0
    with transaction.atomic():
        for index, case in enumerate(cases):
            sent = max(case.last_event_on, today - dt.timedelta(days=rng.randint(3, 25)))
            try:
                request_services.request_send(
                    user=police,
                    case_id=case.pk,
                    kind="expertise",
                    to_agency_id=expertise.pk,
                    subject="Trưng cầu giám định thương tích và tài liệu kế toán",
                    body="Đề nghị giám định theo quyết định trưng cầu kèm theo hồ sơ.",
                    variant="NINE_DAYS" if index % 2 else "OTHER",
                    now=_at(sent),
                )
                written += 1
                if index % 3 == 0:
                    request_services.request_send(
                        user=police,
                        case_id=case.pk,
                        kind="valuation",
                        to_agency_id=valuation.pk,
                        subject="Yêu cầu định giá quyền sử dụng đất",
                        agreed_due_on=sent + dt.timedelta(days=20),
                        now=_at(sent),
                    )
                    written += 1
                if index % 4 == 0:
                    obstacles.obstacle_raise(
                        user=police,
                        case_id=case.pk,
                        category="expertise",
                        description="Kết quả giám định chưa có, ảnh hưởng thời hạn điều tra.",
                        now=_at(sent),
                    )
                plans.plan_target_set(
                    user=commission,
                    case_id=case.pk,
                    stage="investigation",
                    target_on=today + dt.timedelta(days=rng.randint(-10, 60)),
                    note="Theo kế hoạch của Ban Chỉ đạo tỉnh",
                    now=_at(sent),
                )
            except DomainError:
                continue
        if len(cases) >= 2:
            _meeting(cases[:2], commission, police, procuracy, committee, today)
    return written


def _meeting(cases: list[Case], commission, police, procuracy, committee, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    held = today - dt.timedelta(days=7)
    meeting = meetings.meeting_create(
        user=commission,
        title="Họp liên ngành tháo gỡ vướng mắc trong giám định, định giá",
        chair_name="Phan Văn Lãnh",
        chair_title="Trưởng Ban",
        held_on=held,
        start_time=dt.time(8, 30),
        place="Trụ sở Ban Nội chính Tỉnh ủy An Giang",
        sites=["Điểm cầu Công an tỉnh", "Điểm cầu Viện kiểm sát nhân dân tỉnh"],
        participant_ids=[police.agency_id, procuracy.agency_id],
        case_ids=[c.pk for c in cases],
        now=_at(held),
    )
    # The record the minutes are drawn from: who kept them, who came for each agency,
    # and when the meeting ended.
    meetings.meeting_details_record(
        user=commission,
        meeting_id=meeting.pk,
        expected_version=None,
        start_time=dt.time(8, 30),
        end_time=dt.time(11, 15),
        chair_name="Phan Văn Lãnh",
        chair_title="Trưởng Ban",
        secretary_name="Nguyễn Thị Thu Hà",
        secretary_title="Chuyên viên",
        secretary_agency_id=commission.agency_id,
        delegates=[
            Delegate(commission.agency_id, "Võ Thị Hạnh", "Phó Trưởng Ban"),
            Delegate(police.agency_id, "Lê Văn Quyết", "Phó Thủ trưởng Cơ quan CSĐT"),
            Delegate(police.agency_id, "Nguyễn Hữu Phước", "Điều tra viên"),
            Delegate(procuracy.agency_id, "Đặng Văn Long", "Phó Viện trưởng"),
            Delegate(procuracy.agency_id, "Phạm Thị Ngọc Hân", "Kiểm sát viên"),
        ],
        now=_at(held),
    )
    meetings.meeting_hold(
        user=commission, meeting_id=meeting.pk, expected_version=None, now=_at(held)
    )
    agreed, disputed = list(meeting.agenda.all())[:2]
    for user, text in (
        (police, "Đề nghị tách vụ án để xử lý trước các bị can đã rõ hành vi."),
        (procuracy, "Đề nghị tách vụ án để xử lý trước các bị can đã rõ hành vi."),
    ):
        meetings.position_record(user=user, agenda_item_id=agreed.pk, text=text, now=_at(held))
    meetings.agenda_conclude(
        user=commission,
        agenda_item_id=agreed.pk,
        agreed=True,
        text="Thống nhất tách vụ án, hoàn thành điều tra trong tháng.",
        now=_at(held),
    )
    meetings.position_record(
        user=police,
        agenda_item_id=disputed.pk,
        now=_at(held),
        text="Hành vi đủ yếu tố cấu thành tội tham ô tài sản (Điều 353).",
    )
    meetings.position_record(
        user=procuracy,
        agenda_item_id=disputed.pk,
        now=_at(held),
        text=(
            "Chưa đủ căn cứ tham ô; đề nghị xem xét tội vi phạm quy định về quản lý tài sản "
            "Nhà nước (Điều 219)."
        ),
    )
    item = meetings.agenda_conclude(
        user=commission,
        agenda_item_id=disputed.pk,
        agreed=False,
        now=_at(held),
        text="Xin ý kiến Ban Chỉ đạo tỉnh về việc xác định tội danh.",
    )
    meetings.meeting_close(
        user=commission, meeting_id=meeting.pk, expected_version=None, now=_at(held)
    )
    issued = held + dt.timedelta(days=2)
    directives.directive_issue(
        user=committee,
        escalation_id=item.escalation.pk,
        case_id=None,
        doc_number="15-KL/BCĐ",
        issued_on=issued,
        content=(
            "Giao Cơ quan CSĐT chủ trì, phối hợp Viện kiểm sát làm rõ hành vi, báo cáo trước hạn."
        ),
        tasks=[
            directives.TaskInput(
                police.agency_id,
                "Làm rõ hành vi chiếm đoạt, báo cáo kết quả.",
                issued + dt.timedelta(days=3),
            ),
            directives.TaskInput(
                procuracy.agency_id,
                "Cho ý kiến về tội danh bằng văn bản.",
                issued + dt.timedelta(days=20),
            ),
        ],
        now=_at(issued),
    )
