"""A case split (Art. 170, 242): part of a case (a suspect, a crime) goes on as a case of
its own. The new case opens with its initiation, linked to the case it left, and the
decision to split is recorded on that case, linked to the new one: both or neither."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.access import actor_for
from phoihop.cases import services
from phoihop.cases.derived import domain_events_of
from phoihop.cases.issuers import issuing_agency
from phoihop.cases.models import Case, CaseAgency, ParticipationRole
from phoihop.cases.selectors import case_facts, case_get_for
from phoihop.cases.writing import case_locked_at
from phoihop.domain.access.policy import may_record_events
from phoihop.domain.errors import AccessDenied, InvalidInput
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import (
    PARAM_CHARGES,
    PARAM_DATE_KNOWN,
    PARAM_FIRST_INITIATED_ON,
    PARAM_SPLIT_CASE,
    PARAM_SPLIT_FROM,
    Event,
    EventType,
)
from phoihop.domain.procedure.timeline import check_insert


@dataclass(frozen=True)
class SplitInput:
    date: dt.date
    title: str  # the new case's
    charges: str = ""  # what the new case is initiated for; blank: none stated yet
    doc_number: str = ""
    note: str = ""
    date_known: str = "day"  # as for any decision: "day", "month" or "before"


def case_split(
    *, user: Any, case_id: int, expected_version: int | None, split: SplitInput, now: dt.datetime
) -> Case:
    """Split ``split.title`` off the case: checked as the decision to split would be
    (who records it, in which stage, on which date), then the new case opened with the
    handling agencies of the old one, then the decision recorded on the old one."""
    actor = actor_for(user)
    today = timezone.localdate(now)
    if not split.title.strip():
        raise InvalidInput("Tên vụ án được tách: không được để trống.", field="title")
    with transaction.atomic():
        visible = case_get_for(actor, case_id)
        if not may_record_events(actor, case_facts(visible)):
            raise AccessDenied("Cơ quan của bạn không tham gia giải quyết vụ án này.")
        original = case_locked_at(visible.pk, expected_version)
        issuer = issuing_agency(user.agency, None, split.date)
        known = {} if split.date_known == "day" else {PARAM_DATE_KNOWN: split.date_known}
        placed = check_insert(
            domain_events_of(original.events.all()),
            Event(EventType.CASE_SPLIT, split.date, known),
            today=today,
            recorder_kind=AgencyKind(issuer.kind),
        )
        first_initiated = placed.timeline.first_initiated_on or original.opened_on
        params: dict[str, Any] = {
            **known,
            PARAM_SPLIT_FROM: original.pk,
            PARAM_FIRST_INITIATED_ON: first_initiated.isoformat(),
        }
        if split.charges.strip():
            params[PARAM_CHARGES] = split.charges
        handling = CaseAgency.objects.filter(case=original, role=ParticipationRole.HANDLING)
        new = services.case_create(
            user=user,
            data=services.CaseInput(
                kind=original.kind,
                title=split.title,
                province_id=original.province_id,
                first_event=services.EventInput(
                    type=EventType.CASE_INITIATED.value,
                    date=split.date,
                    doc_number=split.doc_number,
                    note=split.note,
                    params=params,
                ),
                field=original.field,
                classification=original.classification,
                monitoring=original.monitoring,
                agency_ids=list(handling.values_list("agency_id", flat=True)),
            ),
            now=now,
        )
        services.case_record_event(
            user=user,
            case_id=original.pk,
            expected_version=None,  # checked and locked above
            event=services.EventInput(
                type=EventType.CASE_SPLIT.value,
                date=split.date,
                doc_number=split.doc_number,
                note=split.note,
                params={**known, PARAM_SPLIT_CASE: new.pk},
            ),
            now=now,
        )
    return new
