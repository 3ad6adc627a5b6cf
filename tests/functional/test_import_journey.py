"""The import journey in Debian's Chromium: from the case list to the import page, a
file with one bad row refused and the row shown, the valid rows imported with the box
ticked, and the new case in the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phoihop.cases.importing.columns import COLUMNS
from tests.functional.conftest import login
from tests.integration.imports import sheets

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

GOOD_TITLE = "Vụ án vi phạm quy định về đấu thầu tại Bệnh viện Đa khoa tỉnh An Giang"


@pytest.fixture
def one_bad_row(tmp_path):  # type: ignore[no-untyped-def]
    """Two cases: the first fine (sheet rows 2-3), the second dated 31 February (row 4)."""
    rows = [
        sheets.row(external_id="HS-GOOD", title=GOOD_TITLE, doc_number="1/QĐ-CSĐT"),
        sheets.row(
            external_id="HS-GOOD",
            kind="",
            title="",
            province="",
            charges="",
            decision="Trưng cầu giám định",
            date="08/01/2026",
            doc_number="1/QĐ-TCGĐ",
        ),
        sheets.row(external_id="HS-BAD", title="Vụ án có ngày sai", date="31/02/2026"),
    ]
    path = tmp_path / "vu-an.xlsx"
    path.write_bytes(sheets.xlsx(rows))
    return path


def test_an_officer_imports_the_valid_rows_of_a_file_with_one_bad_row(
    page, demo_users, settings, tmp_path, one_bad_row
):
    settings.VAR_DIR = tmp_path
    login(page, "dieutra.ag")

    page.get_by_test_id("import-link").click()
    page.wait_for_url("**/cases/import/")
    page.set_input_files("#id_file", str(one_bad_row))
    page.get_by_test_id("import-submit").click()

    errors = page.get_by_test_id("import-error")
    expect(page.get_by_test_id("import-summary")).to_have_attribute("data-outcome", "refused")
    expect(errors).to_have_count(1)
    expect(errors.first).to_have_attribute("data-row", "4")
    expect(errors.first).to_contain_text(COLUMNS[[c.key for c in COLUMNS].index("date")].header)
    expect(errors.first).to_contain_text("31/02/2026")

    page.check("#id_partial")
    page.set_input_files("#id_file", str(one_bad_row))
    page.get_by_test_id("import-submit").click()

    expect(page.get_by_test_id("import-summary")).to_have_attribute("data-outcome", "partial")
    expect(page.locator('[data-count="cases_created"]')).to_have_text("1")
    expect(page.get_by_test_id("rejects-xlsx")).to_be_visible()

    page.goto("/")
    rows = page.get_by_test_id("case-row")
    expect(rows.filter(has_text=GOOD_TITLE)).to_have_count(1)
    expect(rows.filter(has_text="Vụ án có ngày sai")).to_have_count(0)
