"""The user's looks at the inbox: what the inbox marks as new is what changed since."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from phoihop.coordination.models import InboxLook


def inbox_look_record(*, user: Any, now: dt.datetime) -> dt.datetime | None:
    """The user opens the inbox afresh at ``now``: the look before this one becomes the
    time items are new since, and is returned (None: the user never looked). Paging and
    filtering the inbox are not new looks (the view does not call this): they keep the
    marks the user opened it with.

    Not audited: it changes no record of the case, only what one user's page marks."""
    with transaction.atomic():
        look = InboxLook.objects.select_for_update().filter(user_id=user.pk).first()
        if look is None:
            try:
                with transaction.atomic():
                    InboxLook.objects.create(user_id=user.pk, looked_at=now)
                return None
            except IntegrityError:  # the same user's other tab recorded its first look
                look = InboxLook.objects.select_for_update().get(user_id=user.pk)
        previous = look.looked_at
        look.previous_looked_at, look.looked_at = previous, now
        look.save(update_fields=["looked_at", "previous_looked_at"])
    return previous
