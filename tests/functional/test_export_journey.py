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
