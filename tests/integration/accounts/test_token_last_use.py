"""A token's last use, kept to the minute: a system that calls many times a second makes
no write per call, and the administrator still sees when the token was last used."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.accounts.models import ApiToken
from phoihop.accounts.tokens import LAST_USE_PRECISION, token_create, token_user

pytestmark = pytest.mark.django_db


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_a_tokens_last_use_is_written_once_a_minute_however_often_it_is_used(demo_users, now):
    user = demo_users["dieutra.ag"]
    token = token_create(user=user, now=now)

    assert token_user(token, now=now) == user
    with CaptureQueriesContext(connection) as soon:
        for seconds in (1, 20, 59):
            assert token_user(token, now=now + dt.timedelta(seconds=seconds)) == user
    stored = ApiToken.objects.get(user=user)
    assert (_writes(soon), stored.last_used_at) == ([], now)

    later = now + LAST_USE_PRECISION
    with CaptureQueriesContext(connection) as after:
        assert token_user(token, now=later) == user
    assert len(_writes(after)) == 1
    assert ApiToken.objects.get(user=user).last_used_at == later


def test_a_revoked_token_is_refused_between_two_writes_of_its_last_use(demo_users, now):
    user = demo_users["dieutra.ag"]
    token = token_create(user=user, now=now)
    assert token_user(token, now=now) == user

    ApiToken.objects.filter(user=user).update(revoked_at=now)

    assert token_user(token, now=now + dt.timedelta(seconds=5)) is None
