"""The report page's form: which period, which province, which file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.agencies.models import Province
from phoihop.agencies.signing import SigningFields
from phoihop.core.forms import DateInput, StyledForm
from phoihop.domain.reporting import ReportPeriod, parse_period
from phoihop.domain.text import forbidden_character


def _quarter(on: dt.date) -> tuple[int, int]:
    return on.year, (on.month - 1) // 3 + 1


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """The periods reports are usually due for, nearest first."""
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    year, quarter = _quarter(today)
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    half = 1 if today.month <= 6 else 2
    codes = [
        f"{last_month.year}-{last_month.month:02d}",
        f"{today.year}-{today.month:02d}",
        f"{previous[0]}-Q{previous[1]}",
        f"{year}-Q{quarter}",
        f"{today.year}-H{half}",
        f"{today.year - 1}",
        f"{today.year}",
    ]
    return [(code, parse_period(code).label) for code in dict.fromkeys(codes)]


class ReportForm(StyledForm, SigningFields):
    once = False  # a download: it writes nothing
    period = forms.ChoiceField(label=pgettext_lazy("report", "Period"))
    # Or another span, by its first and last day.
    start_on = forms.DateField(
        label=_("Or another period, from"), required=False, widget=DateInput()
    )
    end_on = forms.DateField(label=_("to (inclusive)"), required=False, widget=DateInput())
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("All cases in your scope"),
    )
    format = forms.ChoiceField(
        label=_("File"),
        choices=[("docx", "Word (.docx)"), ("pdf", "PDF"), ("xlsx", "Excel (.xlsx)")],
        widget=forms.RadioSelect,
        initial="docx",
    )
    proposals = forms.CharField(
        label=_("Proposals"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; left blank, the report keeps dotted lines to fill in."),
    )

    # What the report covers first, then who signs and receives it.
    field_order = (
        "period", "start_on", "end_on", "province", "format", "proposals",
        "signer", "authority", "recipients", "without_classified",
    )  # fmt: skip

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period = self.fields["period"]
        province = self.fields["province"]
        assert isinstance(period, forms.ChoiceField)
        assert isinstance(province, forms.ModelChoiceField)
        period.choices = period_choices(today)
        province.queryset = Province.objects.valid_on(today)

    def chosen_period(self) -> ReportPeriod:
        start_on, end_on = self.cleaned_data.get("start_on"), self.cleaned_data.get("end_on")
        if start_on and end_on:
            return parse_period(f"{start_on.isoformat()}..{end_on.isoformat()}")
        return parse_period(self.cleaned_data["period"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if forbidden_character(data.get("proposals") or "") is not None:
            self.add_error(
                "proposals", _("Contains control characters that a document cannot hold.")
            )
        start_on, end_on = data.get("start_on"), data.get("end_on")
        if bool(start_on) != bool(end_on):
            missing = "end_on" if start_on else "start_on"
            if not self.has_error(missing):
                self.add_error(missing, _("Give both the first and the last day of the period."))
        elif start_on and end_on and end_on < start_on:
            self.add_error("end_on", _("The last day comes before the first."))
        return data
