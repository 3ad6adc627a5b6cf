"""Case lists and clocks exported to xlsx and csv, with the list's current filters.

Cells that a spreadsheet would read as a formula (starting with =, +, - or @, or a tab
or carriage return) are neutralised with a leading apostrophe, so an exported case
title can never run as a formula on an official's machine (CSV/formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from phoihop.documents.spreadsheet import neutralise


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return neutralise(value)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The sheets' names, as the list page names what they hold.
SHEET_NAMES = {"cases": "Vụ án, vụ việc", "clocks": "Thời hạn tố tụng"}

CASE_HEADERS = (
    "Số hồ sơ", "Mã vụ án quốc gia", "Tên vụ án", "Tỉnh, thành phố", "Giai đoạn", "Loại tội",
    "Độ mật", "Diện theo dõi", "Ngày mở", "Quyết định gần nhất", "Hạn gần nhất",
)  # fmt: skip

CLOCK_HEADERS = (
    "Số hồ sơ", "Tên vụ án", "Thời hạn", "Trường hợp", "Căn cứ", "Ngày bắt đầu", "Hạn cuối",
    "Đề nghị gia hạn trước", "Trạng thái",
)  # fmt: skip
