"""Coordination between agencies on a case: requests, obstacles, inter-agency meetings
with each agency's position, escalations, directives with tasks, plan targets and the
follow-up reminders. Every record follows its case's access."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestKind(models.TextChoices):
    EXPERTISE = "expertise", _("Judicial expertise")
    VALUATION = "valuation", _("Asset valuation")
    DOCUMENTS = "documents", _("Documents")
    OPINION = "opinion", _("Opinion")
    LEGAL_ASSISTANCE = "legal_assistance", _("Mutual legal assistance")
    ASSET_RECOVERY = "asset_recovery", _("Asset recovery")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_REQUEST_STATUSES = (RequestStatus.SENT, RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class Request(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    variant = models.CharField(_("expertise type"), max_length=20, blank=True)
    from_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("content"), blank=True)
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("due on"))
    due_basis = models.CharField(_("basis of the due date"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    status_reason = models.TextField(_("reason"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # When the request entered its status (sent, answered, cancelled…): the party who
    # made the move follows from the status (domain ``moved_by``), so the other party's
    # inbox can mark the change as new.
    moved_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("coordination request")
        verbose_name_plural = _("coordination requests")
        indexes = [
            models.Index(fields=["to_agency", "status"]),
            models.Index(fields=["from_agency", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_agency=models.F("to_agency")), name="request_between_two_agencies"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("sent_on")), name="request_due_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class RequestMessage(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    text = models.TextField(_("message"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="attachments/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.at:%Y-%m-%d}"


class ObstacleCategory(models.TextChoices):
    EXPERTISE = "expertise", _("Expertise")
    VALUATION = "valuation", _("Valuation")
    LAW_APPLICATION = "law_application", _("Application of law")
    ASSET_RECOVERY = "asset_recovery", _("Asset recovery")
    COORDINATION = "coordination", _("Coordination")
    OTHER = "other", _("Other")


class ObstacleStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("obstacle", "Open")
    BEING_RESOLVED = "being_resolved", _("Being resolved")
    RESOLVED = "resolved", _("Resolved")
    ESCALATED = "escalated", _("Escalated")


class Obstacle(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="obstacles")
    category = models.CharField(_("category"), max_length=20, choices=ObstacleCategory.choices)
    description = models.TextField(_("description"))
    raised_by_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self) -> str:
        return self.description[:60]


class ObstacleChange(models.Model):
    """Each status an obstacle entered, and when: the time each step took."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=16, choices=ObstacleStatus.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} {self.at:%Y-%m-%d}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    """An inter-agency meeting and the record its minutes are drawn from: the times,
    the chair, the secretary (thư ký) and each agency's delegates (``delegates``).
    ``place`` is where the meeting sits (the main site, điểm cầu chính); ``sites`` are
    the other sites joined online, one per line."""

    title = models.CharField(pgettext_lazy("meeting", "title"), max_length=300)
    chair_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("chaired by")
    )
    chair_name = models.CharField(_("chair"), max_length=150)
    chair_title = models.CharField(_("chair's title"), max_length=150, blank=True)
    held_on = models.DateField(_("date"))
    # Times of day on ``held_on``; empty on the meetings called before they were asked.
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    sites = models.TextField(_("sites joined online"), blank=True, help_text=_("One per line."))
    secretary_name = models.CharField(_("secretary"), max_length=150, blank=True)
    secretary_title = models.CharField(_("secretary's title"), max_length=150, blank=True)
    secretary_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary's agency"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    participants = models.ManyToManyField(
        "agencies.Agency", related_name="+", verbose_name=_("participating agencies")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("inter-agency meeting")
        verbose_name_plural = _("inter-agency meetings")
        constraints = [
            # An end needs a start before it (a comparison with NULL would pass a check).
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(secretary_name="", secretary_agency__isnull=True)
                | (~Q(secretary_name="") & Q(secretary_agency__isnull=False)),
                name="meeting_secretary_with_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingDelegate(models.Model):
    """A person who attended for one agency (đại biểu), as the minutes name them; the
    agency is the chair's or a participant's."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegates")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(pgettext_lazy("person", "title"), max_length=150, blank=True)

    class Meta:
        ordering = ["id"]  # as the secretary listed them
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agency", "name"], name="delegate_once_per_agency"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CaseOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    AGREED = "agreed", _("Agreed")
    NOT_AGREED = "not_agreed", _("Not agreed")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="agenda_items")
    question = models.TextField(_("question"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=CaseOutcome.choices, default=CaseOutcome.PENDING
    )
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.case_id}"


class Position(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="positions")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(pgettext_lazy("agency opinion", "position"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "agency"], name="one_position_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.text[:40]}"


class Escalation(models.Model):
    """A disagreement carried to the competent authority with every position."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="escalation"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="escalations")
    authority = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("authority")
    )
    question = models.TextField(_("question"))
    positions = models.JSONField(_("positions"), default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return self.question[:60]


class Directive(models.Model):
    escalation = models.OneToOneField(
        Escalation, on_delete=models.PROTECT, null=True, blank=True, related_name="directive"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="directives")
    issuing_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+"
    )
    doc_number = models.CharField(_("document number"), max_length=80)
    issued_on = models.DateField(_("issued on"))
    content = models.TextField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        return self.doc_number


class Task(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    description = models.TextField(_("task"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.description[:60]


class TaskReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("report"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_range")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.percent}%"


class PlanTarget(models.Model):
    """A political target date (kế hoạch), never mixed with the statutory clocks."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plan_targets")
    stage = models.CharField(_("finish the stage"), max_length=32)
    target_on = models.DateField(_("by"))
    set_by_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["target_on"]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="one_target_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.stage} → {self.target_on}"


class Reminder(models.Model):
    """A follow-up (đôn đốc) in the responsible agency's inbox; at most one per item
    per day, whatever the number of sweeps (the unique key)."""

    key = models.CharField(max_length=120, unique=True)
    item_kind = models.CharField(max_length=10)  # clock | request | task
    item_key = models.CharField(max_length=100)  # request or task id; case:clock key
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10)  # DUE_SOON | OVERDUE
    text = models.TextField()
    due_on = models.DateField()
    sent_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)  # the sweep's time
    emailed = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "due_on", "id"]
        indexes = [models.Index(fields=["agency", "read_at"])]

    def __str__(self) -> str:
        return self.key


class InboxLook(models.Model):
    """When a user last opened the inbox, and the time before: items that changed after
    ``previous_looked_at`` are marked new while the user pages and filters the inbox."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    looked_at = models.DateTimeField()
    previous_looked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.looked_at:%Y-%m-%d %H:%M}"
