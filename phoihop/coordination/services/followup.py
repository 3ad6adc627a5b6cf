"""The nightly sweep: reminders (đôn đốc) for clocks, requests and tasks due soon or
overdue, to the responsible agency's inbox and by e-mail, at most once per item per day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction

from phoihop.accounts.access import actor_for
from phoihop.audit.services import audit_record
from phoihop.cases.models import Case, CaseAgency
from phoihop.cases.selectors import case_facts
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.coordination.models import OPEN_REQUEST_STATUSES, Reminder, Request, Task
from phoihop.domain.access.policy import may_view
from phoihop.domain.clocks import CATALOG
from phoihop.domain.coordination.followup import (
    FollowUpItem,
    FollowUpKind,
    due_items,
    responsible_kind,
)


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
    # The latest agency of the kind that handles the case (or was asked, for expertise
    # and valuation) is the one that must act now.
    for row in (
        CaseAgency.objects.filter(case_id__in=case_ids)
        .select_related("agency")
        .order_by("-since", "-pk")
    ):
        participants.setdefault((row.case_id, row.agency.kind), row.agency_id)
    items = []
    for clock in clocks:
        if clock.needs_update(clock.case.stage, today):
            continue  # a decision never entered is asked for on the case page, not urged
        kind = responsible_kind(clock.code, clock.variant)
        agency_id = participants.get((clock.case_id, kind)) if kind else None
        if agency_id is None or clock.deadline is None:
            continue
        rule = CATALOG.get(clock.code)
        title = f"{rule.label if rule else clock.code} — vụ án «{clock.case.title}»"
        items.append(
            # Keyed by the case and the clock's stable key: clock rows are replaced on
            # every refresh, and the reminder must stay once per clock per day.
            FollowUpItem(
                FollowUpKind.CLOCK,
                f"{clock.case_id}:{clock.key}",
                agency_id,
                clock.deadline,
                title,
                clock.case_id,
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
                        item_key=draft.item.key,
                        case_id=draft.item.case_id,
                        agency_id=draft.item.responsible_agency_id,
                        level=draft.level.value,
                        text=draft.text,
                        due_on=draft.item.due_on,
                        sent_on=today,
                        sent_at=now,
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
    """One message per reminder to each active user of the agency with an address who
    may see the case (the text names it): clearance is checked per case."""
    if not reminders:
        return 0
    users = list(
        get_user_model()
        .objects.filter(agency_id__in={r.agency_id for r in reminders}, is_active=True)
        .exclude(email="")
        .select_related("agency")
    )
    facts = {
        case.pk: case_facts(case)
        for case in Case.objects.filter(pk__in={r.case_id for r in reminders if r.case_id})
    }
    messages = []
    for reminder in reminders:
        recipients = [
            user.email
            for user in users
            if user.agency_id == reminder.agency_id
            and (reminder.case_id is None or may_view(actor_for(user), facts[reminder.case_id]))
        ]
        if recipients:
            messages.append(
                ("[phoihop] Đôn đốc", reminder.text, settings.DEFAULT_FROM_EMAIL, recipients)
            )
            Reminder.objects.filter(pk=reminder.pk).update(emailed=len(recipients))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
