"""Directives of the competent authority, their tasks and progress reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.audit.services import audit_record
from phoihop.cases.models import ParticipationRole
from phoihop.cases.selectors import case_facts
from phoihop.coordination.models import Directive, Escalation, Task, TaskReport
from phoihop.coordination.services.access import case_for, join_case, require_writer
from phoihop.coordination.services.meetings import is_authority_member
from phoihop.core.errors import NotFound, StaleRecord
from phoihop.domain.access.policy import may_view
from phoihop.domain.coordination import directives as rules
from phoihop.domain.errors import AccessDenied, InvalidInput
from phoihop.domain.organisation import AgencyKind, AgencyLevel


@dataclass(frozen=True)
class TaskInput:
    agency_id: int
    description: str
    due_on: dt.date


def escalation_get_for(user: Any, escalation_id: Any) -> Escalation:
    try:
        escalation = Escalation.objects.select_related("case", "authority").get(
            pk=int(escalation_id)
        )
    except (Escalation.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy việc xin ý kiến.") from None
    if not may_view(actor_for(user), case_facts(escalation.case)):
        raise NotFound("Không tìm thấy việc xin ý kiến.")
    return escalation


def directive_issue(
    *,
    user: Any,
    escalation_id: int | None,
    case_id: int | None,
    doc_number: str,
    issued_on: dt.date,
    content: str,
    tasks: Sequence[TaskInput],
    now: dt.datetime,
) -> Directive:
    """The authority's directive: the answer to an escalation, or one issued after a
    review of a case; it assigns tasks to agencies, which join the case."""
    actor = actor_for(user)
    require_writer(actor)
    today = timezone.localdate(now)
    if not doc_number.strip():
        raise InvalidInput("Cần nhập số, ký hiệu văn bản.", field="doc_number")
    if not tasks:
        raise InvalidInput("Cần giao ít nhất một nhiệm vụ.", field="tasks")
    with transaction.atomic():
        escalation = escalation_get_for(user, escalation_id) if escalation_id else None
        if escalation is not None:
            if hasattr(escalation, "directive"):
                raise InvalidInput("Việc xin ý kiến này đã có ý kiến chỉ đạo.", field="escalation")
            if not is_authority_member(user, escalation):
                raise AccessDenied(
                    f"Việc xin ý kiến được gửi tới {escalation.authority.name}; cơ quan khác không "
                    "ghi nhận ý kiến chỉ đạo trả lời."
                )
            case = escalation.case
        else:
            case = case_for(user, case_id)
        rules.check_directive_recorder(
            agency_kind=AgencyKind(user.agency.kind),
            agency_level=AgencyLevel(user.agency.level),
            province_id=user.agency.province_id,
        )
        text = rules.check_directive(
            source=rules.DirectiveSource.ESCALATION_ANSWER
            if escalation
            else rules.DirectiveSource.REVIEW,
            text=content,
            issued_on=issued_on,
            today=today,
            escalation_id=escalation.pk if escalation else None,
        )
        directive = Directive.objects.create(
            escalation=escalation,
            case=case,
            issuing_agency=user.agency,
            doc_number=doc_number.strip(),
            issued_on=issued_on,
            content=text,
            created_by=user,
        )
        agencies = Agency.objects.in_bulk([t.agency_id for t in tasks])
        for index, task in enumerate(tasks):
            if task.agency_id not in agencies:
                raise InvalidInput(
                    f"Nhiệm vụ {index + 1}: cơ quan không có trong danh mục.", field="tasks"
                )
            description = rules.check_task(
                text=task.description, issued_on=issued_on, due_on=task.due_on
            )
            Task.objects.create(
                directive=directive,
                agency_id=task.agency_id,
                description=description,
                due_on=task.due_on,
                assigned_at=now,
            )
            join_case(case, task.agency_id, today, role=ParticipationRole.TASKED)
        audit_record(
            actor=user,
            action="directive.issued",
            at=now,
            target=directive,
            data={
                "case": case.pk,
                "escalation": escalation.pk if escalation else None,
                "tasks": len(tasks),
            },
        )
    return directive


def task_get_for(user: Any, task_id: Any) -> Task:
    try:
        task = Task.objects.select_related("directive__case", "agency").get(pk=int(task_id))
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy nhiệm vụ.") from None
    if not may_view(actor_for(user), case_facts(task.directive.case)):
        raise NotFound("Không tìm thấy nhiệm vụ.")
    return task


def task_report(
    *,
    user: Any,
    task_id: int,
    expected_version: int | None,
    percent: int,
    text: str,
    done: bool,
    now: dt.datetime,
) -> TaskReport:
    require_writer(actor_for(user))
    today = timezone.localdate(now)
    with transaction.atomic():
        found = task_get_for(user, task_id)
        task = Task.objects.select_for_update().get(pk=found.pk)
        if expected_version is not None and task.version != expected_version:
            raise StaleRecord("Nhiệm vụ đã được cập nhật. Hãy tải lại trang.", field="version")
        report = rules.report_progress(
            rules.Task(task.agency_id, task.due_on, task.done_on),
            agency_id=user.agency_id,
            percent=percent,
            text=text,
            done=done,
            reported_on=today,
            today=today,
        )
        created = TaskReport.objects.create(
            task=task,
            agency_id=user.agency_id,
            author=user,
            at=now,
            percent=report.percent,
            text=report.text,
            done=report.done,
        )
        if report.done:
            task.done_on = today
        task.version += 1
        task.save()
        audit_record(
            actor=user,
            action="task.reported",
            at=now,
            target=task,
            data={"percent": report.percent, "done": report.done},
        )
    return created
