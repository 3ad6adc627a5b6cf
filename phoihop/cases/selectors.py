"""Reads of the case record, always through the access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from phoihop.cases.models import Case, CaseAgency
from phoihop.clocks.models import Clock
from phoihop.clocks.selectors import needing_update, past_maximum
from phoihop.core.errors import NotFound
from phoihop.core.search import fold
from phoihop.domain.access.classification import Classification
from phoihop.domain.access.policy import Actor, CaseFacts, CaseScope, case_scope
from phoihop.domain.procedure.stages import Stage

SUSPENDED_STAGES = frozenset(
    {Stage.VERIFICATION_SUSPENDED, Stage.INVESTIGATION_SUSPENDED, Stage.SUSPENDED}
)
CLOSED_STAGES = frozenset({Stage.CLOSED})


def scope_filter(scope: CaseScope) -> Q:
    """The queryset twin of ``CaseScope.admits``; a test holds the two together."""
    if scope.sees_nothing:
        return Q(pk__in=[])
    where = Q()
    if not scope.all_provinces:
        reach = Q(pk__in=[])
        if scope.province_id is not None:
            reach |= Q(province_id=scope.province_id)
        if scope.agency_id is not None:
            # A subquery, not a join: a join ORed with the province needs DISTINCT and
            # makes PostgreSQL read every participation (the national benchmark: a
            # province's dashboard 255 ms → 22 ms).
            taking_part = CaseAgency.objects.filter(agency_id=scope.agency_id)
            reach |= Q(pk__in=taking_part.values("case_id"))
        where &= reach
    return where & Q(classification__lte=int(scope.max_classification))


def visible_cases(actor: Actor) -> QuerySet[Case]:
    return Case.objects.filter(scope_filter(case_scope(actor)))


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    province: int | None = None
    stage: str = ""
    agency: int | None = None
    monitoring: str = ""
    classification: int | None = None
    status: str = ""  # active | suspended | closed
    due: str = ""  # "" | "overdue" | "past_maximum" | "needs_update" | a number of days
    sort: str = ""  # "" (latest decision first) | "deadline" (nearest deadline first)


def case_list_for(
    actor: Actor, filters: CaseFilters, *, today: dt.date | None = None
) -> QuerySet[Case]:
    cases = visible_cases(actor)
    for word in fold(filters.q).split():
        cases = cases.filter(search_text__contains=word)
    if filters.province is not None:
        cases = cases.filter(province_id=filters.province)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.agency is not None:
        cases = cases.filter(participations__agency_id=filters.agency)
    if filters.monitoring:
        cases = cases.filter(monitoring=filters.monitoring)
    if filters.classification is not None:
        cases = cases.filter(classification=filters.classification)
    if filters.status == "closed":
        cases = cases.filter(stage__in=CLOSED_STAGES)
    elif filters.status == "suspended":
        cases = cases.filter(stage__in=SUSPENDED_STAGES)
    elif filters.status == "active":
        cases = cases.exclude(stage__in=SUSPENDED_STAGES | CLOSED_STAGES)
    if filters.due and today is not None:
        if filters.due == "overdue":
            cases = cases.filter(next_deadline__lt=today)
        elif filters.due == "past_maximum":
            past = Clock.objects.filter(past_maximum(dt.date.min, today))
            past = past.exclude(needing_update(today))
            cases = cases.filter(pk__in=past.values("case_id"))
        elif filters.due == "needs_update":
            stale = Clock.objects.filter(needing_update(today))
            cases = cases.filter(pk__in=stale.values("case_id"))
        else:
            cases = cases.filter(
                next_deadline__gte=today,
                next_deadline__lte=today + dt.timedelta(days=int(filters.due)),
            )
    cases = cases.select_related("province")
    if filters.sort == "deadline":
        return cases.order_by(F("next_deadline").asc(nulls_last=True), "-id")
    return cases.order_by("-last_event_on", "-id")


def case_facts(case: Case) -> CaseFacts:
    rows = list(case.participations.values_list("agency_id", "role"))
    return CaseFacts(
        province_id=case.province_id,
        classification=Classification(case.classification),
        participant_agency_ids=frozenset(agency for agency, _ in rows),
        handling_agency_ids=frozenset(agency for agency, role in rows if role == "handling"),
    )


def case_get_for(actor: Actor, case_id: Any) -> Case:
    """The case, or NotFound when it does not exist or the actor may not see it."""
    try:
        case = visible_cases(actor).select_related("province").get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy vụ án.") from None
    return case
