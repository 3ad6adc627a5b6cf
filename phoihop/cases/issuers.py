"""Which body a recorded decision is entered as made by.

A decision is the act of the body that made it on its date. After the 2025 reform many
bodies no longer exist (the police, procuracy and court of each merged province, the
high courts); their successors enter the decisions they took over, naming the body that
made each. A body that did not exist on a decision's date cannot have made it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from phoihop.agencies.models import Agency
from phoihop.cases.models import Case, CaseAgency, ParticipationRole
from phoihop.core.calendar_service import current_calendar
from phoihop.domain.clocks.derive import clocks_for
from phoihop.domain.errors import InvalidInput, RuleViolation
from phoihop.domain.procedure.events import RECORDED_BY, EventType
from phoihop.domain.procedure.timeline import Insertion

_EXTENSIONS = frozenset({EventType.INVESTIGATION_EXTENDED, EventType.DETENTION_EXTENDED})


def predecessors(agency: Agency) -> QuerySet[Agency]:
    """Bodies of the same kind that have ceased and whose files ``agency`` may hold: its
    own former units, the former body of its province or of a province merged into it
    (any former central body, for a central one). The registry keeps no explicit
    succession, so this is the widest reading of it; the user names the body that made
    the decision."""
    ceased = Agency.objects.filter(kind=agency.kind, valid_to__isnull=False).exclude(pk=agency.pk)
    if agency.province_id is None:
        where = Q(province__isnull=True)
    else:
        where = Q(province_id=agency.province_id) | Q(province__merged_into_id=agency.province_id)
    return ceased.filter(where | Q(parent=agency))


def issuing_agency(recorder: Agency, issuer_id: int | None, on: dt.date) -> Agency:
    """The body entered as making a decision dated ``on``: the recording agency, or the
    predecessor it names. Either must have existed on that date."""
    issuer = recorder
    if issuer_id is not None and issuer_id != recorder.pk:
        named = predecessors(recorder).filter(pk=issuer_id).first()
        if named is None:
            raise InvalidInput(
                f"Cơ quan ra quyết định: chỉ ghi nhận thay cho cơ quan tiền thân của "
                f"{recorder.name} (cùng loại, đã chấm dứt hoạt động, cùng tỉnh hoặc tỉnh đã "
                "hợp nhất vào, hoặc đơn vị trực thuộc cũ).",
                field="issuer",
            )
        issuer = named
    # Read from the row in hand, as ValidQuerySet.valid_on reads it: a query per decision
    # would slow a 10,000-row import for nothing.
    if not (issuer.valid_from <= on and (issuer.valid_to is None or on <= issuer.valid_to)):
        raise InvalidInput(_not_existing(issuer, recorder, on), field="date")
    return issuer


def _not_existing(issuer: Agency, recorder: Agency, on: dt.date) -> str:
    span = f"hoạt động từ {issuer.valid_from:%d/%m/%Y}"
    if issuer.valid_to is not None:
        span += f" đến {issuer.valid_to:%d/%m/%Y}"
    message = (
        f"Ngày của quyết định: {issuer.name} chưa có hoặc không còn vào ngày "
        f"{on:%d/%m/%Y} ({span})."
    )
    earlier = predecessors(recorder).filter(
        Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    names = [a.name for a in earlier[:3]]
    if names:
        message += f" Hãy ghi nhận thay cho cơ quan đã ra quyết định: {'; '.join(names)}."
    return message


def inferred_issuer(case: Case, issuer: Agency, event_type: EventType) -> Agency:
    """The body entered for a decision inferred from a later one (unrecorded): the body
    recording the later one when its kind makes that decision (the court's own acceptance
    before its hearing), else the handling agency of a kind that does."""
    kinds = {kind.value for kind in RECORDED_BY[event_type]}
    if issuer.kind in kinds:
        return issuer
    handling = (
        CaseAgency.objects.filter(
            case=case, role=ParticipationRole.HANDLING, agency__kind__in=kinds
        )
        .select_related("agency")
        .order_by("since", "pk")
        .first()
    )
    if handling is None:
        raise InvalidInput(
            "Không xác định được cơ quan đã ra quyết định chưa được ghi nhận: vụ án chưa có "
            "cơ quan giải quyết phù hợp. Hãy thêm cơ quan đó vào vụ án trước.",
            field="type",
        )
    return handling.agency


def check_authority(placed: Insertion, event_type: EventType, today: dt.date) -> None:
    """An extension only the Procurator General grants (the fourth extension of an
    investigation, 172(3); the last ones of a detention, 173(5)-(6)), recorded by any
    other procuracy, is refused: the engine names it (``clock.extension.authority``)."""
    if event_type not in _EXTENSIONS:
        return
    derived = clocks_for(placed.events, current_calendar(), today=today, explain=False)
    for problem in derived.problems:
        if problem.code == "clock.extension.authority" and problem.sequence == placed.sequence:
            raise RuleViolation(problem.message, code=problem.code, field="type")
