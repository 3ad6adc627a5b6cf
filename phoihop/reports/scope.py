"""The scope a report is asked for: a province by its code or its name written
without diacritics ("AG", "an-giang", "An Giang"), or the whole of the author's scope
("toan-quoc")."""

from __future__ import annotations

from phoihop.agencies.models import Province
from phoihop.core.search import fold
from phoihop.domain.errors import InvalidInput

NATIONAL = frozenset({"", "toan-quoc", "national", "all"})


def province_for(scope: str) -> Province | None:
    wanted = fold(scope).replace(" ", "-")
    if wanted in NATIONAL:
        return None
    province: Province
    for province in Province.objects.all():
        if wanted in (province.code.lower(), fold(province.name).replace(" ", "-")):
            return province
    raise InvalidInput(
        f"Không có tỉnh, thành phố “{scope}”; ghi mã (AG), tên không dấu (an-giang) "
        "hoặc toan-quoc.",
        field="scope",
    )
