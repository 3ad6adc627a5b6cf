from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phoihop.accounts.access import actor_for
from phoihop.accounts.two_factor import two_factor_required
from phoihop.domain.access.policy import may_administer_users
from phoihop.domain.publicity.access import may_draft_release


def permissions(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_administer_users": may_administer_users(actor_for(user)),
        "can_inform": may_draft_release(actor_for(user)),
        # Between the password and the code the menu leads nowhere: hide it.
        "second_step_pending": two_factor_required(user)
        and not getattr(user, "is_verified", lambda: True)(),
    }
