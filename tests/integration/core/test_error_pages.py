"""Errors inside the application: a refused or unknown address keeps the user in it, with
the menu, what happened in Vietnamese and a way back; the 500 page needs no database."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from phoihop.core.error_views import permission_denied
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_an_unknown_case_shows_the_menu_and_a_way_back_in_vietnamese(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["dieutra.ag"])

    answer = client.get("/cases/999999/", HTTP_REFERER="http://testserver/?q=dau+thau")
    page = answer.content.decode()

    assert answer.status_code == 404
    assert 'data-testid="error-page"' in page
    assert "Không tìm thấy trang" in page
    assert 'data-testid="whoami"' in page  # the menu and the user, as on every page
    assert 'href="/?q=dau+thau"' in page  # back to where the user came from
    assert "Not Found" not in page


def test_the_way_back_never_leads_to_another_site(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["dieutra.ag"])

    page = client.get("/khong-co/", HTTP_REFERER="https://example.org/phishing").content.decode()

    assert "Không tìm thấy trang" in page
    assert "example.org" not in page
    assert 'data-testid="error-back"' not in page


def test_a_refusal_says_so_in_english_when_english_is_chosen(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["dieutra.ag"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get("/cases/999999/").content.decode()

    assert "Page not found" in page


def test_a_forbidden_action_is_explained_with_the_menu(demo_users):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/accounts/users/")
    request.user = demo_users["dieutra.ag"]

    with translation.override("vi"):  # as the locale middleware sets it for a page
        answer = permission_denied(request)

    assert answer.status_code == 403
    assert "Không được phép" in answer.content.decode()


def test_the_server_error_page_renders_without_the_database(django_assert_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        page = render_to_string("500.html")

    assert "Lỗi hệ thống" in page
    assert "không có thay đổi nào được ghi" in page


def test_a_public_page_not_found_shows_nothing_of_the_application(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["baochi.ag"])

    answer = client.get("/public/releases/khong-co/")
    page = answer.content.decode()

    assert answer.status_code == 404
    assert 'data-testid="error-page"' in page
    assert "whoami" not in page
    assert "/cases/" not in page
