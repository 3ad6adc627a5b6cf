"""Journeys in Debian's Chromium driven by Playwright against the live test server.
Never a downloaded browser: the executable is the system's."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PHOIHOP_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 768}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, username: str, password: str = "phoihop-demo") -> None:  # type: ignore[no-untyped-def]
    """Both steps of signing in, as the user would: the password, then the current
    code of the user's authenticator (enrolled beforehand; enrolment itself is the
    journey of test_sign_in.py)."""
    from django.contrib.auth import get_user_model

    from tests.signin import authenticator_for, current_code

    device = authenticator_for(get_user_model().objects.get(username=username))
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/code/**")
    page.fill("#id_code", current_code(device))
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    """Sign out as the user would: from the user's menu (the second step of signing in
    has a button of its own, shown on the page)."""
    shown = page.get_by_role("button", name="Đăng xuất").filter(visible=True)
    if not shown.count():
        page.get_by_test_id("whoami").click()
    shown.first.click()
    page.wait_for_url("**/accounts/login/**")


def sign_in_as(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign out whoever is signed in, then sign in as ``username``."""
    if page.get_by_test_id("whoami").count():
        sign_out(page)
    login(page, username)


def send_expertise_request(page, case_id: int, to_agency_id: int, subject: str) -> None:  # type: ignore[no-untyped-def]
    """From the case's page, as the signed-in user would: a nine-day expertise request
    to the agency, sent; the browser is left on the request's page."""
    from playwright.sync_api import expect

    page.goto(f"/cases/{case_id}/")
    page.get_by_role("link", name="Gửi yêu cầu phối hợp").click()
    page.select_option("#id_kind", "expertise")
    page.select_option("#id_to_agency", str(to_agency_id))
    page.fill("#id_subject", subject)
    page.select_option("#id_variant", "NINE_DAYS")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_test_id("request-status")).to_have_text("Đã gửi")
