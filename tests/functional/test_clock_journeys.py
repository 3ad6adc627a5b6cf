"""The deadline calculator and the case's clocks in Debian's Chromium."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.functional.conftest import login

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


def test_an_officer_computes_the_investigation_deadline_with_its_explanation(page, demo_users):
    login(page, "dieutra.ag")
    page.get_by_role("link", name="Tính thời hạn").click()

    page.select_option("#id_clock", "INVESTIGATION")
    page.fill("#id_start", "30/06/2026")
    page.select_option("#id_category", label="Rất nghiêm trọng")
    page.get_by_role("button", name="Tính", exact=True).click()

    expect(page.get_by_test_id("deadline")).to_have_text("30/10/2026")
    expect(page.get_by_test_id("steps")).to_contain_text("Điều 134")


def test_a_refused_extension_is_explained_next_to_its_field(page, demo_users):
    login(page, "dieutra.ag")
    page.goto("/clocks/")

    page.select_option("#id_clock", "INVESTIGATION")
    page.fill("#id_start", "05/01/2026")
    page.select_option("#id_category", label="Nghiêm trọng")
    for number, months in enumerate((3, 2, 1), start=1):
        page.get_by_label(f"Lần {number}", exact=True).fill(str(months))
    page.get_by_role("button", name="Tính", exact=True).click()

    refusal = page.locator('.invalid-feedback[data-field="extension_3"]')
    expect(refusal).to_contain_text("Lần 3: ")
    expect(refusal).to_contain_text("172")


def test_the_case_page_shows_the_running_investigation_clock(page, open_case, now):
    initiated = now.date() - dt.timedelta(days=100)
    case = open_case(initiated_on=initiated, charges="353.1")  # NT: 3 months
    login(page, "noichinh.ag")

    page.goto(f"/cases/{case.pk}/")

    row = page.locator('[data-testid="clock-row"][data-code="INVESTIGATION"]')
    expect(row).to_contain_text("Điều 172")
    expect(row).to_contain_text("Quá hạn")
