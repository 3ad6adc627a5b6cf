"""The nightly sweep: reminders (đôn đốc) for clocks, requests and tasks due soon or
overdue, to the responsible agency's inbox and by e-mail, at most once per item per day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction

from phoihop.audit.services import audit_record
from phoihop.cases.models import CaseAgency
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.coordination.models import OPEN_REQUEST_STATUSES, Reminder, Request, Task
from phoihop.domain.clocks import CATALOG
from phoihop.domain.coordination.followup import FollowUpItem, FollowUpKind, due_items
from phoihop.domain.organisation import AgencyKind

# Who must act on a clock: the body whose decision ends it (BLTTHS: investigation
# periods the police, prosecution the procuracy, trial and appeal the court).
CLOCK_RESPONSIBLE = {
    "DENUNCIATION": AgencyKind.INVESTIGATION,
    "DENUNCIATION_PROLONGED": AgencyKind.INVESTIGATION,
    "DENUNCIATION_AFTER_ANNULMENT": AgencyKind.INVESTIGATION,
    "DENUNCIATION_AFTER_RESUMPTION": AgencyKind.INVESTIGATION,
    "INVESTIGATION": AgencyKind.INVESTIGATION,
    "INVESTIGATION_RESUMED": AgencyKind.INVESTIGATION,
    "SUPPLEMENTARY_INVESTIGATION": AgencyKind.INVESTIGATION,
    "REINVESTIGATION": AgencyKind.INVESTIGATION,
    "CUSTODY": AgencyKind.INVESTIGATION,
    "DETENTION": AgencyKind.INVESTIGATION,
    "EXPERTISE": AgencyKind.EXPERTISE,
    "VALUATION": AgencyKind.VALUATION,
    "PROSECUTION": AgencyKind.PROCURACY,
    "TRIAL_PREPARATION": AgencyKind.COURT,
    "TRIAL_PREPARATION_AFTER_RETURN": AgencyKind.COURT,
    "HEARING_OPENING": AgencyKind.COURT,
    "JUDGMENT_DELIVERY": AgencyKind.COURT,
    "APPELLATE_DECISION": AgencyKind.COURT,
    "APPELLATE_HEARING": AgencyKind.COURT,
    "EXECUTION_DECISION": AgencyKind.COURT,
    "CIVIL_ENFORCEMENT": AgencyKind.ENFORCEMENT,
}


@dataclass(frozen=True)
class SweepResult:
    considered: int
    created: int
    already_sent: int
    emails: int


def _clock_items(today: dt.date, horizon: dt.date) -> list[FollowUpItem]:
    clocks = Clock.objects.filter(status__in=OPEN_STATUSES, deadline__lte=horizon).select_related(
        "case"
    )
    participants: dict[tuple[int, str], int] = {}
    case_ids = {c.case_id for c in clocks}
    for row in (
        CaseAgency.objects.filter(case_id__in=case_ids)
        .select_related("agency")
        .order_by("since", "pk")
    ):
        participants.setdefault((row.case_id, row.agency.kind), row.agency_id)
    items = []
    for clock in clocks:
        kind = CLOCK_RESPONSIBLE.get(clock.code)
        agency_id = participants.get((clock.case_id, kind)) if kind else None
        if agency_id is None or clock.deadline is None:
            continue
        rule = CATALOG.get(clock.code)
        title = f"{rule.label if rule else clock.code} — vụ án «{clock.case.title}»"
        items.append(
            FollowUpItem(
                FollowUpKind.CLOCK, str(clock.pk), agency_id, clock.deadline, title, clock.case_id
            )
        )
    return items


def _request_items(horizon: dt.date) -> list[FollowUpItem]:
    return [
        FollowUpItem(
            FollowUpKind.REQUEST,
            str(r.pk),
            r.to_agency_id,
            r.due_on,
            f"Yêu cầu phối hợp «{r.subject}» của {r.from_agency.short_name or r.from_agency.name}",
            r.case_id,
        )
        for r in Request.objects.filter(
            status__in=OPEN_REQUEST_STATUSES, due_on__lte=horizon
        ).select_related("from_agency")
    ]


def _task_items(horizon: dt.date) -> list[FollowUpItem]:
    return [
        FollowUpItem(
            FollowUpKind.TASK,
            str(t.pk),
            t.agency_id,
            t.due_on,
            f"Nhiệm vụ theo chỉ đạo số {t.directive.doc_number}: {t.description[:120]}",
            t.directive.case_id,
        )
        for t in Task.objects.filter(done_on__isnull=True, due_on__lte=horizon).select_related(
            "directive"
        )
    ]


def followup_sweep(
    *, today: dt.date, now: dt.datetime, within_days: int | None = None
) -> SweepResult:
    """Find what is due within N days or overdue and remind the responsible agency.
    Idempotent per day: the reminder's key (kind:item:date) is unique."""
    days = settings.PHOIHOP_DUE_SOON_DAYS if within_days is None else within_days
    horizon = today + dt.timedelta(days=days)
    items = [*_clock_items(today, horizon), *_request_items(horizon), *_task_items(horizon)]
    drafts = due_items(items, today=today, within_days=days)
    existing = set(
        Reminder.objects.filter(key__in=[d.key for d in drafts]).values_list("key", flat=True)
    )
    created: list[Reminder] = []
    for draft in drafts:
        if draft.key in existing:
            continue
        try:
            with transaction.atomic():
                created.append(
                    Reminder.objects.create(
                        key=draft.key,
                        item_kind=draft.item.kind.value,
                        item_id=int(draft.item.key),
                        case_id=draft.item.case_id,
                        agency_id=draft.item.responsible_agency_id,
                        level=draft.level.value,
                        text=draft.text,
                        due_on=draft.item.due_on,
                        sent_on=today,
                    )
                )
        except IntegrityError:  # a sweep running at the same moment sent it first
            continue
    emails = _email(created)
    with transaction.atomic():
        audit_record(
            actor=None,
            action="followup.swept",
            at=now,
            data={"considered": len(drafts), "created": len(created), "emails": emails},
        )
    return SweepResult(len(drafts), len(created), len(drafts) - len(created), emails)


def _email(reminders: list[Reminder]) -> int:
    """One message per reminder to every active user with an address in the agency."""
    if not reminders:
        return 0
    users = (
        get_user_model()
        .objects.filter(agency_id__in={r.agency_id for r in reminders}, is_active=True)
        .exclude(email="")
    )
    by_agency: dict[int | None, list[str]] = {}
    for user in users:
        by_agency.setdefault(user.agency_id, []).append(user.email)
    messages = []
    for reminder in reminders:
        recipients = by_agency.get(reminder.agency_id, [])
        if recipients:
            messages.append(
                ("[phoihop] Đôn đốc", reminder.text, settings.DEFAULT_FROM_EMAIL, recipients)
            )
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    for reminder in reminders:
        if by_agency.get(reminder.agency_id):
            Reminder.objects.filter(pk=reminder.pk).update(
                emailed=len(by_agency[reminder.agency_id])
            )
    return sent
