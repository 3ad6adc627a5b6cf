"""The early warning on the record ("dự báo sớm"): each open clock of the cases a user
may see, assessed by ``phoihop.domain.risk.assess`` with the facts of its case.

Two sources, two access rules:

- the comparable durations (``comparable_curves``) come from every clock in the
  database, whatever the user may see. They are how long statutory periods ran, not
  what a case is about, and only aggregates leave this module: the number of clocks
  compared and their median, inside a reason's text. A Kaplan–Meier curve over one
  user's scope would be too thin to say anything for most users;
- everything about a case itself (its clocks, returns, requests, obstacles,
  escalations) is read only for the cases of ``visible_cases``.

Every page is a fixed handful of queries: the open clocks, the comparable durations,
and one grouped count per kind of fact, whatever the number of clocks.
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Count, QuerySet

from phoihop.accounts.access import actor_for
from phoihop.cases.models import Case, CaseEvent
from phoihop.cases.selectors import visible_cases
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.clocks.selectors import held_after, needing_update
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    Escalation,
    Obstacle,
    Request,
    RequestKind,
)
from phoihop.coordination.services.access import requests_visible_to
from phoihop.domain.clocks import CATALOG
from phoihop.domain.clocks.derive import LAPSING, clock_label
from phoihop.domain.clocks.overrun import days_past_maximum, held_after_the_case_moved_on
from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.risk import (
    MIN_COMPARABLES,
    ClockRiskInput,
    Observation,
    RiskAssessment,
    RiskLevel,
    SurvivalCurve,
    assess,
    survival_curve,
)
from phoihop.reports.figures import UNRESOLVED_OBSTACLES
from phoihop.reports.models import ComparableCurve

AT_RISK = (RiskLevel.HIGH, RiskLevel.MEDIUM)
# Expertise and valuation: the conclusions a case cannot close without (BLTTHS Art. 206,
# 215), as the domain's expert_requests_overdue counts them.
EXPERT_REQUEST_KINDS = (RequestKind.EXPERTISE, RequestKind.VALUATION)


@dataclass(frozen=True)
class RiskRow:
    """One open clock at risk, for the early-warning list."""

    case: Case
    clock: Clock
    assessment: RiskAssessment
    days_left: int  # negative once overdue

    @property
    def label(self) -> str:
        return clock_label(self.clock.code)

    @property
    def past_maximum_days(self) -> int:
        """Days past the longest the law allows, extensions included (0 within it)."""
        assert self.clock.deadline is not None  # _open_clocks keeps only those with one
        return days_past_maximum(
            is_open=True,
            deadline=self.clock.deadline,
            max_deadline=self.clock.max_deadline,
            ended_on=None,
            today=self.clock.deadline - dt.timedelta(days=self.days_left),
        )


class ClockRisk(NamedTuple):
    """A (clock, assessment) pair, with the clock's name for the case page."""

    clock: Clock
    assessment: RiskAssessment

    @property
    def label(self) -> str:
        return clock_label(self.clock.code)


@dataclass(frozen=True)
class CaseFacts:
    returns: int = 0
    expert_requests_overdue: int = 0
    open_obstacles: int = 0
    open_disagreements: int = 0


def comparable_groups(code: str, category: str, province_id: int) -> tuple[str, ...]:
    """Comparable clocks, most specific first, as in tests/bench/risk_backtest.py: same
    clock, crime category and province; same clock and category; same clock."""
    category = category or "-"
    return (f"{code}|{category}|{province_id}", f"{code}|{category}", code)


def comparable_curves(today: dt.date, *, groups: Collection[str]) -> dict[str, SurvivalCurve]:
    """The day's curves of ``groups`` (``comparable_groups``), those that have
    durations. A code's curves read every clock of that code in the country (a second
    or more on a province's server for the common ones), and they move by a handful of
    clocks a day: they are computed once a day, code by code, and kept
    (``ComparableCurve``); a page reads only the groups it weighs. The nightly sweep
    computes them all (``risk_curves_warm``); a day's new clocks join the next day."""
    codes = {group.split("|")[0] for group in groups}
    rows = ComparableCurve.objects.filter(day=today, group__in={*groups, *codes})
    curves = {row.group: _unpack(row) for row in rows}
    missing = codes - curves.keys()
    if missing:
        fresh = comparable_curves_compute(today, codes=missing)
        _curves_store(today, fresh, missing)
        curves.update(fresh)
    return {group: curves[group] for group in groups if group in curves}


def risk_curves_warm(today: dt.date) -> int:
    """Compute and keep every code's curves in one pass (the nightly sweep), in place of
    any the day had; returns the number of comparable groups."""
    curves = comparable_curves_compute(today)
    with transaction.atomic():
        ComparableCurve.objects.filter(day__lte=today).delete()
        _curves_store(today, curves, {group.split("|")[0] for group in curves})
    return len(curves)


def _curves_store(today: dt.date, curves: dict[str, SurvivalCurve], codes: Collection[str]) -> None:
    """Keep the day's curves of ``codes``, with the row of each code alone even when it
    has no durations (it marks the code as computed). Two workers computing the same
    code at once write the same rows: the second's are left out."""
    empty = survival_curve(())
    rows = {**dict.fromkeys(codes, empty), **curves}
    ComparableCurve.objects.bulk_create(
        [_pack(today, group, curve) for group, curve in rows.items()], ignore_conflicts=True
    )


# Steps packed as machine arrays: a common code's curve has thousands of points, which
# a page decodes at once this way (a list of numbers in JSON or a pickle takes far longer).
_TIMES, _VALUES = "l", "d"


def _pack(day: dt.date, group: str, curve: SurvivalCurve) -> ComparableCurve:
    times, values = array(_TIMES, curve.times), array(_VALUES, curve.values)
    if sys.byteorder == "big":  # stored little-endian, whatever the server
        times.byteswap()
        values.byteswap()
    return ComparableCurve(
        day=day,
        group=group,
        observations=curve.observations,
        events=curve.events,
        last_observed=curve.last_observed,
        times=times.tobytes(),
        values=values.tobytes(),
    )


def _unpack(row: ComparableCurve) -> SurvivalCurve:
    times, values = array(_TIMES), array(_VALUES)
    times.frombytes(bytes(row.times))
    values.frombytes(bytes(row.values))
    if sys.byteorder == "big":
        times.byteswap()
        values.byteswap()
    return SurvivalCurve(
        times=tuple(times),
        values=tuple(values),
        observations=row.observations,
        events=row.events,
        last_observed=row.last_observed,
    )


def comparable_curves_compute(
    today: dt.date, *, codes: Collection[str] | None = None
) -> dict[str, SurvivalCurve]:
    """The Kaplan–Meier curve of every comparable group, from the clocks of all
    unclassified cases (not one user's: see the module's docstring). An ended clock is an observed
    duration (start to end); a running one is censored at ``today``. ``codes`` limits
    the clocks read to those codes (the broadest group of a code needs all of them)."""
    # Unclassified cases only: a count drawn from secret cases would tell a user
    # without clearance that such cases exist, and how many.
    clocks = Clock.objects.exclude(code__in=LAPSING).filter(
        start_on__lte=today, case__classification=0
    )
    if codes is not None:
        clocks = clocks.filter(code__in=list(codes))
    observations: dict[str, list[Observation]] = defaultdict(list)
    rows = clocks.order_by().values_list(
        "code", "case__category", "case__province_id", "start_on", "ended_on", "status"
    )
    for code, category, province_id, start_on, ended_on, status in rows.iterator(chunk_size=5000):
        if ended_on is not None:
            seen = Observation(max(0, (ended_on - start_on).days), ended=True)
        elif status in OPEN_STATUSES:
            seen = Observation((today - start_on).days, ended=False)
        else:
            continue  # ended without a date: its duration is unknown
        for group in comparable_groups(code, category, province_id):
            observations[group].append(seen)
    return {group: survival_curve(seen) for group, seen in observations.items()}


def at_risk_for(
    user: Any,
    *,
    today: dt.date,
    province: int | None = None,
    level: RiskLevel | None = None,
) -> list[RiskRow]:
    """The open clocks at risk (medium or high; only ``level`` when given) of the cases
    ``user`` may see, optionally in one province; the highest score first."""
    cases = visible_cases(actor_for(user))
    if province is not None:
        cases = cases.filter(province_id=province)
    clocks = list(
        _open_clocks(Clock.objects.filter(case__in=cases.values("pk")), today).select_related(
            "case__province", "person"
        )
    )
    if not clocks:
        return []
    curves = comparable_curves(today, groups=_groups_of(clocks))
    facts = _facts_by_case(user, cases.values("pk"), today)
    wanted = (level,) if level is not None else AT_RISK
    rows = []
    for clock in clocks:
        assessment = _assess(clock, clock.case, facts.get(clock.case_id), curves, today)
        if assessment.level in wanted:
            assert clock.deadline is not None  # _open_clocks keeps only those with one
            rows.append(RiskRow(clock.case, clock, assessment, (clock.deadline - today).days))
    rows.sort(
        key=lambda row: (-row.assessment.score, row.clock.deadline, row.case.pk, row.clock.pk)
    )
    return rows


def case_risks(
    user: Any,
    case: Case,
    *,
    today: dt.date,
    clocks: Sequence[Clock] | None = None,
    facts: CaseFacts | None = None,
) -> list[ClockRisk]:
    """The open clocks of ``case`` at risk (medium or high), the highest score first.
    The caller has already checked that the user may see ``case``. A page that has read
    the case's clocks (with their persons) and its facts (``case_risk_facts``) passes them."""
    if clocks is None:
        judged = list(_open_clocks(Clock.objects.filter(case=case), today).select_related("person"))
    else:
        judged = sorted(
            (clock for clock in clocks if _judged(clock, case, today)),
            key=lambda clock: (clock.deadline, clock.pk),
        )
    if not judged:
        return []
    curves = comparable_curves(today, groups=_groups_of(judged, case))
    if facts is None:
        facts = _facts_by_case(user, Case.objects.filter(pk=case.pk).values("pk"), today).get(
            case.pk
        )
    risks = [ClockRisk(clock, _assess(clock, case, facts, curves, today)) for clock in judged]
    return sorted(
        (risk for risk in risks if risk.assessment.level in AT_RISK),
        key=lambda risk: (-risk.assessment.score, risk.clock.deadline, risk.clock.pk),
    )


def case_risk_facts(
    *,
    events: Iterable[CaseEvent],
    requests: Iterable[Request],
    obstacles: Iterable[Obstacle],
    escalations: Iterable[Escalation],
    today: dt.date,
) -> CaseFacts:
    """``_facts_by_case`` for one case from its records already read for its page: its
    decisions, the requests the user sees, its obstacles, and its escalations annotated
    with ``answered`` (a directive was given)."""
    returned = EventType.RETURNED_FOR_ADDITIONAL_INVESTIGATION.value
    return CaseFacts(
        returns=sum(1 for event in events if event.type == returned),
        expert_requests_overdue=sum(
            1
            for request in requests
            if request.kind in EXPERT_REQUEST_KINDS
            and request.status in OPEN_REQUEST_STATUSES
            and request.due_on is not None
            and request.due_on < today
        ),
        open_obstacles=sum(1 for o in obstacles if o.status in UNRESOLVED_OBSTACLES),
        # ``answered``: the page's annotation (an Exists over the directives).
        open_disagreements=sum(not e.answered for e in escalations),  # type: ignore[attr-defined]
    )


def _groups_of(clocks: Sequence[Clock], case: Case | None = None) -> set[str]:
    """The comparable groups the clocks are weighed against (each clock's own case,
    unless ``case`` is the case of them all)."""
    return {
        group
        for clock in clocks
        for group in comparable_groups(
            clock.code, (case or clock.case).category, (case or clock.case).province_id
        )
    }


def _judged(clock: Clock, case: Case, today: dt.date) -> bool:
    """``_open_clocks`` for one clock of ``case`` already read."""
    stage = Stage(case.stage)
    return (
        clock.status in OPEN_STATUSES
        and clock.deadline is not None
        and clock.start_on <= today
        and clock.code not in LAPSING
        and not clock.needs_update(case.stage, today)
        and not held_after_the_case_moved_on(
            code=clock.code, variant=clock.variant, case_stage=stage
        )
    )


def _open_clocks(clocks: QuerySet[Clock], today: dt.date) -> QuerySet[Clock]:
    """Running clocks the warning can judge: with a deadline, already started, and not
    one of those that lapse on their own (APPEAL, PROTEST, JUDGMENT_DELIVERY: nobody
    misses them, the record just moves on), nor one open only because a later decision
    was never entered (``needing_update``: the record asks for it, nobody is warned)."""
    return (
        clocks.filter(status__in=OPEN_STATUSES, deadline__isnull=False, start_on__lte=today)
        .exclude(code__in=LAPSING)
        .exclude(needing_update(today) | held_after())
        .order_by("deadline", "id")
    )


def _facts_by_case(user: Any, case_ids: QuerySet[Any], today: dt.date) -> dict[int, CaseFacts]:
    """The case-level counts the warning weighs, one grouped query each."""
    counts: dict[str, dict[int, int]] = {
        "returns": _count_by_case(
            CaseEvent.objects.filter(
                case__in=case_ids, type=EventType.RETURNED_FOR_ADDITIONAL_INVESTIGATION.value
            )
        ),
        # The requests the user may see (their agency's, or all of the case for an
        # oversight body), as on the case page: a count must not reveal the others.
        "expert_requests_overdue": _count_by_case(
            requests_visible_to(user).filter(
                case__in=case_ids,
                kind__in=EXPERT_REQUEST_KINDS,
                status__in=OPEN_REQUEST_STATUSES,
                due_on__lt=today,
            )
        ),
        "open_obstacles": _count_by_case(
            Obstacle.objects.filter(case__in=case_ids, status__in=UNRESOLVED_OBSTACLES)
        ),
        # An escalation without a directive is still waiting for the competent authority.
        "open_disagreements": _count_by_case(
            Escalation.objects.filter(case__in=case_ids, directive__isnull=True)
        ),
    }
    case_pks = {pk for by_case in counts.values() for pk in by_case}
    return {
        pk: CaseFacts(**{name: by_case.get(pk, 0) for name, by_case in counts.items()})
        for pk in case_pks
    }


def _count_by_case(rows: QuerySet[Any]) -> dict[int, int]:
    grouped = rows.order_by().values("case_id").annotate(n=Count("pk", distinct=True))
    return {row["case_id"]: row["n"] for row in grouped}


def _assess(
    clock: Clock,
    case: Case,
    facts: CaseFacts | None,
    curves: dict[str, SurvivalCurve],
    today: dt.date,
) -> RiskAssessment:
    assert clock.deadline is not None  # _open_clocks keeps only those with one
    facts = facts or CaseFacts()
    return assess(
        ClockRiskInput(
            code=clock.code,
            start_on=clock.start_on,
            # A deadline recorded before the start would be refused by the domain; the
            # engine never produces one, so the start stands in rather than failing the
            # whole page on one bad row.
            deadline=max(clock.deadline, clock.start_on),
            latest_deadline=max(
                clock.max_deadline or clock.deadline, clock.deadline, clock.start_on
            ),
            extensions_used=clock.extensions_used,
            extensions_allowed=extensions_allowed(
                clock.code, clock.variant, case.category, case.national_security
            ),
            returns_for_additional_investigation=facts.returns,
            expert_requests_overdue=facts.expert_requests_overdue,
            open_obstacles=facts.open_obstacles,
            open_disagreements=facts.open_disagreements,
            comparables=_comparable_curve(
                comparable_groups(clock.code, case.category, case.province_id), curves
            ),
        ),
        today=today,
    )


def extensions_allowed(code: str, variant: str, category: str, national_security: bool) -> int:
    """How many extensions the law allows this clock, from the catalogue; a case
    without a category yet counts as ITN, as the clock engine does."""
    rule = CATALOG.get(code)
    if rule is None:  # VALUATION: the request states its period, with no extension
        return 0
    terms = rule.terms or rule.variants.get(variant or rule.default_variant or "")
    if terms is None:
        return 0
    try:
        crime_category = CrimeCategory(category) if category else CrimeCategory.ITN
    except ValueError:
        crime_category = CrimeCategory.ITN
    return len(terms.steps_for(crime_category, national_security))


def _comparable_curve(
    groups: Sequence[str], curves: dict[str, SurvivalCurve]
) -> SurvivalCurve | None:
    """The most specific group with enough durations; else the broadest one there is
    (``assess`` leaves it out if it is still too thin). As the backtest chooses."""
    found = [curves[group] for group in groups if group in curves]
    for curve in found:
        if curve.observations >= MIN_COMPARABLES:
            return curve
    return found[-1] if found else None
