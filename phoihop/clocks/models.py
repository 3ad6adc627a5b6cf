"""Materialised statutory clocks of each case, derived from its decisions and
refreshed in the same transaction as each new decision (and nightly, since a
clock's status moves with the calendar even when nothing is recorded)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.domain.clocks.overrun import needs_update
from phoihop.domain.procedure.stages import Stage


class ClockStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")


OPEN_STATUSES = (ClockStatus.RUNNING, ClockStatus.DUE_SOON, ClockStatus.OVERDUE)


class Clock(models.Model):
    # No index of its own: the unique (case, key) index leads with the case and serves
    # every lookup by case (at national scale a second one is 95 MB per million cases).
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="clocks", db_index=False
    )
    key = models.CharField(max_length=80)
    code = models.CharField(_("clock"), max_length=40)
    variant = models.CharField(_("variant"), max_length=40, blank=True)
    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="clocks"
    )
    basis = models.CharField(_("legal basis"), max_length=200)
    start_on = models.DateField(_("start"))
    nominal_end = models.DateField(_("nominal end"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline (time)"), null=True, blank=True)
    extension_request_by = models.DateField(_("extension request by"), null=True, blank=True)
    max_deadline = models.DateField(_("latest possible deadline"), null=True, blank=True)
    extensions_used = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("status"), max_length=12, choices=ClockStatus.choices)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_by = models.CharField(max_length=48, blank=True)
    # Started or ended by a decision whose day is known only approximately (its month, or
    # "by" a day): computed conservatively and shown as approximate.
    approximate = models.BooleanField(_("approximate"), default=False)
    computed_on = models.DateField()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="clock_key_unique_in_case"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.code} → {self.deadline}"

    def needs_update(self, case_stage: str, today: dt.date) -> bool:
        """Overdue only because a later decision was never entered (``overrun``)."""
        return needs_update(
            code=self.code,
            variant=self.variant,
            is_overdue=self.status == ClockStatus.OVERDUE,
            deadline=self.deadline,
            case_stage=Stage(case_stage),
            today=today,
        )
