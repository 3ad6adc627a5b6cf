"""A fixed-window request count, shared by every process of the site: the API's limit per
token and the public page's limit per address.

Where the counts are kept is chosen once from the settings (``_counts_in_cache``):

- Redis, when it is the site's cache (``PHOIHOP_CACHE_URL``): its INCR is atomic, and
  the counts stay off the database;
- otherwise the table ``RateWindow``, one row per (setting, caller), counted with one
  upsert that returns the new count. Django's database cache would cost seven queries a
  request, and its ``incr`` reads then writes: two workers counting at once lose one.
  A per-process cache (the test suite's) would count each process apart.

The count is bookkeeping, not the user's write: it is raw SQL on the primary's
connection, which the read-replica router never sees (phoihop/core/replicas.py pins a
user to the primary after an ORM write only). It commits by itself, unless the caller
runs it in a transaction: the API's idempotent routes count before theirs begins
(phoihop/core/idempotency.py)."""

from __future__ import annotations

import functools
import hashlib
import math
from secrets import randbelow
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.dispatch import receiver

from phoihop.core.clock import now
from phoihop.core.models import RateWindow

_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "day": 86_400}
_REDIS = "django.core.cache.backends.redis.RedisCache"
# A row whose window ended longer ago than this is a caller not seen since (most are the
# public page's addresses): deleted, now and then, by a caller starting a new window.
FORGET_AFTER_SECONDS = 86_400
# One new window in this many deletes the forgotten rows: a statement per hundred new
# windows whatever the traffic, and nothing to schedule. Not the nightly `phoihop sweep`:
# that is the clocks' and reminders' job, and a demo left running sweeps only at its start.
FORGET_ODDS = 100


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
    moment = now().timestamp()
    # Whole seconds since the epoch: every window of a period ends on a multiple of it,
    # so one request's end equals another's exactly, as a float might not.
    ends = (int(moment // period) + 1) * period
    if _counts_in_cache():
        count = _cache_count(f"rate:{setting}:{caller}:{period}:{ends}", period)
    else:
        count = _table_count(_row_key(setting, caller), ends)
        if count == 1 and randbelow(FORGET_ODDS) == 0:
            rate_windows_forget(before=int(moment) - FORGET_AFTER_SECONDS)
    if count <= limit:
        return None
    return max(1, math.ceil(ends - moment))


def rate_windows_forget(*, before: int) -> int:
    """Delete the rows whose window ended before ``before`` (seconds since the epoch);
    how many. No index on the column: the table holds about a day's callers, and an
    index would be written at every caller's new window."""
    table, _, ends, _ = _quoted()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {ends} < %s", [before])
        return int(cursor.rowcount)


@functools.cache
def _counts_in_cache() -> bool:
    return bool(settings.CACHES["default"]["BACKEND"] == _REDIS)


@receiver(setting_changed)
def _cache_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "CACHES":  # a test moving the site onto Redis or off it
        _counts_in_cache.cache_clear()


def _cache_count(key: str, period: int) -> int:
    cache.add(key, 0, timeout=period + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: a new window has begun
        cache.add(key, 1, timeout=period + 1)
        return 1


def _table_count(key: str, ends: int) -> int:
    """The caller's count in the window ending at ``ends``, this request included, in one
    statement: the row is made at the first request, counted on in its window, and
    started again at 1 by the first request of a later one. UPSERT with RETURNING:
    PostgreSQL, and SQLite 3.35 or later (2021; Django 5.2 alone accepts 3.31)."""
    table, key_column, ends_column, count_column = _quoted()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {ends_column}, {count_column}) "
            f"VALUES (%s, %s, 1) ON CONFLICT ({key_column}) DO UPDATE SET "
            f"{count_column} = CASE WHEN {table}.{ends_column} = excluded.{ends_column} "
            f"THEN {table}.{count_column} + 1 ELSE 1 END, "
            f"{ends_column} = excluded.{ends_column} "
            f"RETURNING {count_column}",
            [key, ends],
        )
        (count,) = cursor.fetchone()
    return int(count)


@functools.cache
def _quoted() -> tuple[str, str, str, str]:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    meta = RateWindow._meta
    return (
        quote(meta.db_table),
        quote(meta.get_field("key").column),
        quote(meta.get_field("ends_epoch_seconds").column),
        quote(meta.get_field("count").column),
    )


def _row_key(setting: str, caller: str) -> str:
    key = f"{setting}:{caller}"
    if len(key) <= RateWindow.KEY_LENGTH:
        return key
    # Callers are addresses and token digests; anything longer is hashed to fit.
    return f"{setting}:sha256:{hashlib.sha256(caller.encode()).hexdigest()}"
