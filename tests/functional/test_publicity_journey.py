"""Public information in Debian's Chromium, clicked as the An Giang commission would:
the press officer drafts a release from a case page, the record check flags a figure
typed wrong, the leader cannot approve it until it is corrected, approves and
publishes it, and anyone reads it on the public page without signing in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phoihop.publicity.models import PressRelease
from tests.functional.conftest import sign_in_as, sign_out
from tests.records import record_fill

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

TITLE = "Thông tin về kết quả điều tra vụ án tham ô tại Ban Quản lý dự án xã Mỹ Hòa Hưng"
WRONG = "Cơ quan điều tra đã khởi tố 3 bị can; thiệt hại 45,3 tỷ đồng."
RIGHT = "Cơ quan điều tra đã khởi tố 2 bị can; thiệt hại 45,3 tỷ đồng."


def test_a_release_drafted_from_a_case_is_checked_approved_and_read_without_signing_in(
    page, open_case, demo_users, now
):
    case = open_case()
    record_fill(
        case,
        demo_users["dieutra.ag"],
        now,
        accused=("Nguyễn Văn An", "Lê Thị Hồng"),
        amounts=(("damage", 45_300_000_000),),
    )

    # The press officer drafts from the case page: the record fills the text.
    sign_in_as(page, "baochi.ag")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Soạn thông tin công bố").click()
    page.select_option("#id_name_rule", "initials")
    page.get_by_role("button", name="Lập dự thảo từ hồ sơ").click()
    expect(page.get_by_test_id("release-status")).to_have_text("Dự thảo")
    expect(page.locator("#id_body")).to_contain_text("N.V.A., L.T.H.")
    expect(page.get_by_test_id("check-clean")).to_be_visible()

    # A figure typed wrong is flagged beside the text.
    page.fill("#id_title", TITLE)
    page.fill("#id_body", WRONG)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_test_id("check-problems")).to_contain_text("«3 bị can»")
    expect(page.get_by_test_id("check-problems")).to_contain_text("hồ sơ ghi 2")
    page.get_by_role("button", name="Trình duyệt").click()
    expect(page.get_by_test_id("release-status")).to_have_text("Đang trình duyệt")

    # The leader sees the flag and cannot approve until the text is corrected.
    sign_in_as(page, "lanhdao.noichinh.ag")
    page.get_by_role("link", name="Thông tin công bố").first.click()
    page.get_by_role("link", name=TITLE[:60]).click()
    expect(page.get_by_test_id("check-problems")).to_contain_text("«3 bị can»")
    page.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_test_id("refusal")).to_contain_text("«3 bị can»")
    expect(page.get_by_test_id("release-status")).to_have_text("Đang trình duyệt")
    page.get_by_role("button", name="Trả lại dự thảo").click()
    page.fill("#id_body", RIGHT)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_test_id("check-clean")).to_be_visible()
    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_test_id("release-status")).to_have_text("Đã duyệt")
    page.get_by_role("button", name="Công bố").click()
    expect(page.get_by_test_id("release-status")).to_have_text("Đã công bố")
    release = PressRelease.objects.get(title=TITLE)
    assert release.approved_by.username == "lanhdao.noichinh.ag"

    # Signed out, anyone finds it on the public page.
    sign_out(page)
    page.goto("/public/")
    page.select_option("#id_province", "AG")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("public-release")).to_contain_text(RIGHT)
    expect(page.get_by_test_id("public-release")).to_contain_text("Ban Nội chính")
    assert f"/public/releases/{release.public_ref}/" in page.url
