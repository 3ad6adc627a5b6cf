"""Agencies in their place, in Debian's Chromium: a case the provincial police open is at
once a case of the provincial procuracy, which answers the charging of the suspect and
extends the investigation from its own page (BLTTHS Art. 154(2), 172, 179(4))."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from phoihop.cases.models import Case
from tests.functional.conftest import login, sign_in_as

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

TITLE = "Vụ án tham ô tài sản tại Công ty Cấp thoát nước An Giang"


def _record(page, kind: str, on: dt.date, **fields: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#id_type", kind)
    page.fill("#id_date", on.isoformat())
    for name, value in fields.items():
        if name == "person":
            page.select_option("#id_person", label=value)
        else:
            page.fill(f"#id_{name}", value)
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    page.wait_for_url("**/#timeline")


def test_the_procuracy_sees_the_police_case_at_once_and_answers_it_from_its_own_page(
    page, demo_users, today
):
    initiated_on = today - dt.timedelta(days=100)
    login(page, "dieutra.ag")
    page.goto("/cases/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_charges", "353.3")
    page.select_option("#id_first_event", "case_initiated")
    page.fill("#id_date", initiated_on.isoformat())
    page.get_by_role("button", name="Mở hồ sơ").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get(title=TITLE)

    page.locator("summary", has_text="Thêm người liên quan").click()
    page.fill("#id_person-full_name", "Trần Văn Khánh")
    page.locator("[data-testid=person-form] button[type=submit]").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    _record(
        page,
        "suspect_charged",
        initiated_on + dt.timedelta(days=5),
        person="Trần Văn Khánh",
        charges="353.3",
    )

    sign_in_as(page, "kiemsat.ag")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.get_by_test_id("case-agencies")).to_contain_text(
        "Viện kiểm sát nhân dân tỉnh An Giang"
    )
    _record(
        page,
        "suspect_charging_approved",
        initiated_on + dt.timedelta(days=7),
        person="Trần Văn Khánh",
        doc_number="12/QĐ-VKS-P1",
    )
    _record(page, "investigation_extended", today - dt.timedelta(days=1), months="3")

    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Phê chuẩn quyết định khởi tố bị can")
    expect(timeline).to_contain_text("12/QĐ-VKS-P1")
    expect(timeline).to_contain_text("Gia hạn điều tra")
    recorded_by = set(case.events.values_list("type", "agency__code"))
    assert ("suspect_charging_approved", "AG-VKS") in recorded_by
    assert ("investigation_extended", "AG-VKS") in recorded_by
