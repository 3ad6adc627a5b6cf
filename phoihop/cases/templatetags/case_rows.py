"""The rows of a list of cases (``cases/_case_rows.html``) as the table shows them.

Each cell's text is worked out here, once per row, with each label translated once per
page: the template engine's lookups on a record, its filters and a ``{% url %}`` per
row were most of the case list's rendering. The table reads plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django import template

from phoihop.accounts.models import CLASSIFICATION_CHOICES
from phoihop.cases.labels import category_abbreviation, category_label, stage_label
from phoihop.cases.models import Case, Monitoring
from phoihop.cases.page_rows import addresses, day_text

register = template.Library()


def _once(label: Callable[[str], str]) -> Callable[[str], str]:
    """``label`` asked once per value for this page (a gettext each time otherwise)."""
    known: dict[str, str] = {}

    def ask(value: str) -> str:
        if value not in known:
            known[value] = str(label(value))
        return known[value]

    return ask


@register.filter
def case_rows(cases: Iterable[Case], today: dt.date) -> list[dict[str, Any]]:
    """One dictionary per case (the template reads a dictionary's keys first)."""
    case_page = addresses("cases:detail")
    stage, category = _once(stage_label), _once(category_label)
    abbreviation = _once(category_abbreviation)
    monitoring = {value: str(label) for value, label in Monitoring.choices}
    classification = {value: str(label) for value, label in CLASSIFICATION_CHOICES}
    return [
        {
            "url": case_page(case.pk),
            "title": case.title,
            "classification": case.classification,
            "classification_label": classification.get(
                case.classification, str(case.classification)
            ),
            "national_code": case.national_code,
            "province": case.province.name,
            "stage": stage(case.stage),
            "category": case.category,
            "category_label": category(case.category) if case.category else "",
            "category_abbreviation": abbreviation(case.category) if case.category else "",
            "monitoring": (
                monitoring.get(case.monitoring, case.monitoring)
                if case.monitoring != Monitoring.NONE
                else ""
            ),
            "next_deadline": day_text(case.next_deadline),
            "overdue": case.next_deadline is not None and case.next_deadline < today,
            "last_event_on": day_text(case.last_event_on),
        }
        for case in cases
    ]
