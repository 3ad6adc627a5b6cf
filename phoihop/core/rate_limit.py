"""A fixed-window request count in Django's cache, shared by the API's limit per token
and the public page's limit per address.

Stateless here, so safe across the threads of one server; the cache decides whether
the count is shared between processes (the production settings use the database
cache for that)."""

from __future__ import annotations

import math
import time

from django.core.cache import cache

_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "day": 86_400}


def parse_rate(rate: str, setting: str = "PHOIHOP_API_RATE") -> tuple[int, int]:
    """ "600/min" → (600, 60)."""
    count, _, period = rate.partition("/")
    if period not in _PERIODS or not count.isdigit() or int(count) < 1:
        raise ValueError(f"{setting} must look like 600/min, not {rate!r}")
    return int(count), _PERIODS[period]


def over_limit(caller: str, rate: str, *, setting: str) -> int | None:
    """Count one request of ``caller`` against ``rate``; None while within it,
    otherwise the seconds until the window ends (for Retry-After)."""
    limit, period = parse_rate(rate, setting)
    moment = time.time()
    window = int(moment // period)
    key = f"rate:{setting}:{caller}:{period}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window has begun
        cache.add(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * period - moment))
