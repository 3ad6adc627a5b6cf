"""A large import in Debian's Chromium: the file goes to the worker, the browser to the
job's page, whose progress bar waits for `phoihop worker` (a real one, started here on
the test's database) and then gives way to the import's outcome, as the import page
shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.functional.conftest import login
from tests.functional.worker import worker_process
from tests.integration.imports import sheets

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

CASES = 5  # two rows each: over the threshold set below


def test_an_officer_follows_a_large_import_to_its_outcome(page, demo_users, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PHOIHOP_IMPORT_INLINE_ROWS = 4
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(sheets.xlsx(sheets.cases(CASES)))
    login(page, "dieutra.ag")

    page.get_by_test_id("import-link").click()
    page.wait_for_url("**/cases/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_test_id("import-submit").click()

    page.wait_for_url("**/jobs/*/")
    expect(page.get_by_test_id("job")).to_have_attribute("data-state", "queued")
    expect(page.get_by_test_id("job-progress")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ho-so.xlsx")

    worker = worker_process(tmp_path)
    try:
        summary = page.get_by_test_id("import-summary")
        expect(summary).to_have_attribute("data-outcome", "imported", timeout=90_000)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    expect(page.get_by_test_id("job")).to_have_attribute("data-state", "done")
    expect(page.locator('[data-count="cases_created"]')).to_have_text(str(CASES))
    expect(page.get_by_test_id("job-progress")).to_have_count(0)

    page.get_by_role("link", name="Nhập tệp khác").click()
    page.wait_for_url("**/cases/import/")
