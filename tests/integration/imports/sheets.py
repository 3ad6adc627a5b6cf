"""Import files built the way an agency clerk fills the template: Vietnamese headers,
dd/mm/yyyy dates, decision names as shown on the case page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from phoihop.cases.importing.columns import COLUMNS

HEADERS = [column.header for column in COLUMNS]


def row(**values: str) -> list[str]:
    keyed = {
        "kind": "Vụ án",
        "title": "Vụ án vi phạm quy định về đấu thầu",
        "province": "An Giang",
        "decision": "Khởi tố vụ án",
        "date": "05/01/2026",
        "charges": "222.3",
        **values,
    }
    return [keyed.get(column.key, "") for column in COLUMNS]


def cases(
    count: int, *, start: dt.date = dt.date(2026, 1, 5), prefix: str = "HS"
) -> list[list[str]]:
    """``count`` cases, two decisions each: initiated, then expertise requested."""
    rows = []
    for number in range(count):
        day = start + dt.timedelta(days=number % 200)
        rows.append(
            row(
                external_id=f"{prefix}-{number:06d}",
                title=f"Vụ án vi phạm quy định về đấu thầu số {number}",
                date=day.strftime("%d/%m/%Y"),
                doc_number=f"{number}/QĐ-CSĐT",
            )
        )
        rows.append(
            row(
                external_id=f"{prefix}-{number:06d}",
                kind="",
                title="",
                province="",
                charges="",
                decision="Trưng cầu giám định",
                date=(day + dt.timedelta(days=3)).strftime("%d/%m/%Y"),
                doc_number=f"{number}/QĐ-TCGĐ",
            )
        )
    return rows


# An investigation body's register of one case: the decisions it makes itself, from the
# report received to its third expertise (days after the report). The template names no
# person, so the decisions about one (charging, custody) are not in it.
REGISTER = (
    ("Tiếp nhận tố giác, tin báo, kiến nghị khởi tố", 0, "TB"),
    ("Khởi tố vụ án", 18, "QĐ-KTVA"),
    ("Trưng cầu giám định", 25, "QĐ-TCGĐ"),
    ("Yêu cầu định giá tài sản", 28, "YC-ĐG"),
    ("Kết luận giám định", 60, "KL-GĐ"),
    ("Kết luận định giá tài sản", 70, "KL-ĐG"),
    ("Trưng cầu giám định", 80, "QĐ-TCGĐ2"),
    ("Kết luận giám định", 110, "KL-GĐ2"),
    ("Biện pháp kê biên, phong tỏa tài sản", 120, "QĐ-KB"),
    ("Trưng cầu giám định", 140, "QĐ-TCGĐ3"),
)


def valuations_requested(count: int, *, prefix: str, on: dt.date) -> list[list[str]]:
    """A valuation requested on ``on`` in each of the ``count`` cases that
    ``cases(count, prefix=prefix)`` opened: rows for cases the record holds."""
    return [
        row(
            external_id=f"{prefix}-{number:06d}",
            title=f"Vụ án vi phạm quy định về đấu thầu số {number}",
            charges="",
            decision="Yêu cầu định giá tài sản",
            date=on.strftime("%d/%m/%Y"),
            doc_number=f"{number}/YC-ĐG",
        )
        for number in range(count)
    ]


def registers(
    count: int, *, start: dt.date = dt.date(2025, 7, 7), prefix: str = "SĐK"
) -> list[list[str]]:
    """``count`` cases as a register brings them: each case's whole history, one row
    per decision (``REGISTER``), the case's header on its first row."""
    rows = []
    for number in range(count):
        opened = start + dt.timedelta(days=number % 300)
        for position, (decision, after, suffix) in enumerate(REGISTER):
            first = position == 0
            rows.append(
                row(
                    external_id=f"{prefix}-{number:06d}",
                    kind="Vụ án" if first else "",
                    title=f"Vụ án vi phạm quy định về đấu thầu số {number}" if first else "",
                    province="An Giang" if first else "",
                    charges="222.3" if decision == "Khởi tố vụ án" else "",
                    decision=decision,
                    date=(opened + dt.timedelta(days=after)).strftime("%d/%m/%Y"),
                    doc_number=f"{number}/{suffix}",
                )
            )
    return rows


def xlsx(rows: Iterable[Sequence[object]], headers: Sequence[str] = HEADERS) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Iterable[Sequence[object]], headers: Sequence[str] = HEADERS, *, delimiter: str = ","
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def with_parts(parts: dict[str, bytes], *, sheet: bytes | None = None) -> bytes:
    """A template workbook with its sheet XML replaced and parts added, written with
    zipfile: crafted files (sparse, or a zip bomb) that openpyxl would never write."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if sheet is not None and item.filename.startswith("xl/worksheets/sheet"):
                content = sheet
            target.writestr(item, content)
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows: dict[int, Sequence[str]], *, dimension: str = "", padding: int = 0) -> bytes:
    """A sheet's XML with the given rows (by row number) as inline strings; optionally a
    declared dimension and ``padding`` bytes of whitespace (which deflate to nothing)."""

    def cell(row: int, column: int, text: str) -> str:
        ref = f"{get_column_letter(column)}{row}"
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    body = "".join(
        f'<row r="{number}">'
        + "".join(cell(number, column, text) for column, text in enumerate(values, 1) if text)
        + "</row>"
        for number, values in sorted(rows.items())
    )
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension_xml}<sheetData>{body}{' ' * padding}</sheetData></worksheet>"
    ).encode()
