"""Every operation of the API, and its description, answers a request without a
credential, or with a bad one, with 401 in the API's error shape (issue 21): a
Vietnamese message and the WWW-Authenticate header HTTP requires of a 401
(`Bearer realm="phoihop"`, with `error="invalid_token"` when the token sent was
refused). Writes too: the CSRF check answers 403 only a signed-in session, never a
request that carries no session at all. The operations are read from the URL
configuration and the OpenAPI description, so a new one is held here without a
line of this file changing; nothing is written."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import AssetAction, Case
from phoihop.core.api import api

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
# ninja's own root: no operation, a 404 for everyone (it only anchors the others' paths).
NOT_AN_OPERATION = {""}

CREDENTIALS: dict[str, dict[str, Any]] = {
    "none": {},
    "an unknown bearer token": {"HTTP_AUTHORIZATION": "Bearer phx_not-a-token-at-all"},
    "another scheme": {"HTTP_AUTHORIZATION": "Basic ZGlldXRyYS5hZzpwYXNzd29yZA=="},
    "an empty bearer": {"HTTP_AUTHORIZATION": "Bearer "},
}


def _operations() -> list[tuple[str, str]]:
    """(method, path template) of every operation: the OpenAPI description's, and the
    URL configuration's routes it does not describe (the description and its page)."""
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    described = [
        (method, path) for path, operations in schema["paths"].items() for method in operations
    ]
    routes = {
        PREFIX + "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        for pattern in api.urls[0]
        if str(pattern.pattern) not in NOT_AN_OPERATION
    }
    undescribed = sorted(routes - {path for _, path in described})
    return described + [("get", path) for path in undescribed]


OPERATIONS = _operations()


def test_the_enumeration_sees_the_writes_and_the_description():
    methods = {method for method, _ in OPERATIONS}
    paths = {path for _, path in OPERATIONS}

    assert {"get", "post", "patch"} <= methods
    assert {f"{PREFIX}/openapi.json", f"{PREFIX}/docs"} <= paths
    assert len(OPERATIONS) >= 25


@pytest.fixture
def address(open_case):  # type: ignore[no-untyped-def]
    """A path with real ids: a refusal must not be a 404 for want of the case."""
    case = open_case()

    def fill(template: str) -> str:
        ids = {"case_id": case.pk, "sequence": 1, "agency_id": case.province_id}
        return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), template)

    return fill


@pytest.mark.parametrize("credential", list(CREDENTIALS))
@pytest.mark.parametrize(("method", "template"), OPERATIONS)
def test_every_operation_answers_401_without_a_good_credential(
    address, method, template, credential
):
    # A browser signed out, or never signed in: its cookies are no session.
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "no-such-session"
    client.cookies["csrftoken"] = "x" * 32
    before = (AuditEvent.objects.count(), AssetAction.objects.count(), Case.objects.count())
    body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}

    answer = getattr(client, method)(address(template), **body, **CREDENTIALS[credential])

    assert answer.status_code == 401, answer.content
    assert answer["Content-Type"].startswith("application/json")
    error = answer.json()
    assert set(error) == {"code", "message", "field"}
    assert "API" in error["message"]
    assert re.search("[ầđăậ]", error["message"])  # Vietnamese, with its diacritics
    if credential == "an unknown bearer token":
        assert error["code"] == "auth.invalid_token"
        assert answer["WWW-Authenticate"] == 'Bearer realm="phoihop", error="invalid_token"'
    else:
        assert error["code"] == "auth.required"
        assert answer["WWW-Authenticate"] == 'Bearer realm="phoihop"'
    after = (AuditEvent.objects.count(), AssetAction.objects.count(), Case.objects.count())
    assert after == before


def test_every_401_is_described_with_its_header():
    schema = api.get_openapi_schema(path_prefix=PREFIX)

    for operations in schema["paths"].values():
        for operation in operations.values():
            header = operation["responses"][401]["headers"]["WWW-Authenticate"]
            assert header["required"] is True


def test_an_address_no_route_has_is_404_in_the_error_shape(client):
    answer = client.get(f"{PREFIX}/no-such-thing")

    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
    assert "/api/v1/no-such-thing" in answer.json()["message"]
