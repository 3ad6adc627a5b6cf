"""The Content-Security-Policy in Debian's Chromium: every main page, its charts, its
htmx requests and the API docs work under the policy without a single violation (no
inline script, event handler, style element, style attribute or eval left anywhere)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.functional.conftest import login

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

# Installed before any page script runs: the browser reports each violation as a
# `securitypolicyviolation` event on the document.
_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} `
    + `(${event.sourceFile}:${event.lineNumber}) ${event.sample}`
  );
});
"""


class Violations:
    """What the page's documents and Chromium's console reported against the policy."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.console: list[str] = []
        self.events: list[str] = []
        page.add_init_script(_WATCH)
        page.on("console", self._console)

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def collect(self) -> list[str]:
        """The violations so far, this document's events included (read before leaving it)."""
        self.events.extend(self.page.evaluate("(window.__violations || []).splice(0)"))
        return self.console + self.events

    def visit(self, path: str) -> None:
        self.collect()
        response = self.page.goto(path)
        assert response is not None
        assert response.status == 200, path
        self.page.wait_for_load_state("networkidle")


@pytest.fixture
def watched(page):  # type: ignore[no-untyped-def]
    return Violations(page)


def test_the_watch_reports_a_violation(watched, page, demo_users):
    # A guard on the guard: an inline style added to a page under the policy is
    # refused and reported, so an empty report below means none happened.
    watched.visit("/accounts/login/")

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b style=\"color:red\">x</b>')")
    page.wait_for_timeout(200)

    assert any("style-src" in v for v in watched.collect())


def test_an_officer_works_through_the_main_pages_without_a_violation(watched, page, open_case):
    case = open_case()
    login(page, "noichinh.ag")

    # The case list, and its htmx filter carrying the CSRF token.
    watched.visit("/")
    expect(page.get_by_test_id("case-row")).to_have_count(1)
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true") as htmx:
        filters = page.get_by_test_id("filters").locator("select").first
        filters.select_option(index=1)
    assert len(htmx.value.headers.get("x-csrftoken", "")) == 64
    page.wait_for_load_state("networkidle")

    watched.visit(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("timeline")).to_be_visible()

    # The overview: the charts drawn, a tooltip shown, the bars sized, the province
    # chosen without a button.
    watched.visit("/overview/")
    chart = page.locator("#chart-stages")
    expect(chart.locator("svg")).to_be_visible()
    labels = chart.locator("text").count()
    chart.locator("path[fill='#8b1a1a']").first.hover()
    expect(chart.locator("text")).not_to_have_count(labels)  # the tooltip, drawn in the SVG
    bar = page.locator("[data-bar-percent]").first
    expect(bar).to_have_attribute("style", f"width: {bar.get_attribute('data-bar-percent')}%;")
    with page.expect_navigation():
        page.get_by_test_id("scope-form").locator("select").select_option(index=1)
    assert "province=" in page.url

    for path in (
        "/coordination/inbox/",
        "/coordination/meetings/",
        "/clocks/",
        "/clocks/calendar/",
    ):
        watched.visit(path)

    # The API docs: Swagger UI, served by us, drawn and an operation opened.
    watched.visit("/api/v1/docs")
    operation = page.locator(".opblock-summary").first
    expect(operation).to_be_visible()
    operation.click()
    expect(page.locator(".opblock-body").first).to_be_visible()

    assert watched.collect() == []


def test_an_administrator_lists_the_users_without_a_violation(watched, page, demo_users):
    login(page, "admin")

    watched.visit("/accounts/users/")
    expect(page.get_by_role("table")).to_be_visible()

    assert watched.collect() == []


def test_a_new_user_enrols_an_authenticator_without_a_violation(watched, page, demo_users):
    # A cleared user who has never enrolled: the password leads to the QR code.
    watched.visit("/accounts/login/")
    page.fill("#id_username", "toaan.ag")
    page.fill("#id_password", "phoihop-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/**")

    expect(page.get_by_test_id("totp-qr").locator("svg path")).to_be_visible()
    assert watched.collect() == []
