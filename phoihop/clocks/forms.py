"""The calculator page's form: it turns what an officer types into the calculator's
JSON request (the same object the CLI and the API take)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import StyledForm
from phoihop.domain.clocks import CATALOG
from phoihop.domain.crimes import CATEGORY_LABELS_VI, CrimeCategory

_LENGTH = re.compile(r"^\s*(\d{1,3})\s*(m|th|tháng|d|ng|ngày|h|giờ)\s*$", re.IGNORECASE)
_UNITS = {"m": "months", "th": "months", "tháng": "months", "d": "days", "ng": "days",
          "ngày": "days", "h": "hours", "giờ": "hours"}  # fmt: skip


def parse_length(text: str) -> dict[str, int]:
    match = _LENGTH.match(text)
    if not match:
        raise forms.ValidationError(
            _("Write a length as a number and a unit, e.g. 2m (months), 15d (days)."),
            code="length",
        )
    return {_UNITS[match.group(2).lower()]: int(match.group(1))}


def variant_choices() -> list[tuple[str, str]]:
    names = sorted({v for rule in CATALOG.values() for v in rule.variants})
    return [("", "—"), *((name, name) for name in names)]


class CalculatorForm(StyledForm, forms.Form):
    clock = forms.ChoiceField(
        label=_("Clock"),
        choices=[(code, f"{rule.label} ({code})") for code, rule in CATALOG.items()],
    )
    variant = forms.ChoiceField(label=_("Variant"), required=False, choices=variant_choices)
    start = forms.CharField(
        label=_("Start (day 0)"),
        max_length=16,
        help_text=_("YYYY-MM-DD; for custody also the time: YYYY-MM-DDTHH:MM."),
    )
    category = forms.ChoiceField(
        label=_("Crime category"),
        required=False,
        choices=[
            ("", "—"),
            *((c.value, f"{c.value} — {CATEGORY_LABELS_VI[c]}") for c in CrimeCategory),
        ],
    )
    national_security = forms.BooleanField(
        label=_("Crime against national security"), required=False
    )
    extensions = forms.CharField(
        label=_("Extensions granted"),
        required=False,
        max_length=100,
        help_text=_("In the order granted, e.g. 2m, 1m or 15d."),
    )
    ordered = forms.CharField(
        label=_("Length written in the detention order"), required=False, max_length=10
    )
    deduct_days = forms.IntegerField(
        label=_("Days already in custody (detention)"), required=False, min_value=0, max_value=9
    )

    def clean_extensions(self) -> list[dict[str, int]]:
        text = self.cleaned_data["extensions"]
        return [parse_length(part) for part in text.split(",") if part.strip()]

    def clean_ordered(self) -> dict[str, int] | None:
        text = self.cleaned_data["ordered"]
        return parse_length(text) if text.strip() else None

    def request_item(self) -> dict[str, Any]:
        data = self.cleaned_data
        item: dict[str, Any] = {"id": "web", "clock": data["clock"], "start": data["start"].strip()}
        if data["variant"]:
            item["variant"] = data["variant"]
        if data["category"]:
            item["category"] = data["category"]
        if data["national_security"]:
            item["national_security"] = True
        if data["extensions"]:
            item["extensions"] = data["extensions"]
        if data["ordered"]:
            item["ordered"] = data["ordered"]
        if data["deduct_days"]:
            item["deduct_days"] = data["deduct_days"]
        return item
