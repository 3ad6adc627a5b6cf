"""Counting an import file's rows without parsing it: never fewer than the file holds,
and nothing for a file the import refuses at once."""

from __future__ import annotations

import io
import time
import zipfile

from openpyxl import Workbook

from phoihop.cases.importing.size import data_rows
from tests.integration.imports import sheets

ROWS = sheets.cases(30)  # 60 rows


def test_a_csv_counts_its_lines_below_the_header() -> None:
    content = sheets.csv_bytes(ROWS)

    assert data_rows(content, "a.csv", up_to=1000) == 60
    assert data_rows(content.rstrip(b"\r\n"), "a.CSV", up_to=1000) == 60
    assert data_rows(b"", "a.csv", up_to=1000) == 0


def test_a_workbook_counts_the_rows_of_its_largest_sheet() -> None:
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    guide.append(["a"])
    data = book.create_sheet("Dữ liệu")
    for row in [sheets.HEADERS, *ROWS]:
        data.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    assert data_rows(buffer.getvalue(), "a.xlsx", up_to=1000) == 60
    assert data_rows(sheets.xlsx(ROWS), "a.xlsx", up_to=1000) == 60


def test_counting_stops_at_what_was_asked() -> None:
    assert data_rows(sheets.xlsx(ROWS), "a.xlsx", up_to=11) == 11
    assert data_rows(sheets.csv_bytes(ROWS), "a.csv", up_to=11) == 11


def test_a_row_tag_with_a_namespace_prefix_or_cut_between_chunks_is_counted() -> None:
    rows = b"".join(b'<x:row r="%d"><x:c/></x:row>' % n for n in range(1, 200_001))
    sheet = b"<x:worksheet><x:sheetData>" + rows + b"</x:sheetData></x:worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", sheet)

    assert data_rows(buffer.getvalue(), "a.xlsx", up_to=10**6) == 199_999


def test_a_file_the_import_refuses_at_once_counts_nothing() -> None:
    assert data_rows(b"not a zip", "a.xlsx", up_to=1000) == 0
    assert data_rows(sheets.csv_bytes(ROWS), "a.xls", up_to=1000) == 0


def test_a_sheet_of_white_space_after_its_rows_is_counted_in_one_pass() -> None:
    # 100 MB of spaces between two rows (a few hundred kB zipped): the bytes kept for a
    # tag cut between chunks were once all those after the last "<", carried whole from
    # chunk to chunk, minutes of copying in the request that decides where the import
    # runs, before the reader's guard refuses the file.
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book,
        book.open("xl/worksheets/sheet1.xml", "w") as sheet,
    ):
        sheet.write(b'<worksheet><sheetData><row r="1"/><row r="2"/>')
        for _ in range(400):
            sheet.write(b" " * (256 * 1024))
        sheet.write(b'<row r="3"/></sheetData></worksheet>')
    started = time.perf_counter()

    rows = data_rows(buffer.getvalue(), "a.xlsx", up_to=1000)

    assert rows == 2
    assert time.perf_counter() - started < 5
