"""Directives (ý kiến chỉ đạo, kết luận) of the competent authority and the tasks they
assign (nhiệm vụ được giao), with the progress the assigned agencies report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from phoihop.domain.errors import AccessDenied, InvalidInput, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind, AgencyLevel
from phoihop.domain.procedure import AGENCY_KIND_LABELS_VI

from .authority import AuthorityRef
from .inputs import day_text, required_text


class DirectiveSource(StrEnum):
    ESCALATION_ANSWER = "escalation_answer"  # the answer to a meeting's escalation
    REVIEW = "review"  # given on the authority's own review of a case


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"  # derived: open and past its due day


# The Steering Committee directs; its standing body, the Internal Affairs Commission,
# records the Committee's directives and issues its own conclusions (LEGAL.md §5).
DIRECTIVE_RECORDER_KINDS = frozenset({AgencyKind.STEERING, AgencyKind.INTERNAL_AFFAIRS})


def check_directive_recorder(
    *,
    agency_kind: AgencyKind | None,
    agency_level: AgencyLevel | None,
    province_id: int | None,
    authority: AuthorityRef | None = None,
) -> None:
    """AccessDenied unless the agency is a Steering Committee or its standing body, and,
    for the answer to an escalation, the very ``authority`` the escalation went to."""
    if agency_kind not in DIRECTIVE_RECORDER_KINDS:
        kinds = " hoặc ".join(AGENCY_KIND_LABELS_VI[k] for k in sorted(DIRECTIVE_RECORDER_KINDS))
        raise AccessDenied(
            f"Chỉ {kinds} được ghi nhận ý kiến chỉ đạo, kết luận.",
            code="directive.denied",
            params={"agency_kind": agency_kind.value if agency_kind else None},
        )
    if authority is not None and not authority.includes(agency_kind, agency_level, province_id):
        raise AccessDenied(
            f"Việc xin ý kiến được gửi tới {authority.label}; cơ quan khác không ghi nhận ý "
            "kiến chỉ đạo trả lời.",
            code="directive.denied",
            params={"authority_level": authority.level.value},
        )


def check_directive(
    *,
    source: DirectiveSource,
    text: str,
    issued_on: date,
    today: date,
    escalation_id: int | None = None,
) -> str:
    """The directive's text, stripped; InvalidInput naming the field at fault. The answer
    to an escalation names it; a review directive does not."""
    body = required_text(text, field="text", what="nội dung ý kiến chỉ đạo, kết luận")
    if issued_on > today:
        raise InvalidInput(
            f"Ngày ban hành {day_text(issued_on)} ở sau ngày hôm nay.",
            field="issued_on",
        )
    if source is DirectiveSource.ESCALATION_ANSWER and escalation_id is None:
        raise InvalidInput(
            "Ý kiến chỉ đạo trả lời cần nêu việc xin ý kiến được trả lời.",
            field="escalation_id",
        )
    if source is DirectiveSource.REVIEW and escalation_id is not None:
        raise InvalidInput(
            "Ý kiến chỉ đạo qua rà soát không gắn với việc xin ý kiến.",
            field="escalation_id",
        )
    return body


def check_task(*, text: str, issued_on: date, due_on: date | None) -> str:
    """The task's text, stripped; a due day, when set, is not before the directive."""
    body = required_text(text, field="text", what="nội dung nhiệm vụ được giao")
    if due_on is not None and due_on < issued_on:
        raise InvalidInput(
            f"Hạn hoàn thành {day_text(due_on)} sớm hơn ngày ban hành chỉ đạo "
            f"{day_text(issued_on)}.",
            field="due_on",
        )
    return body


def task_status(done_on: date | None, due_on: date | None, today: date) -> TaskStatus:
    """DONE once a report said done; OVERDUE when still open after its due day."""
    if done_on is not None:
        return TaskStatus.DONE
    if due_on is not None and today > due_on:
        return TaskStatus.OVERDUE
    return TaskStatus.OPEN


@dataclass(frozen=True)
class Task:
    assignee_agency_id: int
    due_on: date | None
    done_on: date | None = None

    def status(self, today: date) -> TaskStatus:
        return task_status(self.done_on, self.due_on, today)


@dataclass(frozen=True)
class ProgressReport:
    reported_on: date
    percent: int  # 0–100
    text: str
    done: bool = False  # the report says the task is done


def report_progress(
    task: Task,
    *,
    agency_id: int,
    percent: int,
    text: str,
    done: bool,
    reported_on: date,
    today: date,
) -> ProgressReport:
    """A progress report by the assigned agency on a task not yet done. A report saying
    done is at 100 percent, and makes the task DONE on its day (``done_on``)."""
    if agency_id != task.assignee_agency_id:
        raise AccessDenied(
            "Chỉ cơ quan được giao nhiệm vụ được báo cáo tiến độ.",
            code="task.report.denied",
            params={"agency_id": agency_id},
        )
    if task.done_on is not None:
        raise TransitionNotAllowed(
            f"Nhiệm vụ đã hoàn thành ngày {day_text(task.done_on)}, không báo cáo thêm.",
            code="task.done",
        )
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidInput(
            f"Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100, nhận được {percent!r}.",
            field="percent",
        )
    if done and percent != 100:
        raise InvalidInput(
            f"Báo cáo hoàn thành nhiệm vụ phải ở mức 100%, nhận được {percent}%.",
            field="percent",
        )
    if reported_on > today:
        raise InvalidInput(
            f"Ngày báo cáo {day_text(reported_on)} ở sau ngày hôm nay.",
            field="reported_on",
        )
    body = required_text(text, field="text", what="nội dung báo cáo tiến độ")
    return ProgressReport(reported_on, percent, body, done)


def done_on(reports: Iterable[ProgressReport]) -> date | None:
    """The day the task was done: the first report saying so."""
    return min((r.reported_on for r in reports if r.done), default=None)
