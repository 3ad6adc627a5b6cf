"""Django's database sessions, each read by its key through a statement compiled once
(core/compiled.py): every signed-in request reads its session first, and the ORM's
building of that one query cost more than the database's answer. Written, ended and
swept as Django's own (``SESSION_ENGINE``)."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from phoihop.core.compiled import ReadByKey


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any | None:
        """The session's row while it has not expired, as Django's store reads it; else
        None, the key forgotten (a new session gets a new key). Expired by the machine's
        clock, as Django writes the expiry, not by the product's."""
        session = _by_key(self.model).get(self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session


@functools.cache
def _by_key(model: Any) -> ReadByKey[Any]:
    return ReadByKey(model, "session_key", key_type=str)
