"""Errors of the JSON API, always as {"code", "message", "field"}, and the refusals
every route documents in the OpenAPI description."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from phoihop.core.errors import http_status
from phoihop.domain.errors import DomainError, InvalidInput


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None


# Longer addresses are refused with 414 before they reach a route (core/api_guard.py);
# the longest a route's own parameters make is far shorter.
MAX_ADDRESS_BYTES = 4000

ERROR_DESCRIPTIONS = {
    400: "The request cannot be read: the body is not JSON or not UTF-8, the query string "
    "is not UTF-8 or holds a NUL or control character, or the Idempotency-Key header is "
    "malformed.",
    401: "No credentials, or a token that is unknown, revoked or expired.",
    403: "A write with the web session but without its CSRF token (a bearer token needs none).",
    404: "No such record, or one outside the caller's scope: the same answer, so that a "
    "case's existence does not leak.",
    409: "The record changed since the version sent, or the decision is not possible in "
    "the case's present stage.",
    414: f"The address (path and query string) is longer than {MAX_ADDRESS_BYTES} bytes.",
    422: "The body or a parameter does not fit the schema (a wrong type, null where a value "
    "is required, a value out of range, a day before 1990-01-01 or after today), or a "
    "rule refuses it: a code not in the registry, a decision the law does not allow, an "
    "Idempotency-Key used before for another request. `field` names the input.",
    429: "Too many requests for this token; Retry-After says how many seconds to wait.",
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
}

# What a read can answer besides its success, and a write: a write is also refused
# for a session without its CSRF token (403) and for a stale version or a decision the
# stage does not allow (409).
ERRORS = dict.fromkeys((400, 401, 404, 414, 422, 429), ErrorOut)
WRITE_ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 414, 422, 429), ErrorOut)


def api_status(error: DomainError) -> int:
    """The status the API answers a domain refusal with: the site's (core/errors.py),
    except that input a rule refuses is 422, as input the schema refuses; the API keeps
    400 for a request it cannot read."""
    status = http_status(error)
    return 422 if isinstance(error, InvalidInput) or status == 400 else status


def describe_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI description with each error status described, and 429's header."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if int(status) in ERROR_DESCRIPTIONS:
                    response["description"] = ERROR_DESCRIPTIONS[int(status)]
                if int(status) == 429:
                    response["headers"] = _RETRY_AFTER
    return schema
