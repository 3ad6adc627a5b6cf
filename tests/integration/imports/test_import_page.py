"""The import page: the template to download, an upload that imports, one bad row that
imports nothing and is named on the page and in the report, a partial import with its
rejects file, reports only for their own user, and refusals that never reach a 500."""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.cases import import_views
from phoihop.cases.importing.columns import COLUMNS, REJECTS_REASON
from phoihop.cases.models import Case, CaseEvent
from tests.integration.imports import sheets
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in COLUMNS]
DATE = HEADERS.index("Ngày quyết định")


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def officer(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["dieutra.ag"])
    return demo_users["dieutra.ag"]


def _upload(client, content: bytes, name: str = "vu-an.xlsx", *, partial: bool = False):  # type: ignore[no-untyped-def]
    data = {"file": SimpleUploadedFile(name, content)}
    if partial:
        data["partial"] = "on"
    return client.post(reverse("cases:import"), data)


def _link(response, testid: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(rf'data-testid="{testid}" href="([^"]+)"', response.content.decode())
    assert found is not None, f"no {testid} link on the page"
    return found[1]


def _download(client, url: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    # Reading the whole stream closes the file (the test client's wrapper does).
    return b"".join(response.streaming_content)


def _one_bad_date(count: int = 3, row_index: int = 4) -> list[list[str]]:
    rows = sheets.cases(count)
    rows[row_index][DATE] = "31/02/2026"  # sheet row row_index + 2: the third case's first row
    return rows


def test_the_xlsx_template_downloads_with_the_vietnamese_headers(client, officer):
    response = client.get(reverse("cases:import_template", args=["xlsx"]))

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    first = next(book["Dữ liệu"].iter_rows(values_only=True))
    assert response.status_code == 200
    assert "mau-nhap-vu-an.xlsx" in response["Content-Disposition"]
    assert list(first) == HEADERS


def test_the_csv_template_downloads_with_the_vietnamese_headers(client, officer):
    response = client.get(reverse("cases:import_template", args=["csv"]))

    first = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert response.status_code == 200
    assert first == HEADERS


def test_the_page_states_the_limits_from_the_settings(client, officer, settings):
    settings.PHOIHOP_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    settings.PHOIHOP_IMPORT_MAX_ROWS = 1_234_567

    response = client.get(reverse("cases:import"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "5 MB" in html
    assert "1.234.567" in html  # Vietnamese grouping
    assert 'accept=".xlsx,.csv"' in html
    assert 'enctype="multipart/form-data"' in html


def test_a_good_file_imports_its_cases_and_shows_the_summary(client, officer):
    response = _upload(client, sheets.xlsx(sheets.cases(3)))

    html = response.content.decode()
    assert response.status_code == 200
    assert (Case.objects.count(), CaseEvent.objects.count()) == (3, 6)
    assert 'data-outcome="imported"' in html
    assert 'data-count="cases_created">3<' in html
    assert 'data-count="decisions_recorded">6<' in html
    assert 'data-testid="import-errors"' not in html


def test_the_same_file_again_changes_nothing(client, officer):
    content = sheets.xlsx(sheets.cases(2))
    _upload(client, content)

    response = _upload(client, content)

    assert response.status_code == 200
    assert 'data-count="unchanged">4<' in response.content.decode()
    assert Case.objects.count() == 2


def test_one_bad_row_imports_nothing_and_the_page_names_its_row_and_column(client, officer):
    response = _upload(client, sheets.xlsx(_one_bad_date()))

    html = response.content.decode()
    assert response.status_code == 400
    assert (Case.objects.count(), CaseEvent.objects.count()) == (0, 0)
    assert 'data-outcome="refused"' in html
    assert 'data-row="6"' in html
    assert "Ngày quyết định" in html
    assert "31/02/2026" in html
    assert 'data-testid="rejects-xlsx"' not in html


def test_the_error_report_linked_from_the_page_names_the_row_and_column(client, officer):
    response = _upload(client, sheets.xlsx(_one_bad_date()))

    report = client.get(_link(response, "report-xlsx"))

    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert 'filename="bao-cao-loi-nhap.xlsx"' in report["Content-Disposition"]
    assert rows[0] == ("Dòng", "Cột", "Giá trị", "Lý do")
    assert rows[1][:3] == (6, "Ngày quyết định", "31/02/2026")


def test_the_csv_error_report_names_the_row_and_column(client, officer):
    response = _upload(client, sheets.csv_bytes(_one_bad_date()), "vu-an.csv")

    content = _download(client, _link(response, "report-csv"))

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == ["6", "Ngày quyết định", "31/02/2026"]


def test_a_partial_import_keeps_the_good_rows_and_offers_the_rejected_ones(client, officer):
    response = _upload(client, sheets.xlsx(_one_bad_date()), partial=True)

    html = response.content.decode()
    rejects = load_workbook(
        io.BytesIO(_download(client, _link(response, "rejects-xlsx"))), read_only=True
    )
    rows = list(rejects["Dữ liệu"].iter_rows(values_only=True))
    assert response.status_code == 200
    assert 'data-outcome="partial"' in html
    assert set(Case.objects.values_list("references__external_id", flat=True)) == {
        "HS-000000",
        "HS-000001",
    }
    assert rows[0][-1] == REJECTS_REASON
    assert [row[HEADERS.index("Số hồ sơ của cơ quan")] for row in rows[1:]] == [
        "HS-000002",
        "HS-000002",
    ]


def test_beyond_the_shown_errors_the_page_says_how_many_more(client, officer, monkeypatch):
    monkeypatch.setattr(import_views, "SHOWN_ERRORS", 1)
    rows = sheets.cases(3)
    for index in (0, 2, 4):
        rows[index][DATE] = "31/02/2026"

    response = _upload(client, sheets.xlsx(rows))

    html = response.content.decode()
    assert html.count('data-testid="import-error"') == 1
    assert 'data-testid="more-errors"' in html


def test_another_user_cannot_download_the_report(client, officer, demo_users):
    url = _link(_upload(client, sheets.xlsx(_one_bad_date())), "report-xlsx")

    sign_in(client, demo_users["kiemsat.ag"])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "..%2F..%2Fsecret.txt",
        "..%252F..%252Fsecret.txt",
        "..",
        "%2e%2e",
        "{pk}-{token}-report.xlsx%2F..%2F..%2Fsecret.txt",
        "{pk}-{token}-secret.txt",
        "{pk}-{token}-report.xlsx.",
        "{pk}-{TOKEN}-report.xlsx",
        "{pk}-{token}-rejects.csv",
        "0{pk}-{token}-report.xlsx",
        "{pk}-{other}-report.xlsx",
        "{pk}-{token}-report.xlsx%00",
    ],
)
def test_a_name_that_is_not_one_of_the_users_files_is_not_found(client, officer, var_dir, name):
    token = uuid.uuid4().hex
    imports = var_dir / "imports"
    imports.mkdir()
    (var_dir / "secret.txt").write_text("secret")
    for kind in ("secret.txt", "report.xlsx.", "rejects.csv", "report.xlsx"):
        (imports / f"{officer.pk}-{token}-{kind}").write_text("secret")
    (imports / f"0{officer.pk}-{token}-report.xlsx").write_text("secret")
    path = name.format(pk=officer.pk, token=token, TOKEN=token.upper(), other=uuid.uuid4().hex)

    response = client.get(f"/cases/import/files/{path}")

    assert response.status_code == 404


def test_a_user_who_may_not_open_cases_sees_no_link_and_is_refused(client, demo_users):
    sign_in(client, demo_users["toaan.ag"])

    listing = client.get(reverse("cases:list"))

    assert 'data-testid="import-link"' not in listing.content.decode()
    assert client.get(reverse("cases:import")).status_code == 404
    assert _upload(client, sheets.xlsx(sheets.cases(1))).status_code == 404
    assert client.get(reverse("cases:import_template", args=["xlsx"])).status_code == 404
    assert Case.objects.count() == 0


def test_a_user_who_may_open_cases_finds_the_link_on_the_case_list(client, officer):
    listing = client.get(reverse("cases:list"))

    assert f'href="{reverse("cases:import")}"' in listing.content.decode()


def test_a_missing_file_is_a_field_error(client, officer):
    response = client.post(reverse("cases:import"), {"partial": "on"})

    assert response.status_code == 400
    assert 'data-field="file"' in response.content.decode()


def _broken_sheet() -> bytes:
    """A real workbook whose sheet XML is not XML: openpyxl fails only on reading rows."""
    source = zipfile.ZipFile(io.BytesIO(sheets.xlsx(sheets.cases(1))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = b"<worksheet"
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ghi-chu.txt", b"hello", "Chỉ nhận tệp .xlsx hoặc .csv theo mẫu."),
        ("vu-an.xlsx", b"PK\x03\x04 not a workbook", "Không đọc được tệp Excel"),
        ("vu-an.xlsx", b"\x00" * 64, "Không đọc được tệp Excel"),
        ("vu-an.xlsx", _broken_sheet(), "Không đọc được tệp Excel"),
        ("vu-an.csv", "Tên\n".encode("utf-16"), "UTF-8"),
        ("vu-an.csv", b"x,y\n1,2\n", "không có trong mẫu nhập"),
        (
            "vu-an.csv",
            sheets.csv_bytes([sheets.row(external_id="HS-1", note="x" * 200_000)]),
            "Không đọc được tệp CSV",
        ),
    ],
)
def test_a_file_that_is_not_a_readable_template_is_refused_in_vietnamese(
    client, officer, name, content, message
):
    response = _upload(client, content, name)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'data-field="file"' in html
    assert 'data-testid="import-outcome"' not in html
    assert Case.objects.count() == 0


def test_an_oversized_file_is_refused_with_the_limit(client, officer, settings):
    settings.PHOIHOP_IMPORT_MAX_BYTES = 1024 * 1024

    response = _upload(client, b"x" * (1024 * 1024 + 1), "vu-an.csv")

    assert response.status_code == 400
    assert "1 MB" in response.content.decode()


def test_report_files_older_than_a_day_are_removed_when_new_ones_are_written(
    client, demo_users, settings, tmp_path
):
    import os
    import time

    settings.VAR_DIR = tmp_path
    folder = tmp_path / "imports"
    folder.mkdir()
    stale = folder / f"{demo_users['dieutra.ag'].pk}-{'0' * 32}-report.xlsx"
    stale.write_bytes(b"old")
    day_ago = time.time() - 25 * 3600
    os.utime(stale, (day_ago, day_ago))
    sign_in(client, demo_users["dieutra.ag"])
    bad = sheets.csv_bytes([sheets.row(external_id="HS-1", date="hôm qua")])
    upload = SimpleUploadedFile("vu-an.csv", bad, content_type="text/csv")

    response = client.post("/cases/import/", {"file": upload})

    assert response.status_code == 400
    assert not stale.exists()
    assert len(list(folder.iterdir())) == 2  # this import's report, .xlsx and .csv


def test_a_superscript_number_of_months_is_named_on_the_page_not_a_server_error(client, officer):
    rows = [sheets.row(external_id="HS-1", months="²")]

    response = _upload(client, sheets.csv_bytes(rows), "vu-an.csv")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Số tháng" in html
    assert "Phải là số nguyên từ 1 đến 12." in html


def test_a_partial_import_refuses_a_case_whose_first_row_is_refused_on_the_page(client, officer):
    later = sheets.row(external_id="K1", kind="", province="", charges="", field="đất đai")
    later[HEADERS.index("Quyết định")] = "Trưng cầu giám định"
    rows = [sheets.row(external_id="K1", date="31/02/2026"), later]

    response = _upload(client, sheets.xlsx(rows), partial=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-row="3"' in html
    assert "dòng đầu tiên của nó (dòng 2) bị lỗi" in html
    assert Case.objects.count() == 0
