"""The fields a case belongs to (Case.field, DESIGN.md §4: land, banking, procurement, …):
code → Vietnamese label. The dashboard counts new cases by field; a case may have none
("")."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CASE_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "land": "đất đai",
        "banking": "ngân hàng",
        "procurement": "đấu thầu",
        "public_investment": "đầu tư công",
        "construction": "xây dựng cơ bản",
        "health": "y tế",
        "education": "giáo dục",
        "natural_resources": "tài nguyên, khoáng sản",
        "tax": "thuế",
        "customs": "hải quan",
        "public_assets": "quản lý tài sản công",
        "budget": "tài chính, ngân sách",
        "vehicle_inspection": "đăng kiểm",
        "social_insurance": "bảo hiểm xã hội",
        "national_programmes": "chương trình mục tiêu quốc gia",
    }
)


def field_label(code: str) -> str:
    """The field's Vietnamese name; a code outside the list as it is; none: "chưa rõ"."""
    if not code:
        return "chưa rõ lĩnh vực"
    return CASE_FIELDS.get(code, code)
