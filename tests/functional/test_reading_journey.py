"""A decision read from its scan in Debian's Chromium: the officer gives the case page a
scanned decision, checks the fields marked for checking beside the text they came from,
corrects one, confirms, and finds the decision on the case with its document and the
clock it starts. And a case's history sent at once: two documents read by the worker,
then confirmed one after the other in the order of their dates."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from playwright.sync_api import expect

from phoihop.audit.models import AuditEvent
from tests.corpus_reading import forms as corpus_forms
from tests.corpus_reading import samples
from tests.corpus_reading.files import render_docx, render_pdf, render_scan
from tests.functional.conftest import login
from tests.functional.worker import worker_process

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

# The corpus's case initiation (seed 22), scanned with seed 1: a grey PNG at 200 dpi on
# which Tesseract is unsure of the document number's words.
SCAN_SEED = 1
TITLE = "Tin báo về sai phạm tại Trạm Y tế xã Tân Lập"


def test_an_officer_records_a_decision_from_its_scan_after_correcting_a_doubtful_field(
    page, demo_users, now, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "files"
    document, truth = samples.initiation()
    scan = render_scan(render_pdf(document), random.Random(SCAN_SEED))
    reported_on = truth.signed_on - dt.timedelta(days=20)
    case = samples.police_case(demo_users["dieutra.ag"], now, on=reported_on, title=TITLE)
    login(page, "dieutra.ag")
    page.goto(f"/cases/{case.pk}/")

    reading = page.get_by_test_id("reading-form")
    reading.get_by_label("Văn bản quyết định").set_input_files(
        files=[{"name": scan.name, "mimeType": "image/png", "buffer": scan.data}]
    )
    reading.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(f"**/cases/{case.pk}/documents/*/")

    expect(page.get_by_test_id("reading-summary")).to_contain_text("nhận dạng chữ")
    number_row = page.locator('[data-field-row="doc_number"]')
    expect(number_row.get_by_test_id("needs-check")).to_have_text("cần kiểm tra")
    expect(page.locator("#id_doc_number")).to_have_class(re.compile(r"\breading-unsure\b"))
    expect(page.locator("mark#read-doc_number.reading-unsure")).to_be_visible()
    expect(page.locator("#id_type")).to_have_value("case_initiated")
    expect(page.locator("#id_date")).to_have_value(truth.signed_on.strftime("%d/%m/%Y"))
    corrected = f"{truth.doc_number.split('/')[0]}/{truth.signed_on.year}/QĐ-CSĐT"
    page.fill("#id_doc_number", corrected)
    page.get_by_role("button", name="Xác nhận và ghi nhận").click()

    page.wait_for_url(f"**/cases/{case.pk}/#timeline")
    assert "Đã ghi nhận quyết định đọc từ văn bản." in page.content()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Khởi tố vụ án")
    expect(timeline).to_contain_text(corrected)
    expect(timeline.get_by_test_id("decision-document")).to_contain_text(scan.name)
    expect(page.locator('[data-testid="clock-row"][data-code="INVESTIGATION"]')).to_be_visible()
    entry = AuditEvent.objects.get(action="case.event.read")
    assert entry.data["method"] == "ocr"
    assert entry.data["changed"] == ["doc_number"]
    assert 0 < entry.data["ocr_confidence"] <= 1


def test_an_officer_reads_two_documents_at_once_and_confirms_them_in_date_order(
    page, demo_users, now, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.VAR_DIR = tmp_path
    opened_on = now.date() - dt.timedelta(days=90)
    case = samples.police_case(demo_users["dieutra.ag"], now, on=opened_on, title=TITLE)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    later = render_docx(
        samples.dated(corpus_forms.expertise_requested, opened_on + dt.timedelta(days=40))
    )
    earlier = render_docx(
        samples.dated(corpus_forms.case_initiated, opened_on + dt.timedelta(days=10))
    )
    login(page, "dieutra.ag")
    page.goto(f"/cases/{case.pk}/")

    reading = page.get_by_test_id("reading-form")
    reading.get_by_label("Văn bản quyết định").set_input_files(
        files=[
            {"name": "trung-cau.docx", "mimeType": docx, "buffer": later},
            {"name": "khoi-to.docx", "mimeType": docx, "buffer": earlier},
        ]
    )
    reading.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.get_by_test_id("job")).to_have_attribute("data-state", "queued")
    expect(page.get_by_test_id("job-count")).to_contain_text("0/2 văn bản đã đọc")

    worker = worker_process(tmp_path)
    try:
        expect(page.get_by_test_id("reading-outcome")).to_have_attribute(
            "data-read", "2", timeout=90_000
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    page.get_by_test_id("batch-review").click()
    page.wait_for_url(f"**/cases/{case.pk}/documents/batch/*/")
    rows = page.get_by_test_id("batch-document")
    expect(rows.nth(0)).to_contain_text("khoi-to.docx")
    expect(rows.nth(1)).to_contain_text("trung-cau.docx")

    page.get_by_test_id("batch-next").click()
    expect(page.get_by_test_id("batch-position")).to_contain_text("Văn bản 1/2 của đợt")
    expect(page.locator("#id_type")).to_have_value("case_initiated")
    page.get_by_role("button", name="Xác nhận và ghi nhận").click()
    expect(page.get_by_test_id("batch-position")).to_contain_text("Văn bản 2/2 của đợt")
    expect(page.locator("#id_type")).to_have_value("expertise_requested")
    page.get_by_role("button", name="Xác nhận và ghi nhận").click()

    page.wait_for_url(f"**/cases/{case.pk}/#timeline")
    assert "Mọi văn bản của đợt đã được ghi nhận." in page.content()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Khởi tố vụ án")
    expect(timeline.get_by_test_id("decision-document")).to_have_count(2)
