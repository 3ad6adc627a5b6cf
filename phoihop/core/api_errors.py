"""Errors of the JSON API, always as {"code", "message", "field"}, and the refusals
every route documents in the OpenAPI description."""

from __future__ import annotations

from ninja import Schema


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


# 400 bad input, 401 no or bad token, 404 unknown or out of scope (the same answer, so
# a case's existence does not leak), 409 stale version or a decision the procedure does
# not allow now, 422 a rule refused or an idempotency key reused, 429 rate limit.
ERRORS = dict.fromkeys((400, 401, 404, 409, 422, 429), ErrorOut)
