from __future__ import annotations

from typing import Any

from django import template

from phoihop.cases.labels import (
    CATEGORY_ABBREVIATIONS,
    CATEGORY_LABELS,
    category_abbreviation,
    category_label,
    event_label,
    stage_label,
)

register = template.Library()

register.filter("stage_label", stage_label)
register.filter("event_label", event_label)
register.filter("category_label", category_label)
register.filter("category_abbreviation", category_abbreviation)


@register.inclusion_tag("cases/_category_legend.html")
def category_legend() -> dict[str, Any]:
    """What the crime categories' abbreviations stand for, under a table that uses them."""
    return {
        "categories": [
            (CATEGORY_ABBREVIATIONS[category], label) for category, label in CATEGORY_LABELS.items()
        ]
    }


@register.filter
def vnd(amount: int | None) -> str:
    """12345678 → "12.345.678 đ" (Vietnamese thousands separator)."""
    if amount is None:
        return "—"
    return f"{amount:,}".replace(",", ".") + " đ"
