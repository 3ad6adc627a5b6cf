"""The workbooks as an official prints them: the periodic report's and the case list's
export, read back with openpyxl (print setup, print titles, the header with the body,
the blank number, the date and the state-secret mark, totals as formulas, dates as
dates) and printed by LibreOffice (every page one page wide, with the title row, the
header and its page number)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from phoihop.cases.exports import CASE_HEADERS, to_xlsx
from phoihop.documents import ReportData, report_xlsx
from phoihop.documents.layout import NUMBER_BLANK
from phoihop.documents.marks import SecretMark
from phoihop.documents.spreadsheet import PrintHeader
from phoihop.domain.access.classification import Classification
from tests.files.conftest import STAGES
from tests.files.rendering import flat, office_to_pdf, pdf_pages

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEETS = ("Tổng hợp", "Quá hạn", "Phụ lục")


@pytest.fixture(params=["state_report", "party_report"])
def report(request: pytest.FixtureRequest) -> ReportData:
    """The report as drawn up: its number blank for the records office, and naming a
    Tối mật case."""
    sample: ReportData = request.getfixturevalue(request.param)
    return dataclasses.replace(
        sample,
        number=dataclasses.replace(sample.number, number=None),
        secret_mark=SecretMark(Classification.SECRET),
    )


def _headers(content: bytes) -> dict[str, str]:
    """Each sheet's header as the file stores it, its codes included (&B bold, &K colour)."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    found = {}
    with zipfile.ZipFile(io.BytesIO(content)) as parts:
        for index, name in enumerate(book.sheetnames, start=1):
            sheet = ElementTree.fromstring(parts.read(f"xl/worksheets/sheet{index}.xml"))
            header = sheet.find(f"{{{MAIN}}}headerFooter/{{{MAIN}}}oddHeader")
            found[name] = header.text if header is not None and header.text else ""
    return found


def _sections(raw: str) -> dict[str, str]:
    """&L, &C and &R of a header."""
    left, rest = raw.removeprefix("&L").split("&C", 1)
    centre, right = rest.split("&R", 1)
    return {"left": left, "centre": centre, "right": right}


# ---- the report's workbook -------------------------------------------------------------


def test_the_report_sheets_are_named_in_vietnamese(report: ReportData) -> None:
    assert tuple(load_workbook(io.BytesIO(report_xlsx(report))).sheetnames) == SHEETS


@pytest.mark.parametrize("name", SHEETS)
def test_each_report_sheet_prints_on_a4_landscape_one_page_wide(
    report: ReportData, name: str
) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))[name]

    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.oddFooter.center.text == "Trang &P/&N"


def test_each_report_sheet_repeats_its_title_row_on_every_page(report: ReportData) -> None:
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    summary = book["Tổng hợp"]
    rows = [tuple(row) for row in summary.iter_rows(values_only=True)]
    title_row = rows.index(("Phần", "Nội dung", "Số liệu", "Đơn vị tính")) + 1

    assert summary.print_title_rows == f"${title_row}:${title_row}"
    assert book["Quá hạn"].print_title_rows == "$1:$1"
    assert book["Phụ lục"].print_title_rows == "$1:$1"


@pytest.mark.parametrize("name", SHEETS)
def test_each_printed_page_carries_the_mark_the_body_the_blank_number_and_the_date(
    report: ReportData, name: str
) -> None:
    header = _sections(_headers(report_xlsx(report))[name])

    assert header["left"].startswith("&B&KFF0000TỐI MẬT&B&K000000\n")  # first, bold, red
    assert f"\n&B{report.issuing_agency}&B" in header["left"]
    assert report.superior_agency in header["left"]
    assert NUMBER_BLANK in header["right"]  # the records office writes the number here
    assert report.number.text(report.variant) in header["right"]
    assert "&IAn Giang, ngày 05 tháng 10 năm 2026&I" in header["right"]


def test_a_report_naming_no_classified_case_has_no_mark(report: ReportData) -> None:
    unmarked = dataclasses.replace(report, secret_mark=None)

    headers = _headers(report_xlsx(unmarked))

    assert all("&KFF0000" not in raw for raw in headers.values())
    assert all(unmarked.issuing_agency in raw for raw in headers.values())


def test_the_total_of_the_cases_by_stage_is_a_sum_formula_over_its_rows(
    report: ReportData,
) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Tổng hợp"]
    rows = list(sheet.iter_rows(values_only=True))

    stage_rows = [i for i, row in enumerate(rows, 1) if row[1] in STAGES]
    total_rows = [i for i, row in enumerate(rows, 1) if row[1] == "Cộng"]
    assert len(total_rows) == 1
    total = sheet.cell(row=total_rows[0], column=3)
    assert total.value == f"=SUM(C{stage_rows[0]}:C{stage_rows[-1]})"
    assert total_rows[0] == stage_rows[-1] + 1
    assert total.font.bold


def test_the_overdue_deadlines_are_date_cells(report: ReportData) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Quá hạn"]

    deadline = sheet.cell(row=2, column=6)
    assert isinstance(deadline.value, dt.datetime)
    assert deadline.number_format == "dd/mm/yyyy"


def test_the_report_columns_are_as_wide_as_their_content(report: ReportData) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Quá hạn"]

    def width(column: str) -> float:
        return float(sheet.column_dimensions[column].width)

    assert width("C") > width("B") > width("A")  # title > case code > row number
    assert width("F") == len("02/09/2026") + 2
    assert sheet.cell(row=2, column=8).alignment.wrap_text  # longer than a column may be


def test_the_printed_report_computes_its_total_and_heads_every_page(
    report: ReportData, tmp_path: Path
) -> None:
    (pdf,) = office_to_pdf([report_xlsx(report)], tmp_path, suffix="xlsx")

    pages = [flat(page) for page in pdf_pages(pdf)]
    expected_total = sum(len(cases) for cases in STAGES.values())
    assert len(pages) == 3  # a sheet a page
    assert f"Cộng {expected_total} vụ" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert page.startswith("TỐI MẬT")
        assert f"Trang {number}/3" in page


# ---- the case list's export --------------------------------------------------------------


def _case_row(index: int) -> tuple[Any, ...]:
    values: dict[str, Any] = {
        "Mã vụ án quốc gia": f"AG-2026-{index:06d}",
        "Số hồ sơ dùng chung": f"#{index}",
        "Loại hồ sơ": "Vụ án",
        "Tên vụ án, vụ việc": f"Vụ án vi phạm quy định về đấu thầu thuốc tại bệnh viện số {index} "
        "của tỉnh An Giang, gây thiệt hại nghiêm trọng",
        "Tỉnh, thành phố": "An Giang",
        "Độ mật": "Thường",
        "Theo dõi, chỉ đạo": "Không",
        "Cơ quan phối hợp": "AG-CSDT; AG-VKS",
        "Quyết định": "Khởi tố vụ án",
        "Ngày quyết định": dt.date(2026, 1, 5),
        "Điều, khoản": "222.3",
        "Giai đoạn": "Điều tra",
        "Loại tội": "Rất nghiêm trọng",
        "Ngày mở hồ sơ": dt.date(2026, 1, 5),
        "Hạn gần nhất": dt.date(2026, 5, 5),
    }
    return tuple(values.get(header) for header in CASE_HEADERS)


@pytest.fixture
def export() -> bytes:
    header = PrintHeader(
        body=("TỈNH ỦY AN GIANG", "BAN NỘI CHÍNH"),
        dated=("An Giang, ngày 07 tháng 12 năm 2026",),
        title="DANH SÁCH VỤ ÁN, VỤ VIỆC",
        mark=SecretMark(Classification.CONFIDENTIAL),
    )
    rows = [_case_row(index) for index in range(1, 201)]
    return to_xlsx("Vụ án, vụ việc", CASE_HEADERS, rows, header=header)


def test_the_printed_export_is_one_page_wide_with_its_titles_header_and_number_on_each_page(
    export: bytes, tmp_path: Path
) -> None:
    (pdf,) = office_to_pdf([export], tmp_path, suffix="xlsx")

    pages = [flat(page) for page in pdf_pages(pdf)]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert page.startswith("MẬT TỈNH ỦY AN GIANG")  # the mark: every page's first line
        assert "BAN NỘI CHÍNH" in page
        assert "DANH SÁCH VỤ ÁN, VỤ VIỆC" in page
        # The first and the last column on every page: nothing is cut to another page.
        assert "Mã vụ án quốc" in page
        assert "Hạn gần" in page
        assert f"Trang {number}/{len(pages)}" in page
    assert "AG-2026-000200" in pages[-1]


def test_long_text_wraps_in_a_row_tall_enough_for_it(export: bytes) -> None:
    sheet = load_workbook(io.BytesIO(export)).active
    title = CASE_HEADERS.index("Tên vụ án, vụ việc") + 1

    cell = sheet.cell(row=2, column=title)
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[2].height >= 30  # two lines at least
    assert sheet.cell(row=1, column=1).font.bold
