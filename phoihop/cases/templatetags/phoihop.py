from __future__ import annotations

from django import template

from phoihop.cases.labels import event_label, stage_label

register = template.Library()

register.filter("stage_label", stage_label)
register.filter("event_label", event_label)


@register.filter
def vnd(amount: int | None) -> str:
    """12345678 → "12.345.678 đ" (Vietnamese thousands separator)."""
    if amount is None:
        return "—"
    return f"{amount:,}".replace(",", ".") + " đ"
