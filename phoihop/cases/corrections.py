"""An agency corrects or withdraws a decision it recorded (a wrong date, a mistyped
number, a decision entered on the wrong case). The decision leaves the live record for
WithdrawnEvent with the reason; a correction puts the decision right in its place by
date. A correction may itself be corrected or withdrawn. Stage and clocks are derived
again; the audit entry keeps the decision as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.access import actor_for
from phoihop.audit.services import audit_record
from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case, CaseEvent, WithdrawnEvent
from phoihop.cases.selectors import case_facts, case_get_for
from phoihop.cases.services import refresh_derived
from phoihop.cases.writing import case_locked_at
from phoihop.clocks.services import clocks_refresh
from phoihop.core.errors import NotFound
from phoihop.domain.access.policy import may_record_events
from phoihop.domain.errors import AccessDenied, InvalidInput
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import EVENT_LABELS_VI, Event, EventType
from phoihop.domain.procedure.timeline import check_withdraw
from phoihop.reports.tallies import marks_refresh


@dataclasses.dataclass(frozen=True)
class Correction:
    """What a correction puts right; the decision's type and person stay as recorded."""

    date: dt.date
    doc_number: str = ""
    note: str = ""
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


# A split opened a case and a transfer moved who handles this one: withdrawing either
# would leave the other side as it is.
_OPENED_OR_MOVED = frozenset({EventType.CASE_SPLIT.value, EventType.CASE_TRANSFERRED.value})


def entered_by_agency_of(record: CaseEvent, agency_id: int | None) -> bool:
    """Whether ``agency_id`` recorded the decision: the body that made it, or the agency
    whose official entered it (a successor entering its predecessor's decision, a court
    bringing in the decisions its hearing proves)."""
    if agency_id is None:
        return False
    entered = record.entered_by.agency_id if record.entered_by is not None else None
    return agency_id in (record.agency_id, entered)


def case_event_withdraw(
    *,
    user: Any,
    case_id: int,
    expected_version: int | None,
    sequence: int,
    reason: str,
    correction: Correction | None = None,
    now: dt.datetime,
) -> CaseEvent | None:
    """Withdraw the decision numbered ``sequence``, or replace it by its ``correction``.
    Returns the corrected decision, or None for a withdrawal."""
    actor = actor_for(user)
    if not reason.strip():
        raise InvalidInput("Hãy nêu lý do sửa hoặc rút quyết định.", field="reason")
    with transaction.atomic():
        visible = case_get_for(actor, case_id)
        if not may_record_events(actor, case_facts(visible)):
            raise AccessDenied("Cơ quan của bạn không tham gia giải quyết vụ án này.")
        case = case_locked_at(visible.pk, expected_version)
        rows = list(case.events.select_related("agency", "entered_by").order_by("sequence"))
        original = next((r for r in rows if r.sequence == sequence), None)
        if original is None:
            # A number from a page or a client that read the record before a change
            # renumbered it, or one it never had: the decision is not there to change.
            raise NotFound(
                f"Quyết định số {sequence} không còn trong hồ sơ vụ án (đã được rút, sửa "
                "hoặc đánh số lại, hoặc chưa từng có): hãy tải lại hồ sơ để xem các quyết "
                "định đang có hiệu lực.",
                code="case.event.not_found",
                field="sequence",
            )
        if not entered_by_agency_of(original, user.agency_id):
            raise AccessDenied("Chỉ cơ quan đã ghi nhận quyết định mới được sửa hoặc rút.")
        if original.type in _OPENED_OR_MOVED:
            raise InvalidInput(
                f"{EVENT_LABELS_VI[EventType(original.type)]} đã mở một vụ án hoặc chuyển cơ "
                "quan giải quyết nên không sửa hoặc rút được: hãy nhập lại vụ án đã tách, "
                "hoặc chuyển lại vụ án.",
                field="sequence",
            )
        replacement = None
        if correction is not None:
            params = {**original.params, **correction.params}
            replacement = Event(EventType(original.type), correction.date, params)
        placed = check_withdraw(
            domain_events_of(rows),
            sequence,
            replacement=replacement,
            today=timezone.localdate(now),
            recorder_kind=AgencyKind(original.agency.kind),  # the same body's decision
        )
        kept = [r for r in rows if r is not original]
        withdrawn, corrects = _set_aside(original, user=user, now=now, reason=reason)
        _renumber(kept, placed.sequence)
        corrected = None
        if correction is not None:
            corrected = CaseEvent.objects.create(
                case=case,
                sequence=placed.sequence,
                type=original.type,
                date=correction.date,
                agency=original.agency,
                doc_number=correction.doc_number,
                params=dict(placed.events[placed.sequence - 1].params),
                person=original.person,
                note=correction.note,
                entered_by=user,
                entered_at=now,
            )
            # The earlier versions a correction replaced now point to this one, the
            # decision in force in their place.
            WithdrawnEvent.objects.filter(pk__in=[withdrawn.pk, *corrects]).update(
                replaced_by=corrected
            )
        _derive_again(case, placed, today=timezone.localdate(now))
        audit_record(
            actor=user,
            action="case.event.corrected" if corrected else "case.event.withdrawn",
            at=now,
            target=case,
            data={
                "withdrawn": withdrawn.pk,
                "type": original.type,
                "date": original.date.isoformat(),
                "doc_number": original.doc_number,
                "reason": reason,
                **({"corrects": corrects} if corrects else {}),
                **(
                    {"corrected": corrected.pk, "new_date": corrected.date.isoformat()}
                    if corrected
                    else {}
                ),
            },
        )
        marks_refresh([case.pk])  # last, as every writer: case, audit, tallies
    return corrected


def _set_aside(
    original: CaseEvent, *, user: Any, now: dt.datetime, reason: str
) -> tuple[WithdrawnEvent, list[int]]:
    """Move ``original`` to the withdrawn decisions. Returns its withdrawn row and the
    withdrawn rows ``original`` had itself corrected: a correction can be wrong too.
    Their link to it is cleared first (it protects the decision it names from being
    deleted); a new correction takes it over, a withdrawal leaves them with none, as
    the decision they recorded is then no longer in force in any version."""
    corrects = list(original.corrects.values_list("pk", flat=True))
    original.corrects.update(replaced_by=None)
    withdrawn = WithdrawnEvent.objects.create(
        case_id=original.case_id,
        sequence=original.sequence,
        type=original.type,
        date=original.date,
        agency_id=original.agency_id,
        doc_number=original.doc_number,
        params=original.params,
        person_id=original.person_id,
        note=original.note,
        entered_by_id=original.entered_by_id,
        entered_at=original.entered_at,
        withdrawn_by=user,
        withdrawn_at=now,
        reason=reason.strip(),
    )
    original.delete()
    return withdrawn, corrects


def _renumber(kept: list[CaseEvent], replacement_at: int) -> None:
    """Number the decisions in force 1..n in date order, leaving ``replacement_at`` free
    (0: no replacement). Two passes keep (case, sequence) unique at every step."""
    wanted = {}
    number = 1
    for row in kept:
        if number == replacement_at:
            number += 1
        wanted[row.pk] = number
        number += 1
    moving = [r for r in kept if r.sequence != wanted[r.pk]]
    for row in moving:
        row.sequence = wanted[row.pk] + 1_000_000
        row.save(update_fields=["sequence"])
    for row in moving:
        row.sequence = wanted[row.pk]
        row.save(update_fields=["sequence"])


def _derive_again(case: Case, placed: Any, *, today: dt.date) -> None:
    events = list(placed.events)
    refresh_derived(case, placed.timeline, events)
    case.version += 1
    case.save()
    clocks_refresh(case, events=events, today=today)
