"""The registry of provinces and agencies. Loaded from phoihop/data/*.json; every row
carries its validity so case history from before the 2025 reform stays valid."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.domain.organisation import AgencyKind, AgencyLevel

AGENCY_KIND_LABELS = {
    AgencyKind.STEERING: _("Steering Committee"),
    AgencyKind.INTERNAL_AFFAIRS: _("Internal Affairs Commission"),
    AgencyKind.INVESTIGATION: _("Investigation body"),
    AgencyKind.PROCURACY: _("People's Procuracy"),
    AgencyKind.COURT: _("People's Court"),
    AgencyKind.INSPECTION: _("Inspection"),
    AgencyKind.EXPERTISE: _("Judicial expertise"),
    AgencyKind.VALUATION: _("Asset valuation"),
    AgencyKind.ENFORCEMENT: _("Civil judgment enforcement"),
}
AGENCY_LEVEL_LABELS = {
    AgencyLevel.CENTRAL: _("Central"),
    AgencyLevel.PROVINCIAL: _("Provincial"),
    AgencyLevel.REGIONAL: _("Regional"),
}


class ValidQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> ValidQuerySet:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Province(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )

    objects = ValidQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="province_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(
        _("kind"), max_length=24, choices=[(k.value, AGENCY_KIND_LABELS[k]) for k in AgencyKind]
    )
    level = models.CharField(
        _("level"), max_length=16, choices=[(v.value, AGENCY_LEVEL_LABELS[v]) for v in AgencyLevel]
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # How the body heads its documents where the rule (``documents.issuers.derive_issuer``)
    # does not say it right: any of superior, name, symbol, place, head_title,
    # deputy_title, collective, usual_recipients (a list), from the registry file.
    letterhead = models.JSONField(_("letterhead"), default=dict, blank=True)

    objects = ValidQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(level="central") | Q(province__isnull=False),
                name="agency_local_has_province",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name
