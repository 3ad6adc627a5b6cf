"""schemathesis against the API's own OpenAPI description, through the real WSGI
application and the real database, with every check schemathesis has: for every
operation, generated requests (valid ones, and deliberately invalid ones) must never get
a server error; every answer must have a documented status, content type, headers and
body; valid data must be accepted and invalid data refused; a request without
credentials must be refused; a method the operation does not have must get 405 with
Allow.

Bounded: a fixed number of examples per operation, derandomised so that a failure is
reproducible run after run.

What the checks are told, and why:

- negative_data_rejection also expects 414: a value far longer than its maxLength can
  make the address itself longer than the API reads (4,000 bytes), and 414, in the error
  shape and documented on every operation, is how it refuses that.
- positive_data_acceptance also expects 422. The schema states every rule it can (types,
  bounds, enums, patterns), but some depend on what the schema cannot know: a code in
  the registry (a province, an agency), the day (a decision or asset date after today),
  the case's procedure (the decision a stage allows), the caller's clearance, an
  Idempotency-Key the caller used before for another request. A request valid by the
  schema can break one of them, and is refused with 422 naming the field. To keep the
  check sharp, ``refused_only_by_a_rule`` fails when such a request is refused by the
  schema layer itself (pydantic), other than by the record-date rule: there, the schema
  and the validation disagree, which is what the check is for. So that valid data reach
  the services rather than a 404 for a case id drawn at random, a valid request about a
  case is sent about the caller's case, with its current version. And 413 and 415: a
  decision's document (POST /cases/{case_id}/documents) is any binary to the schema,
  and only reading it tells a file too large or of a kind not read.
- use_after_free, ensure_resource_availability and object_level_authorization need the
  stateful phase (a sequence of calls sharing state, and a second identity); run per
  operation, as here, they pass without looking. The API has no DELETE, so there is no
  resource to use after it is freed; object access is held by the access-policy grid
  tests (tests/integration/security)."""

from __future__ import annotations

import io
from typing import Any

import pytest
import schemathesis
import schemathesis.checks
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.errors import ValidationError
from schemathesis.config import SchemathesisConfig

from phoihop.cases.models import Case
from phoihop.core.api import api

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# The response header the test's own wrapper of the API's ValidationError handler sets:
# the type of the error pydantic raised (the product sends no such header).
SCHEMA_REFUSAL = "X-Test-Schema-Refusal"


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


CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": [
                    *("2xx", "401", "403", "404", "409", "413", "415", "422", "429")
                ]
            },
            "negative_data_rejection": {
                "expected-statuses": [
                    *("400", "401", "403", "404", "405", "406", "409", "414", "415"),
                    *("422", "428", "429"),
                ]
            },
        }
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1"), config=CONFIG
)
schema.app = _App()  # checks that send requests of their own reach the application too


def refused_only_by_a_rule(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request valid by the schema is refused (422) by a rule the schema cannot state,
    never by the schema's own validation, but for the record-date rule (today moves)."""
    meta = case.meta
    refusal = response.headers.get(SCHEMA_REFUSAL.lower()) or response.headers.get(SCHEMA_REFUSAL)
    if isinstance(refusal, list):
        refusal = refusal[0]
    if meta is None or not meta.generation.mode.is_positive or not refusal:
        return None
    if refusal.startswith("input.date_"):
        return None
    raise AssertionError(
        f"A request valid by the schema was refused by its validation ({refusal}): "
        f"{response.content!r}"
    )


schemathesis.checks.load_all_checks()
CHECKS = [*schemathesis.checks.CHECKS.get_all(), refused_only_by_a_rule]


@pytest.fixture
def officer_case(demo_users, open_case):  # type: ignore[no-untyped-def]
    """A case of the provincial police, in scope for their officer."""
    return open_case()


@pytest.fixture
def bearer(officer_case):  # type: ignore[no-untyped-def]
    """The provincial police officer's token."""
    out = io.StringIO()
    call_command("token", "create", "dieutra.ag", stdout=out)
    return {"Authorization": f"Bearer {out.getvalue().strip()}"}


def _about_the_callers_case(case: Any, record: Case) -> None:
    """A valid request about a case is sent about ``record``, at its current version."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if "case_id" in (case.path_parameters or {}):
        case.path_parameters["case_id"] = record.pk
        if isinstance(case.body, dict) and "version" in case.body:
            record.refresh_from_db(fields=["version"])
            case.body["version"] = record.version


@pytest.fixture
def schema_refusals_marked(monkeypatch):  # type: ignore[no-untyped-def]
    """The API's answer to a request its schema refuses, marked with the error's type."""
    handlers = api._exception_handlers
    answer = handlers[ValidationError]

    def marked(request: Any, error: ValidationError) -> Any:
        response = answer(request, error)
        response[SCHEMA_REFUSAL] = str(error.errors[0].get("type", "")) if error.errors else "?"
        return response

    monkeypatch.setitem(handlers, ValidationError, marked)


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_within_its_schema(
    case, officer_case, bearer, schema_refusals_marked
):  # type: ignore[no-untyped-def]
    _about_the_callers_case(case, officer_case)
    case.call_and_validate(headers=bearer, checks=CHECKS)
