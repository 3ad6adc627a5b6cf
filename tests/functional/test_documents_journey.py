"""The documents journey in Debian's Chromium: the commission's coordinator opens an
overdue detention on the case page, follows its "Follow-up letter" link to the letter's
form, keeps the body's leader as signer and downloads the letter; then downloads the
month's report as a PDF, signed the same way. Both files are read back."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.files.rendering import tool
from tests.functional.conftest import login
from tests.records import detain, suspect_charge

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

ACCUSED = "Hà Văn Sơn"


def test_a_coordinator_issues_a_signed_letter_and_report(
    page, open_case, demo_users, now, tmp_path
):  # type: ignore[no-untyped-def]
    start = now.date() - dt.timedelta(days=80)
    case = open_case(initiated_on=start, charges="353.1", classification=1)
    police = demo_users["dieutra.ag"]
    person = suspect_charge(case, police, now, ACCUSED, on=start, charges="353.1")
    detain(case, police, now, person, on=now.date() - dt.timedelta(days=70))
    login(page, "noichinh.ag")

    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Văn bản đôn đốc").first.click()
    expect(page.get_by_test_id("letter-form")).to_be_visible()
    expect(page.locator("#id_signer")).to_contain_text("Phan Văn Lãnh")
    with page.expect_download() as download:
        page.get_by_test_id("letter-submit").click()
    letter = tmp_path / "letter.docx"
    download.value.save_as(letter)
    text = "\n".join(p.text for p in Document(str(letter)).paragraphs)
    header = Document(str(letter)).tables[0]
    assert f"bị can {ACCUSED}" in text
    assert [p.text for p in header.rows[1].cells[0].paragraphs if p.text][-1] == "MẬT"

    page.goto("/overview/report/")
    page.get_by_label("PDF").check()
    with page.expect_download() as download:
        page.get_by_test_id("report-submit").click()
    report = tmp_path / "report.pdf"
    download.value.save_as(report)
    printed = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(report), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    assert "TỈNH ỦY AN GIANG" in printed
    assert "TRƯỞNG BAN" in printed
    assert "Phan Văn Lãnh" in printed
