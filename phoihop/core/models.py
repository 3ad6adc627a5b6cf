"""Rest days and working days added by administrators, on top of the official
calendar data in the repository (a late government notice, a local day off); the
stored answers to API requests sent with an Idempotency-Key; the rate limits' counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        REST = "rest", _("Rest day")
        WORKING = "working", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=200)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class IdempotencyRecord(models.Model):
    """A POST sent with an ``Idempotency-Key`` and the answer it got, so that a retry
    (a lost response, a client restarted mid-batch) gets the same answer instead of a
    second write. Written in the request's own transaction (phoihop/core/idempotency.py):
    the row is inserted before the write, which makes a concurrent duplicate wait on the
    unique constraint, and holds the answer by the time it commits. Only successful
    answers are kept; a refused request leaves no row and may be retried with its key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=200)
    method = models.CharField(_("method"), max_length=10)
    path = models.TextField(_("path"))
    request_sha256 = models.CharField(_("SHA-256 of the request body"), max_length=64)
    # Empty only inside the transaction that inserted the row, never once committed.
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = models.JSONField(_("response body"), null=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class RateWindow(models.Model):
    """A caller's request count in its current window of a rate limit
    (phoihop/core/rate_limit.py), when the counts are kept in the database: one row per
    (setting, caller), counted and started again in place by one statement."""

    KEY_LENGTH = 255

    # "PHOIHOP_API_RATE:token:<sha256>", "PHOIHOP_PUBLIC_RATE:<address>"
    key = models.CharField(_("key"), max_length=KEY_LENGTH, primary_key=True)
    # Seconds since the epoch, not a datetime: windows end on whole seconds, and the
    # statement that counts compares the stored end with the request's for equality.
    ends_epoch_seconds = models.BigIntegerField(_("window ends (seconds since the epoch)"))
    count = models.PositiveIntegerField(_("requests in the window"))

    class Meta:
        verbose_name = _("rate window")
        verbose_name_plural = _("rate windows")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
