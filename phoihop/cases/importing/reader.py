"""Reading an import file, xlsx or csv, within the limits: the bytes are checked before
anything is parsed, and rows are read as a stream that stops one row past the limit,
so an oversized file is refused without being loaded whole.

A cell holding a control character (other than tab and line breaks) or a lone
surrogate is refused here, by its row and column, as the forms refuse one in a field
(``phoihop.domain.text``, the rule ``core/input_hygiene`` applies): none belongs in a
case record, PostgreSQL cannot store NUL, and most cannot be written into the error
report's workbook. The row is refused with the others, so the import stays all or
nothing; the cell's text is kept without the characters, so nothing downstream (the
checks, the report, the rejects file, a message on a terminal) ever carries one."""

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

from phoihop.cases.importing.columns import (
    COLUMNS,
    EXPORT_ONLY,
    IGNORED_HEADERS,
    KEY_COLUMNS,
    Column,
)
from phoihop.core.search import fold
from phoihop.documents.spreadsheet import restore
from phoihop.domain.errors import InvalidInput
from phoihop.domain.text import forbidden_character, without_forbidden

DATA_SHEET = "Dữ liệu"
Cell = str | dt.date


class FileRefused(InvalidInput):
    """The file as a whole cannot be imported (format, size, headers, row count)."""

    code = "import.file_refused"


@dataclass(frozen=True)
class RefusedCell:
    """A cell the reader refused: its row is refused whatever the rest of it holds."""

    row: int
    column: str  # the column's header
    value: str  # the cell's text without the characters that refused it
    reason: str


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]  # in the file's order
    rows: list[tuple[int, dict[str, Cell]]]  # (row number in the sheet, values by key)
    refused: tuple[RefusedCell, ...] = ()


def control_character_reason(char: str) -> str:
    """Said of a cell as the forms say it of a field (core/forms.StyledForm)."""
    return (
        f"Có một ký tự điều khiển không hiển thị (U+{ord(char):04X}) trong ô, là ký tự "
        "không được phép: hãy xóa ký tự này trong tệp rồi gửi lại."
    )


def forbidden_in(text: str) -> str | None:
    """``forbidden_character``, with a quick way past the usual cell: every character it
    names is unprintable, and ``isprintable`` looks at a cell in C where the rule looks
    at each character in Python (a large file holds a million cells)."""
    return None if text.isprintable() else forbidden_character(text)


_BY_FOLDED = {fold(column.header): column for column in COLUMNS}
_IGNORED = frozenset(fold(header) for header in IGNORED_HEADERS)
# Blank rows read beyond the row limit before a file is refused: a sheet may carry
# formatted but empty rows after its data.
_BLANK_ALLOWANCE = 10_000


def read_table(stream: IO[bytes], name: str, *, max_bytes: int, max_rows: int) -> Table:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(
            f"Tệp lớn hơn giới hạn {max_bytes // (1024 * 1024)} MB; hãy chia thành nhiều tệp.",
            field="file",
        )
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix == "xlsx":
        lines = _xlsx_lines(data, max_bytes=max_bytes)
    elif suffix == "csv":
        lines = _csv_lines(data)
    else:
        raise FileRefused("Chỉ nhận tệp .xlsx hoặc .csv theo mẫu.", field="file")
    try:
        header = next(lines)
    except StopIteration:
        raise FileRefused("Tệp trống: không có dòng tiêu đề.", field="file") from None
    columns = _columns_of(_header_titles(header))
    rows: list[tuple[int, dict[str, Cell]]] = []
    refused: list[RefusedCell] = []
    most = max_rows + _BLANK_ALLOWANCE
    for number, raw in enumerate(lines, start=2):
        # Every row read counts, blank ones too: a sparse sheet (one cell at row
        # 1,000,000) is a million rows to walk, all blank, none of them data.
        if number - 1 > most:
            raise FileRefused(
                f"Trang tính có hơn {_grouped(most)} dòng, kể cả dòng trống; hãy xóa các "
                f"dòng trống thừa hoặc chia thành nhiều tệp, mỗi tệp tối đa "
                f"{_grouped(max_rows)} dòng dữ liệu.",
                field="file",
            )
        refused_here = len(refused)
        if any(isinstance(v, str) and not v.isprintable() for v in raw):  # rare: look closer
            raw = _refusing(raw, columns, number, refused)
        texts = [_text(v) for v in raw]
        values = {c.key: v for c, v in zip(columns, texts, strict=False) if c is not None}
        # A row whose only content was refused characters is refused, not skipped.
        if all(v == "" for v in texts) and len(refused) == refused_here:
            continue
        if len(rows) == max_rows:
            limit = _grouped(max_rows)
            raise FileRefused(
                f"Tệp có nhiều hơn {limit} dòng dữ liệu; hãy chia thành nhiều tệp, "
                f"mỗi tệp tối đa {limit} dòng.",
                field="file",
            )
        rows.append((number, values))
    return Table(
        columns=tuple(c for c in columns if c is not None), rows=rows, refused=tuple(refused)
    )


def _refusing(
    raw: list[Any], columns: list[Column | None], number: int, refused: list[RefusedCell]
) -> list[Any]:
    """The row's cells without the characters ``forbidden_in`` names; each cell of a
    template column that held one added to ``refused`` (a column read past keeps
    nothing to refuse)."""
    kept = []
    for position, value in enumerate(raw):
        if isinstance(value, str) and (char := forbidden_in(value)) is not None:
            value = without_forbidden(value)
            column = columns[position] if position < len(columns) else None
            if column is not None:
                reason = control_character_reason(char)
                refused.append(RefusedCell(number, column.header, shown(_text(value)), reason))
        kept.append(value)
    return kept


def shown(value: Cell) -> str:
    """A cell's value as a message names it: a day as written, a text cut short."""
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value[:200]


def _header_titles(header: list[Any]) -> list[Cell]:
    """The title row's cells as text. A control character in a title refuses the file:
    the columns cannot be named without their titles."""
    for position, title in enumerate(header, start=1):
        if isinstance(title, str) and (char := forbidden_in(title)) is not None:
            title_text = str(_text(without_forbidden(title)))[:100]
            raise FileRefused(
                f"Dòng tiêu đề, cột {position} (“{title_text}”): {control_character_reason(char)}",
                field="file",
            )
    return [_text(title) for title in header]


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # Vietnamese grouping


def _columns_of(header: list[Cell]) -> list[Column | None]:
    columns: list[Column | None] = []
    seen: set[str] = set()
    for position, title in enumerate(header, start=1):
        text = str(title).strip()
        if not text or fold(text) in _IGNORED:
            columns.append(None)
            continue
        column = _BY_FOLDED.get(fold(text))
        if column is None:
            raise FileRefused(
                f"Cột {position} có tiêu đề “{text[:100]}” không có trong mẫu nhập.",
                field="file",
            )
        if column.key in seen:
            raise FileRefused(f"Cột “{column.header}” xuất hiện hai lần.", field="file")
        seen.add(column.key)
        columns.append(column)
    if not seen.intersection(KEY_COLUMNS):
        raise FileRefused(
            "Thiếu cột “Mã vụ án quốc gia” hoặc “Số hồ sơ của cơ quan”.", field="file"
        )
    missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise FileRefused(f"Thiếu cột bắt buộc: {', '.join(missing)}.", field="file")
    return columns


def _text(value: Any) -> Cell:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(unicodedata.normalize("NFC", str(value)).strip())


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


# The template's columns, then a rejects file's reason or an export's own columns: no
# cell further right is read.
_XLSX_WIDTH = len(COLUMNS) + max(1, len(EXPORT_ONLY))
# What the parts may unpack to, against the size of the file itself. A workbook's
# sheet deflates some 15 to 20 times; a zip bomb, a thousand times.
_XLSX_UNPACKED_FACTOR = 10
_XLSX_MAX_RATIO = 100
_XLSX_RATIO_FROM = 1024 * 1024  # a small part (printer settings, styles) may be all zeros


def _xlsx_lines(data: bytes, *, max_bytes: int) -> Iterator[list[Any]]:
    try:
        _check_unpacked(data, max_bytes)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        # The dimension a sheet declares is the file's word, not its content: declared
        # A1:XFD1048576, every missing row would be padded to 16,384 cells.
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(max_row=1, values_only=True), None)
        if header is None:
            return
        _check_width(header)
        yield list(header)
        for row in sheet.iter_rows(min_row=2, max_col=_XLSX_WIDTH, values_only=True):
            yield list(row)
    except _XLSX_DAMAGE:
        raise FileRefused(_XLSX_UNREADABLE, field="file") from None


def _check_unpacked(data: bytes, max_bytes: int) -> None:
    """A zip states what each part unpacks to, and zipfile reads no further than that:
    a zip bomb shows in its directory, before anything is unpacked."""
    parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    limit = _XLSX_UNPACKED_FACTOR * max_bytes
    if sum(part.file_size for part in parts) > limit:
        raise FileRefused(
            f"Tệp Excel khi giải nén lớn hơn {limit // (1024 * 1024)} MB; "
            "hãy chia thành nhiều tệp.",
            field="file",
        )
    if any(
        part.file_size > _XLSX_RATIO_FROM and part.file_size > _XLSX_MAX_RATIO * part.compress_size
        for part in parts
    ):
        raise FileRefused(
            f"Tệp Excel có phần bị nén bất thường (giải nén ra gấp hơn {_XLSX_MAX_RATIO} "
            "lần): không nhận tệp như vậy; hãy mở và lưu lại tệp bằng Excel.",
            field="file",
        )


def _check_width(header: tuple[Any, ...]) -> None:
    """Only the first columns are read: a titled column beyond them is refused, not
    dropped (blank columns between the template's push it out)."""
    for position, title in enumerate(header[_XLSX_WIDTH:], start=_XLSX_WIDTH + 1):
        text = str(_text(without_forbidden(title) if isinstance(title, str) else title))
        if text:
            raise FileRefused(
                f"Cột {position} có tiêu đề “{text[:100]}” nhưng nằm ngoài {_XLSX_WIDTH} "
                "cột đầu tiên; hãy xóa các cột trống xen giữa các cột của mẫu.",
                field="file",
            )


def _delimiter(text: str) -> str:
    """The separator the file is written with: ";" where Excel runs under Vietnamese
    regional settings (decimal comma, list separator ";"), "," elsewhere. The titles
    hold commas themselves ("Tỉnh, thành phố"): the separator that splits the title row
    into more of the template's titles wins, and when neither does, the more frequent."""
    first_line = text.split("\n", 1)[0].rstrip("\r")

    def titles(delimiter: str) -> int:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # refused with its message when the file is read
            return 0
        return sum(fold(cell) in _BY_FOLDED or fold(cell) in _IGNORED for cell in cells)

    semicolon, comma = titles(";"), titles(",")
    if semicolon != comma:
        return ";" if semicolon > comma else ","
    return ";" if first_line.count(";") > first_line.count(",") else ","


_MOSTLY_NUL = 10  # one character in ten


def _csv_lines(data: bytes) -> Iterator[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            "Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: CSV UTF-8).", field="file"
        ) from None
    # A NUL in a cell is refused with its row and column, as any control character; a
    # text of NULs is another encoding read as UTF-8 (UTF-16 without its byte-order
    # mark: every other byte of Latin text is zero), or no text at all.
    if text.count("\x00") * _MOSTLY_NUL > len(text):
        raise FileRefused(
            "Tệp CSV chứa nhiều ký tự NUL: không phải văn bản UTF-8 (có thể được lưu với bảng "
            "mã UTF-16); hãy lưu lại với bảng mã UTF-8 (trong Excel: CSV UTF-8).",
            field="file",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from reader
    except csv.Error:  # e.g. a cell past the csv module's field size limit
        raise FileRefused(
            "Không đọc được tệp CSV: có ô dài quá giới hạn hoặc tệp không đúng định dạng.",
            field="file",
        ) from None
