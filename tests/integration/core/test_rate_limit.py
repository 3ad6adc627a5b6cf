"""The rate limits' counts (phoihop/core/rate_limit.py): in the database, one statement a
request, none lost when workers count at once, started again in each window, committed
before an idempotent route's transaction, never taken for the user's write, and the rows
of callers gone for a day deleted; on Redis, kept there and out of the database."""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import redis
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from phoihop.core import rate_limit
from phoihop.core.clock import today
from phoihop.core.models import RateWindow
from phoihop.core.rate_limit import FORGET_ODDS, over_limit
from phoihop.core.replicas import reads_from_replica

pytestmark = pytest.mark.django_db

SETTING = "PHOIHOP_API_RATE"
TABLE = RateWindow._meta.db_table
# config/settings/base.py's default (PHOIHOP_SHARED_CACHE without PHOIHOP_CACHE_URL).
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "phoihop_cache",
}
# The Redis server (CI sets it: every test machine runs one on loopback); each suite its
# own database in it, as in tests/integration/publicity/test_public_page_servers.py.
REDIS_SERVER = os.environ.get("PHOIHOP_TEST_REDIS_URL", "")


class Draws:
    """Stands for ``secrets.randbelow``: whether a new window deletes the rows of callers
    gone for a day. Never, unless the test says so."""

    def __init__(self) -> None:
        self.odds: list[int] = []
        self.deletes = False

    def __call__(self, odds: int) -> int:
        self.odds.append(odds)
        return 0 if self.deletes else 1


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> Draws:
    drawn = Draws()
    monkeypatch.setattr(rate_limit, "randbelow", drawn)
    return drawn


@pytest.fixture
def frozen(now: dt.datetime) -> Iterator[Any]:
    """The clock stopped 15 seconds into a minute."""
    with time_machine.travel(now.replace(second=15, microsecond=0), tick=False) as traveller:
        yield traveller


@pytest.fixture(params=["database", "redis"])
def counted_in(request: pytest.FixtureRequest) -> str:
    """The test with each of the site's caches: the database's (counted in the table), then
    Redis (counted there); the Redis server's URL, or "" for the database."""
    return str(request.getfixturevalue(f"{request.param}_cache"))


@pytest.fixture
def database_cache() -> Iterator[str]:
    """The site's cache in the database, as the demo and production have it by default."""
    with override_settings(CACHES={"default": DATABASE_CACHE}):
        call_command("createcachetable", verbosity=0)
        yield ""


@pytest.fixture
def redis_cache() -> Iterator[str]:
    """The site's cache on Redis, emptied; yields its URL."""
    if not REDIS_SERVER:
        pytest.skip("PHOIHOP_TEST_REDIS_URL is not set: no Redis to try (CI sets it)")
    url = f"{REDIS_SERVER.rstrip('/')}/{14 if connection.vendor == 'sqlite' else 15}"
    redis.Redis.from_url(url).flushdb()  # unreachable: fails here, naming the server
    backend = "django.core.cache.backends.redis.RedisCache"
    with override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": url}}):
        yield url


def _stored(caller: str) -> int:
    return RateWindow.objects.get(key=f"{SETTING}:{caller}").count


def _token(username: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


# One statement


def test_each_request_is_counted_with_one_statement(frozen, draws):  # type: ignore[no-untyped-def]
    statements = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            over_limit("token:a", "10/min", setting=SETTING)
        statements.append([query["sql"] for query in captured.captured_queries])

    assert [len(each) for each in statements] == [1, 1, 1]
    assert all(each[0].startswith("INSERT INTO") and "RETURNING" in each[0] for each in statements)
    assert _stored("token:a") == 3


def test_an_api_read_on_the_database_cache_counts_its_rate_in_one_statement(  # type: ignore[no-untyped-def]
    open_case, database_cache
):
    case = open_case()
    token = _token("dieutra.ag")
    client = Client()
    client.get(f"/api/v1/cases/{case.pk}", **token)  # the token's first use is written

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/cases/{case.pk}", **token)

    assert response.status_code == 200
    statements = [query["sql"] for query in captured.captured_queries]
    assert [sql for sql in statements if DATABASE_CACHE["LOCATION"] in sql] == []
    assert len([sql for sql in statements if TABLE in sql]) == 1


# The limit and its windows


def test_past_the_limit_the_caller_waits_for_the_window_to_end(counted_in, frozen, draws):  # type: ignore[no-untyped-def]
    answers = [over_limit("token:a", "2/min", setting=SETTING) for _ in range(3)]
    neighbour = over_limit("token:b", "2/min", setting=SETTING)

    assert answers == [None, None, 45]
    assert neighbour is None


def test_the_next_window_counts_from_one_again_in_the_same_row(counted_in, frozen, draws):  # type: ignore[no-untyped-def]
    for _ in range(3):
        over_limit("token:a", "2/min", setting=SETTING)

    frozen.shift(dt.timedelta(seconds=45))  # the next minute
    answers = [over_limit("token:a", "2/min", setting=SETTING) for _ in range(3)]

    assert answers == [None, None, 60]
    if not counted_in:
        assert list(RateWindow.objects.values_list("key", "count")) == [(f"{SETTING}:token:a", 3)]


def test_on_redis_the_counts_stay_out_of_the_database(redis_cache, frozen, draws):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        answers = [over_limit("token:a", "2/min", setting=SETTING) for _ in range(3)]

    assert answers == [None, None, 45]
    assert captured.captured_queries == []
    assert not RateWindow.objects.exists()
    assert redis.Redis.from_url(redis_cache).dbsize() == 1


# Counting at once


@pytest.mark.django_db(transaction=True)
def test_workers_counting_at_once_lose_no_request(counted_in, now, draws):  # type: ignore[no-untyped-def]
    """Four threads, each on its own connection as a server's workers are, send 50
    requests each for one caller. Django's database cache counted by reading then
    writing, and let more than the limit through."""
    threads, each, limit = 4, 50, 150
    barrier = threading.Barrier(threads)
    allowed: list[bool] = []

    def hammer() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                allowed.append(over_limit("token:busy", f"{limit}/hour", setting=SETTING) is None)
        finally:
            connection.close()

    with time_machine.travel(now.replace(minute=30), tick=False):  # one window throughout
        workers = [threading.Thread(target=hammer) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)

    assert len(allowed) == threads * each
    assert allowed.count(True) == limit
    if not counted_in:
        assert _stored("token:busy") == threads * each


# Idempotent routes and read replicas


def test_a_refused_keyed_write_still_counts(client, open_case, frozen, settings):  # type: ignore[no-untyped-def]
    """An Idempotency-Key request runs in one transaction, rolled back when refused; its
    count was made before, and stands."""
    settings.PHOIHOP_API_RATE = "2/min"
    case = open_case()
    token = _token("dieutra.ag")
    stale = {
        "type": "expertise_requested",
        "date": today().isoformat(),
        "doc_number": "15/QĐ-TCGĐ",
        "version": case.version + 1,
    }

    def send(key: str) -> int:
        return client.post(
            f"/api/v1/cases/{case.pk}/events",
            stale,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
            **token,
        ).status_code

    answers = [send(f"k{n}") for n in range(3)]

    assert answers == [409, 409, 429]


def test_counting_is_not_the_users_write(frozen, draws):  # type: ignore[no-untyped-def]
    """A request that wrote pins its user to the primary; its rate count is not a write."""
    with reads_from_replica() as scope:
        over_limit("token:a", "2/min", setting=SETTING)

    assert not scope.wrote


# Callers gone


def test_a_new_window_now_and_then_deletes_the_rows_of_callers_gone_for_a_day(frozen, draws):  # type: ignore[no-untyped-def]
    over_limit("token:gone", "5/min", setting=SETTING)
    frozen.shift(dt.timedelta(days=1))
    over_limit("token:recent", "5/min", setting=SETTING)
    frozen.shift(dt.timedelta(minutes=2))
    draws.deletes = True

    with CaptureQueriesContext(connection) as first:
        over_limit("token:new", "5/min", setting=SETTING)
    with CaptureQueriesContext(connection) as second:
        over_limit("token:new", "5/min", setting=SETTING)

    keys = set(RateWindow.objects.values_list("key", flat=True))
    assert keys == {f"{SETTING}:token:recent", f"{SETTING}:token:new"}
    assert [len(first), len(second)] == [2, 1]  # only a new window draws
    assert set(draws.odds) == {FORGET_ODDS}
    assert len(draws.odds) == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own: SQLite logs no table apart"
)
def test_on_postgresql_the_counts_write_no_log_record() -> None:
    """Unlogged (migration core 0004): a count is not worth a log flush at every API
    request, nor a record sent to every replica."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [TABLE])
        (persistence,) = cursor.fetchone()
    assert persistence == "u"
