"""NUL bytes and invalid Unicode, wherever they come in (query, JSON body, header),
are refused with a 4xx and the {code, message, field} shape, never stored: 400 when
the request cannot be read, 422 naming the field when it can."""

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
    ("body", "status"),
    [
        # A NUL or a lone surrogate escaped in JSON: readable, and a title the schema
        # refuses (422, naming it).
        (_case_json("a\\u0000b").encode(), 422),
        (_case_json("a\\ud800b").encode(), 422),
        # A raw control character or bytes that are not UTF-8: no JSON to read (400).
        (_case_json("a\x07b").encode(), 400),
        (_case_json("a").encode().replace(b'"a"', b'"a\xff\xfe"'), 400),
        (b"\x00\x00\x00", 400),
    ],
)
def test_a_body_with_nul_or_invalid_unicode_is_refused(client, auth, body, status):
    answer = client.post("/api/v1/cases", body, content_type="application/json", **auth)

    assert answer.status_code == status
    assert set(answer.json()) == {"code", "message", "field"}
    if status == 422:
        assert answer.json()["field"] == "title"
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
