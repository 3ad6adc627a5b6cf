"""Every answer carries the Content-Security-Policy, and the pages keep to it: no inline
script, event handler, style element or style attribute that the browser would refuse
(tests/functional/test_content_security_policy.py watches the same in Chromium)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


class _Inline(HTMLParser):
    """What in a page the policy would refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self._script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name in names:
            if name == "style" or name.startswith("on"):
                self.refused.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.refused.append("<style>")
        # A data block (type="application/json") is not run, so the policy allows it.
        self._script_without_src = (
            tag == "script" and "src" not in names and names.get("type") != "application/json"
        )

    def handle_data(self, data: str) -> None:
        if self._script_without_src and data.strip():
            self.refused.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self._script_without_src = False


def _refused(response) -> list[str]:  # type: ignore[no-untyped-def]
    parser = _Inline()
    parser.feed(response.content.decode())
    return parser.refused


def test_the_sign_in_page_sends_the_policy_without_unsafe_inline_scripts(client):
    response = client.get("/accounts/login/")

    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_api_sends_the_same_policy_as_the_pages(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    page = client.get("/")
    docs = client.get("/api/v1/docs")
    api = client.get("/api/v1/cases")

    # Swagger UI's page runs only files (its settings are a JSON data block), so the
    # docs need no nonce and no looser policy of their own.
    assert docs.status_code == 200
    assert _policy(docs) == _policy(page) == _policy(api)
    assert _refused(docs) == []


def test_the_main_pages_carry_nothing_the_policy_refuses(client, demo_users, open_case):
    case = open_case()
    sign_in(client, demo_users["noichinh.ag"])
    paths = [
        "/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/edit/",
        "/overview/",
        "/coordination/inbox/",
        "/coordination/meetings/",
        "/coordination/meetings/new/",
        f"/coordination/cases/{case.pk}/requests/new/",
        "/clocks/",
        "/clocks/calendar/",
    ]

    refused = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        refused[path] = _refused(response)

    assert refused == {path: [] for path in paths}


def test_the_user_list_carries_nothing_the_policy_refuses(client, demo_users):
    sign_in(client, demo_users["admin"])

    response = client.get("/accounts/users/")

    assert response.status_code == 200
    assert _refused(response) == []


def test_the_enrolment_qr_code_is_drawn_without_a_style_attribute(client, demo_users):
    # A cleared user who has never enrolled sees the QR code (segno's inline SVG).
    client.force_login(demo_users["toaan.ag"])

    response = client.get("/accounts/two-factor/")

    assert response.status_code == 200
    assert b"<svg" in response.content
    assert _refused(response) == []


def test_an_htmx_request_carries_a_csrf_token_the_server_accepts(demo_users):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, demo_users["dieutra.ag"])
    page = client.get("/").content.decode()
    body = page[page.index("<body") : page.index(">", page.index("<body"))]
    headers = json.loads(body.split("hx-headers='")[1].split("'")[0])

    refused = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    accepted = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, headers=headers)

    assert list(headers) == ["X-CSRFToken"]
    assert refused.status_code == 403
    assert accepted.status_code == 302
