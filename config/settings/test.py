"""Tests: the real database named by PHOIHOP_TEST_DATABASE_URL (PostgreSQL), else SQLite."""

import os

from .base import *  # noqa: F403

_url = os.environ.get("PHOIHOP_TEST_DATABASE_URL")
DATABASES = {
    "default": database_from_url(_url or f"sqlite:///{VAR_DIR / 'test.sqlite3'}")  # noqa: F405
}
# No replica but the standby the replica tests attach themselves
# (tests/integration/core/test_read_replicas.py): the rest of the suite reads what it
# has just written, in transactions a standby never sees.
PHOIHOP_REPLICA_URLS = []
PHOIHOP_REPLICAS = []
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise looks there)
if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
    # A file, not pytest-django's in-memory default: concurrent-write tests need real
    # locking (WAL, busy timeout) as in production, not shared-cache table locks. One
    # file per test run, so that two runs side by side never share one; the processes a
    # run starts inherit its name through the environment.
    _run = os.environ.setdefault("PHOIHOP_TEST_RUN", str(os.getpid()))
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-run-{_run}.sqlite3")}  # noqa: F405
SECRET_KEY = "test-only-key-never-used-outside-the-test-suite"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PHOIHOP_PUBLIC_RATE = "100000/min"  # the public page's rate-limit test sets its own
PHOIHOP_API_RATE = "100000/min"  # the rate-limit test sets its own; fuzzing must not hit it
if os.environ.get("PHOIHOP_TEST_SHARED_CACHE") != "1":
    # The suite's own process keeps a cache of its own, emptied before each test
    # (tests/conftest.py); a test that runs servers which must share one sets the
    # variable for them and the production cache for itself (PHOIHOP_SHARED_CACHE).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
