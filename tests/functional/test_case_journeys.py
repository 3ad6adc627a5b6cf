"""The journeys of issue "Foundation" in Debian's Chromium: sign in, list, search without
diacritics, open a case, record a decision and see it in the timeline; a user of another
province sees nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from phoihop.core.clock import today
from tests.functional.conftest import login

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def an_giang_cases(open_case, now):  # type: ignore[no-untyped-def]
    return {
        "corruption": open_case(
            "Vụ án tham nhũng tại Ban Quản lý dự án đầu tư xây dựng tỉnh An Giang"
        ),
        "fraud": open_case(
            "Vụ án lừa đảo chiếm đoạt tài sản tại phường Long Xuyên", charges="174.2"
        ),
    }


def test_the_commission_lists_and_finds_a_case_without_diacritics(page, an_giang_cases):
    login(page, "noichinh.ag")

    rows = page.get_by_test_id("case-row")
    expect(rows).to_have_count(2)
    page.fill("#id_q", "tham nhung")
    page.press("#id_q", "Enter")

    expect(rows).to_have_count(1)
    assert "tham nhũng" in rows.first.inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_an_officer_records_a_decision_and_sees_it_in_the_timeline(page, an_giang_cases):
    case = an_giang_cases["corruption"]
    login(page, "dieutra.ag")
    page.get_by_role("link", name=case.title).click()
    page.wait_for_url(f"**/cases/{case.pk}/")

    page.select_option("#id_type", "expertise_requested")
    page.fill("#id_date", today().isoformat())
    page.fill("#id_doc_number", "123/QĐ-CSĐT")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()

    page.wait_for_url(f"**/cases/{case.pk}/#timeline")
    timeline = page.get_by_test_id("timeline")
    assert "Trưng cầu giám định" in timeline.inner_text()
    assert "123/QĐ-CSĐT" in timeline.inner_text()
    assert "Đã ghi nhận quyết định." in page.content()


def test_a_refused_decision_shows_a_vietnamese_message_and_keeps_the_timeline(page, an_giang_cases):
    case = an_giang_cases["corruption"]
    login(page, "dieutra.ag")
    page.goto(f"/cases/{case.pk}/")

    page.select_option("#id_type", "expertise_requested")
    page.fill("#id_date", (case.opened_on - dt.timedelta(days=3)).isoformat())  # before the last
    page.get_by_role("button", name="Ghi nhận", exact=True).click()

    error = page.locator('[data-field="date"]')
    expect(error).to_contain_text("Ngày quyết định")
    assert page.get_by_test_id("timeline").locator("li").count() == 1


def test_an_officer_of_another_province_sees_nothing_and_gets_404(page, an_giang_cases):
    login(page, "dieutra.hn")

    assert page.get_by_test_id("case-row").count() == 0
    response = page.goto(f"/cases/{an_giang_cases['corruption'].pk}/")
    assert response is not None
    assert response.status == 404


def test_the_english_switch_translates_the_page(page, an_giang_cases):
    login(page, "noichinh.ag")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Cases").is_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vụ án, vụ việc").is_visible()
