"""Session limits and the client's address.

A session ends on the server, not only in the browser: after
``PHOIHOP_SESSION_IDLE_SECONDS`` without a request, and ``PHOIHOP_SESSION_MAX_SECONDS``
after sign-in, whichever comes first. The stamps live in the server-side session, so
a replayed cookie gains nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "phoihop_signed_in_at"
SEEN_AT = "phoihop_seen_at"
# The last-seen stamp is written at most once a minute: a session row rewritten on
# every request would cost the database more than the minute of idle time it gains.
_SEEN_RESOLUTION = 60


def client_address(request: HttpRequest) -> str:
    """The address lockouts are keyed on. Behind nginx, the last X-Forwarded-For
    entry is the one nginx itself appended; earlier entries come from the client and
    prove nothing."""
    if settings.PHOIHOP_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def session_expired(session: SessionBase, now: float) -> bool:
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT)
    if signed_in is None or seen is None:
        return False
    return bool(
        now - seen > settings.PHOIHOP_SESSION_IDLE_SECONDS
        or now - signed_in > settings.PHOIHOP_SESSION_MAX_SECONDS
    )


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A tab left open on the public page does not keep a session alive.
        outside = request.path_info.startswith(("/static/", "/public/"))
        if request.user.is_authenticated and not outside:
            now = time.time()
            session = request.session
            if session_expired(session, now):
                logout(request)  # flushes the session row: the old cookie is worthless
                messages.info(request, _("Your session has expired. Please sign in again."))
            else:
                session.setdefault(SIGNED_IN_AT, now)
                if now - session.get(SEEN_AT, 0) >= _SEEN_RESOLUTION:
                    session[SEEN_AT] = now
        return self.get_response(request)
