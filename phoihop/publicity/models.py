"""Public information on case results (PressRelease) and the register of false or
distorted claims (FalseReport)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.domain.publicity.false_reports import (
    FALSE_REPORT_STATUS_LABELS_VI,
    VERDICT_LABELS_VI,
    FalseReportStatus,
)
from phoihop.domain.publicity.names import NAME_RULE_LABELS_VI
from phoihop.domain.publicity.releases import RELEASE_STATUS_LABELS_VI, ReleaseStatus


def _choices(labels: Mapping[Any, str]) -> list[tuple[str, str]]:
    return [(member.value, label) for member, label in labels.items()]


class PressRelease(models.Model):
    """A release about one case: drafted from its record, approved by a leader, then
    public. ``classified_fields_excluded`` is the leader's confirmation, required
    before a classified case's release is published."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="releases")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    name_rule = models.CharField(
        _("naming of the accused"), max_length=10, choices=_choices(NAME_RULE_LABELS_VI)
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=_choices(RELEASE_STATUS_LABELS_VI),
        default=ReleaseStatus.DRAFT,
    )
    classified_fields_excluded = models.BooleanField(
        _("confirmed free of classified content"), default=False
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    # The release's address on the public page, given when it is published: random,
    # so that the public page names no internal identifier and cannot be walked.
    # NULL until then: unique among the published, and any number of drafts have none.
    public_ref = models.CharField(max_length=16, unique=True, null=True, editable=False)  # noqa: DJ001
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        indexes = [models.Index(fields=["status", "published_at"], name="release_published")]

    def __str__(self) -> str:
        return self.title


class FalseReport(models.Model):
    """A false or distorted claim: where it appeared (as text: nothing is fetched),
    when it was first seen, its reach as reported, the claim, the cases it concerns,
    the fact of the record that refutes it, and where it stands."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    platform = models.CharField(_("platform"), max_length=100)
    address = models.CharField(_("address"), max_length=500, blank=True)
    first_seen_on = models.DateField(_("first seen on"))
    reach = models.CharField(_("reach as reported"), max_length=200, blank=True)
    claim = models.TextField(_("the claim in brief"))
    cases = models.ManyToManyField("cases.Case", related_name="false_reports")
    verdict = models.CharField(
        _("assessment"), max_length=12, choices=_choices(VERDICT_LABELS_VI), blank=True
    )
    refuting_fact = models.TextField(_("the fact that refutes it"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=_choices(FALSE_REPORT_STATUS_LABELS_VI),
        default=FalseReportStatus.NEW,
    )
    rebuttal = models.ForeignKey(
        PressRelease, on_delete=models.PROTECT, related_name="rebutted_reports", null=True
    )
    referred_to = models.CharField(_("referred to"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-first_seen_on", "-id"]
        verbose_name = _("false information")
        verbose_name_plural = _("false information")

    def __str__(self) -> str:
        return self.claim[:60]
