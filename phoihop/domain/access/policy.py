"""Need-to-know access: one policy for "may this actor do this to this case?" and
"which cases may this actor see?" (DESIGN §5).

A case is visible when the actor's agency takes part in it, or oversees it (the
internal-affairs commission and Steering Committee of the case's province; the
central ones for every case), and the actor's clearance reaches the case's
classification. Central handling bodies (the Ministry's investigation bodies, the
Supreme Procuracy and Court) see the cases they take part in, not all cases: the
issue's "central bodies see all" is read as the central oversight bodies, which is
the need-to-know reading of the Law on State Secrets (Art. 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from phoihop.domain.access.classification import Classification
from phoihop.domain.organisation import OVERSIGHT_KINDS, AgencyKind, AgencyLevel, Role


@dataclass(frozen=True)
class Actor:
    user_id: int
    agency_id: int | None
    agency_kind: AgencyKind | None
    agency_level: AgencyLevel | None
    province_id: int | None
    role: Role
    clearance: Classification
    is_superuser: bool = False


@dataclass(frozen=True)
class CaseFacts:
    province_id: int
    classification: Classification
    participant_agency_ids: frozenset[int]  # every agency taking part: it sees the case
    # The agencies handling the case: only they record decisions and edit it. An agency
    # asked to help, invited to a meeting, asked for a directive or given a task sees the
    # case but does not act in it (DESIGN §5).
    handling_agency_ids: frozenset[int] = frozenset()


class Action(StrEnum):
    VIEW = "view"
    RECORD_EVENT = "record_event"
    EDIT = "edit"
    CREATE = "create"
    ADMINISTER_USERS = "administer_users"


@dataclass(frozen=True)
class CaseScope:
    """Which cases an actor may see, as data the Django layer turns into a filter.

    A case is in scope when its classification is at most ``max_classification``
    and (``all_provinces``, or its province is ``province_id``, or ``agency_id``
    takes part in it).
    """

    max_classification: Classification
    all_provinces: bool
    province_id: int | None
    agency_id: int | None

    @property
    def sees_nothing(self) -> bool:
        return not self.all_provinces and self.province_id is None and self.agency_id is None

    def admits(self, case: CaseFacts) -> bool:
        if not self.max_classification.reaches(case.classification):
            return False
        return (
            self.all_provinces
            or (self.province_id is not None and case.province_id == self.province_id)
            or (self.agency_id is not None and self.agency_id in case.participant_agency_ids)
        )


def case_scope(actor: Actor) -> CaseScope:
    if actor.agency_id is None:
        return CaseScope(actor.clearance, all_provinces=False, province_id=None, agency_id=None)
    oversees = actor.agency_kind in OVERSIGHT_KINDS
    central_oversight = oversees and actor.agency_level == AgencyLevel.CENTRAL
    return CaseScope(
        max_classification=actor.clearance,
        all_provinces=central_oversight,
        province_id=actor.province_id if oversees and not central_oversight else None,
        agency_id=actor.agency_id,
    )


def may_view(actor: Actor, case: CaseFacts) -> bool:
    return case_scope(actor).admits(case)


_WRITING_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.COORDINATOR})


def may_record_events(actor: Actor, case: CaseFacts) -> bool:
    """Whether the actor may record decisions on this case at all; which decisions
    depends on the agency kind and the stage (phoihop.domain.procedure)."""
    return (
        actor.role in _WRITING_ROLES
        and may_view(actor, case)
        and actor.agency_id is not None
        and actor.agency_id in case.handling_agency_ids
    )


def may_add_agency(actor: Actor, case: CaseFacts) -> bool:
    """Who may bring another agency in to handle the case: an agency handling it (the
    procuracy naming the trial court, the body transferring the case, BLTTHS Art. 169),
    or the commission or Steering Committee overseeing it, by its leaders and
    coordinators."""
    if may_record_events(actor, case):
        return True
    return (
        actor.agency_kind in OVERSIGHT_KINDS
        and actor.role in {Role.LEADER, Role.COORDINATOR}
        and may_view(actor, case)
    )


def may_create_case(actor: Actor) -> bool:
    """Crime reports are received by investigation bodies and procuracies; a
    coordinator of an oversight body registers a matter it monitors."""
    if actor.role not in _WRITING_ROLES:
        return False
    if actor.agency_kind in {AgencyKind.INVESTIGATION, AgencyKind.PROCURACY}:
        return True
    return actor.agency_kind in OVERSIGHT_KINDS and actor.role == Role.COORDINATOR


def may_administer_users(actor: Actor) -> bool:
    return actor.is_superuser or actor.role == Role.ADMIN


def allowed_actions(actor: Actor, case: CaseFacts) -> frozenset[Action]:
    actions: set[Action] = set()
    if may_view(actor, case):
        actions.add(Action.VIEW)
    if may_record_events(actor, case):
        actions.update({Action.RECORD_EVENT, Action.EDIT})
    return frozenset(actions)


def editable_case_fields(actor: Actor, case: CaseFacts) -> frozenset[str]:
    """The header fields an actor may change. Handling agencies edit the description;
    the classification only their leaders (Law on State Secrets 2018, Art. 10, 21–22:
    the head of the agency sets and changes it); the monitoring level only the
    Steering Committee or its standing body, whose list it is."""
    fields: set[str] = set()
    if may_record_events(actor, case):
        fields |= {"title", "summary", "national_code", "field"}
        if actor.role == Role.LEADER:
            fields.add("classification")
    if (
        actor.agency_kind in OVERSIGHT_KINDS
        and actor.role in {Role.LEADER, Role.COORDINATOR}
        and may_view(actor, case)
    ):
        fields.add("monitoring")
    return frozenset(fields)
