"""The API's answer to a request its schema does not admit (a wrong type, a null where a
value is required, a value out of range, a day outside the record's): 422 in the
error shape, naming the field by its Vietnamese label and saying why, in the same
words on every route, whatever pydantic's own English message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# The sources django-ninja puts first in an error's location, and the name every body
# parameter of ours has: neither is part of the field the client sent.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "file"})
_BODY_PARAMETER = "payload"

FIELD_LABELS: Mapping[str, str] = {
    "agencies": "Các cơ quan cùng giải quyết",
    "agency": "Cơ quan",
    "agency_id": "Mã cơ quan",
    "amount_vnd": "Số tiền (đồng)",
    "birth_year": "Năm sinh",
    "body": "Nội dung gửi lên",
    "case_id": "Mã hồ sơ vụ án",
    "category": "Loại tội phạm",
    "charges": "Tội danh (điều.khoản)",
    "classification": "Độ mật",
    "correction": "Nội dung sửa",
    "date": "Ngày",
    "date_known": "Ngày được biết",
    "days": "Số ngày",
    "direction": "Chiều yêu cầu",
    "document": "Văn bản quyết định",
    "doc_number": "Số, ký hiệu văn bản",
    "due": "Thời hạn",
    "external_id": "Số hồ sơ của cơ quan",
    "field": "Lĩnh vực",
    "first_event": "Quyết định đầu tiên",
    "force_majeure": "Bất khả kháng, trở ngại khách quan",
    "full_name": "Họ và tên",
    "infer_unrecorded": "Ghi nhận các quyết định trước đó chưa nhập",
    "is_official": "Cán bộ, công chức",
    "is_party_member": "Đảng viên",
    "issuer": "Cơ quan ra quyết định",
    "kind": "Loại",
    "monitoring": "Diện theo dõi",
    "months": "Số tháng",
    "national_code": "Mã vụ án quốc gia",
    "note": "Ghi chú",
    "page": "Trang",
    "page_size": "Số mục mỗi trang",
    "person_id": "Người liên quan",
    "position": "Chức vụ",
    "province": "Tỉnh, thành phố",
    "q": "Tìm kiếm",
    "reason": "Lý do",
    "received_on": "Ngày nhận hồ sơ",
    "role": "Vai trò",
    "sequence": "Số thứ tự quyết định",
    "since": "Tham gia từ ngày",
    "sort": "Sắp xếp",
    "stage": "Giai đoạn",
    "status": "Tình trạng",
    "summary": "Tóm tắt",
    "title": "Tên",
    "to_agency": "Cơ quan được chuyển đến",
    "type": "Loại quyết định",
    "valid_on": "Còn hoạt động vào ngày",
    "version": "Phiên bản hồ sơ",
}

_WHOLE_NUMBER = "phải là số nguyên"
_DAY = "phải là một ngày theo dạng YYYY-MM-DD"
_OBJECT = "phải là một đối tượng JSON"
_REASONS: Mapping[str, str] = {
    "missing": "bắt buộc phải có",
    "string_type": "phải là một chuỗi ký tự",
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "date_type": _DAY,
    "date_parsing": _DAY,
    "date_from_datetime_parsing": _DAY,
    "date_from_datetime_inexact": _DAY,
    "list_type": "phải là một danh sách (mảng JSON)",
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "string_too_long": "dài tối đa {max_length} ký tự",
    "string_too_short": "phải dài ít nhất {min_length} ký tự",
    "too_long": "có tối đa {max_length} phần tử",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "không được lớn hơn {le}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than": "phải nhỏ hơn {lt}",
    "string_pattern_mismatch": "không đúng dạng quy định",
}


def field_of(location: Sequence[Any]) -> str:
    """The field as the client named it: ``first_event.date``, ``agencies.2``, ``page``;
    ``body`` for the body as a whole."""
    parts = list(location)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == _BODY_PARAMETER:
            parts.pop(0)
    return ".".join(str(part) for part in parts) or "body"


def _label(field: str) -> str:
    names = [part for part in field.split(".") if not part.isdecimal()]
    return FIELD_LABELS.get(names[-1] if names else "body", field)


def _reason(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "value_error":
        return str(context.get("error", "")) or "không hợp lệ"
    if kind in ("one_of", "pattern"):
        return str(error.get("msg", "không hợp lệ"))
    if kind != "missing" and error.get("null"):
        return "không được là null"
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "không được để trống"
    if kind in ("literal_error", "enum"):
        expected = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"phải là một trong: {expected}"
    return _REASONS.get(kind, "không hợp lệ").format(**context)


def refusal(errors: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The error body for the first of pydantic's errors: a rule of the record (its code
    starts with ``input.``) keeps its own code and message; any other error is
    ``input.invalid`` with the field's label and the reason."""
    first = errors[0] if errors else {"type": "model_type", "loc": ("body",)}
    field = field_of(first.get("loc", ()))
    kind = str(first.get("type", ""))
    if kind.startswith("input."):
        return {"code": kind, "message": str(first.get("msg", "")), "field": field}
    return {
        "code": "input.invalid",
        "message": f"{_label(field)} ({field}): {_reason(first)}.",
        "field": field,
    }
