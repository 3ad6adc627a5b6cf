"""Signing in, in Debian's Chromium: enrolling an authenticator and signing in with its
code, a backup code, the lockout after five wrong passwords, and a session that
expires when idle."""

from __future__ import annotations

import base64
import time

import pytest
from playwright.sync_api import expect

from tests.functional.conftest import login, sign_out

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


def _code_for_key(key_b32: str) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(key_b32))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _password_step(page, username: str, password: str = "phoihop-demo") -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    sign_out(page)


def test_an_officer_enrols_an_authenticator_then_signs_in_with_its_code(page, demo_users):
    _password_step(page, "kiemsat.ag")

    # The officer holds a clearance: no page opens before the second step.
    page.wait_for_url("**/accounts/two-factor/**")
    page.goto("/")
    page.wait_for_url("**/accounts/two-factor/**")
    expect(page.get_by_role("link", name="Tổng quan")).to_have_count(0)  # no menu yet
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    key = page.get_by_test_id("totp-key").inner_text().strip()

    page.fill("#id_code", "000000" if _code_for_key(key) != "000000" else "111111")
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_contain_text("Mã không đúng")

    # After a wrong code the authenticator is throttled for a second (doubling with
    # each further failure): a code sent at once is refused with that reason.
    page.fill("#id_code", _code_for_key(key))
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_contain_text("chờ")
    time.sleep(2.1)
    page.fill("#id_code", _code_for_key(key))
    page.click("button[type=submit]")
    codes = page.get_by_test_id("backup-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    assert all(len(c) == 8 and c.isdigit() for c in codes)
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.get_by_test_id("whoami")).to_contain_text("Phạm Thị Ngọc Hân")
    expect(page.get_by_role("link", name="Tổng quan")).to_be_visible()

    # Next time: password, then a code; a backup code works once.
    _sign_out(page)
    _password_step(page, "kiemsat.ag")
    page.wait_for_url("**/accounts/two-factor/code/**")
    page.fill("#id_code", codes[0])
    page.click("button[type=submit]")
    expect(page.get_by_test_id("whoami")).to_be_visible()

    _sign_out(page)
    _password_step(page, "kiemsat.ag")
    page.fill("#id_code", codes[0])
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_be_visible()
    assert "/accounts/two-factor/code/" in page.url


def test_five_wrong_passwords_lock_the_username_at_that_address(page, demo_users):
    for _ in range(5):
        _password_step(page, "dieutra.ag", "not-the-password")
        expect(page.get_by_role("alert")).to_be_visible()

    # The right password no longer opens it; nor does the form say whether the
    # username exists: an unknown name gets the same answer.
    _password_step(page, "dieutra.ag")
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    assert "/accounts/two-factor/" not in page.url

    for _ in range(6):
        _password_step(page, "khong.ton.tai", "not-the-password")
    expect(page.get_by_test_id("locked-out")).to_be_visible()

    # Another user at the same address is not locked out.
    login(page, "kiemsat.ag")
    expect(page.get_by_test_id("whoami")).to_be_visible()

    from phoihop.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="auth.sign_in_failed").count() >= 5
    assert AuditEvent.objects.filter(action="auth.locked_out", data__username="dieutra.ag").exists()


def test_an_idle_session_expires_on_the_server(page, demo_users):
    from django.contrib.sessions.models import Session

    from phoihop.accounts.sessions import SEEN_AT

    login(page, "dieutra.ag")
    expect(page.get_by_test_id("whoami")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")

    # Sixteen minutes without a request: the stamp the server keeps, moved back.
    stored = Session.objects.get(session_key=cookie["value"])
    data = stored.get_decoded()
    data[SEEN_AT] -= 16 * 60
    Session.objects.save(cookie["value"], data, stored.expire_date)

    page.goto("/")
    page.wait_for_url("**/accounts/login/**")
    expect(page.get_by_role("alert")).to_contain_text("hết hạn")
    assert not Session.objects.filter(session_key=cookie["value"]).exists()
