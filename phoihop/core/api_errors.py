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


# RFC 9110 §11.6.1: a 401 names the scheme that would be accepted. RFC 6750 §3: a
# bearer token that was sent and refused adds error="invalid_token"; a request that
# sent none gets the challenge alone. (The web session is the other credential, but a
# cookie has no challenge of its own.)
CHALLENGE = 'Bearer realm="phoihop"'
BAD_TOKEN_CHALLENGE = 'Bearer realm="phoihop", error="invalid_token"'


def unauthenticated(authorization: str) -> tuple[dict[str, str | None], str]:
    """The 401 body and its WWW-Authenticate header, for a request whose Authorization
    header is ``authorization`` (empty if none) and that no credential let in."""
    if authorization[:7].lower() == "bearer " and authorization[7:].strip():
        return {
            "code": "auth.invalid_token",
            "message": "Mã API không đúng, đã bị thu hồi hoặc đã hết hạn; hãy dùng một mã "
            "còn hiệu lực (phoihop token create).",
            "field": None,
        }, BAD_TOKEN_CHALLENGE
    return {
        "code": "auth.required",
        "message": "Cần đăng nhập để dùng API: gửi mã API trong tiêu đề "
        "Authorization: Bearer …, hoặc dùng phiên đăng nhập của trang web.",
        "field": None,
    }, CHALLENGE


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
    401: "No credentials (`auth.required`), or a bearer token that is unknown, revoked "
    "or expired (`auth.invalid_token`), or a web session that still owes its second "
    "factor (`auth.second_factor`); the WWW-Authenticate header names the Bearer scheme. "
    "A write without credentials is 401 too, never 403.",
    403: "A write with the web session but without its CSRF token (a bearer token needs none).",
    404: "No such record, or one outside the caller's scope: the same answer, so that a "
    "case's existence does not leak.",
    409: "The record changed since the version sent, or the decision is not possible in "
    "the case's present stage.",
    414: f"The address (path and query string) is longer than {MAX_ADDRESS_BYTES} bytes. "
    "(A request line over 8,190 bytes, or a header field over 8,190 bytes, is refused by "
    "the server before the application, with 414 or 431 in the same shape.)",
    422: "The body or a parameter does not fit the schema (a wrong type, null where a value "
    "is required, a value out of range, a day before 1990-01-01 or after today, an "
    "amount over 10^15 đồng: `input.amount_too_large`), or a rule refuses it: a code not "
    "in the registry, a decision the law does not allow, an amount that would bring the "
    "case's total of its kind over 10^18 đồng (`input.case_total_too_large`), an "
    "Idempotency-Key used before for another request. `field` names the input.",
    429: "Too many requests for this token; Retry-After says how many seconds to wait.",
}
_WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": 'The scheme to authenticate with: `Bearer realm="phoihop"`, with '
        '`error="invalid_token"` when the token sent was refused.',
        "required": True,
        "schema": {"type": "string"},
    }
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
    """The OpenAPI description with each error status described, and the headers of
    401 and 429."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if int(status) in ERROR_DESCRIPTIONS:
                    response["description"] = ERROR_DESCRIPTIONS[int(status)]
                if int(status) == 401:
                    response["headers"] = _WWW_AUTHENTICATE
                if int(status) == 429:
                    response["headers"] = _RETRY_AFTER
    return schema
