"""Everyday use in Debian's Chromium at 1366×768: an unknown address and a refused
character keep the user in the application with the menu and what was typed; agencies
and agenda cases are found by typing without diacritics; a double click on a button
that creates something creates one thing; a text too long is said, not cut."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from phoihop.cases.models import Case, Person
from phoihop.coordination.models import Meeting, Request
from phoihop.domain.text import fold
from tests.functional.conftest import login
from tests.integration.core.test_once import EACH_CREATE_FORM

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

TITLE = "Vụ án vi phạm quy định về đấu thầu tại Sở Y tế tỉnh An Giang"


def _menu_is_there(page) -> None:  # type: ignore[no-untyped-def]
    nav = page.locator("nav")
    expect(nav.get_by_role("link", name="Vụ án, vụ việc")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_be_visible()


def _pick(page, field_id: str, typed: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Choose in a searchable picker as a user does: click it, type, click the option.
    A picker that searches through the API shows what the API answered."""
    wrapper = page.locator(f".ts-wrapper:has(#{field_id}-ts-control)")
    page.locator(f"#{field_id}-ts-control").click()
    expect(wrapper).to_have_class(re.compile(r"\bfocus\b"))
    if page.locator(f"#{field_id}").get_attribute("data-picker-source"):
        # A slow machine may pause mid-word and send a shorter query first: the answer
        # waited for is the one to the whole of what was typed.
        whole = "q=" + quote(typed, safe="")
        with page.expect_response(lambda answer: "/api/v1/" in answer.url and whole in answer.url):
            page.keyboard.type(typed, delay=20)
        expect(wrapper).not_to_have_class(re.compile(r"\bloading\b"))
    else:
        page.keyboard.type(typed, delay=20)
    # The list is filtered once the typing pauses: every option shown then matches.
    page.wait_for_function(
        "([id, typed]) => document.getElementById(id).tomselect.lastQuery === typed",
        arg=[field_id, typed],
    )
    shown = page.locator(f"#{field_id}-ts-dropdown .option").all_inner_texts()
    assert shown, f"nothing found for {typed!r}"
    for text in shown:
        assert all(word in fold(text) for word in typed.split()), (typed, text)
    found = page.locator(f"#{field_id}-ts-dropdown .option", has_text=option)
    expect(found).to_have_count(1)
    found.click()
    page.keyboard.press("Escape")  # a multiple choice stays open for the next one
    expect(wrapper).not_to_have_class(re.compile(r"\bdropdown-active\b"))


def test_an_unknown_address_keeps_the_menu_and_a_way_back(page, open_case):
    case = open_case(TITLE)
    login(page, "dieutra.ag")
    page.goto(f"/cases/{case.pk}/")
    page.evaluate("window.location.href = '/cases/99999999/'")

    error = page.get_by_test_id("error-page")
    expect(error).to_have_attribute("data-status", "404")
    _menu_is_there(page)
    page.get_by_test_id("error-back").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("đấu thầu")


def test_a_control_character_is_refused_under_its_field_with_everything_typed_kept(
    page, demo_users
):
    login(page, "dieutra.ag")
    page.goto("/cases/new/")
    page.fill("#id_title", "Vụ án tham ô\x07 tài sản tại Sở Y tế")
    page.fill("#id_summary", "Sai phạm trong mua sắm thiết bị y tế năm 2023.")
    page.fill("#id_date", "05/11/2026")
    page.get_by_role("button", name="Mở hồ sơ").click()

    error = page.locator('[data-field="title"]')
    expect(error).to_contain_text("Tên vụ án:")
    expect(error).to_contain_text("U+0007")
    expect(page.locator("#id_title")).to_have_value("Vụ án tham ô tài sản tại Sở Y tế")
    expect(page.locator("#id_summary")).to_have_value(
        "Sai phạm trong mua sắm thiết bị y tế năm 2023."
    )
    expect(page.locator("#id_date")).to_have_value("05/11/2026")
    _menu_is_there(page)
    assert not Case.objects.exists()

    # Sent again as shown, it opens the case.
    page.get_by_role("button", name="Mở hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vụ án tham ô tài sản tại Sở Y tế")
    assert Case.objects.get().title == "Vụ án tham ô tài sản tại Sở Y tế"


def test_a_search_with_a_control_character_keeps_the_list_and_says_why(page, open_case):
    open_case(TITLE)
    login(page, "dieutra.ag")
    page.goto("/?q=%C4%91%E1%BA%A5u%00th%E1%BA%A7u")

    expect(page.get_by_role("alert")).to_contain_text("«Tìm kiếm»")
    expect(page.locator("#id_q")).to_have_value("đấuthầu")
    _menu_is_there(page)


def test_the_agency_picker_finds_the_procuracy_typed_without_diacritics(page, open_case, registry):
    case = open_case(TITLE)
    login(page, "dieutra.ag")
    page.goto(f"/coordination/cases/{case.pk}/requests/new/")
    page.select_option("#id_kind", "documents")

    _pick(page, "id_to_agency", "vien kiem sat an giang", "Viện kiểm sát nhân dân tỉnh An Giang")
    page.fill("#id_subject", "Đề nghị cung cấp hồ sơ gói thầu số 7")
    page.fill("#id_due_on", _in_a_week())
    page.get_by_role("button", name="Gửi", exact=True).dblclick()

    expect(page.get_by_test_id("request-status")).to_be_visible()
    sent = Request.objects.get()  # one, from a double click
    assert sent.to_agency == registry["AG-VKS"]


def test_a_meeting_finds_its_agenda_case_by_typing_without_diacritics(page, open_case, registry):
    case = open_case(TITLE)
    login(page, "noichinh.ag")
    page.goto("/coordination/meetings/new/")
    page.fill("#id_title", "Họp liên ngành về vụ án đấu thầu")
    page.fill("#id_chair_name", "Trần Minh Khoa")
    page.fill("#id_start_time", "08:30")
    page.fill("#id_place", "Trụ sở Ban Nội chính Tỉnh ủy An Giang")
    _pick(page, "id_participants", "cong an an giang", registry["AG-CSDT"].name)
    _pick(page, "id_cases", "dau thau so y te", TITLE)
    page.get_by_role("button", name="Triệu tập", exact=True).dblclick()

    expect(page.get_by_test_id("meeting-status")).to_be_visible()
    meeting = Meeting.objects.get()
    assert list(meeting.agenda.values_list("case_id", flat=True)) == [case.pk]


def test_the_commission_opens_the_agency_form_and_adds_the_court_to_the_case(
    page, open_case, registry
):
    """The form to add a handling agency comes when it is opened (its list of every
    handling body is not on the page until then), and works as a form on the page."""
    case = open_case(TITLE)
    court = registry["AG-TA"]
    login(page, "noichinh.ag")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#id_agency-agency")).to_have_count(0)

    with page.expect_response(lambda answer: f"/cases/{case.pk}/agencies/" in answer.url):
        page.get_by_text("Thêm cơ quan giải quyết").click()
    _pick(page, "id_agency-agency", "toa an nhan dan tinh an giang", court.name)
    page.get_by_test_id("agency-form").get_by_role("button", name="Thêm").click()

    expect(page.get_by_test_id("case-agencies")).to_contain_text(court.name)
    assert case.participations.filter(agency=court, role="handling").exists()


def test_a_double_click_adds_one_person_and_opens_one_case(page, open_case):
    case = open_case(TITLE)
    login(page, "dieutra.ag")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_text("Thêm người liên quan").click()
    page.fill("#id_person-full_name", "Nguyễn Văn Tám")
    page.get_by_test_id("person-form").get_by_role("button").dblclick()
    expect(page.get_by_test_id("persons")).to_contain_text("Nguyễn Văn Tám")
    assert Person.objects.filter(case=case).count() == 1

    page.goto("/cases/new/")
    page.fill("#id_title", "Vụ án nhận hối lộ tại Chi cục Thuế khu vực")
    page.fill("#id_date", "05/11/2026")
    page.get_by_role("button", name="Mở hồ sơ").dblclick()
    expect(page.get_by_role("heading", level=1)).to_contain_text("nhận hối lộ")
    assert Case.objects.filter(title__contains="nhận hối lộ").count() == 1


def test_a_title_too_long_is_counted_and_refused_not_cut(page, demo_users):
    login(page, "dieutra.ag")
    page.goto("/cases/new/")
    long_title = "Vụ án tham ô tài sản " * 16  # 336 characters
    page.fill("#id_title", long_title)

    expect(page.locator('[data-length-of="title"]')).to_contain_text("dài quá")
    page.fill("#id_date", "05/11/2026")
    page.get_by_role("button", name="Mở hồ sơ").click()
    expect(page.locator('[data-field="title"]')).to_contain_text("300")
    expect(page.locator("#id_title")).to_have_value(long_title)


def _in_a_week() -> str:
    import datetime as dt

    from phoihop.core.clock import today

    return (today() + dt.timedelta(days=7)).strftime("%d/%m/%Y")


@EACH_CREATE_FORM
def test_a_double_click_on_a_create_button_creates_one_thing(
    browser, live_server, open_case, registry, what, user, page, action, typed, model
):
    """Each creating form of test_once.CREATE_FORMS, filled in and double-clicked."""
    import datetime as dt

    from django.apps import apps

    from phoihop.core.clock import today

    case = open_case(TITLE)
    values = {
        "case": str(case.pk),
        "yesterday": (today() - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        "next_week": (today() + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
        **{code: str(agency.pk) for code, agency in registry.items()},
    }
    count = apps.get_model(model).objects.count
    before = count()
    # "page" is the form's address here: the tab is opened as the page fixture opens it.
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 768}
    )
    tab = context.new_page()
    login(tab, user)
    tab.goto(page.format(**values))
    tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    form = tab.locator(
        f'form[method=post][action="{action.format(**values)}"]'
        if action
        else "main form[method=post]:not([action])"
    )
    for name, value in typed.items():
        field = form.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(
                [v.format(**values) for v in value]
                if isinstance(value, list)
                else value.format(**values)
            )
        else:
            field.fill(value.format(**values))
    with tab.expect_navigation():
        form.locator("button[type=submit], button:not([type])").last.dblclick()
    context.close()

    assert count() == before + 1, what
