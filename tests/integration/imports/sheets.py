"""Import files built the way an agency clerk fills the template: Vietnamese headers,
dd/mm/yyyy dates, decision names as shown on the case page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

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


def cases(count: int, *, start: dt.date = dt.date(2026, 1, 5)) -> list[list[str]]:
    """``count`` cases, two decisions each: initiated, then expertise requested."""
    rows = []
    for number in range(count):
        day = start + dt.timedelta(days=number % 200)
        rows.append(
            row(
                external_id=f"HS-{number:06d}",
                title=f"Vụ án vi phạm quy định về đấu thầu số {number}",
                date=day.strftime("%d/%m/%Y"),
                doc_number=f"{number}/QĐ-CSĐT",
            )
        )
        rows.append(
            row(
                external_id=f"HS-{number:06d}",
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


def xlsx(rows: Iterable[Sequence[object]], headers: Sequence[str] = HEADERS) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[object]], headers: Sequence[str] = HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
