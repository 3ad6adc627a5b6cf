"""Writing generated demo cases to the database in bulk.

Demo data is loaded in batches with bulk inserts (a million cases would take hours
through the one-by-one services); the plans were already checked decision by decision
against the stage machine, and the cached columns are derived the same way the
services derive them (``phoihop.cases.derived``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from itertools import islice

from django.db import transaction

from phoihop.agencies.models import Agency, Province
from phoihop.audit.services import audit_record
from phoihop.cases.derived import charges_as_rows, domain_events_of, search_text_for
from phoihop.cases.models import AssetAction, Case, CaseAgency, CaseEvent, Person
from phoihop.clocks.models import Clock
from phoihop.clocks.services import clock_rows
from phoihop.core import clock
from phoihop.core.calendar_service import current_calendar
from phoihop.demo import steps
from phoihop.demo.generator import CasePlan, demo_plans
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import PARAM_PERSON, Event
from phoihop.domain.procedure.timeline import replay
from phoihop.reports.tallies import marks_refresh

HANDLING_KINDS = (
    AgencyKind.INVESTIGATION,
    AgencyKind.PROCURACY,
    AgencyKind.COURT,
    AgencyKind.ENFORCEMENT,
)


def _agency_codes(province_code: str) -> dict[AgencyKind, str]:
    return {
        AgencyKind.INVESTIGATION: f"{province_code}-CSDT",
        AgencyKind.PROCURACY: f"{province_code}-VKS",
        AgencyKind.COURT: f"{province_code}-TA",
        AgencyKind.ENFORCEMENT: f"{province_code}-THADS",
        AgencyKind.EXPERTISE: f"{province_code}-PY",
        AgencyKind.VALUATION: f"{province_code}-HDDG",
    }


def _batches(plans: Iterable[CasePlan], size: int) -> Iterable[list[CasePlan]]:
    iterator = iter(plans)
    while batch := list(islice(iterator, size)):
        yield batch


def demo_cases_load(
    *,
    count: int,
    seed: int,
    today: dt.date,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> int:
    on = today
    provinces = {p.code: p for p in Province.objects.valid_on(on)}
    agencies = Agency.objects.in_bulk(field_name="code")
    plans = demo_plans(count=count, seed=seed, today=today, province_codes=sorted(provinces))
    entered_at = clock.now()
    calendar = current_calendar()
    loaded = 0
    with steps.demo_step(steps.CASES):
        for batch in _batches(plans, batch_size):
            with transaction.atomic():
                _load_batch(batch, provinces, agencies, entered_at, calendar, today)
            loaded += len(batch)
            if progress:
                progress(loaded)
        with transaction.atomic():
            audit_record(
                actor=None,
                action="demo.loaded",
                at=entered_at,
                data={"cases": loaded, "seed": seed},
            )
    return loaded


def _load_batch(
    batch: list[CasePlan],
    provinces: dict[str, Province],
    agencies: dict[str, Agency],
    entered_at: dt.datetime,
    calendar: RestDayCalendar,
    today: dt.date,
) -> None:
    cases = []
    for plan in batch:
        timeline = replay(
            [Event(e.type, e.date, e.params, i) for i, e in enumerate(plan.events, start=1)]  # type: ignore[arg-type]
        )
        names = " ".join(p.full_name for p in plan.persons)
        case = Case(
            kind=plan.kind,
            national_code=plan.national_code,
            title=plan.title,
            summary=plan.summary,
            province=provinces[plan.province_code],
            field=plan.field,
            charges=charges_as_rows(plan.charges),
            category=timeline.category.value if timeline.category else "",
            classification=plan.classification,
            monitoring=plan.monitoring,
            stage=timeline.stage.value if timeline.stage else "",
            opened_on=plan.events[0].date,
            last_event_on=plan.events[-1].date,
        )
        case.search_text = search_text_for(case, names)
        cases.append(case)
    Case.objects.bulk_create(cases)
    if cases[0].pk is None:  # backends without RETURNING: read the ids back in order
        ids = list(Case.objects.order_by("-id").values_list("id", flat=True)[: len(cases)])
        for case, pk in zip(cases, reversed(ids), strict=True):
            case.pk = pk

    participations, persons, assets = [], [], []
    for plan, case in zip(batch, cases, strict=True):
        codes = _agency_codes(plan.province_code)
        used = {e.recorder for e in plan.events} | {AgencyKind.INVESTIGATION, AgencyKind.PROCURACY}
        for kind in used:
            if codes.get(kind) in agencies:
                participations.append(
                    CaseAgency(case=case, agency=agencies[codes[kind]], since=plan.events[0].date)
                )
        for p in plan.persons:
            persons.append(
                Person(
                    case=case,
                    full_name=p.full_name,
                    role="accused",
                    birth_year=p.birth_year,
                    position=p.position,
                    is_official=p.is_official,
                    is_party_member=p.is_party_member,
                    charges=charges_as_rows(plan.charges),
                )
            )
        for a in plan.assets:
            assets.append(
                AssetAction(
                    case=case,
                    kind=a.kind,
                    amount_vnd=a.amount_vnd,
                    date=a.date,
                    entered_at=entered_at,
                )
            )
    CaseAgency.objects.bulk_create(participations)
    Person.objects.bulk_create(persons)
    AssetAction.objects.bulk_create(assets)

    person_ids: dict[int, list[int]] = {}
    person_rows = Person.objects.filter(case__in=cases).order_by("id").values_list("id", "case_id")
    for person_id, case_id in person_rows:
        person_ids.setdefault(case_id, []).append(person_id)
    events = []
    for plan, case in zip(batch, cases, strict=True):
        codes = _agency_codes(plan.province_code)
        for sequence, e in enumerate(plan.events, start=1):
            person = person_ids[case.pk][e.person_index] if e.person_index is not None else None
            params = dict(e.params)
            if person is not None and PARAM_PERSON in params:
                params[PARAM_PERSON] = str(person)  # the plan's placeholder → the row's id
            events.append(
                CaseEvent(
                    case=case,
                    sequence=sequence,
                    type=e.type.value,
                    date=e.date,
                    agency=agencies[codes[e.recorder]],
                    params=params,
                    person_id=person,
                    entered_at=entered_at,
                )
            )
    CaseEvent.objects.bulk_create(events)

    clocks: list[Clock] = []
    nearest: list[Case] = []
    by_case: dict[int, list[CaseEvent]] = {}
    for event in events:
        by_case.setdefault(event.case.pk, []).append(event)
    for case in cases:
        rows, case.next_deadline = clock_rows(
            case, domain_events_of(by_case[case.pk]), calendar, today
        )
        clocks.extend(rows)
        nearest.append(case)
    Clock.objects.bulk_create(clocks)
    Case.objects.bulk_update(nearest, ["next_deadline"])
    marks_refresh([case.pk for case in cases])
