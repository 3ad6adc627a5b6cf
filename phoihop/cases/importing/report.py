"""Files handed to the sender: the blank template (with its instructions and the list
of decision names), the error report, and in a partial import the rejects file — the
refused rows as they were sent, with the reasons, ready to correct and send again.

Whatever text a row error or a cell carries, these files are written: an error report
that cannot be written is an import that ends in a server error instead of its list of
errors. ``_writable`` makes each text one a workbook can hold, and every text cell
goes through ``neutralise`` after it, so no cell becomes a live formula."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from phoihop.cases.exports import neutralise, to_csv, to_xlsx
from phoihop.cases.importing.columns import COLUMNS, REJECTS_REASON
from phoihop.cases.importing.parse import RowError
from phoihop.cases.importing.reader import DATA_SHEET, Cell, Table
from phoihop.cases.labels import EVENT_LABELS

REPORT_HEADERS = ("Dòng", "Cột", "Giá trị", "Lý do")

# What XML 1.0, and so a workbook's sheet, cannot hold: the C0 controls but tab and line
# breaks (openpyxl refuses them with IllegalCharacterError), lone surrogates (no UTF-8
# for them: the file cannot be saved) and U+FFFE/U+FFFF (Excel refuses the file). The
# reader refuses such cells, but a text can reach a report by another way (a message
# quoting a value): it is written with the character named, "[U+0001]", not dropped
# unseen. A CSV report is written the same, for its lone surrogates and alike.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel holds at most 32,767 characters in a cell (openpyxl cuts a longer text there,
# unmarked); only a CSV can bring a longer one. One is left for ``neutralise``'s mark.
CELL_LIMIT = 32_767 - 1
_CUT = "…"


def template_xlsx() -> bytes:
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = DATA_SHEET
    data.append([column.header for column in COLUMNS])
    data.append([column.example for column in COLUMNS])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for letter_index, column in enumerate(COLUMNS, start=1):
        data.column_dimensions[data.cell(1, letter_index).column_letter].width = max(
            14, len(column.header) + 4
        )
    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for column in COLUMNS:
        guide.append([column.header, "có" if column.required else "", column.help])
    guide.append([])
    guide.append(["Mỗi dòng là một quyết định tố tụng; các dòng cùng mã là cùng một vụ án."])
    guide.append(["Nhập lại cùng tệp không thay đổi gì: quyết định đã có được bỏ qua."])
    guide.append([])
    guide.append(["Quyết định", "Mã"])
    for code, label in decision_labels():
        guide.append([label, code])
    guide.column_dimensions["A"].width = 48
    guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    return to_csv([column.header for column in COLUMNS], [[column.example for column in COLUMNS]])


def decision_labels() -> list[tuple[str, str]]:
    with translation.override("vi"):
        return [(event.value, str(label)) for event, label in EVENT_LABELS.items()]


def _writable(text: str) -> str:
    """``text`` as a workbook can hold it. Called before ``neutralise`` (to_xlsx,
    _shown), which then looks at the text as it is written: a character taken out
    after it could uncover a formula's sign (a control character before "=")."""
    text = _UNWRITABLE.sub(lambda found: f"[U+{ord(found[0]):04X}]", text)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - len(_CUT)] + _CUT


def _report_rows(errors: Iterable[RowError]) -> Iterable[Sequence[object]]:
    return (
        [e.row, _writable(e.column or "(cả dòng)"), _writable(e.value), _writable(e.reason)]
        for e in errors
    )


def report_xlsx(errors: Sequence[RowError]) -> bytes:
    return to_xlsx("Lỗi nhập", REPORT_HEADERS, _report_rows(errors))


def report_csv(errors: Sequence[RowError]) -> bytes:
    return to_csv(REPORT_HEADERS, _report_rows(errors))


def rejects_xlsx(table: Table, errors: Sequence[RowError]) -> bytes:
    """The refused rows in the template's columns, each with its reasons."""
    reasons: dict[int, list[str]] = {}
    for error in errors:
        where = f"{error.column}: " if error.column else ""
        reasons.setdefault(error.row, []).append(where + error.reason)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(DATA_SHEET)
    sheet.append([column.header for column in COLUMNS] + [REJECTS_REASON])
    for number, values in table.rows:
        if number in reasons:
            sheet.append(
                [_shown(values.get(column.key, "")) for column in COLUMNS]
                + [neutralise(_writable("; ".join(reasons[number])))]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _shown(value: Cell) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(neutralise(_writable(value)))
