"""A rate limit per API token (per signed-in user for the web session): at most
``PHOIHOP_API_RATE`` requests, e.g. "600/min", in each window; past it the API answers
429 with ``Retry-After``. One misbehaving agency script cannot starve the others."""

from __future__ import annotations

import hashlib
from typing import cast

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from phoihop.core.rate_limit import over_limit, parse_rate

__all__ = ["TokenRateThrottle", "parse_rate", "request_counted"]

_WAIT = "_phoihop_rate_wait"


def _caller(request: HttpRequest) -> str:
    bearer = request.headers.get("Authorization", "")
    if bearer.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(bearer[7:].strip().encode()).hexdigest()
    return f"user:{request.user.pk}"


def request_counted(request: HttpRequest) -> int | None:
    """Count ``request`` against its caller's rate, once however often asked: None while
    within it, else the seconds to wait. A route that runs in a transaction asks before
    it begins (phoihop/core/idempotency.py): counted inside, the count would wait for the
    request's commit, hold the caller's row until then, and vanish with a rollback."""
    if not hasattr(request, _WAIT):
        wait = over_limit(_caller(request), settings.PHOIHOP_API_RATE, setting="PHOIHOP_API_RATE")
        setattr(request, _WAIT, wait)
    return cast(int | None, getattr(request, _WAIT))


class TokenRateThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        wait = request_counted(request)
        if wait is None:
            return True
        request._phoihop_retry_after = wait
        return False

    def wait(self) -> float | None:
        return None
