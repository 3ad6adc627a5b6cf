"""The public page under `phoihop serve` with two gunicorn workers: a publication shows in
every answer at once, whichever worker gives it, because the workers share the site's
cache, not one each: the database's table (the demo's and production's default), or
Redis when PHOIHOP_CACHE_URL names one (the server every test machine runs on
loopback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.integration.core.test_serve import _free_port, _get, _wait_for
from tests.integration.publicity import test_public_page as public_page
from tests.integration.publicity.test_public_page import PUBLISHED_TITLE, _draft, _move

pytestmark = pytest.mark.django_db(transaction=True)
world = public_page.world  # the published release and its case, as the page's own tests have

PHOIHOP = str(Path(sys.executable).with_name("phoihop"))
ANSWERS = 12  # two workers each answer some of them
# The Redis server (CI sets it: every test machine runs one on loopback). Each suite its
# own database in it, emptied by the test: the SQLite and PostgreSQL suites run at once.
REDIS_SERVER = os.environ.get("PHOIHOP_TEST_REDIS_URL", "")


def _database_url() -> str:
    """The test's own database, for the servers to read the rows it commits."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(params=["database", "redis"])
def shared_cache(request):  # type: ignore[no-untyped-def]
    """This process on the cache the servers use (its table made in the test database,
    or Redis emptied); yields the servers' PHOIHOP_CACHE_URL."""
    url = ""
    if request.param == "redis":
        if not REDIS_SERVER:
            pytest.skip("PHOIHOP_TEST_REDIS_URL is not set: no Redis to try (CI sets it)")
        url = f"{REDIS_SERVER.rstrip('/')}/{14 if connection.vendor == 'sqlite' else 15}"
        redis.Redis.from_url(url).flushdb()  # unreachable: fails here, naming the server
        cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        cache = settings.PHOIHOP_SHARED_CACHE
    with override_settings(CACHES={"default": cache}):
        if not url:
            call_command("createcachetable", verbosity=0)
        yield url


def test_a_publication_shows_at_once_on_every_worker(
    shared_cache, world, commission_leader, now, tmp_path, django_capture_on_commit_callbacks
):
    port = _free_port()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PHOIHOP_TEST_DATABASE_URL": _database_url(),
        "PHOIHOP_TEST_SHARED_CACHE": "1",
        "PHOIHOP_CACHE_URL": shared_cache,
        "PHOIHOP_VAR_DIR": str(tmp_path),
        "PHOIHOP_WORKERS": "2",
    }
    logs = tmp_path / "serve.log"
    with logs.open("wb") as log:
        server = subprocess.Popen(
            [PHOIHOP, "serve", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/public/"
    try:
        _wait_for(url, server, logs)
        before = [_get(url)[2].decode() for _ in range(ANSWERS)]  # each worker keeps it
        with django_capture_on_commit_callbacks(execute=True):
            second = _draft(world["press"], world["case"], now, "Thông tin bổ sung", "Đang xử lý.")
            _move(second, world["press"], now, "in_review")
            _move(second, commission_leader, now, "approved", "published")
        after = [_get(url)[2].decode() for _ in range(ANSWERS)]
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert all(PUBLISHED_TITLE in page and "Thông tin bổ sung" not in page for page in before)
    stale = [n for n, page in enumerate(after) if "Thông tin bổ sung" not in page]
    assert stale == [], f"answers {stale} of {ANSWERS} still without the publication"
    if shared_cache:  # the pages were kept in Redis, not in the database's table
        assert redis.Redis.from_url(shared_cache).dbsize() > 0
