from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phoihop.accounts.access import actor_for
from phoihop.domain.access.policy import may_administer_users


def permissions(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_administer_users": may_administer_users(actor_for(user))}
