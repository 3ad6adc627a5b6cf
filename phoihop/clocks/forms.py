"""The calculator page's form: it turns what an officer chooses and types into the
calculator's JSON request (the same object the CLI and the API take). Every choice is
shown by its name, dates are typed dd/mm/yyyy and lengths as a number of months or
days; the codes stay in the request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phoihop.cases.labels import CATEGORY_LABELS
from phoihop.core.forms import DateInput, StyledForm
from phoihop.domain.clocks import CATALOG
from phoihop.domain.clocks.rules import CountingMode

UNIT_CHOICES = [("months", _("months")), ("days", _("days"))]
# As many extension rows as the clock with the most extensions has (Art. 172: five).
MAX_EXTENSIONS = max(
    len(terms.extensions) for rule in CATALOG.values() for _case, terms in rule.all_terms()
)
DETENTION_FIELDS = ("ordered", "deduct_days")
_VARIANT = ":"  # a variant's choice is "CLOCK:VARIANT": the same case name recurs


def variant_choices() -> list[tuple[str, Any]]:
    """The cases of each clock that has them, under the clock's name."""
    return [
        ("", "—"),
        *(
            (
                rule.label,
                [(f"{code}{_VARIANT}{v}", terms.label) for v, terms in rule.variants.items()],
            )
            for code, rule in CATALOG.items()
            if rule.variants
        ),
    ]


class LengthWidget(forms.MultiWidget):
    """A length as the law writes it: a number and its unit (months or days)."""

    template_name = "clocks/length_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "amount": forms.NumberInput(attrs={"min": 1, "max": 999, "inputmode": "numeric"}),
                "unit": forms.Select(choices=UNIT_CHOICES, attrs={"aria-label": _("Unit")}),
            },
            attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if not value:
            return [None, "months"]
        ((unit, amount),) = value.items()
        return [amount, unit]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        number, unit = context["widget"]["subwidgets"]
        # The form gives the pair one class; the unit is a select and styled as one.
        unit["attrs"]["class"] = (
            number["attrs"].get("class", "").replace("form-control", "form-select")
        )
        return context


class LengthField(forms.MultiValueField):
    """``{"months": 2}`` or ``{"days": 15}``, or None when no number is given."""

    widget = LengthWidget

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            fields=(
                forms.IntegerField(min_value=1, max_value=999, required=False),
                forms.ChoiceField(choices=UNIT_CHOICES, required=False),
            ),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> dict[str, int] | None:
        if not data_list or data_list[0] in (None, ""):
            return None
        return {data_list[1] or "months": data_list[0]}


def _extension_name(index: int) -> str:
    return f"extension_{index + 1}"


class CalculatorForm(StyledForm, forms.Form):
    once = False  # read with GET
    clock = forms.ChoiceField(
        label=_("Clock"), choices=[(code, rule.label) for code, rule in CATALOG.items()]
    )
    variant = forms.ChoiceField(
        label=_("Variant"),
        required=False,
        choices=variant_choices,
        help_text=_("For the time limits that differ by case: detention, expertise, appeal…"),
    )
    start = forms.DateField(label=_("Start (day 0)"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Start time (custody)"),
        required=False,
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"}
        ),
        help_text=_(
            "Custody counts to the hour, from when the investigating body receives the person "
            "held (Art. 118)."
        ),
    )
    category = forms.ChoiceField(
        label=_("Crime category"),
        required=False,
        choices=[("", "—"), *((c.value, label) for c, label in CATEGORY_LABELS.items())],
    )
    national_security = forms.BooleanField(
        label=_("Crime against national security"), required=False
    )
    ordered = LengthField(label=_("Length written in the detention order"))
    deduct_days = forms.IntegerField(
        label=_("Days already in custody (detention)"), required=False, min_value=0, max_value=9
    )

    @property
    def extension_fields(self) -> list[forms.BoundField]:
        return [self[_extension_name(index)] for index in range(MAX_EXTENSIONS)]

    @property
    def detention_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DETENTION_FIELDS]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        apart = {*DETENTION_FIELDS, *(_extension_name(i) for i in range(MAX_EXTENSIONS))}
        return [field for field in self.visible_fields() if field.name not in apart]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule = CATALOG.get(data.get("clock") or "")
        if rule is None:
            return data
        chosen = data.get("variant") or ""
        if chosen:
            code, _sep, variant = chosen.partition(_VARIANT)
            if code != rule.code:
                self.add_error(
                    "variant",
                    _("This case belongs to «%(other)s», not to «%(clock)s».")
                    % {"other": CATALOG[code].label, "clock": rule.label},
                )
            data["variant"] = variant
        elif rule.variants and rule.default_variant is None:
            self.add_error(
                "variant",
                _("«%(clock)s» differs by case: choose one (%(cases)s).")
                % {
                    "clock": rule.label,
                    "cases": "; ".join(t.label for t in rule.variants.values()),
                },
            )
        hours = rule.counting is CountingMode.HOURS
        if hours and data.get("start_time") is None and not self.has_error("start_time"):
            self.add_error("start_time", _("Custody counts to the hour: give the start time."))
        lengths = [data.get(_extension_name(index)) for index in range(MAX_EXTENSIONS)]
        given = [index for index, length in enumerate(lengths) if length]
        if given and given[-1] + 1 != len(given):
            self.add_error(
                _extension_name(given[-1]),
                _("Give the extensions in the order they were granted, from the first."),
            )
        data["extensions"] = [length for length in lengths if length]
        return data

    def field_named(self, name: str | None) -> str | None:
        """The form's field for a field the calculator names ("extensions[1]")."""
        if name and name.startswith("extensions[") and name.endswith("]"):
            name = _extension_name(int(name[len("extensions[") : -1]))
        return name if name in self.fields else None

    def request_item(self) -> dict[str, Any]:
        data = self.cleaned_data
        start: dt.date = data["start"]
        item: dict[str, Any] = {"id": "web", "clock": data["clock"], "start": start.isoformat()}
        if CATALOG[data["clock"]].counting is CountingMode.HOURS:
            item["start"] = dt.datetime.combine(start, data["start_time"]).strftime(
                "%Y-%m-%dT%H:%M"
            )
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


def _extension_label(number: int) -> str:
    return gettext("Extension %(number)d") % {"number": number}


# One row per extension the law can grant, in the order granted.
for _index in range(MAX_EXTENSIONS):
    CalculatorForm.base_fields[_extension_name(_index)] = LengthField(
        label=lazy(_extension_label, str)(_index + 1)
    )
