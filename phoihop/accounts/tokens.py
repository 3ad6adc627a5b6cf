"""Issuing and checking per-user API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction

from phoihop.accounts.models import ApiToken, User
from phoihop.audit.services import audit_record
from phoihop.core.compiled import ReadByKey

PREFIX_LENGTH = 8
# Read on every API request: its statement compiled once (core/compiled.py).
_TOKEN_WITH_USER = ReadByKey(ApiToken, "digest", related="user__agency", key_type=str)
# How exactly a token's last use is kept: an agency's system calling many times a second
# would otherwise write a row on every read. The administrator reads it to tell a token
# in use from a forgotten one; to the minute is enough.
LAST_USE_PRECISION = dt.timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_create(*, user: User, now: dt.datetime, days: int | None = None, name: str = "") -> str:
    """A new token for ``user``; the clear text is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(
            user=user,
            name=name,
            prefix=token[:PREFIX_LENGTH],
            digest=_digest(token),
            created_at=now,
            expires_at=now + dt.timedelta(days=days) if days else None,
        )
        audit_record(
            actor=user,
            action="token.created",
            at=now,
            target=user,
            data={"prefix": token[:PREFIX_LENGTH], "days": days},
        )
    return token


def token_user(token: str, *, now: dt.datetime) -> Any | None:
    """The active user behind a token, or None (unknown, revoked, expired, inactive)."""
    if not token or len(token) > 200:
        return None
    found = _TOKEN_WITH_USER.get(_digest(token))
    if found is None or found.revoked_at is not None or not found.user.is_active:
        return None
    if found.expires_at is not None and found.expires_at <= now:
        return None
    if found.last_used_at is None or now - found.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
