"""Who drafts and approves public information: the internal-affairs commission and the
users given the press role draft; a leader of the commission approves and publishes.
Each only about a case they may see."""

from __future__ import annotations

from phoihop.domain.access.policy import Actor, CaseFacts, may_view
from phoihop.domain.organisation import AgencyKind, Role

_COMMISSION_WRITERS = frozenset({Role.OFFICER, Role.COORDINATOR, Role.LEADER})


def may_draft_release(actor: Actor) -> bool:
    if actor.role is Role.PRESS:
        return True
    return actor.agency_kind is AgencyKind.INTERNAL_AFFAIRS and actor.role in _COMMISSION_WRITERS


def may_approve_release(actor: Actor) -> bool:
    return actor.agency_kind is AgencyKind.INTERNAL_AFFAIRS and actor.role is Role.LEADER


def may_inform_about(actor: Actor, case: CaseFacts) -> bool:
    """Drafting about this case: the role, and the case within the actor's sight."""
    return may_draft_release(actor) and may_view(actor, case)
