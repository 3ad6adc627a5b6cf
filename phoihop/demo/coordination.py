"""Demo coordination around An Giang's cases, written through the real services (a
few dozen records: the one-by-one path is fast enough and keeps every rule and audit
entry honest). Dates are set by passing an earlier ``now`` to the services.

Each step is taken by the account the product's own rules allow (``casting``), on
cases the step suits: the police of a case requests expertise on it only where the law
lets its body request (BLTTHS Art. 205), and an escalation is answered by the authority
it went to, the central one for a centrally monitored case."""

from __future__ import annotations

import datetime as dt
import random
from functools import partial
from typing import Any

from django.db import transaction

from phoihop.agencies.models import Agency
from phoihop.cases.models import Case
from phoihop.cases.selectors import case_facts
from phoihop.coordination.models import Escalation, Request
from phoihop.coordination.services import directives, meetings, obstacles, plans
from phoihop.coordination.services import requests as request_services
from phoihop.coordination.services.access import WRITING_ROLES, is_overseer
from phoihop.demo import steps
from phoihop.demo.casting import Account, demo_accounts, first_allowed, invited, with_facts
from phoihop.domain.access.policy import Actor, CaseFacts, may_record_events, may_view
from phoihop.domain.coordination.authority import CaseMonitoring
from phoihop.domain.coordination.directives import check_directive_recorder
from phoihop.domain.coordination.meetings import Delegate
from phoihop.domain.errors import AccessDenied
from phoihop.domain.organisation import AgencyKind, AgencyLevel, Role
from phoihop.domain.procedure.events import EventType, recorder_kinds
from phoihop.domain.procedure.stages import Stage

PROVINCE = "AG"
REQUESTED_CASES = 12
# The story is the investigation's: expertise and valuation awaited, the file at risk
# of running past its investigation period.
REQUEST_STAGE = Stage.INVESTIGATION


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


def _agency(code: str) -> Agency:
    agency: Agency | None = Agency.objects.filter(code=code).first()
    if agency is None:
        raise steps.DemoStepFailed(steps.REQUESTS, f"danh mục cơ quan không có cơ quan mã {code}.")
    return agency


def _may_request_expertise(facts: CaseFacts, _: Any, actor: Actor) -> bool:
    """The body conducting the stage requests expertise (BLTTHS Art. 205); the service
    lets only an agency handling the case send a request."""
    return actor.agency_kind in recorder_kinds(
        EventType.EXPERTISE_REQUESTED, REQUEST_STAGE
    ) and may_record_events(actor, facts)


def _may_set_plans(facts: CaseFacts, _: Any, actor: Actor) -> bool:
    """``plan_target_set``'s rule: a Steering Committee or commission that sees the case."""
    return is_overseer(actor) and actor.role in WRITING_ROLES and may_view(actor, facts)


def _may_answer(escalation: Escalation, user: Any, actor: Actor) -> bool:
    """``directive_issue``'s rule for the answer to an escalation: a writer who sees the
    case, of the authority it went to, of a kind that records directives."""
    if actor.role not in WRITING_ROLES or not may_view(actor, case_facts(escalation.case)):
        return False
    if not meetings.is_authority_member(user, escalation):
        return False
    try:
        check_directive_recorder(
            agency_kind=actor.agency_kind,
            agency_level=actor.agency_level,
            province_id=actor.province_id,
        )
    except AccessDenied:
        return False
    return True


def demo_coordination_load(*, today: dt.date, seed: int = 2025) -> int:
    """Requests, obstacles, a meeting with an escalation and a directive, plan targets.
    Returns the number of requests written; does nothing when requests already exist."""
    if Request.objects.exists():
        return 0
    accounts = demo_accounts()
    if not accounts:
        return 0
    rng = random.Random(seed)
    # One transaction: a step that fails takes the earlier ones' records with it, and
    # the next run starts the coordination again from nothing.
    with steps.demo_step(steps.COORDINATION), transaction.atomic():
        with steps.demo_step(steps.REQUESTS):
            written, requested = _requests(accounts, rng, today)
        if requested:
            with steps.demo_step(steps.MEETING):
                escalated = _meeting(accounts, requested, today)
            if escalated is not None:
                with steps.demo_step(steps.DIRECTIVE):
                    _directive(accounts, *escalated, today)
    return written


def _requests(
    accounts: list[Account], rng: random.Random, today: dt.date
) -> tuple[int, list[Case]]:
    """Expertise and valuation requests, obstacles and plan targets on An Giang's latest
    cases under investigation; the requests written, and the cases they are about."""
    expertise, valuation = _agency(f"{PROVINCE}-PY"), _agency(f"{PROVINCE}-HDDG")
    cases = Case.objects.filter(province__code=PROVINCE, stage=REQUEST_STAGE.value).order_by(
        "-last_event_on", "pk"
    )
    written = 0
    requested: list[Case] = []
    for case, facts in with_facts(cases):
        if len(requested) == REQUESTED_CASES:
            break
        requester = first_allowed(accounts, partial(_may_request_expertise, facts))
        planner = first_allowed(accounts, partial(_may_set_plans, facts))
        if requester is None or planner is None:
            continue
        index = len(requested)
        sent = max(case.last_event_on, today - dt.timedelta(days=rng.randint(3, 25)))
        request_services.request_send(
            user=requester,
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
                user=requester,
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
                user=requester,
                case_id=case.pk,
                category="expertise",
                description="Kết quả giám định chưa có, ảnh hưởng thời hạn điều tra.",
                now=_at(sent),
            )
        plans.plan_target_set(
            user=planner,
            case_id=case.pk,
            stage=REQUEST_STAGE.value,
            target_on=today + dt.timedelta(days=rng.randint(-10, 60)),
            note="Theo kế hoạch của Ban Chỉ đạo tỉnh",
            now=_at(sent),
        )
        requested.append(case)
    return written, requested


def _handles(kind: AgencyKind, facts: CaseFacts, _: Any, actor: Actor) -> bool:
    """An account of an agency of this kind that handles the case (a meeting's party
    states its agency's position on it)."""
    return actor.agency_kind is kind and may_record_events(actor, facts)


def _may_chair(facts: CaseFacts, _: Any, actor: Actor) -> bool:
    """The commission calls and chairs the meeting (``meeting_create``: a writer who
    sees each case on the agenda)."""
    return (
        actor.agency_kind is AgencyKind.INTERNAL_AFFAIRS
        and actor.role in WRITING_ROLES
        and may_view(actor, facts)
    )


def _meeting(
    accounts: list[Account], requested: list[Case], today: dt.date
) -> tuple[Escalation, list[int]] | None:
    """The commission's meeting with the police and the procuracy on (up to) two of the
    requested cases: one agreed, one not, which escalates. Returns the escalation and
    the agencies the directive gives tasks to (the police's, the procuracy's)."""
    agenda: list[Case] = []
    parties: tuple[Any, Any, Any] | None = None
    for case in requested:
        facts = case_facts(case)
        police = first_allowed(accounts, partial(_handles, AgencyKind.INVESTIGATION, facts))
        procuracy = first_allowed(accounts, partial(_handles, AgencyKind.PROCURACY, facts))
        if police is None or procuracy is None:
            continue
        guests = invited(facts, [police.agency_id, procuracy.agency_id])
        commission = first_allowed(accounts, partial(_may_chair, guests))
        if commission is None or parties not in (None, (commission, police, procuracy)):
            continue  # one meeting, the same parties for each case on its agenda
        parties = (commission, police, procuracy)
        agenda.append(case)
        if len(agenda) == 2:
            break
    if parties is None:
        return None
    commission, police, procuracy = parties
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
        case_ids=[c.pk for c in agenda],
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
    items = list(meeting.agenda.order_by("pk"))
    disputed = items[-1]
    if len(items) > 1:
        agreed = items[0]
        for user in (police, procuracy):
            meetings.position_record(
                user=user,
                agenda_item_id=agreed.pk,
                text="Đề nghị tách vụ án để xử lý trước các bị can đã rõ hành vi.",
                now=_at(held),
            )
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
    level = "Trung ương" if disputed.case.monitoring == CaseMonitoring.CENTRAL else "tỉnh"
    item = meetings.agenda_conclude(
        user=commission,
        agenda_item_id=disputed.pk,
        agreed=False,
        now=_at(held),
        text=f"Xin ý kiến Ban Chỉ đạo {level} về việc xác định tội danh.",
    )
    meetings.meeting_close(
        user=commission, meeting_id=meeting.pk, expected_version=None, now=_at(held)
    )
    escalation = Escalation.objects.select_related("authority", "case").get(agenda_item=item)
    return escalation, [police.agency_id, procuracy.agency_id]


def _directive(
    accounts: list[Account], escalation: Escalation, tasked: list[int], today: dt.date
) -> None:
    """The authority's answer, recorded by the Steering Committee the escalation went to
    or, for the central one, by its standing body's account (the demo has no account of
    the central Committee itself)."""
    # The Committee itself first, then leaders: who signs a directive.
    ordered = sorted(
        accounts,
        key=lambda account: (
            account[1].agency_kind is not AgencyKind.STEERING,
            account[1].role is not Role.LEADER,
        ),
    )
    issuer = first_allowed(ordered, partial(_may_answer, escalation))
    if issuer is None:
        raise steps.DemoStepFailed(
            steps.DIRECTIVE,
            f"không có tài khoản mẫu nào thuộc {escalation.authority.name} để trả lời việc "
            "xin ý kiến.",
        )
    issued = today - dt.timedelta(days=5)  # two days after the meeting
    police, procuracy = tasked
    central = issuer.agency.level == AgencyLevel.CENTRAL.value
    directives.directive_issue(
        user=issuer,
        escalation_id=escalation.pk,
        case_id=None,
        doc_number="15-KL/BCĐTW" if central else "15-KL/BCĐ",
        issued_on=issued,
        content=(
            "Giao Cơ quan CSĐT chủ trì, phối hợp Viện kiểm sát làm rõ hành vi, báo cáo trước hạn."
        ),
        tasks=[
            directives.TaskInput(
                police, "Làm rõ hành vi chiếm đoạt, báo cáo kết quả.", issued + dt.timedelta(days=3)
            ),
            directives.TaskInput(
                procuracy, "Cho ý kiến về tội danh bằng văn bản.", issued + dt.timedelta(days=20)
            ),
        ],
        now=_at(issued),
    )
