"""An export of a filtered case list goes back through the import page as it is and
changes nothing: every row names a case already in the record (by its national case
code, the importing agency's own case number, or its number in the shared record) and
a decision already recorded; no case, decision, reference or audit entry is written.
A row that differs from the record keeps the import's rules: a changed header is an
update, counted and audited; a number in the record never opens a case."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.exports import CASE_HEADERS
from phoihop.cases.importing.apply import import_file
from phoihop.cases.models import Case, CaseAgency, CaseEvent, CaseReference
from phoihop.domain.procedure.events import EventType
from tests.integration.imports import sheets
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


@pytest.fixture
def record(demo_users, open_case, now, today):  # type: ignore[no-untyped-def]
    """Cases as the police of An Giang hold them, each entered the way production
    enters it: imported with the agency's own number, opened on the page with a
    national code, a decision known to the month, a field, a classified case, a title
    that looks like a formula, a matter and, outside the filter, a crime report."""
    officer = demo_users["dieutra.ag"]
    started = today - dt.timedelta(days=60)
    imported = [
        sheets.row(
            external_id="HS-2026-0042",
            title="Vụ án vi phạm quy định về đấu thầu tại Sở Y tế",
            field="đấu thầu",
            date=started.strftime("%d/%m/%Y"),
            doc_number="42/QĐ-CSĐT",
            agencies="AG-VKS; AG-TA",
        ),
        sheets.row(
            external_id="HS-2026-0042",
            kind="",
            title="",
            province="",
            charges="",
            decision="Trưng cầu giám định",
            date=(started + dt.timedelta(days=3)).strftime("%d/%m/%Y"),
            doc_number="43/QĐ-TCGĐ",
        ),
    ]
    _, outcome = import_file(
        user=officer,
        stream=io.BytesIO(sheets.xlsx(imported)),
        name="vu-an.xlsx",
        partial=False,
        now=now,
    )
    assert outcome.errors == []
    coded = services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án tham ô tài sản tại Công ty Lương thực",
            province_id=officer.agency.province_id,
            national_code="AG-2026-0007",
            field="land",
            monitoring="provincial",
            first_event=services.EventInput(
                type=EventType.CASE_INITIATED.value,
                date=started,
                params={"charges": "353.3"},
            ),
        ),
        now=now,
    )
    services.case_record_event(
        user=officer,
        case_id=coded.pk,
        expected_version=None,
        event=services.EventInput(
            type=EventType.EXPERTISE_REQUESTED.value,
            date=started + dt.timedelta(days=10),
            params={"date_known": "month"},
        ),
        now=now,
    )
    open_case("Vụ án mật về đất đai tại xã Mỹ Hòa Hưng", classification=1)
    open_case('=HYPERLINK("http://x","bấm vào")', charges="174.2")
    services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title="Tin báo về tội phạm tại Chợ Mới",
            province_id=officer.agency.province_id,
            first_event=services.EventInput(
                type=EventType.CRIME_REPORT_RECEIVED.value, date=today - dt.timedelta(days=5)
            ),
        ),
        now=now,
    )
    return officer


def _record() -> tuple[list[dict[str, Any]], ...]:
    """Everything an import could write, field by field."""
    return (
        list(Case.objects.order_by("pk").values()),
        list(CaseEvent.objects.order_by("pk").values()),
        list(CaseReference.objects.order_by("pk").values()),
        list(CaseAgency.objects.order_by("pk").values()),
    )


def _import_page(client, content: bytes, name: str) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/cases/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200, response.content.decode()[-2000:]
    return response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_of_a_filtered_list_reimports_and_changes_nothing(client, record, fmt):
    sign_in(client, record)
    exported = client.get(f"/cases/export/cases.{fmt}", {"stage": "investigation"})
    assert exported.status_code == 200
    before, audited = _record(), AuditEvent.objects.count()

    html = _import_page(client, exported.content, f"danh-sach.{fmt}")

    assert 'data-outcome="imported"' in html
    assert "Không có gì thay đổi" in html
    assert 'data-count="rows">4<' in html  # the crime report is not in the filtered list
    assert 'data-count="unchanged">4<' in html
    for counter in ("cases_created", "cases_updated", "decisions_recorded"):
        assert f'data-count="{counter}">0<' in html
    assert _record() == before
    assert AuditEvent.objects.count() == audited


def test_the_rows_name_their_cases_by_each_key_they_have(client, record):
    sign_in(client, record)

    sheet = load_workbook(io.BytesIO(client.get("/cases/export/cases.xlsx").content)).active

    rows = [
        dict(zip(CASE_HEADERS, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    ]
    by_title = {row["Tên vụ án, vụ việc"]: row for row in rows}
    imported = by_title["Vụ án vi phạm quy định về đấu thầu tại Sở Y tế"]
    assert imported["Số hồ sơ của cơ quan"] == "HS-2026-0042"
    assert imported["Quyết định"] == "Trưng cầu giám định"  # its latest decision
    assert imported["Lĩnh vực"] == "đấu thầu"
    coded = by_title["Vụ án tham ô tài sản tại Công ty Lương thực"]
    assert coded["Mã vụ án quốc gia"] == "AG-2026-0007"
    assert coded["Ngày biết đến"] == "tháng"
    assert coded["Theo dõi, chỉ đạo"] == "Ban Chỉ đạo cấp tỉnh"
    assert by_title["Vụ án mật về đất đai tại xã Mỹ Hòa Hưng"]["Độ mật"] == "Mật"
    assert all(row["Số hồ sơ dùng chung"].startswith("#") for row in rows)


def test_a_changed_title_is_an_update_counted_and_audited_as_before(client, record):
    sign_in(client, record)
    content = client.get("/cases/export/cases.xlsx", {"q": "Lương thực"}).content
    book = load_workbook(io.BytesIO(content))
    title = book.active.cell(row=2, column=CASE_HEADERS.index("Tên vụ án, vụ việc") + 1)
    title.value = "Vụ án tham ô tài sản tại Công ty Lương thực Hậu Giang"
    edited = io.BytesIO()
    book.save(edited)
    events, imports = CaseEvent.objects.count(), AuditEvent.objects.filter(action="cases.imported")
    imported_before = imports.count()

    html = _import_page(client, edited.getvalue(), "sua.xlsx")

    assert 'data-count="cases_updated">1<' in html
    assert Case.objects.get(national_code="AG-2026-0007").title.endswith("Hậu Giang")
    assert CaseEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="case.edited").exists()
    assert imports.count() == imported_before + 1


def test_a_number_in_the_record_that_names_no_case_opens_none(client, record):
    sign_in(client, record)
    rows = [sheets.row(record="#999999", title="Vụ án không có")]
    cases = Case.objects.count()

    response = client.post(
        "/cases/import/", {"file": SimpleUploadedFile("sai.xlsx", sheets.xlsx(rows))}
    )

    assert response.status_code == 400
    assert "Không có vụ án #999999" in response.content.decode()
    assert Case.objects.count() == cases


def test_a_case_the_importer_may_not_see_is_refused_as_if_it_did_not_exist(
    client, record, demo_users
):
    sign_in(client, demo_users["dieutra.hn"])  # Hà Nội's police: no An Giang case
    hidden = Case.objects.get(national_code="AG-2026-0007")
    rows = [
        sheets.row(record=f"#{hidden.pk}", title="Vụ án"),
        sheets.row(record=f"#{hidden.pk}", national_code="HN-2026-0001", title="Vụ án"),
    ]

    response = client.post(
        "/cases/import/", {"file": SimpleUploadedFile("do.xlsx", sheets.xlsx(rows))}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(f"Không có vụ án #{hidden.pk} trong hồ sơ dùng chung") == 2
    assert "chỉ hai vụ án" not in html


def test_the_demo_record_exported_whole_reimports_unchanged(client, demo_users, today):
    """The generated demo: cases of every stage, a third without a national code, none
    with an agency's own number, dates known to the month, extensions, transfers."""
    from phoihop.demo.loader import demo_cases_load

    demo_cases_load(count=150, seed=2026, today=today)
    sign_in(client, demo_users["noichinh.tw"])
    exported = client.get("/cases/export/cases.csv")
    before, audited = _record(), AuditEvent.objects.count()

    html = _import_page(client, exported.content, "toan-bo.csv")

    assert 'data-count="rows">150<' in html
    assert 'data-count="unchanged">150<' in html
    assert _record() == before
    assert AuditEvent.objects.count() == audited
