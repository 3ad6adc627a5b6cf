"""A rate limit per API token (per signed-in user for the web session): at most
``PHOIHOP_API_RATE`` requests, e.g. "600/min", in each window; past it the API answers
429 with ``Retry-After``. One misbehaving agency script cannot starve the others."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from phoihop.core.rate_limit import over_limit, parse_rate

__all__ = ["TokenRateThrottle", "parse_rate"]


def _caller(request: HttpRequest) -> str:
    bearer = request.headers.get("Authorization", "")
    if bearer.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(bearer[7:].strip().encode()).hexdigest()
    return f"user:{request.user.pk}"


class TokenRateThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        wait = over_limit(_caller(request), settings.PHOIHOP_API_RATE, setting="PHOIHOP_API_RATE")
        if wait is None:
            return True
        request._phoihop_retry_after = wait
        return False

    def wait(self) -> float | None:
        return None
