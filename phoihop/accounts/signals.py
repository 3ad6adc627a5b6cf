"""Sign-ins, failed sign-ins, lockouts and sign-outs go into the audit trail. A
failure to write the entry fails the sign-in: nobody gets in unrecorded."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from phoihop.accounts.sessions import SEEN_AT, SIGNED_IN_AT, client_address
from phoihop.audit.services import audit_record
from phoihop.core.clock import now


def _address(request: Any) -> str:
    return client_address(request) if request is not None else ""


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        stamp = time.time()
        request.session[SIGNED_IN_AT] = stamp
        request.session[SEEN_AT] = stamp
    audit_record(actor=user, action="auth.signed_in", at=now(), data={"address": _address(request)})


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The username as typed, never the password; no actor, since nobody proved who
    # they are.
    audit_record(
        actor=None,
        action="auth.sign_in_failed",
        at=now(),
        data={"username": str(credentials.get("username", ""))[:150], "address": _address(request)},
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    audit_record(
        actor=None,
        action="auth.locked_out",
        at=now(),
        data={"username": str(username or "")[:150], "address": _address(request)},
    )


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.signed_out", at=now())
