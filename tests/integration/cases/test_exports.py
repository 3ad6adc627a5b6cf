"""Exports of the case list and its clocks, read back: the filters apply, the columns
and words are the import template's, dates are dates, Vietnamese text survives,
nothing a spreadsheet would run as a formula gets through, the workbook prints (A4
landscape, one page wide, the title row on every page, the body, date and page number),
a file naming a classified case carries its mark, and the export is audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from phoihop.audit.models import AuditEvent
from phoihop.cases.exports import CASE_HEADERS, CLOCK_HEADERS
from phoihop.cases.importing.columns import COLUMNS
from phoihop.documents.spreadsheet import WIDEST, neutralise
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

TITLE = CASE_HEADERS.index("Tên vụ án, vụ việc")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def cases(open_case):  # type: ignore[no-untyped-def]
    return [
        open_case("Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang"),
        open_case('=HYPERLINK("http://x","bấm vào")', charges="174.2"),
        open_case("Vụ án lừa đảo tại xã Mỹ Hòa Hưng", charges="174.2"),
    ]


def _book(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


def _xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _by_header(headers: tuple, row: tuple) -> dict[str, Any]:
    return dict(zip(headers, row, strict=True))


def test_the_xlsx_export_carries_the_filtered_list(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    response = client.get("/cases/export/cases.xlsx", {"q": "tham nhung"})

    rows = _xlsx_rows(response.content)
    assert response.status_code == 200
    assert [row[TITLE] for row in rows[1:]] == [cases[0].title]
    assert AuditEvent.objects.filter(action="cases.exported").count() == 1


def test_the_case_export_has_the_import_templates_columns_then_its_own(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    xlsx = _xlsx_rows(client.get("/cases/export/cases.xlsx").content)
    text = _csv_rows(client.get("/cases/export/cases.csv").content)

    template = tuple(column.header for column in COLUMNS)
    assert xlsx[0][: len(template)] == template
    assert xlsx[0][len(template) :] == ("Giai đoạn", "Loại tội", "Ngày mở hồ sơ", "Hạn gần nhất")
    assert tuple(text[0]) == xlsx[0]


def test_a_case_is_written_in_the_templates_words(client, cases, demo_users, today):
    sign_in(client, demo_users["dieutra.ag"])

    rows = _xlsx_rows(client.get("/cases/export/cases.xlsx", {"q": "Sở Tài chính"}).content)

    row = _by_header(rows[0], rows[1])
    assert row["Mã vụ án quốc gia"] is None
    assert row["Số hồ sơ dùng chung"] == f"#{cases[0].pk}"
    assert row["Loại hồ sơ"] == "Vụ án"
    assert row["Độ mật"] == "Thường"
    assert row["Theo dõi, chỉ đạo"] == "Không"
    assert row["Quyết định"] == "Khởi tố vụ án"
    assert row["Ngày quyết định"] == dt.datetime.combine(today - dt.timedelta(days=30), dt.time())
    assert row["Cơ quan ra quyết định"] is None  # the exporting agency made it
    assert row["Điều, khoản"] == "353.3"
    assert row["Giai đoạn"] == "Điều tra"
    assert row["Loại tội"] == "Đặc biệt nghiêm trọng"  # Art. 353(3): up to 20 years


def test_the_agencys_own_case_number_is_its_own_not_the_records(client, open_case, demo_users):
    from phoihop.cases.models import CaseReference

    case = open_case("Vụ án có số hồ sơ riêng")
    CaseReference.objects.create(
        case=case, agency=demo_users["dieutra.ag"].agency, external_id="HS-7"
    )
    sign_in(client, demo_users["kiemsat.ag"])

    rows = _xlsx_rows(client.get("/cases/export/cases.xlsx").content)

    row = _by_header(rows[0], rows[1])
    assert row["Số hồ sơ của cơ quan"] is None  # the police's number, not the procuracy's
    assert row["Số hồ sơ dùng chung"] == f"#{case.pk}"
    assert row["Cơ quan ra quyết định"] == demo_users["dieutra.ag"].agency.code


def test_dates_are_date_cells_shown_day_first_and_dd_mm_yyyy_in_the_csv(
    client, cases, demo_users, today
):
    sign_in(client, demo_users["noichinh.ag"])

    sheet = _book(client.get("/cases/export/cases.xlsx").content).active
    text = _csv_rows(client.get("/cases/export/cases.csv").content)

    for header in ("Ngày quyết định", "Ngày mở hồ sơ", "Hạn gần nhất"):
        cell = sheet.cell(row=2, column=CASE_HEADERS.index(header) + 1)
        assert isinstance(cell.value, dt.datetime), header
        assert cell.number_format == "dd/mm/yyyy"
    initiated = (today - dt.timedelta(days=30)).strftime("%d/%m/%Y")
    assert text[1][CASE_HEADERS.index("Ngày quyết định")] == initiated


def test_a_title_that_looks_like_a_formula_is_neutralised_in_both_formats(
    client, cases, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    xlsx = _xlsx_rows(client.get("/cases/export/cases.xlsx").content)
    text = _csv_rows(client.get("/cases/export/cases.csv").content)

    titles = [row[TITLE] for row in xlsx[1:]] + [row[TITLE] for row in text[1:]]
    assert '\'=HYPERLINK("http://x","bấm vào")' in titles
    assert not any(title.startswith("=") for title in titles)


def test_the_csv_is_separated_by_semicolons_and_opens_in_excel_with_its_diacritics(
    client, cases, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    content = client.get("/cases/export/cases.csv").content

    assert content.startswith("\ufeff".encode())
    first_line = content.decode("utf-8-sig").splitlines()[0]
    assert first_line.split(";")[:2] == ["Mã vụ án quốc gia", "Số hồ sơ của cơ quan"]
    assert "Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang" in content.decode("utf-8-sig")


def test_the_clock_export_lists_the_open_clocks_of_the_filtered_cases(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    rows = _xlsx_rows(client.get("/cases/export/clocks.xlsx", {"q": "tham nhung"}).content)

    named = [_by_header(CLOCK_HEADERS, row) for row in rows[1:]]
    assert rows[0] == CLOCK_HEADERS
    assert {row["Số hồ sơ dùng chung"] for row in named} == {f"#{cases[0].pk}"}
    assert any("điều tra" in row["Thời hạn"] for row in named)
    assert all(isinstance(row["Hạn cuối"], dt.datetime) for row in named)


def test_an_officer_of_another_province_exports_none_of_these_cases(client, cases, demo_users):
    sign_in(client, demo_users["dieutra.hn"])

    rows = _xlsx_rows(client.get("/cases/export/cases.xlsx").content)

    assert rows[1:] == []


@pytest.mark.parametrize(
    ("what", "name"), [("cases", "Vụ án, vụ việc"), ("clocks", "Thời hạn tố tụng")]
)
def test_the_sheet_is_named_in_vietnamese(client, cases, demo_users, what, name):
    sign_in(client, demo_users["noichinh.ag"])

    content = client.get(f"/cases/export/{what}.xlsx").content

    assert load_workbook(io.BytesIO(content), read_only=True).sheetnames == [name]


# ---- printing ----------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["cases", "clocks"])
def test_the_workbook_prints_on_a4_landscape_one_page_wide_with_its_title_row_on_each_page(
    client, cases, demo_users, what
):
    sign_in(client, demo_users["noichinh.ag"])

    sheet = _book(client.get(f"/cases/export/{what}.xlsx").content).active

    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddFooter.center.text == "Trang &P/&N"


def test_every_printed_page_names_the_body_and_the_date_and_no_mark_when_none_is_classified(
    client, cases, demo_users, today
):
    sign_in(client, demo_users["noichinh.ag"])

    sheet = _book(client.get("/cases/export/cases.xlsx").content).active

    header = sheet.oddHeader
    assert "BAN NỘI CHÍNH" in header.left.text
    assert f"ngày {today.day:02d}" in header.right.text
    assert "DANH SÁCH VỤ ÁN, VỤ VIỆC" in header.center.text
    assert "MẬT" not in header.left.text


def test_columns_are_as_wide_as_their_content(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    sheet = _book(client.get("/cases/export/cases.xlsx").content).active

    def width(header: str) -> float:
        return sheet.column_dimensions[
            sheet.cell(1, CASE_HEADERS.index(header) + 1).column_letter
        ].width

    assert width("Tên vụ án, vụ việc") > width("Ngày quyết định") > width("Số ngày")
    assert width("Ngày quyết định") == len("dd/mm/yyyy") + 2
    # A title longer than a column may be wraps, its row as tall as it needs.
    assert width("Tên vụ án, vụ việc") == WIDEST < len(cases[0].title)
    assert sheet.cell(row=2, column=TITLE + 1).alignment.wrap_text


# ---- the state-secret mark and the export without classified cases -------------------------


@pytest.fixture
def classified(open_case):  # type: ignore[no-untyped-def]
    return [
        open_case("Vụ án mật về đấu thầu thuốc", classification=1, user="dieutra.ag"),
        open_case("Vụ án tối mật về đất đai", classification=2, user="dieutra.ag"),
    ]


@pytest.fixture
def leader(client, demo_users):  # type: ignore[no-untyped-def]
    """The commission's leader: cleared for every level."""
    user = demo_users["lanhdao.noichinh.ag"]
    user.clearance = 3
    user.save(update_fields=["clearance"])
    sign_in(client, user)
    return user


def _raw_header(content: bytes) -> str:
    """The header as the file stores it, its codes included (&B bold, &KFF0000 red)."""
    with zipfile.ZipFile(io.BytesIO(content)) as parts:
        sheet = ElementTree.fromstring(parts.read("xl/worksheets/sheet1.xml"))
    found = sheet.find(f"{{{MAIN}}}headerFooter/{{{MAIN}}}oddHeader")
    assert found is not None
    assert found.text
    return found.text


def test_a_workbook_naming_classified_cases_carries_the_highest_mark_first_bold_and_red(
    client, cases, classified, leader
):
    content = client.get("/cases/export/cases.xlsx").content

    raw = _raw_header(content)
    assert raw.startswith("&L&B&KFF0000TỐI MẬT&B&K000000\n")  # every page's first line
    rows = _xlsx_rows(content)
    assert rows[0][0] == "Mã vụ án quốc gia"  # the data rows stay importable


def test_the_csv_carries_the_mark_in_its_file_name(client, cases, classified, leader):
    response = client.get("/cases/export/cases.csv")

    assert quote("TỐI MẬT - phoihop-cases-") in response["Content-Disposition"]


def test_the_clock_export_is_marked_by_the_cases_it_lists(client, cases, classified, leader):
    content = client.get("/cases/export/clocks.xlsx", {"q": "mật về đấu thầu"}).content

    assert _raw_header(content).startswith("&L&B&KFF0000MẬT&B")


def test_without_classified_cases_the_file_has_no_mark_and_the_audit_says_so(
    client, cases, classified, leader
):
    response = client.get("/cases/export/cases.xlsx", {"classified": "exclude"})

    rows = _xlsx_rows(response.content)
    titles = {row[TITLE] for row in rows[1:]}
    assert titles == {neutralise(case.title) for case in cases}
    assert "&KFF0000" not in _raw_header(response.content)
    assert "KHÔNG GỒM VỤ ÁN MẬT" in _raw_header(response.content)
    entry = AuditEvent.objects.filter(action="cases.exported").latest("seq")
    assert entry.data["without_classified"] is True
    assert entry.data["mark"] == ""
    assert entry.data["classified"] == []


def test_the_audit_entry_records_the_mark_and_the_classified_cases(
    client, cases, classified, leader
):
    client.get("/cases/export/cases.csv")

    entry = AuditEvent.objects.filter(action="cases.exported").latest("seq")
    assert entry.data["mark"] == "TỐI MẬT"
    assert entry.data["without_classified"] is False
    assert entry.data["format"] == "csv"
    assert sorted(entry.data["classified"]) == sorted(case.pk for case in classified)


def test_an_unknown_choice_for_classified_cases_is_a_400_on_the_list_page(client, cases, leader):
    response = client.get("/cases/export/cases.xlsx", {"classified": "maybe"})

    assert response.status_code == 400
    assert 'data-testid="filters"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="cases.exported").exists()


def test_the_list_page_offers_the_export_without_classified_cases_with_its_filters(
    client, cases, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    html = client.get("/", {"q": "tham nhung"}, HTTP_HX_REQUEST="true").content.decode()

    assert 'data-testid="export-without-classified"' in html
    assert 'name="classified" value="exclude"' in html
    assert '<input type="hidden" name="q" value="tham nhung">' in html
    assert "Không gồm vụ án mật" in html
