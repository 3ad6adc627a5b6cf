"""The import from the template: all or nothing, a report that names each bad row and
column, --partial with a rejects file, the same file twice changing nothing, and the
limits on size and rows."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from openpyxl import load_workbook

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.importing.apply import _case_input, import_file
from phoihop.cases.importing.columns import BY_KEY
from phoihop.cases.importing.reader import FileRefused
from phoihop.cases.models import Case, CaseEvent
from phoihop.core.clock import now
from phoihop.domain.errors import InvalidInput
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
        ({"record": "4127"}, "Số hồ sơ dùng chung", "#1234"),  # a number typed out of place
    ],
)
def test_each_kind_of_bad_value_is_named_in_vietnamese(demo_users, change, column, reason):
    rows = [sheets.row(**{"external_id": "HS-1", **change})]

    _, outcome = _import(demo_users["dieutra.ag"], sheets.csv_bytes(rows), "vu-an.csv")

    assert [(e.row, e.column) for e in outcome.errors] == [(2, column)]
    assert reason in outcome.errors[0].reason
    assert _counts()[:2] == (0, 0)


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_csv_separated_by_commas_or_by_semicolons_imports_alike(demo_users, delimiter):
    content = sheets.csv_bytes(sheets.cases(2), delimiter=delimiter)

    _, outcome = _import(demo_users["dieutra.ag"], content, "vu-an.csv")

    assert (outcome.errors, outcome.cases_created, outcome.decisions_recorded) == ([], 2, 4)


def test_the_words_the_case_page_uses_are_read_as_the_templates(demo_users):
    rows = [sheets.row(external_id="HS-1", classification="Không mật", field="Đấu thầu")]

    _, outcome = _import(demo_users["dieutra.ag"], sheets.xlsx(rows))

    case = Case.objects.get()
    assert outcome.errors == []
    assert (case.classification, case.field) == (0, "procurement")


def test_a_decision_named_as_a_refusal_lists_it_is_read_as_the_case_pages_name(demo_users):
    # A refused decision's message lists what may be recorded in the procedure's words
    # ("Biện pháp đối với tài sản (kê biên, phong tỏa, thu hồi)"), not always the case
    # page's ("Biện pháp kê biên, phong tỏa tài sản"): a clerk who copies it is understood.
    measure = "Biện pháp đối với tài sản (kê biên, phong tỏa, thu hồi)"
    rows = [
        sheets.row(external_id="HS-1", date="07/07/2025"),
        sheets.row(external_id="HS-1", decision=measure, date="20/10/2025"),
    ]

    _, outcome = _import(demo_users["dieutra.ag"], sheets.xlsx(rows))

    assert outcome.errors == []
    assert list(CaseEvent.objects.values_list("type", flat=True).order_by("sequence")) == [
        "case_initiated",
        "asset_measure_recorded",
    ]


def test_an_investigation_bodys_register_imports_each_case_whole(demo_users):
    rows = sheets.registers(3)

    _, outcome = _import(demo_users["dieutra.ag"], sheets.xlsx(rows))

    assert (outcome.errors, outcome.cases_created) == ([], 3)
    assert outcome.decisions_recorded == len(rows) == 3 * len(sheets.REGISTER)
    assert Case.objects.filter(stage="investigation").count() == 3


def test_new_cases_are_written_in_chunks_of_rows_whatever_the_rows_a_case_has(
    demo_users, monkeypatch
):
    """A chunk's own cost (its proof, tallies and statements) falls on the same number of
    rows for a register of ten decisions a case as for a file of two."""
    from phoihop.cases.importing import apply
    from phoihop.cases.importing.batch import CHUNK_ROWS

    written: list[int] = []
    write_chunk = apply.write_chunk

    def counted(ready, **kwargs):  # type: ignore[no-untyped-def]
        written.append(sum(len(planned.rows) for planned in ready))
        return write_chunk(ready, **kwargs)

    monkeypatch.setattr(apply, "write_chunk", counted)
    per_case = len(sheets.REGISTER)
    cases = (2 * CHUNK_ROWS + CHUNK_ROWS // 2) // per_case

    _, register = _import(
        demo_users["dieutra.ag"], sheets.csv_bytes(sheets.registers(cases)), "a.csv"
    )
    by_register, written[:] = list(written), []
    _, pairs = _import(
        demo_users["dieutra.ag"], sheets.csv_bytes(sheets.cases(cases * per_case // 2)), "b.csv"
    )

    assert (register.errors, pairs.errors) == ([], [])
    assert register.decisions_recorded == pairs.decisions_recorded == cases * per_case
    # Every chunk but the last holds CHUNK_ROWS rows or, to keep its cases whole, a case
    # more; the last the rest.
    for chunks in (by_register, written):
        assert sum(chunks) == cases * per_case
        assert all(CHUNK_ROWS <= rows < CHUNK_ROWS + per_case for rows in chunks[:-1])
        assert len(chunks) == 3


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
    book.worksheets[0].cell(
        row=2, column=sheets.HEADERS.index("Ngày quyết định") + 1
    ).value = "05/01/2026"
    corrected = io.BytesIO()
    book.save(corrected)

    _, again = _import(demo_users["dieutra.ag"], corrected.getvalue())

    assert again.errors == []
    assert again.cases_created == 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("months", "²"),  # str.isdigit() says yes, int() says no
        ("days", "³"),
        ("months", "9" * 5_000),  # past int()'s 4,300 digits
        ("days", "٩" * 5_000),  # Arabic-Indic digits: decimal, and as many
    ],
)
def test_a_number_of_months_or_days_that_is_not_a_small_whole_number_is_named(
    demo_users, column, value
):
    rows = [sheets.row(external_id="HS-1", **{column: value})]

    _, outcome = _import(demo_users["dieutra.ag"], sheets.csv_bytes(rows), "vu-an.csv")

    assert [(e.row, e.column) for e in outcome.errors] == [(2, BY_KEY[column].header)]
    assert "Phải là số nguyên từ 1 đến" in outcome.errors[0].reason
    assert _counts()[:2] == (0, 0)


def _later_row(**values: str) -> list[str]:
    """A case's later row: its header columns blank unless given."""
    blank = {"kind": "", "title": "", "province": "", "charges": ""}
    return sheets.row(
        **{
            **blank,
            "external_id": "K1",
            "decision": "Trưng cầu giám định",
            "date": "08/01/2026",
            **values,
        }
    )


@pytest.mark.parametrize(
    "first",
    [
        {"date": "31/02/2026"},  # refused when the row is read
        {"kind": ""},  # read, then refused for lacking the case's header
    ],
)
@pytest.mark.parametrize(
    "later",
    [
        {"field": "đất đai"},
        {"title": "Vụ án vi phạm quy định về đấu thầu"},  # as on the first row
        {"title": "Vụ án vi phạm quy định về đấu thầu", "province": "An Giang"},
    ],
)
def test_a_later_row_of_a_case_whose_first_row_was_refused_is_refused_with_it(
    demo_users, first, later
):
    from phoihop.cases.importing.report import rejects_xlsx

    rows = [sheets.row(**{"external_id": "K1", **first}), _later_row(**later)]

    table, partial = _import(demo_users["dieutra.ag"], sheets.xlsx(rows), partial=True)
    _, whole = _import(demo_users["dieutra.ag"], sheets.xlsx(rows))

    assert partial.rejected_rows == [2, 3]
    follower = [e for e in partial.errors if e.row == 3]
    assert [e.reason for e in follower] == [
        "Không nhập: vụ án chưa có trong hệ thống và dòng đầu tiên của nó (dòng 2) bị lỗi."
    ]
    rejects = load_workbook(io.BytesIO(rejects_xlsx(table, partial.errors)), read_only=True)
    assert [r[1] for r in list(rejects.worksheets[0].iter_rows(values_only=True))[1:]] == [
        "K1",
        "K1",
    ]
    assert whole.rejected_rows == [2]  # only the real error, in all or nothing
    assert _counts()[:2] == (0, 0)


@pytest.mark.parametrize("partial", [True, False])
def test_a_later_row_of_a_case_already_in_the_system_is_imported_when_the_first_is_refused(
    demo_users, partial
):
    officer = demo_users["dieutra.ag"]
    _import(officer, sheets.xlsx([sheets.row(external_id="K1", title="Vụ án K1")]))
    rows = [
        sheets.row(external_id="K1", title="Vụ án K1", date="31/02/2026"),
        _later_row(field="đất đai"),
    ]

    _, outcome = _import(officer, sheets.xlsx(rows), partial=partial)

    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Ngày quyết định")]
    case = Case.objects.get()
    if partial:
        assert (outcome.cases_updated, outcome.decisions_recorded) == (1, 1)
        # "đất đai" is kept as the field the dashboard counts (phoihop.domain.fields).
        assert (case.field, case.title, case.events.count()) == ("land", "Vụ án K1", 2)
    else:
        assert (case.field, case.events.count()) == ("", 1)


def test_a_case_header_without_its_required_columns_cannot_open_a_case():
    event = services.EventInput(type="case_initiated", date=dt.date(2026, 1, 5))

    with pytest.raises(InvalidInput, match="“Loại hồ sơ”, “Tỉnh, thành phố”"):
        _case_input({"title": "Vụ án"}, event, None, current=None)


def _sparse(last_row: int) -> bytes:
    rows = {1: sheets.HEADERS, last_row: sheets.row(external_id="HS-1")}
    return sheets.with_parts({}, sheet=sheets.sheet_xml(rows, dimension="A1:XFD1048576"))


def test_a_sparse_workbook_is_refused_quickly_by_the_rows_it_declares(demo_users):
    content = _sparse(1_000_000)
    started = time.monotonic()

    with pytest.raises(FileRefused, match="kể cả dòng trống"):
        _import(demo_users["dieutra.ag"], content)

    assert len(content) < 10_000
    assert time.monotonic() - started < 10  # not the quarter of an hour it once took


def test_a_workbook_with_blank_rows_before_its_data_within_the_margin_is_read(demo_users):
    _, outcome = _import(demo_users["dieutra.ag"], _sparse(5_000))

    assert outcome.errors == []
    assert outcome.rows == 1
    assert outcome.cases_created == 1


def test_a_template_column_far_to_the_right_is_refused_not_dropped(demo_users):
    header = [*sheets.HEADERS, *[""] * 20, "Ghi chú"]
    header[sheets.HEADERS.index("Ghi chú")] = ""
    content = sheets.with_parts({}, sheet=sheets.sheet_xml({1: header}))

    with pytest.raises(FileRefused, match=f"Cột {len(header)}"):
        _import(demo_users["dieutra.ag"], content)


@pytest.mark.parametrize(
    ("parts", "sheet", "message"),
    [
        # One part deflated a thousandfold (a zip bomb), within the total.
        ({}, sheets.sheet_xml({1: sheets.HEADERS}, padding=1_500_000), "nén bất thường"),
        # Parts each small, together beyond ten times the file's size limit.
        ({f"xl/media/anh{n}.bin": b"\0" * 900_000 for n in range(3)}, None, "giải nén"),
    ],
    ids=["one-part", "all-parts"],
)
def test_a_workbook_that_unpacks_to_far_more_than_its_size_is_refused(parts, sheet, message):
    from phoihop.cases.importing.reader import read_table

    content = sheets.with_parts(parts, sheet=sheet)

    with pytest.raises(FileRefused, match=message):
        read_table(io.BytesIO(content), "vu-an.xlsx", max_bytes=200_000, max_rows=100)


def test_a_former_provinces_history_imports_under_its_successor_naming_the_body_that_decided(
    demo_users,
):  # type: ignore[no-untyped-def]
    """The An Giang police of today enter a 2024 case of the former Kiên Giang province:
    each decision named as made by the Kiên Giang police of the time, one date known only
    to the month; the same file again changes nothing."""
    case = {"external_id": "KG-2024-07", "province": "Kiên Giang", "issuer": "KG-CSDT"}
    rows = [
        sheets.row(**case, date="12/03/2024"),
        sheets.row(
            **case,
            decision="Trưng cầu giám định",
            date="10/05/2024",
            date_known="tháng",
            charges="",
        ),
    ]
    content = sheets.xlsx(rows)

    _, first = _import(demo_users["dieutra.ag"], content)
    _, second = _import(demo_users["dieutra.ag"], content)

    assert first.errors == []
    assert (first.cases_created, first.decisions_recorded) == (1, 2)
    assert second.decisions_recorded == 0
    imported = Case.objects.get()
    assert imported.province.code == "AG"
    events = list(imported.events.order_by("sequence"))
    assert [e.agency.code for e in events] == ["KG-CSDT", "KG-CSDT"]
    assert events[1].date == dt.date(2024, 5, 31)
    assert events[1].params["date_known"] == "month"


def test_a_body_that_did_not_exist_on_the_rows_date_refuses_the_file(demo_users):  # type: ignore[no-untyped-def]
    rows = [sheets.row(external_id="AG-2024-01", date="12/03/2024")]  # today's AG police

    _, outcome = _import(demo_users["dieutra.ag"], sheets.xlsx(rows))

    assert _counts()[:2] == (0, 0)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Ngày quyết định")]
    assert "01/07/2025" in outcome.errors[0].reason
    assert "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang" in outcome.errors[0].reason


def test_a_decision_of_this_month_known_to_the_month_imports_once_whatever_the_day(demo_users, now):  # type: ignore[no-untyped-def]
    """Kept as today's date while the month runs: a second import days later finds it."""
    on = now.date()
    rows = [
        sheets.row(external_id="HS-THANG", date=on.replace(day=1).strftime("%d/%m/%Y")),
        sheets.row(
            external_id="HS-THANG",
            decision="Trưng cầu giám định",
            date=on.strftime("%d/%m/%Y"),
            date_known="tháng",
            charges="",
        ),
    ]
    content = sheets.xlsx(rows)
    officer = demo_users["dieutra.ag"]

    _, first = import_file(
        user=officer, stream=io.BytesIO(content), name="a.xlsx", partial=False, now=now
    )
    _, later = import_file(
        user=officer,
        stream=io.BytesIO(content),
        name="a.xlsx",
        partial=False,
        now=now + dt.timedelta(days=1),
    )

    assert first.errors == []
    assert first.decisions_recorded == 2
    assert (later.decisions_recorded, later.unchanged) == (0, 2)


def test_a_case_out_of_the_importers_scope_is_refused_even_where_the_row_would_change_nothing(
    demo_users,
):
    """The rows already in the record are counted unchanged without the services, but only
    for the cases the importer sees: another province's body naming the case gets the
    services' refusal, not a count."""
    rows = [sheets.row(national_code="VA-AG-2", external_id="")]
    _import(demo_users["dieutra.ag"], sheets.xlsx(rows))
    before = _counts()

    _, outcome = _import(demo_users["dieutra.hn"], sheets.xlsx(rows))

    assert [error.column for error in outcome.errors] == ["Mã vụ án quốc gia"]
    assert outcome.unchanged == 0
    assert _counts() == before
