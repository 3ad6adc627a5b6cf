"""A rate limit per API token (per signed-in user for the web session): at most
``PHOIHOP_API_RATE`` requests, e.g. "600/min", in each window; past it the API answers
429 with ``Retry-After``. One misbehaving agency script cannot starve the others.

A fixed window counted in Django's cache: stateless here, so safe across the threads
of one server; the cache decides whether the count is shared between processes (the
production settings use the database cache for that)."""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "day": 86_400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/min" → (600, 60)."""
    count, _, period = rate.partition("/")
    if period not in _PERIODS or not count.isdigit() or int(count) < 1:
        raise ValueError(f"PHOIHOP_API_RATE must look like 600/min, not {rate!r}")
    return int(count), _PERIODS[period]


def _caller(request: HttpRequest) -> str:
    bearer = request.headers.get("Authorization", "")
    if bearer.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(bearer[7:].strip().encode()).hexdigest()
    return f"user:{request.user.pk}"


class TokenRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        limit, period = parse_rate(settings.PHOIHOP_API_RATE)
        moment = time.time()
        window = int(moment // period)
        key = f"api-rate:{_caller(request)}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window has begun
            cache.add(key, 1, timeout=period + 1)
            count = 1
        if count <= limit:
            return True
        request._phoihop_retry_after = math.ceil((window + 1) * period - moment)
        return False

    def wait(self) -> float | None:
        return None
