"""The export journey in Debian's Chromium: an officer filters the case list, ticks
"Không gồm vụ án mật", downloads the list as .xlsx, and imports that file back: nothing
changes."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from phoihop.cases.exports import CASE_HEADERS
from phoihop.cases.models import Case, CaseEvent
from tests.functional.conftest import login
from tests.functional.worker import worker_process

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

TITLE = CASE_HEADERS.index("Tên vụ án, vụ việc")


def test_an_officer_exports_the_filtered_list_without_classified_cases_and_imports_it_back(
    page, open_case, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    open_case("Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang")
    open_case("Vụ án tham nhũng mật tại Sở Xây dựng", classification=1)
    open_case("Vụ án lừa đảo tại xã Mỹ Hòa Hưng", charges="174.2")
    login(page, "dieutra.ag")

    page.locator("#id_q").fill("tham nhũng")
    page.locator("#id_q").press("Enter")  # the rows and the export form come back together
    expect(page.get_by_test_id("case-row")).to_have_count(2)
    page.get_by_test_id("export-without-classified").check()
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)

    rows = list(load_workbook(io.BytesIO(exported.read_bytes())).active.values)
    assert [row[TITLE] for row in rows[1:]] == ["Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang"]
    assert not exported.name.startswith("MẬT")
    before = (Case.objects.count(), CaseEvent.objects.count())

    page.get_by_test_id("import-link").click()
    page.set_input_files("#id_file", str(exported))
    page.get_by_test_id("import-submit").click()

    expect(page.get_by_test_id("import-summary")).to_have_attribute("data-outcome", "imported")
    expect(page.get_by_test_id("import-summary")).to_contain_text("Không có gì thay đổi")
    expect(page.locator('[data-count="unchanged"]')).to_have_text("1")
    assert (Case.objects.count(), CaseEvent.objects.count()) == before


def test_a_long_list_is_exported_by_the_worker_from_the_page_that_asks_first(
    page, open_case, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    settings.PHOIHOP_EXPORT_INLINE_CASES = 1  # two cases: the worker's
    open_case("Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang")
    open_case("Vụ án tham nhũng tại Sở Y tế tỉnh An Giang")
    open_case("Vụ án lừa đảo tại xã Mỹ Hòa Hưng", charges="174.2")
    login(page, "dieutra.ag")

    page.locator("#id_q").fill("tham nhũng")
    page.locator("#id_q").press("Enter")
    expect(page.get_by_test_id("case-row")).to_have_count(2)
    page.get_by_test_id("export-xlsx").click()
    expect(page.get_by_test_id("export-in-worker")).to_contain_text("2 vụ án")
    page.get_by_test_id("export-start").click()

    page.wait_for_url("**/jobs/*/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xuất danh sách vụ án")
    worker = worker_process(tmp_path)
    try:
        expect(page.get_by_test_id("job-file")).to_be_visible(timeout=90_000)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    with page.expect_download() as download:
        page.get_by_test_id("job-file").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)

    rows = list(load_workbook(io.BytesIO(exported.read_bytes())).active.values)
    assert sorted(row[TITLE] for row in rows[1:]) == [
        "Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang",
        "Vụ án tham nhũng tại Sở Y tế tỉnh An Giang",
    ]
    page.get_by_test_id("job-again").click()  # "Về danh sách vụ án"
    expect(page.get_by_test_id("filters")).to_be_visible()
