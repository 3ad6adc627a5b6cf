"""NUL bytes and invalid Unicode, wherever they come in (query, JSON body, header),
are refused with a 4xx and the {code, message, field} shape, never stored."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from phoihop.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(demo_users):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("token", "create", "dieutra.ag", stdout=out)
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _case_json(title: str) -> str:
    return (
        '{"kind": "criminal_case", "title": "' + title + '", "province": "AG", '
        '"external_id": "HS-1", "first_event": {"type": "case_initiated", '
        '"date": "2026-01-05"}}'
    )


@pytest.mark.parametrize(
    "body",
    [
        _case_json("a\\u0000b").encode(),  # NUL, escaped in JSON
        _case_json("a\\ud800b").encode(),  # a lone surrogate, escaped in JSON
        _case_json("a\x07b").encode(),  # a raw control character
        _case_json("a").encode().replace(b'"a"', b'"a\xff\xfe"'),  # not UTF-8 at all
        b"\x00\x00\x00",
    ],
)
def test_a_body_with_nul_or_invalid_unicode_is_refused(client, auth, body):
    answer = client.post("/api/v1/cases", body, content_type="application/json", **auth)

    assert answer.status_code == 400
    assert set(answer.json()) == {"code", "message", "field"}
    assert Case.objects.count() == 0


@pytest.mark.parametrize("query", ["q=tham%00nhung", "q=%FF%FE", "q=%ED%A0%80", "stage=%C0%AF"])
def test_a_query_with_nul_or_invalid_utf8_is_refused(client, auth, query):
    answer = client.get(f"/api/v1/cases?{query}", **auth)

    assert answer.status_code == 400
    assert answer.json()["code"] == "input.invalid"


def test_an_idempotency_key_with_a_nul_is_refused(client, auth):
    answer = client.post(
        "/api/v1/cases",
        _case_json("Vụ án"),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="a\x00b",
        **auth,
    )

    assert answer.status_code == 400
    assert Case.objects.count() == 0
