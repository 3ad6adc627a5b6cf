"""Reads of the coordination records, always through the case's access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case
from phoihop.cases.selectors import visible_cases
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    Directive,
    Escalation,
    InboxLook,
    Meeting,
    Obstacle,
    PlanTarget,
    Reminder,
    Request,
    RequestMessage,
    Task,
)
from phoihop.coordination.services.access import (
    meetings_of_seen_case,
    requests_visible_to,
    sees_request_of_seen_case,
)
from phoihop.core.search import fold
from phoihop.domain.clocks.derive import clock_label
from phoihop.domain.coordination.plans import plan_status
from phoihop.domain.coordination.requests import (
    SUSPENSION_GROUNDS,
    RequestKind,
    RequestParty,
    RequestStatus,
    is_open,
    moved_by,
    suspension_hint,
)
from phoihop.domain.procedure.stages import PROGRESS, PROGRESS_STEP, Stage
from phoihop.domain.procedure.timeline import replay

# The inbox keeps a week of reminders: older ones were either acted on or re-sent.
REMINDER_DAYS = 7


def _overdue_first(request: Request, today: dt.date) -> tuple[int, dt.date, int]:
    """A case's requests in the order its page lists them: the overdue first, then the
    others still open, then the closed; each by due date."""
    is_open = request.status in OPEN_REQUEST_STATUSES
    rank = 0 if is_open and request.due_on < today else 1 if is_open else 2
    return (rank, request.due_on, request.pk)


# An answer, a refusal or a withdrawal stays in the inbox this long after it came: the
# request itself has left the lists of what is open.
REPLY_DAYS = 30
NOTHING_DUE = 1_000_000  # sorts after any number of days left


class InboxKind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    SENT = "sent", _("Request sent")
    REPLY = "reply", _("Reply to our request")
    WITHDRAWN = "withdrawn", _("Request withdrawn")
    DEADLINE = "deadline", _("Time limit reminder")
    TASK = "task", _("Task assigned to us")
    ESCALATION = "escalation", _("Awaiting a directive")


class InboxState(models.TextChoices):
    NEW = "new", _("New since my last look")
    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due soon")


@dataclass(frozen=True)
class InboxFilters:
    q: str = ""  # words of the case's title or number, the item, the agency; any accents
    kind: str = ""  # an InboxKind value, or every kind
    state: str = ""  # an InboxState value, or every item


@dataclass(frozen=True)
class InboxItem:
    kind: InboxKind
    case: Case
    title: str
    url_name: str  # the item's page: {% url url_name url_pk %}
    url_pk: int
    agency: str  # "from" or "to" the other agency
    status: str  # the status's label
    due_on: dt.date | None = None
    days_left: int | None = None  # negative: days late; None: nothing left to meet
    new: bool = False  # changed since the user's last look, by someone else
    note: str = ""  # the answer or the reason given
    reminded_on: dt.date | None = None  # the latest follow-up reminder about it
    anchor: str = ""

    @property
    def kind_label(self) -> str:
        return str(self.kind.label)

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def state(self) -> str:
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return InboxState.OVERDUE.value
        if self.days_left <= settings.PHOIHOP_DUE_SOON_DAYS:
            return InboxState.DUE_SOON.value
        return ""

    def sort_key(self) -> tuple[bool, int, int]:
        """New first, then the least time left (the latest first), then by kind."""
        left = NOTHING_DUE if self.days_left is None else self.days_left
        return (not self.new, left, list(InboxKind).index(self.kind))


@dataclass(frozen=True)
class InboxGroup:
    """The items of one case."""

    case: Case
    items: tuple[InboxItem, ...]

    @property
    def new_count(self) -> int:
        return sum(item.new for item in self.items)


@dataclass(frozen=True)
class Inbox:
    groups: list[InboxGroup]  # the cases whose items pass the filters, most pressing first
    counts: dict[str, int]  # per kind, the items passing the search and state filters
    new_count: int  # items passing the filters marked new
    since: dt.datetime | None  # new means changed after this; None: the first look

    @property
    def item_count(self) -> int:
        return sum(len(group.items) for group in self.groups)

    @property
    def counted(self) -> int:
        """Items of every kind passing the search and state filters."""
        return sum(self.counts.values())

    @property
    def by_kind(self) -> list[tuple[InboxKind, int]]:
        """The kinds with items passing the search and state filters, and how many."""
        return [(kind, self.counts[kind.value]) for kind in InboxKind if self.counts[kind.value]]


def inbox_for(
    user: Any,
    *,
    today: dt.date,
    since: dt.datetime | None,
    filters: InboxFilters = InboxFilters(),
) -> Inbox:
    """What waits on the user's agency, grouped by case: requests received and sent,
    the replies to its requests, its time limits followed up, its tasks and the
    escalations awaiting its directive; only on cases the user may see. An item that
    the other side changed after ``since`` is marked new. A fixed number of queries."""
    agency_id = user.agency_id
    if agency_id is None:  # an account of no agency has nothing waiting on it
        return Inbox([], {kind.value: 0 for kind in InboxKind}, 0, since)
    cases = visible_cases(actor_for(user)).values("pk")
    reminders = _reminders(agency_id, cases, today)
    items = [
        *_request_items(user, today, since, reminders),
        *_deadline_items(reminders, today, since),
        *_task_items(agency_id, cases, today, since, reminders),
        *_escalation_items(user, cases, since),
    ]
    words = fold(filters.q).split()
    items = [
        item
        for item in items
        if (not filters.state or _in_state(item, filters.state)) and _matches(item, words)
    ]
    counts = {kind.value: 0 for kind in InboxKind}
    for item in items:
        counts[item.kind.value] += 1
    if filters.kind:
        items = [item for item in items if item.kind.value == filters.kind]
    return Inbox(_grouped(items), counts, sum(item.new for item in items), since)


def inbox_since(user: Any) -> dt.datetime | None:
    """The time the inbox now marks changes since: the look before the user's latest."""
    look = InboxLook.objects.filter(user_id=user.pk).first()
    return look.previous_looked_at if look else None


def _in_state(item: InboxItem, state: str) -> bool:
    return item.new if state == InboxState.NEW else item.state == state


def _matches(item: InboxItem, words: list[str]) -> bool:
    case = item.case
    text = fold(f"{case.title} {case.national_code or ''} #{case.pk} {item.title} {item.agency}")
    return all(word in text for word in words)


def _grouped(items: list[InboxItem]) -> list[InboxGroup]:
    by_case: dict[int, list[InboxItem]] = {}
    for item in items:
        by_case.setdefault(item.case.pk, []).append(item)
    groups = [
        InboxGroup(rows[0].case, tuple(sorted(rows, key=InboxItem.sort_key)))
        for rows in by_case.values()
    ]
    # A case with something new first, then the case with the least time left.
    return sorted(
        groups,
        key=lambda group: (
            not group.new_count,
            min(item.sort_key()[1] for item in group.items),
            group.case.pk,
        ),
    )


def _from(agency: Agency) -> str:
    return gettext("from %(agency)s") % {"agency": agency}


def _to(agency: Agency) -> str:
    return gettext("to %(agency)s") % {"agency": agency}


def _is_new(changed_at: dt.datetime | None, since: dt.datetime | None) -> bool:
    return since is None or (changed_at is not None and changed_at > since)


def _sent_at(reminder: Reminder) -> dt.datetime:
    """When the sweep sent it; before the time was kept, the start of its day."""
    if reminder.sent_at is not None:
        return reminder.sent_at
    return timezone.make_aware(dt.datetime.combine(reminder.sent_on, dt.time.min))


Reminders = dict[tuple[str, str], list[Reminder]]


def _reminders(agency_id: int, cases: QuerySet[Any], today: dt.date) -> Reminders:
    """The week's reminders to the agency, per followed item (kind, key), oldest first:
    a clock reminded every day is one item, not seven."""
    found: Reminders = {}
    for reminder in (
        Reminder.objects.filter(
            agency_id=agency_id,
            case__in=cases,
            sent_on__gte=today - dt.timedelta(days=REMINDER_DAYS),
        )
        .select_related("case")
        .order_by("sent_on", "pk")
    ):
        found.setdefault((reminder.item_kind, reminder.item_key), []).append(reminder)
    return found


def _last_reminded(reminders: Reminders, kind: str, key: int) -> dt.date | None:
    sent = reminders.get((kind, str(key)))
    return sent[-1].sent_on if sent else None


def _request_items(
    user: Any, today: dt.date, since: dt.datetime | None, reminders: Reminders
) -> list[InboxItem]:
    agency_id = user.agency_id
    replied_after = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=REPLY_DAYS), dt.time.min)
    )
    kept = (
        Q(status__in=OPEN_REQUEST_STATUSES, to_agency_id=agency_id)
        | Q(status__in=OPEN_REQUEST_STATUSES, from_agency_id=agency_id)
        | Q(
            status__in=(RequestStatus.ANSWERED, RequestStatus.DECLINED),
            from_agency_id=agency_id,
            moved_at__gte=replied_after,
        )
        | Q(status=RequestStatus.CANCELLED, to_agency_id=agency_id, moved_at__gte=replied_after)
    )
    requests = (
        requests_visible_to(user).filter(kept).select_related("case", "from_agency", "to_agency")
    )
    if since is not None:
        heard = RequestMessage.objects.filter(request=OuterRef("pk"), at__gt=since).exclude(
            agency_id=agency_id
        )
        requests = requests.annotate(heard=Exists(heard))
    items = []
    for request in requests:
        status = RequestStatus(request.status)
        party = RequestParty.RECIPIENT if request.to_agency_id == agency_id else RequestParty.SENDER
        other = request.from_agency if party is RequestParty.RECIPIENT else request.to_agency
        still_open = is_open(status)
        if still_open:
            kind = InboxKind.RECEIVED if party is RequestParty.RECIPIENT else InboxKind.SENT
        else:
            kind = InboxKind.WITHDRAWN if party is RequestParty.RECIPIENT else InboxKind.REPLY
        moved_by_other = moved_by(status) is not party and _is_new(request.moved_at, since)
        items.append(
            InboxItem(
                kind=kind,
                case=request.case,
                title=request.subject,
                url_name="coordination:request",
                url_pk=request.pk,
                agency=_from(other) if party is RequestParty.RECIPIENT else _to(other),
                status=request.get_status_display(),
                due_on=request.due_on if still_open else None,
                days_left=(request.due_on - today).days if still_open else None,
                new=moved_by_other or bool(getattr(request, "heard", True)),
                note="" if still_open else (request.answer or request.status_reason),
                reminded_on=_last_reminded(reminders, "request", request.pk)
                if kind is InboxKind.RECEIVED
                else None,
            )
        )
    return items


def _deadline_items(
    reminders: Reminders, today: dt.date, since: dt.datetime | None
) -> list[InboxItem]:
    """One item per statutory clock followed up this week, as the clock now stands:
    one met or ended since needs nothing more."""
    followed = {
        (sent[-1].case_id, key.split(":", 1)[1]): sent
        for (kind, key), sent in reminders.items()
        if kind == "clock" and ":" in key
    }
    if not followed:
        return []
    clocks = Clock.objects.filter(
        case_id__in={case_id for case_id, _ in followed},
        key__in={key for _, key in followed},
        status__in=OPEN_STATUSES,
        deadline__isnull=False,
    ).select_related("person")
    items = []
    for clock in clocks:
        sent = followed.get((clock.case_id, clock.key))
        case = sent[-1].case if sent else None
        if sent is None or case is None or clock.deadline is None:
            continue
        before = [r for r in sent if since is not None and _sent_at(r) <= since]
        after = sent[len(before) :]
        # New when first followed up, or gone from due soon to overdue, since the look:
        # the same reminder sent again the next day is nothing new.
        new = bool(after) and (not before or after[-1].level != before[-1].level)
        title = clock_label(clock.code)
        if clock.person is not None:
            title = f"{title} — {clock.person.full_name}"
        items.append(
            InboxItem(
                kind=InboxKind.DEADLINE,
                case=case,
                title=title,
                url_name="cases:detail",
                url_pk=clock.case_id,
                agency=str(_("Automatic follow-up")),
                status=clock.get_status_display(),
                due_on=clock.deadline,
                days_left=(clock.deadline - today).days,
                new=new,
                reminded_on=sent[-1].sent_on,
                anchor="clocks",
            )
        )
    return items


def _task_items(
    agency_id: int,
    cases: QuerySet[Any],
    today: dt.date,
    since: dt.datetime | None,
    reminders: Reminders,
) -> list[InboxItem]:
    tasks = Task.objects.filter(
        agency_id=agency_id, done_on__isnull=True, directive__case__in=cases
    ).select_related("directive__case", "directive__issuing_agency")
    return [
        InboxItem(
            kind=InboxKind.TASK,
            case=task.directive.case,
            title=task.description,
            url_name="coordination:directive",
            url_pk=task.directive_id,
            agency=_from(task.directive.issuing_agency),
            status=str(pgettext_lazy("task", "Open")),
            due_on=task.due_on,
            days_left=(task.due_on - today).days,
            new=_is_new(task.assigned_at, since),
            note=task.directive.doc_number,
            reminded_on=_last_reminded(reminders, "task", task.pk),
        )
        for task in tasks
    ]


def _escalation_items(
    user: Any, cases: QuerySet[Any], since: dt.datetime | None
) -> list[InboxItem]:
    escalations = (
        _escalations_to(user)
        .filter(case__in=cases, directive__isnull=True)
        .select_related("case", "agenda_item__meeting__chair_agency")
    )
    return [
        InboxItem(
            kind=InboxKind.ESCALATION,
            case=escalation.case,
            title=escalation.question,
            url_name="coordination:escalation",
            url_pk=escalation.pk,
            agency=_from(escalation.agenda_item.meeting.chair_agency),
            status=str(InboxKind.ESCALATION.label),
            new=_is_new(escalation.created_at, since),
        )
        for escalation in escalations
    ]


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
    targets = list(PlanTarget.objects.filter(case=case))
    if not targets:
        return []  # no replay of the case's history for a plan it does not have
    left = _stage_left_on(case)
    rows = []
    for target in targets:
        reached = left.get(Stage(target.stage))
        rows.append(PlanRow(target, reached, plan_status(target.target_on, reached, today).value))
    return rows


def suspension_hints(
    requests: Iterable[Request], clocks: Iterable[Clock], *, today: dt.date
) -> list[str]:
    """For each expertise or valuation request still open while the case's main clock
    has run out, the suspension the law allows (BLTTHS 148(1)(a), 229(1)(c), 247(1)(c)).
    ``requests`` and ``clocks`` are the case's, all of them."""
    main_clocks = sorted(
        (c for c in clocks if c.status in OPEN_STATUSES and c.code in SUSPENSION_GROUNDS),
        key=lambda clock: (clock.deadline is None, clock.deadline or dt.date.max),
    )
    hints = []
    for request in requests:
        if request.status not in OPEN_REQUEST_STATUSES:
            continue
        for clock in main_clocks:
            hint = suspension_hint(
                RequestKind(request.kind), True, clock.deadline, today, clock_code=clock.code
            )
            if hint and hint not in hints:
                hints.append(hint)
    return hints


def coordination_records(case: Case) -> dict[str, QuerySet[Any]]:
    """Each kind of coordination record about the case, unfiltered, for
    ``cases.selectors.records_present``."""
    return {
        "requests": Request.objects.filter(case=case),
        "obstacles": Obstacle.objects.filter(case=case),
        "meetings": Meeting.objects.filter(agenda__case=case),
        "escalations": Escalation.objects.filter(case=case),
        "directives": Directive.objects.filter(case=case),
        "plan": PlanTarget.objects.filter(case=case),
    }


def case_coordination(
    user: Any,
    case: Case,
    *,
    today: dt.date,
    clocks: Sequence[Clock],
    present: Collection[str] | None = None,
) -> dict[str, Any]:
    """What the case page shows of the coordination around the case, for a user the
    caller has let see it: each kind of record read once, for this case alone (a
    record's visibility through its case is settled), whatever the number of records.
    ``clocks`` are the case's, read once for the page; ``present``, when the caller
    knows it, the kinds of ``coordination_records`` the case has any of: the others
    are not asked."""
    actor = actor_for(user)

    def has(kind: str) -> bool:
        return present is None or kind in present

    requests = sorted(
        Request.objects.filter(case=case).select_related("from_agency", "to_agency")
        if has("requests")
        else [],
        key=lambda request: _overdue_first(request, today),
    )
    return {
        "suspension_hints": suspension_hints(requests, clocks, today=today),
        "requests": [r for r in requests if sees_request_of_seen_case(actor, r)],
        "obstacles": list(Obstacle.objects.filter(case=case).select_related("raised_by_agency"))
        if has("obstacles")
        else [],
        "meetings": list(meetings_of_seen_case(actor, case)) if has("meetings") else [],
        "escalations": list(
            Escalation.objects.filter(case=case)
            .select_related("authority")
            .annotate(answered=Exists(Directive.objects.filter(escalation=OuterRef("pk"))))
        )
        if has("escalations")
        else [],
        "directives": list(Directive.objects.filter(case=case).annotate(task_count=Count("tasks")))
        if has("directives")
        else [],
        "plan": plan_rows(case, today=today) if has("plan") else [],
    }
