"""Exports of the case list and its clocks, read back: the filters apply, Vietnamese
text survives, and nothing a spreadsheet would run as a formula gets through."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from phoihop.audit.models import AuditEvent
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(open_case):  # type: ignore[no-untyped-def]
    return [
        open_case("Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang"),
        open_case('=HYPERLINK("http://x","bấm vào")', charges="174.2"),
        open_case("Vụ án lừa đảo tại xã Mỹ Hòa Hưng", charges="174.2"),
    ]


def _xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_xlsx_export_carries_the_filtered_list(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    response = client.get("/cases/export/cases.xlsx", {"q": "tham nhung"})

    rows = _xlsx_rows(response.content)
    assert response.status_code == 200
    assert rows[0][2] == "Tên vụ án"
    assert [row[2] for row in rows[1:]] == [cases[0].title]
    assert AuditEvent.objects.filter(action="cases.exported").count() == 1


def test_a_title_that_looks_like_a_formula_is_neutralised_in_both_formats(
    client, cases, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    xlsx = _xlsx_rows(client.get("/cases/export/cases.xlsx").content)
    text = client.get("/cases/export/cases.csv").content.decode("utf-8-sig")

    titles = [row[2] for row in xlsx[1:]] + [
        row[2] for row in list(csv.reader(io.StringIO(text)))[1:]
    ]
    assert '\'=HYPERLINK("http://x","bấm vào")' in titles
    assert not any(title.startswith("=") for title in titles)


def test_the_csv_opens_in_excel_with_its_diacritics(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    content = client.get("/cases/export/cases.csv").content

    assert content.startswith("\ufeff".encode())
    assert "Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang" in content.decode("utf-8-sig")


def test_the_clock_export_lists_the_open_clocks_of_the_filtered_cases(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    rows = _xlsx_rows(client.get("/cases/export/clocks.xlsx", {"q": "tham nhung"}).content)

    assert {row[0] for row in rows[1:]} == {cases[0].pk}
    assert any("điều tra" in row[2] for row in rows[1:])


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
