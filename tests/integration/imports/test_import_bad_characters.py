"""A control character in an import file's cell, refused by its row and column as the
forms refuse one in a field: through the `phoihop import` command (a real process on a
real file: an exit status and a message, no traceback), the import page (its refusal,
never a 500), the worker, and a partial import's rejects file. Nothing is written, and
the error report is always written, with no cell a live formula."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.audit.models import AuditEvent
from phoihop.cases.importing.columns import REJECTS_REASON
from phoihop.cases.models import Case, CaseEvent, CaseReference
from phoihop.jobs.models import Job, JobState
from tests.integration.imports import sheets
from tests.jobs import run_queued_jobs
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
PHOIHOP = Path(sys.executable).with_name("phoihop")
HEADERS = sheets.HEADERS
TITLE, DOC_NUMBER = "Tên vụ án, vụ việc", "Số quyết định"


def _bad_rows() -> list[list[str]]:
    """Two good cases; then a NUL in a title (row 4), a terminal's escape character in
    a decision's number (row 5)."""
    return [
        sheets.row(external_id="HS-1"),
        sheets.row(external_id="HS-2"),
        sheets.row(external_id="HS-3", title="Vụ án\x00 đấu thầu"),
        sheets.row(external_id="HS-4", doc_number="\x1b[2J42/QĐ-CSĐT"),
    ]


def _counts() -> tuple[int, int, int]:
    return Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()


def _message_of(reason: str) -> bool:
    return "ký tự điều khiển không hiển thị" in reason


# The command line ------------------------------------------------------------------


def _database_url() -> str:
    """The test database, for a process of its own."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return (
        f"postgres://{config['USER']}{password}@{config['HOST']}:{config['PORT'] or 5432}"
        f"/{config['NAME']}"
    )


@pytest.mark.django_db(transaction=True)  # the command's process reads the committed users
def test_the_command_refuses_a_control_character_by_row_and_column_and_writes_nothing(
    demo_users, tmp_path: Path
):
    source = tmp_path / "vu-an.csv"
    source.write_bytes(sheets.csv_bytes(_bad_rows()))
    before = _counts()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": _database_url(),
        "PHOIHOP_VAR_DIR": str(tmp_path),
    }

    done = subprocess.run(
        [str(PHOIHOP), "import", str(source), "--user", "dieutra.ag"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in said
    assert "\x00" not in said
    assert "\x1b" not in said
    assert f"Dòng 4, cột “{TITLE}”" in said
    assert "U+0000" in said
    assert f"Dòng 5, cột “{DOC_NUMBER}”" in said
    assert "U+001B" in said
    assert "không nhập dòng nào" in said
    assert _counts() == before
    report = load_workbook(tmp_path / "vu-an-bao-cao-loi.xlsx", read_only=True).worksheets[0]
    assert [row[:2] for row in report.iter_rows(min_row=2, values_only=True)] == [
        (4, TITLE),
        (5, DOC_NUMBER),
    ]


# The import page -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def officer(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["dieutra.ag"])
    return demo_users["dieutra.ag"]


def _upload(client, content: bytes, name: str = "vu-an.csv", *, partial: bool = False):  # type: ignore[no-untyped-def]
    data = {"file": SimpleUploadedFile(name, content)}
    if partial:
        data["partial"] = "on"
    return client.post(reverse("cases:import"), data)


def _download(client, html: str, testid: str) -> bytes:  # type: ignore[no-untyped-def]
    found = re.search(rf'data-testid="{testid}" href="([^"]+)"', html)
    assert found is not None, f"no {testid} link on the page"
    response = client.get(found[1])
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_page_refuses_a_control_character_by_row_and_column_and_writes_nothing(client, officer):
    before = _counts()

    response = _upload(client, sheets.csv_bytes(_bad_rows()))

    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-outcome="refused"' in html
    assert 'data-row="4"' in html
    assert 'data-row="5"' in html
    assert TITLE in html
    assert DOC_NUMBER in html
    assert "U+0000" in html
    assert "U+001B" in html
    assert "\x00" not in html
    assert "\x1b" not in html
    assert _counts() == before


@pytest.mark.parametrize("name", ["vu-an.xlsx", "vu-an.csv"])
def test_the_error_reports_name_the_row_and_column_of_a_control_character(client, officer, name):
    # C1 controls: the ones an .xlsx (XML) can hold; the C0 ones are refused above.
    rows = [
        sheets.row(external_id="HS-1"),
        sheets.row(external_id="HS-2", title="Vụ án\x85 đấu thầu", doc_number="42/QĐ\x9b"),
    ]
    content = sheets.csv_bytes(rows) if name.endswith(".csv") else _sheet(rows)

    html = _upload(client, content, name).content.decode()
    workbook = _download(client, html, "report-xlsx")
    text = _download(client, html, "report-csv").decode("utf-8-sig")

    in_xlsx = list(load_workbook(io.BytesIO(workbook)).worksheets[0].iter_rows(values_only=True))
    in_csv = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[:3] for row in in_xlsx[1:]] == [
        (3, TITLE, "Vụ án đấu thầu"),
        (3, DOC_NUMBER, "42/QĐ"),
    ]
    assert [row[:3] for row in in_csv[1:]] == [
        ["3", TITLE, "Vụ án đấu thầu"],
        ["3", DOC_NUMBER, "42/QĐ"],
    ]
    assert all(_message_of(row[3]) for row in in_xlsx[1:])
    assert "U+0085" in in_xlsx[1][3]
    assert "U+009B" in in_xlsx[2][3]
    assert Case.objects.count() == 0


def _sheet(rows: list[list[str]]) -> bytes:
    """The rows in a workbook's sheet, written as its XML: openpyxl refuses to write
    a control character, Excel's own files may hold one (U+0080 to U+009F)."""
    return sheets.with_parts({}, sheet=sheets.sheet_xml(dict(enumerate([HEADERS, *rows], 1))))


def test_a_partial_import_keeps_the_good_rows_and_returns_the_refused_one_without_it(
    client, officer
):
    response = _upload(client, sheets.csv_bytes(_bad_rows()), partial=True)

    html = response.content.decode()
    rejects = load_workbook(io.BytesIO(_download(client, html, "rejects-xlsx")))
    rows = list(rejects["Dữ liệu"].iter_rows(values_only=True))
    assert response.status_code == 200
    assert set(CaseReference.objects.values_list("external_id", flat=True)) == {"HS-1", "HS-2"}
    assert [row[HEADERS.index("Số hồ sơ của cơ quan")] for row in rows[1:]] == ["HS-3", "HS-4"]
    assert rows[1][HEADERS.index(TITLE)] == "Vụ án đấu thầu"
    assert rows[2][HEADERS.index(DOC_NUMBER)] == "[2J42/QĐ-CSĐT"
    assert rows[0][-1] == REJECTS_REASON
    assert rows[1][-1].startswith(TITLE)
    assert "U+0000" in rows[1][-1]


def test_a_control_character_in_a_title_refuses_the_file_naming_the_column(client, officer):
    headers = list(HEADERS)
    headers[4] = headers[4] + "\x07"

    response = _upload(client, sheets.csv_bytes([sheets.row(external_id="HS-1")], headers))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Dòng tiêu đề, cột 5" in html
    assert "U+0007" in html
    assert 'data-field="file"' in html
    assert Case.objects.count() == 0


def test_a_nul_in_one_cell_is_named_by_its_row_and_column_not_the_whole_file(client, officer):
    rows = [sheets.row(external_id="HS-1", note="ghi\x00chú")]

    html = _upload(client, sheets.csv_bytes(rows)).content.decode()

    assert 'data-row="2"' in html
    assert "Ghi chú" in html
    assert "U+0000" in html
    assert Case.objects.count() == 0


def test_the_worker_refuses_a_control_character_as_the_page_does(client, officer, settings):
    settings.PHOIHOP_IMPORT_INLINE_ROWS = 2
    before = _counts()

    job_url = _upload(client, sheets.csv_bytes(_bad_rows()))["Location"]
    run_queued_jobs()

    job = Job.objects.get()
    page = client.get(job_url).content.decode()
    assert job.state == JobState.DONE, job.failure
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [
        (4, TITLE),
        (5, DOC_NUMBER),
    ]
    assert 'data-outcome="refused"' in page
    assert "U+0000" in page
    assert _counts()[:2] == before[:2]


# Formulas ---------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-1+2", "@SUM(1,1)", '=HYPERLINK("http://x","y")']


def test_a_formula_in_a_refused_cell_is_text_in_the_error_report_and_the_rejects_file(
    client, officer
):
    rows = [
        sheets.row(external_id=f"HS-{n}", date=formula, doc_number=formula)
        for n, formula in enumerate(FORMULAS)
    ]

    response = _upload(client, sheets.csv_bytes(rows), partial=True)

    html = response.content.decode()
    for testid in ("report-xlsx", "rejects-xlsx"):
        book = load_workbook(io.BytesIO(_download(client, html, testid)))
        cells = [cell for row in book.worksheets[0].iter_rows(min_row=2) for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        shown = {cell.value for cell in cells}
        assert {f"'{formula}" for formula in FORMULAS} <= shown
    assert Case.objects.count() == 0


def test_a_formula_as_text_imports_as_it_was_typed(client, officer):
    rows = [sheets.row(external_id="HS-1", title="=cmd|' /C calc'!A0")]

    response = _upload(client, sheets.csv_bytes(rows))

    assert response.status_code == 200
    assert Case.objects.get().title == "=cmd|' /C calc'!A0"
