"""Reads of the coordination records, always through the case's access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.access import actor_for
from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case
from phoihop.cases.selectors import visible_cases
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    Directive,
    Escalation,
    Obstacle,
    PlanTarget,
    Reminder,
    Request,
    Task,
)
from phoihop.coordination.services.access import meetings_visible_to, requests_visible_to
from phoihop.domain.coordination.plans import plan_status
from phoihop.domain.coordination.requests import SUSPENSION_GROUNDS, RequestKind, suspension_hint
from phoihop.domain.procedure.stages import PROGRESS, PROGRESS_STEP, Stage
from phoihop.domain.procedure.timeline import replay

# The inbox keeps a week of reminders: older ones were either acted on or re-sent.
REMINDER_DAYS = 7


def _overdue_first(requests: QuerySet[Request], today: dt.date) -> QuerySet[Request]:
    rank = When_(
        When(status__in=OPEN_REQUEST_STATUSES, due_on__lt=today, then=Value(0)),
        When(status__in=OPEN_REQUEST_STATUSES, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return requests.annotate(rank=rank).order_by("rank", "due_on", "pk")


@dataclass(frozen=True)
class Inbox:
    incoming: QuerySet[Request]
    outgoing: QuerySet[Request]
    reminders: QuerySet[Reminder]
    tasks: QuerySet[Task]
    escalations: QuerySet[Escalation]

    def counts(self) -> dict[str, int]:
        return {
            "incoming": self.incoming.count(),
            "outgoing": self.outgoing.count(),
            "reminders": self.reminders.count(),
            "tasks": self.tasks.count(),
            "escalations": self.escalations.count(),
        }


def inbox_for(user: Any, *, today: dt.date) -> Inbox:
    """The agency's inbox. Each count is the count of the very list shown."""
    agency_id = user.agency_id
    requests = requests_visible_to(user).select_related("case", "from_agency", "to_agency")
    cases = visible_cases(actor_for(user)).values("pk")
    return Inbox(
        incoming=_overdue_first(
            requests.filter(to_agency_id=agency_id, status__in=OPEN_REQUEST_STATUSES), today
        ),
        outgoing=_overdue_first(
            requests.filter(from_agency_id=agency_id, status__in=OPEN_REQUEST_STATUSES), today
        ),
        reminders=Reminder.objects.filter(
            agency_id=agency_id,
            case__in=cases,
            sent_on__gte=today - dt.timedelta(days=REMINDER_DAYS),
        )
        .select_related("case")
        .order_by("-sent_on", "due_on", "pk"),
        tasks=Task.objects.filter(
            agency_id=agency_id, done_on__isnull=True, directive__case__in=cases
        )
        .select_related("directive", "directive__case")
        .order_by("due_on", "pk"),
        escalations=_escalations_to(user)
        .filter(case__in=cases, directive__isnull=True)
        .select_related("case")
        .order_by("created_at"),
    )


def _escalations_to(user: Any) -> QuerySet[Escalation]:
    """Escalations addressed to the user's Steering Committee or, for its standing
    body (the Internal Affairs Commission), to the Committee of the same level."""
    agency = user.agency
    if agency is None or agency.kind not in ("steering", "internal_affairs"):
        return Escalation.objects.none()
    return Escalation.objects.filter(
        authority__kind__in=("steering", "internal_affairs"),
        authority__level=agency.level,
        authority__province_id=agency.province_id,
    )


@dataclass(frozen=True)
class PlanRow:
    target: PlanTarget
    reached_on: dt.date | None
    status: str

    @property
    def status_label(self) -> str:
        return str(PLAN_STATUS_LABELS.get(self.status, self.status))


PLAN_STATUS_LABELS = {
    "on_track": _("On track"),
    "late": _("Late"),
    "met": _("Met"),
    "missed": _("Missed"),
}


def _stage_left_on(case: Case) -> dict[Stage, dt.date]:
    """The day the case first moved past each main stage."""
    timeline = replay(domain_events_of(case.events.all()))
    left: dict[Stage, dt.date] = {}
    for step in timeline.history:
        before = PROGRESS_STEP.get(step.stage_before) if step.stage_before else None
        after = PROGRESS_STEP.get(step.stage_after)
        if before and after and PROGRESS.index(after) > PROGRESS.index(before):
            for stage in PROGRESS[: PROGRESS.index(after)]:
                left.setdefault(stage, step.event.date)
    return left


def plan_rows(case: Case, *, today: dt.date) -> list[PlanRow]:
    left = _stage_left_on(case)
    rows = []
    for target in PlanTarget.objects.filter(case=case):
        reached = left.get(Stage(target.stage))
        rows.append(PlanRow(target, reached, plan_status(target.target_on, reached, today).value))
    return rows


def suspension_hints(case: Case, *, today: dt.date) -> list[str]:
    """For each expertise or valuation request still open while the case's main clock
    has run out, the suspension the law allows (BLTTHS 148(1)(a), 229(1)(c), 247(1)(c))."""
    main_clocks = Clock.objects.filter(
        case=case, status__in=OPEN_STATUSES, code__in=SUSPENSION_GROUNDS
    ).order_by("deadline")
    hints = []
    for request in Request.objects.filter(case=case, status__in=OPEN_REQUEST_STATUSES):
        for clock in main_clocks:
            hint = suspension_hint(
                RequestKind(request.kind), True, clock.deadline, today, clock_code=clock.code
            )
            if hint and hint not in hints:
                hints.append(hint)
    return hints


def case_coordination(user: Any, case: Case, *, today: dt.date) -> dict[str, Any]:
    """What the case page shows of the coordination around the case."""
    return {
        "suspension_hints": suspension_hints(case, today=today),
        "requests": _overdue_first(
            requests_visible_to(user).filter(case=case).select_related("from_agency", "to_agency"),
            today,
        ),
        "obstacles": Obstacle.objects.filter(case=case).select_related("raised_by_agency"),
        "meetings": meetings_visible_to(user).filter(agenda__case=case),
        "escalations": Escalation.objects.filter(case=case).select_related("authority"),
        "directives": Directive.objects.filter(case=case).prefetch_related("tasks__agency"),
        "plan": plan_rows(case, today=today),
    }
