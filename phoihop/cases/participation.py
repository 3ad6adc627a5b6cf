"""Which agencies handle a case: the one that records a decision, the bodies the law
brings in with it (phoihop.domain.procedure.participation), and those a handling or
overseeing agency adds. Each runs inside the caller's transaction or its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.audit.services import audit_record
from phoihop.cases.models import Case, CaseAgency, ParticipationRole
from phoihop.cases.selectors import case_facts, case_get_for
from phoihop.cases.writing import case_locked_at
from phoihop.domain.access.policy import may_add_agency
from phoihop.domain.errors import AccessDenied, InvalidInput
from phoihop.domain.organisation import AgencyKind, AgencyLevel
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.participation import Body, bodies_joining
from phoihop.reports.tallies import marks_refresh


def join_handling(case: Case, agency: Agency | int, since: dt.date) -> bool:
    """The agency handles the case from ``since``. One that only saw it (asked to help,
    invited) becomes a handling agency; one already handling keeps its date. True when
    the agency was not handling before."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    row, created = CaseAgency.objects.get_or_create(
        case=case, agency_id=agency_id, defaults={"since": since}
    )
    if created:
        return True
    if row.role != ParticipationRole.HANDLING:
        row.role = ParticipationRole.HANDLING
        row.until = None  # a case transferred back is handled again
        row.save(update_fields=["role", "until"])
        return True
    return False


def join_by_law(case: Case, recorder: Agency, event_type: EventType, on: dt.date) -> list[int]:
    """Join the bodies the decision brings in (the supervising procuracy, the trial
    court), chosen from the registry as it stood on the decision's date."""
    handling = CaseAgency.objects.filter(case=case, role=ParticipationRole.HANDLING)
    kinds = {AgencyKind(k) for k in handling.values_list("agency__kind", flat=True)}
    registry = (
        Agency.objects.valid_on(on)
        .filter(kind__in=[AgencyKind.PROCURACY, AgencyKind.COURT])
        .filter(Q(province_id=recorder.province_id) | Q(level=AgencyLevel.CENTRAL))
    )
    # A generator: the registry is read only when a body must be found.
    candidates = (body_of(a) for a in registry)
    joined = bodies_joining(body_of(recorder), event_type, kinds, candidates)
    for body in joined:
        join_handling(case, body.id, on)
    return [body.id for body in joined]


SUPREME_PROCURACY = "VKSTC"
# Units under the Supreme Procuracy that do not act for the Procurator General: its
# investigation body, and the appellate procuracies of July 2025 (the high-level
# procuracies before them have codes of their own, VKSCC-).
_NOT_FOR_THE_PROCURATOR_GENERAL = ("VKSTC-CQDT", "VKSTC-PT-")


def transfer_receiver(sender: Agency, receiver_id: object, on: dt.date) -> Agency:
    """The body a case is transferred to (169): in the registry, existing on the day of
    the transfer, of the sender's kind, not the sender itself."""
    receiver: Agency | None = None
    if isinstance(receiver_id, int) or (isinstance(receiver_id, str) and receiver_id.isdecimal()):
        receiver = Agency.objects.filter(pk=int(receiver_id)).first()
    if receiver is None:
        raise InvalidInput("Cơ quan nhận vụ án: chọn một cơ quan trong danh mục.", field="to")
    if receiver.pk == sender.pk:
        raise InvalidInput("Cơ quan nhận vụ án phải khác cơ quan chuyển.", field="to")
    if receiver.kind != sender.kind:
        raise InvalidInput(
            f"Cơ quan nhận vụ án: {receiver.name} không cùng loại với {sender.name}; vụ án "
            "chuyển giữa các cơ quan cùng loại (Điều 169).",
            field="to",
        )
    if not Agency.objects.valid_on(on).filter(pk=receiver.pk).exists():
        raise InvalidInput(
            f"Cơ quan nhận vụ án: {receiver.name} không tồn tại vào ngày {on:%d/%m/%Y}.",
            field="to",
        )
    return receiver


def transfer_handling(case: Case, senders: set[Agency], receiver: Agency, on: dt.date) -> None:
    """From ``on`` the receiver handles the case and the senders (the body that made the
    transfer, and its successor entering it), which keep seeing it, record no more
    (role TRANSFERRED, until ``on``)."""
    join_handling(case, receiver, on)
    CaseAgency.objects.filter(case=case, agency__in=senders - {receiver}).update(
        role=ParticipationRole.TRANSFERRED, until=on
    )


def body_of(agency: Agency) -> Body:
    return Body(
        id=agency.pk,
        kind=AgencyKind(agency.kind),
        level=AgencyLevel(agency.level),
        province_id=agency.province_id,
        parent_id=agency.parent_id,
        procurator_general=_for_the_procurator_general(agency),
    )


def _for_the_procurator_general(agency: Agency) -> bool:
    """The Supreme Procuracy itself or one of its departments (Vụ): the registry has no
    field for it, so the codes say it."""
    if agency.kind != AgencyKind.PROCURACY:
        return False
    if agency.code == SUPREME_PROCURACY:
        return True
    return agency.code.startswith(f"{SUPREME_PROCURACY}-") and not agency.code.startswith(
        _NOT_FOR_THE_PROCURATOR_GENERAL
    )


def case_agency_add(
    *,
    user: Any,
    case_id: int,
    expected_version: int | None,
    agency_id: int,
    since: dt.date,
    now: dt.datetime,
) -> CaseAgency:
    """A handling agency, or the commission or Steering Committee overseeing the case,
    adds an agency that handles it too (a court named by a central procuracy, a body a
    case was transferred to). It must exist on ``since``."""
    actor = actor_for(user)
    with transaction.atomic():
        visible = case_get_for(actor, case_id)
        if not may_add_agency(actor, case_facts(visible)):
            raise AccessDenied("Bạn không được thêm cơ quan vào vụ án này.")
        case = case_locked_at(visible.pk, expected_version)
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            raise InvalidInput("Cơ quan không có trong danh mục.", field="agency")
        if since > timezone.localdate(now):
            raise InvalidInput("Ngày tham gia không được sau ngày hôm nay.", field="since")
        if not Agency.objects.valid_on(since).filter(pk=agency.pk).exists():
            raise InvalidInput(
                f"{agency.name} không tồn tại vào ngày {since:%d/%m/%Y}.", field="since"
            )
        if not join_handling(case, agency, since):
            raise InvalidInput(f"{agency.name} đã tham gia giải quyết vụ án.", field="agency")
        case.version += 1
        case.save(update_fields=["version"])
        audit_record(
            actor=user,
            action="case.agency.added",
            at=now,
            target=case,
            data={"agency": agency.code, "since": since.isoformat()},
        )
        marks_refresh([case.pk])  # last, as every writer: case, audit, tallies
    return CaseAgency.objects.get(case=case, agency=agency)
