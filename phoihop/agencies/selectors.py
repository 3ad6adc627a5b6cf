"""Reads of the agency registry. The registry is reference data: every signed-in user
may read all of it, past agencies included (old case records name them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from phoihop.agencies.models import Agency, Province
from phoihop.core.errors import NotFound
from phoihop.core.search import fold
from phoihop.domain.errors import InvalidInput


@dataclass(frozen=True)
class AgencyFilters:
    q: str = ""
    kind: str = ""
    province: str = ""  # a province code, e.g. "AG"
    valid_on: dt.date | None = None


def agency_list(filters: AgencyFilters) -> QuerySet[Agency]:
    agencies = Agency.objects.all()
    if filters.kind:
        agencies = agencies.filter(kind=filters.kind)
    if filters.province:
        if not Province.objects.filter(code=filters.province).exists():
            raise InvalidInput(
                f"Tham số province: không có tỉnh, thành phố mã «{filters.province}» "
                "trong danh mục.",
                field="province",
            )
        agencies = agencies.filter(province__code=filters.province)
    if filters.valid_on is not None:
        agencies = agencies.valid_on(filters.valid_on)
    words = fold(filters.q).split()
    if words:
        # The registry has a few hundred rows and no stored folded text: fold in Python
        # rather than fall back to icontains, which does not fold Vietnamese.
        rows = agencies.values_list("pk", "code", "name", "short_name")
        agencies = agencies.filter(
            pk__in=[pk for pk, *texts in rows if _matches(fold(" ".join(texts)), words)]
        )
    return agencies.select_related("province").order_by("level", "name", "pk")


def _matches(text: str, words: list[str]) -> bool:
    return all(word in text for word in words)


def agency_get(agency_id: Any) -> Agency:
    try:
        agency: Agency = Agency.objects.select_related("province").get(pk=int(agency_id))
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy cơ quan trong danh mục.") from None
    return agency


def province_successors() -> dict[int, int]:
    """Each province's id → the id of the province holding its cases today: itself, or
    the province it was merged into in 2025 (followed to the end of the chain). A
    historical case is named by its former province and kept under its successor, whose
    agencies now hold it."""
    merged = dict(Province.objects.values_list("pk", "merged_into_id"))
    found: dict[int, int] = {}
    for pk in merged:
        current, seen = pk, {pk}
        while merged.get(current) is not None and merged[current] not in seen:
            current = merged[current]
            seen.add(current)
        found[pk] = current
    return found
