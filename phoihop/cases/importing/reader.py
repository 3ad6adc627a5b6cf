"""Reading an import file, xlsx or csv, within the limits: the bytes are checked before
anything is parsed, and rows are read as a stream that stops one row past the limit,
so an oversized file is refused without being loaded whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import load_workbook

from phoihop.cases.importing.columns import COLUMNS, REJECTS_REASON, Column
from phoihop.core.search import fold
from phoihop.domain.errors import InvalidInput

DATA_SHEET = "Dữ liệu"
Cell = str | dt.date


class FileRefused(InvalidInput):
    """The file as a whole cannot be imported (format, size, headers, row count)."""

    code = "import.file_refused"


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]  # in the file's order
    rows: list[tuple[int, dict[str, Cell]]]  # (row number in the sheet, values by key)


_BY_FOLDED = {fold(column.header): column for column in COLUMNS}


def read_table(stream: IO[bytes], name: str, *, max_bytes: int, max_rows: int) -> Table:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(
            f"Tệp lớn hơn giới hạn {max_bytes // (1024 * 1024)} MB; hãy chia thành nhiều tệp.",
            field="file",
        )
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix == "xlsx":
        lines = _xlsx_lines(data)
    elif suffix == "csv":
        lines = _csv_lines(data)
    else:
        raise FileRefused("Chỉ nhận tệp .xlsx hoặc .csv theo mẫu.", field="file")
    try:
        header = next(lines)
    except StopIteration:
        raise FileRefused("Tệp trống: không có dòng tiêu đề.", field="file") from None
    columns = _columns_of(header)
    rows: list[tuple[int, dict[str, Cell]]] = []
    for number, values in enumerate(lines, start=2):
        if all(v == "" for v in values):
            continue
        if len(rows) == max_rows:
            limit = f"{max_rows:,}".replace(",", ".")
            raise FileRefused(
                f"Tệp có nhiều hơn {limit} dòng dữ liệu; hãy chia thành nhiều tệp, "
                f"mỗi tệp tối đa {limit} dòng.",
                field="file",
            )
        rows.append(
            (number, {c.key: v for c, v in zip(columns, values, strict=False) if c is not None})
        )
    return Table(columns=tuple(c for c in columns if c is not None), rows=rows)


def _columns_of(header: list[Cell]) -> list[Column | None]:
    columns: list[Column | None] = []
    seen: set[str] = set()
    for position, title in enumerate(header, start=1):
        text = str(title).strip()
        if not text or fold(text) == fold(REJECTS_REASON):
            columns.append(None)
            continue
        column = _BY_FOLDED.get(fold(text))
        if column is None:
            raise FileRefused(
                f"Cột {position} có tiêu đề “{text}” không có trong mẫu nhập.", field="file"
            )
        if column.key in seen:
            raise FileRefused(f"Cột “{column.header}” xuất hiện hai lần.", field="file")
        seen.add(column.key)
        columns.append(column)
    if "national_code" not in seen and "external_id" not in seen:
        raise FileRefused(
            "Thiếu cột “Mã vụ án quốc gia” hoặc “Số hồ sơ của cơ quan”.", field="file"
        )
    missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise FileRefused(f"Thiếu cột bắt buộc: {', '.join(missing)}.", field="file")
    return columns


def _text(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


_XLSX_UNREADABLE = "Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx."
# What a damaged workbook raises, on opening or later while its sheet is streamed
# (openpyxl reads the sheet's XML lazily): broken zip or deflate data, broken XML
# (ParseError is a SyntaxError), missing parts, cells of impossible types.
_XLSX_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,
    LookupError,
    ValueError,
    TypeError,
    EOFError,
    OSError,
)


def _xlsx_lines(data: bytes) -> Iterator[list[Cell]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_text(v) for v in row]
    except _XLSX_DAMAGE:
        raise FileRefused(_XLSX_UNREADABLE, field="file") from None


def _csv_lines(data: bytes) -> Iterator[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            "Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: CSV UTF-8).", field="file"
        ) from None
    if "\x00" in text:
        raise FileRefused("Tệp CSV chứa ký tự NUL: không phải tệp văn bản hợp lệ.", field="file")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield [_text(v) for v in row]
    except csv.Error:  # e.g. a cell past the csv module's field size limit
        raise FileRefused(
            "Không đọc được tệp CSV: có ô dài quá giới hạn hoặc tệp không đúng định dạng.",
            field="file",
        ) from None
