"""The import from the template: all or nothing, a report that names each bad row and
column, --partial with a rejects file, the same file twice changing nothing, and the
limits on size and rows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from openpyxl import load_workbook

from phoihop.audit.models import AuditEvent
from phoihop.cases.importing.apply import import_file
from phoihop.cases.importing.reader import FileRefused
from phoihop.cases.models import Case, CaseEvent
from phoihop.core.clock import now
from tests.integration.imports import sheets

pytestmark = pytest.mark.django_db


def _import(user, content: bytes, name: str = "vu-an.xlsx", *, partial: bool = False):  # type: ignore[no-untyped-def]
    return import_file(user=user, stream=io.BytesIO(content), name=name, partial=partial, now=now())


def _counts() -> tuple[int, int, int]:
    return Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()


def test_a_template_file_imports_and_the_same_file_again_changes_nothing(demo_users):
    content = sheets.xlsx(sheets.cases(20))

    _, first = _import(demo_users["dieutra.ag"], content)
    after_first = _counts()
    _, second = _import(demo_users["dieutra.ag"], content)

    assert (first.cases_created, first.decisions_recorded, first.errors) == (20, 40, [])
    assert after_first[:2] == (20, 40)
    assert (second.cases_created, second.cases_updated, second.decisions_recorded) == (0, 0, 0)
    assert second.unchanged == 40
    assert _counts() == after_first
    assert Case.objects.filter(stage="investigation").count() == 20


def test_one_bad_row_imports_nothing_and_the_report_names_its_row_and_column(demo_users):
    rows = sheets.cases(5)
    rows[6][[c.key for c in sheets.COLUMNS].index("date")] = "31/02/2026"

    _, outcome = _import(demo_users["dieutra.ag"], sheets.xlsx(rows))

    assert _counts()[:2] == (0, 0)
    assert [(e.row, e.column, e.value) for e in outcome.errors] == [
        (8, "Ngày quyết định", "31/02/2026")
    ]
    assert "lịch" in outcome.errors[0].reason
    assert not outcome.written
    assert (outcome.cases_created, outcome.decisions_recorded) == (0, 0)


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"date": "2026-01-05"}, "Ngày quyết định", "dd/mm/yyyy"),
        ({"date": "05/01/2099"}, "Ngày quyết định", "sau ngày hôm nay"),
        ({"agencies": "AG-VKS; XX-KHONG-CO"}, "Cơ quan phối hợp", "XX-KHONG-CO"),
        ({"province": "Atlantis"}, "Tỉnh, thành phố", "danh mục"),
        ({"decision": ""}, "Quyết định", "Bắt buộc"),
        ({"title": ""}, "Tên vụ án, vụ việc", "dòng đầu tiên"),
        ({"external_id": ""}, "Số hồ sơ của cơ quan", "mã vụ án quốc gia"),
        ({"charges": "999.9"}, "Điều, khoản", ""),
        ({"classification": "Bí mật"}, "Độ mật", "Tuyệt mật"),
        ({"decision": "Truy tố"}, "Quyết định", ""),
    ],
)
def test_each_kind_of_bad_value_is_named_in_vietnamese(demo_users, change, column, reason):
    rows = [sheets.row(**{"external_id": "HS-1", **change})]

    _, outcome = _import(demo_users["dieutra.ag"], sheets.csv_bytes(rows), "vu-an.csv")

    assert [(e.row, e.column) for e in outcome.errors] == [(2, column)]
    assert reason in outcome.errors[0].reason
    assert _counts()[:2] == (0, 0)


def test_duplicate_rows_are_reported_against_the_first(demo_users):
    rows = sheets.cases(2)
    rows.append(list(rows[1]))

    _, outcome = _import(demo_users["dieutra.ag"], sheets.xlsx(rows))

    assert [(e.row, e.column) for e in outcome.errors] == [(6, "")]
    assert "dòng 3" in outcome.errors[0].reason
    assert _counts()[0] == 0


def test_partial_imports_the_good_rows_and_the_rejects_file_holds_the_bad_ones(
    demo_users, tmp_path: Path
):
    rows = sheets.cases(3)
    rows[2][[c.key for c in sheets.COLUMNS].index("province")] = "Atlantis"  # case 2's first row
    source = tmp_path / "vu-an.xlsx"
    source.write_bytes(sheets.xlsx(rows))
    out, err = io.StringIO(), io.StringIO()

    call_command("import", str(source), "--user", "dieutra.ag", "--partial", stdout=out, stderr=err)

    assert Case.objects.count() == 2
    rejects = load_workbook(tmp_path / "vu-an-dong-loi.xlsx", read_only=True)
    refused = list(rejects.worksheets[0].iter_rows(values_only=True))
    assert [r[1] for r in refused[1:]] == ["HS-000001", "HS-000001"]  # its second row too
    assert "Atlantis" in refused[1]
    assert "Tỉnh, thành phố" in refused[1][-1]
    report = load_workbook(tmp_path / "vu-an-bao-cao-loi.xlsx", read_only=True)
    assert [r[:2] for r in report.worksheets[0].iter_rows(min_row=2, values_only=True)] == [
        (4, "Tỉnh, thành phố"),
        (5, "Số hồ sơ của cơ quan"),
    ]
    assert "2 vụ án mới" in out.getvalue()


def test_the_command_without_partial_fails_and_writes_the_report(demo_users, tmp_path: Path):
    source = tmp_path / "vu-an.csv"
    source.write_bytes(sheets.csv_bytes([sheets.row(external_id="HS-1", date="hôm qua")]))

    with pytest.raises(CommandError, match="không nhập dòng nào"):
        call_command("import", str(source), "--user", "dieutra.ag", stderr=io.StringIO())

    assert (tmp_path / "vu-an-bao-cao-loi.xlsx").exists()
    assert Case.objects.count() == 0


def test_a_case_out_of_the_importers_scope_is_not_touched(demo_users, open_case):
    case = open_case(user="dieutra.ag")
    case.national_code = "VA-AG-1"
    case.save()
    rows = [sheets.row(national_code="VA-AG-1", province="Hà Nội", title="Khác")]

    _, outcome = _import(demo_users["dieutra.hn"], sheets.xlsx(rows))

    assert [error.column for error in outcome.errors] == ["Mã vụ án quốc gia"]
    assert Case.objects.get(pk=case.pk).title != "Khác"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a zip", "vu-an.xlsx", "Không đọc được tệp Excel"),
        ("Tên;Ngày\n".encode("utf-16"), "vu-an.csv", "UTF-8"),
        (b"", "vu-an.csv", "trống"),
        (sheets.csv_bytes([], headers=["Tên vụ án, vụ việc", "Cột lạ"]), "a.csv", "Cột lạ"),
        (sheets.csv_bytes([], headers=["Tên vụ án, vụ việc"]), "a.csv", "Số hồ sơ"),
        (b"x", "vu-an.pdf", ".xlsx hoặc .csv"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(demo_users, content, name, message):
    with pytest.raises(FileRefused, match=message):
        _import(demo_users["dieutra.ag"], content, name)


def test_a_200000_row_file_is_refused_by_its_size_and_nothing_is_imported(demo_users):
    content = sheets.csv_bytes(sheets.cases(100_000))  # 200,000 rows

    with pytest.raises(FileRefused, match="MB"):
        _import(demo_users["dieutra.ag"], content, "lon.csv")

    assert _counts()[0] == 0


@override_settings(PHOIHOP_IMPORT_MAX_BYTES=200 * 1024 * 1024)
def test_a_200000_row_file_within_the_size_is_refused_by_its_row_count(demo_users):
    content = sheets.csv_bytes(sheets.cases(100_000))

    with pytest.raises(FileRefused, match=r"50\.000 dòng"):
        _import(demo_users["dieutra.ag"], content, "lon.csv")

    assert _counts()[0] == 0


def test_the_rejects_file_goes_back_as_it_is_once_corrected(demo_users):
    rows = [sheets.row(external_id="HS-9", date="32/01/2026")]
    table, outcome = _import(demo_users["dieutra.ag"], sheets.xlsx(rows), partial=True)
    from phoihop.cases.importing.report import rejects_xlsx

    book = load_workbook(io.BytesIO(rejects_xlsx(table, outcome.errors)))
    book.worksheets[0]["K2"] = "05/01/2026"
    corrected = io.BytesIO()
    book.save(corrected)

    _, again = _import(demo_users["dieutra.ag"], corrected.getvalue())

    assert again.errors == []
    assert again.cases_created == 1
