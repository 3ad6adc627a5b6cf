"""schemathesis against the API's own OpenAPI description, through the real WSGI
application and the real database: for every operation, generated requests (valid
ones, and deliberately invalid ones) must never get a server error, and every answer
must match the schema's documented statuses, content types and bodies.

Bounded: a fixed number of examples per operation, derandomised so that a failure is
reproducible run after run."""

from __future__ import annotations

import io
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from phoihop.core.api import api

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


class _App:
    """The project's WSGI application, keeping the test's database connection open
    across requests, as Django's own test client does (the request signals would
    otherwise close it, and with it the test's transaction)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
APP = _App()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,  # invalid input (NUL bytes, wrong types…) must get a 4xx
]


@pytest.fixture
def bearer(demo_users, open_case):  # type: ignore[no-untyped-def]
    """A provincial police officer's token, with one case in scope to find."""
    open_case()
    out = io.StringIO()
    call_command("token", "create", "dieutra.ag", stdout=out)
    return {"Authorization": f"Bearer {out.getvalue().strip()}"}


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_within_its_schema(case, bearer):  # type: ignore[no-untyped-def]
    case.call_and_validate(app=APP, headers=bearer, checks=CHECKS)
