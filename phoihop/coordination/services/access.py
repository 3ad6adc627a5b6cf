"""Who may see and act on coordination records: always through the case's access."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from phoihop.accounts.access import actor_for
from phoihop.cases.models import Case, CaseAgency
from phoihop.cases.selectors import case_get_for, visible_cases
from phoihop.coordination.models import Meeting, Request
from phoihop.core.errors import NotFound
from phoihop.domain.access.policy import Actor
from phoihop.domain.coordination.requests import (
    RequestParty,
    RequestStatus,
    allowed_request_moves,
)
from phoihop.domain.errors import AccessDenied
from phoihop.domain.organisation import OVERSIGHT_KINDS, Role
from phoihop.reports.tallies import marks_refresh

WRITING_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.COORDINATOR})


def is_overseer(actor: Actor) -> bool:
    return actor.agency_kind in OVERSIGHT_KINDS


def require_writer(actor: Actor) -> int:
    """The actor's agency id, when the actor may write at all."""
    if actor.role not in WRITING_ROLES or actor.agency_id is None:
        raise AccessDenied("Tài khoản của bạn chỉ được xem, không được ghi.")
    return actor.agency_id


def requests_visible_to(user: Any) -> QuerySet[Request]:
    """Requests of cases the user may see that their agency sent or received; an
    oversight body sees every request of the cases it oversees."""
    actor = actor_for(user)
    requests = Request.objects.filter(case__in=visible_cases(actor).values("pk"))
    if not is_overseer(actor):
        requests = requests.filter(
            Q(from_agency_id=actor.agency_id) | Q(to_agency_id=actor.agency_id)
        )
    return requests


def sees_request_of_seen_case(actor: Actor, request: Request) -> bool:
    """``requests_visible_to`` for a request of a case the actor is known to see: the
    page of that case has settled its access already."""
    return is_overseer(actor) or (
        actor.agency_id is not None
        and actor.agency_id in (request.from_agency_id, request.to_agency_id)
    )


def request_get_for(user: Any, request_id: Any) -> Request:
    try:
        return (
            requests_visible_to(user)
            .select_related("case", "from_agency", "to_agency")
            .get(pk=int(request_id))
        )
    except (Request.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy yêu cầu phối hợp.") from None


@dataclass(frozen=True)
class RequestActions:
    """What one user may do to one request."""

    party: RequestParty | None  # None: neither the sending nor the asked agency
    moves: tuple[RequestStatus, ...]  # the statuses the user may move the request to
    may_write: bool  # add a message to the thread

    @property
    def may_answer(self) -> bool:
        return RequestStatus.ANSWERED in self.moves


def request_actions(actor: Actor, request: Request) -> RequestActions:
    """The one answer to "what may this user do to this request?": the request page
    shows these actions and no other, and the services refuse any other. Only the two
    agencies of a request act on it, each its own moves (the domain's table), and
    only through an account that may write."""
    party = None
    if actor.agency_id is not None and actor.agency_id == request.to_agency_id:
        party = RequestParty.RECIPIENT
    elif actor.agency_id is not None and actor.agency_id == request.from_agency_id:
        party = RequestParty.SENDER
    if party is None or actor.role not in WRITING_ROLES:
        return RequestActions(party, (), False)
    return RequestActions(party, allowed_request_moves(RequestStatus(request.status), party), True)


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Meetings the user's agency chairs or takes part in; an oversight body also sees
    meetings on the cases it oversees. Either way at least one case on the agenda must
    be one the user may see: a meeting is about its cases, and its title, place and
    date tell of a case above the user's clearance (Law on State Secrets, need to
    know), as the agenda item itself would."""
    actor = actor_for(user)
    about_a_visible_case = Q(agenda__case__in=visible_cases(actor).values("pk"))
    if is_overseer(actor):
        return Meeting.objects.filter(about_a_visible_case).distinct()
    own = Q(chair_agency_id=actor.agency_id) | Q(participants__id=actor.agency_id)
    return Meeting.objects.filter(own, about_a_visible_case).distinct()


def meetings_of_seen_case(actor: Actor, case: Case) -> QuerySet[Meeting]:
    """``meetings_visible_to`` for the meetings about a case the actor is known to see
    (the case on the agenda is the visible one the rule asks for)."""
    meetings = Meeting.objects.filter(agenda__case=case)
    if not is_overseer(actor):
        meetings = meetings.filter(
            Q(chair_agency_id=actor.agency_id) | Q(participants__id=actor.agency_id)
        )
    return meetings.distinct()


def meeting_get_for(user: Any, meeting_id: Any) -> Meeting:
    try:
        return (
            meetings_visible_to(user)
            .select_related("chair_agency", "secretary_agency")
            .get(pk=int(meeting_id))
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy cuộc họp.") from None


def case_for(user: Any, case_id: Any) -> Case:
    return case_get_for(actor_for(user), case_id)


def join_case(case: Case, agency_id: int, since: Any, *, role: str) -> None:
    """An agency asked to help, invited to a meeting, asked for a directive or given a
    task takes part in the case and so sees it (DESIGN §5); it does not become a
    handling agency, so it records no decision. An existing role is kept."""
    _, joined = CaseAgency.objects.get_or_create(
        case=case, agency_id=agency_id, defaults={"since": since, "role": role}
    )
    if joined:
        # Counted from now in the agency's overdue and due-soon figures: once the
        # caller commits, in a transaction of its own. A coordination write may join
        # several cases, in the user's order, after its audit entry; locking them here
        # would break the order every writer keeps (cases, audit, tallies).
        transaction.on_commit(functools.partial(marks_refresh, [case.pk]))
