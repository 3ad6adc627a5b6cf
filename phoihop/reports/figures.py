"""The dashboard's figures and the cases behind each one.

Every figure is a number of cases, and the same definition gives both the number
(grouped, one query per panel) and the list it opens (``figure_cases``): a test holds
every number on the page equal to the count of its list. Everything starts from the
cases the user may see (``visible_cases``), optionally narrowed to one province."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from phoihop.accounts.access import actor_for
from phoihop.cases.models import AssetAction, AssetKind, Case, CaseAgency
from phoihop.cases.selectors import visible_cases
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    Escalation,
    Obstacle,
    ObstacleCategory,
    ObstacleStatus,
    RequestKind,
    Task,
)
from phoihop.coordination.services.access import requests_visible_to
from phoihop.core.errors import NotFound
from phoihop.domain.clocks.derive import clock_label
from phoihop.domain.procedure.stages import Stage

UNRESOLVED_OBSTACLES = (
    ObstacleStatus.OPEN,
    ObstacleStatus.BEING_RESOLVED,
    ObstacleStatus.ESCALATED,
)
MONTHS_SHOWN = 12
FIGURE_KINDS = (
    "stage",
    "overdue",
    "due_soon",
    "waiting",
    "obstacle",
    "escalated",
    "tasks_overdue",
    "assets",
    "opened",
    "clock",
)


@dataclass(frozen=True)
class Figure:
    kind: str  # one of FIGURE_KINDS
    value: str  # what the kind is narrowed by: a stage, an agency id, a request kind…
    count: int
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    total: int
    stages: list[Figure]
    overdue: list[Figure]  # by agency taking part
    due_soon: list[Figure]
    waiting: list[Figure]  # by request kind, with the median days waiting
    obstacles: list[Figure]  # by category
    escalated: Figure
    tasks_overdue: Figure
    assets: dict[str, Figure]  # by asset kind, with the amount
    opened: list[Figure]  # by month ("YYYY-MM"), with the count by field
    periods: list[Figure]  # by open statutory clock, with the median share of it used
    recovery_ratio: float | None


def _scope(user: Any, province: int | None) -> QuerySet[Case]:
    cases = visible_cases(actor_for(user))
    return cases.filter(province_id=province) if province is not None else cases


def _due_soon_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.PHOIHOP_DUE_SOON_DAYS)


def figure_cases(
    user: Any, kind: str, value: str, *, today: dt.date, province: int | None = None
) -> QuerySet[Case]:
    """The cases behind one figure; an unknown kind or value is NotFound."""
    cases = _scope(user, province)
    try:
        chosen = _narrow(user, cases, kind, value, today)
    except (ValueError, KeyError):
        raise NotFound("Không có số liệu này trên trang tổng quan.") from None
    return chosen.distinct()


def _record_id(value: str) -> int:
    """An id from the address, refused (ValueError) unless a plain bounded number."""
    if not (value.isdecimal() and len(value) <= 12):
        raise ValueError(value)
    return int(value)


def _one_of(value: str, allowed: Any) -> str:
    if value not in allowed:
        raise ValueError(value)
    return value


def _narrow(
    user: Any, cases: QuerySet[Case], kind: str, value: str, today: dt.date
) -> QuerySet[Case]:
    """The cases behind one figure. Every value from the address is checked here, before
    it reaches a query: the queryset is lazy, and a bad value would otherwise fail only
    when the list is read."""
    if kind == "stage":
        return cases.filter(stage=Stage(value).value)
    if kind == "overdue":
        return cases.filter(next_deadline__lt=today, participations__agency_id=_record_id(value))
    if kind == "due_soon":
        return cases.filter(
            next_deadline__gte=today,
            next_deadline__lte=_due_soon_end(today),
            participations__agency_id=_record_id(value),
        )
    if kind == "waiting":
        kind_of = _one_of(value, RequestKind.values)
        waiting = requests_visible_to(user).filter(status__in=OPEN_REQUEST_STATUSES, kind=kind_of)
        return cases.filter(pk__in=waiting.values("case_id"))
    if kind == "obstacle":
        category = _one_of(value, ObstacleCategory.values)
        stuck = Obstacle.objects.filter(status__in=UNRESOLVED_OBSTACLES, category=category)
        return cases.filter(pk__in=stuck.values("case_id"))
    if kind == "escalated" and value == "all":
        return cases.filter(pk__in=_awaiting_authority().values("case_id"))
    if kind == "tasks_overdue" and value == "all":
        return cases.filter(pk__in=_overdue_tasks(today).values("directive__case_id"))
    if kind == "assets":
        asset_kind = _one_of(value, AssetKind.values)
        return cases.filter(pk__in=AssetAction.objects.filter(kind=asset_kind).values("case_id"))
    if kind == "clock":
        if clock_label(value) == value:  # not a clock the engine knows
            raise ValueError(value)
        running = Clock.objects.filter(status__in=OPEN_STATUSES, code=value)
        return cases.filter(pk__in=running.values("case_id"))
    if kind == "opened":
        if not re.fullmatch(r"\d{4}-\d{2}", value):
            raise ValueError(value)
        month = dt.date.fromisoformat(value + "-01")
        return cases.filter(opened_on__year=month.year, opened_on__month=month.month)
    raise KeyError(kind)


def _awaiting_authority() -> QuerySet[Escalation]:
    return Escalation.objects.filter(directive__isnull=True)


def _overdue_tasks(today: dt.date) -> QuerySet[Task]:
    return Task.objects.filter(done_on__isnull=True, due_on__lt=today)


def dashboard_for(user: Any, *, today: dt.date, province: int | None = None) -> Dashboard:
    cases = _scope(user, province)
    in_scope = cases.values("pk")
    return Dashboard(
        total=cases.count(),
        stages=_by_stage(cases),
        overdue=_by_agency(in_scope, Q(next_deadline__lt=today), "overdue"),
        due_soon=_by_agency(
            in_scope,
            Q(next_deadline__gte=today, next_deadline__lte=_due_soon_end(today)),
            "due_soon",
        ),
        waiting=_waiting(user, in_scope, today),
        obstacles=[
            Figure("obstacle", row["category"], row["n"])
            for row in Obstacle.objects.filter(status__in=UNRESOLVED_OBSTACLES, case__in=in_scope)
            .values("category")
            .annotate(n=Count("case", distinct=True))
            .order_by("-n", "category")
        ],
        escalated=Figure(
            "escalated",
            "all",
            cases.filter(pk__in=_awaiting_authority().values("case_id")).distinct().count(),
        ),
        tasks_overdue=Figure(
            "tasks_overdue",
            "all",
            cases.filter(pk__in=_overdue_tasks(today).values("directive__case_id"))
            .distinct()
            .count(),
        ),
        assets=(assets := _assets(in_scope)),
        opened=_opened(cases, today),
        periods=_periods(in_scope, today),
        recovery_ratio=_ratio(assets),
    )


def _by_stage(cases: QuerySet[Case]) -> list[Figure]:
    counts = dict(cases.order_by().values_list("stage").annotate(n=Count("pk", distinct=True)))
    return [
        Figure("stage", stage.value, counts[stage.value])
        for stage in Stage
        if counts.get(stage.value)
    ]


def _by_agency(in_scope: QuerySet[Any], when: Q, kind: str) -> list[Figure]:
    due = Case.objects.filter(when, pk__in=in_scope)
    rows = (
        CaseAgency.objects.filter(case__in=due.values("pk"))
        .values("agency_id", "agency__short_name", "agency__name")
        .annotate(n=Count("case_id", distinct=True))
        .order_by("-n", "agency__name")
    )
    return [
        Figure(
            kind,
            str(row["agency_id"]),
            row["n"],
            label=row["agency__short_name"] or row["agency__name"],
        )
        for row in rows
    ]


def _waiting(user: Any, in_scope: QuerySet[Any], today: dt.date) -> list[Figure]:
    """Cases waiting on a request of each kind, with the median days the open
    requests have waited: the expertise and valuation bottleneck."""
    open_requests = requests_visible_to(user).filter(
        status__in=OPEN_REQUEST_STATUSES, case__in=in_scope
    )
    waited: dict[str, list[int]] = defaultdict(list)
    cases: dict[str, set[int]] = defaultdict(set)
    for kind, case_id, sent_on in open_requests.values_list("kind", "case_id", "sent_on"):
        waited[kind].append((today - sent_on).days)
        cases[kind].add(case_id)
    return sorted(
        (
            Figure(
                "waiting",
                kind,
                len(cases[kind]),
                extra={"requests": len(days), "median_days": statistics.median(days)},
            )
            for kind, days in waited.items()
        ),
        key=lambda figure: -figure.extra["median_days"],
    )


def _periods(in_scope: QuerySet[Any], today: dt.date) -> list[Figure]:
    """Time spent against each statutory period still running: the cases it runs on,
    and the median days used of the median period (start to current deadline)."""
    used: dict[str, list[int]] = defaultdict(list)
    length: dict[str, list[int]] = defaultdict(list)
    cases: dict[str, set[int]] = defaultdict(set)
    rows = Clock.objects.filter(
        status__in=OPEN_STATUSES, case__in=in_scope, deadline__isnull=False
    ).values_list("code", "case_id", "start_on", "deadline")
    for code, case_id, start_on, deadline in rows:
        assert deadline is not None  # filtered above
        used[code].append(max(0, (today - start_on).days))
        length[code].append(max(1, (deadline - start_on).days))
        cases[code].add(case_id)
    figures = []
    for code in used:
        median_used = statistics.median(used[code])
        median_length = statistics.median(length[code])
        figures.append(
            Figure(
                "clock",
                code,
                len(cases[code]),
                extra={
                    "median_days_used": median_used,
                    "median_period_days": median_length,
                    "share_used": min(1.0, median_used / median_length),
                },
            )
        )
    return sorted(figures, key=lambda figure: -figure.extra["share_used"])


def _assets(in_scope: QuerySet[Any]) -> dict[str, Figure]:
    rows = (
        AssetAction.objects.filter(case__in=in_scope)
        .values("kind")
        .annotate(n=Count("case", distinct=True), total=Sum("amount_vnd"))
    )
    return {
        row["kind"]: Figure("assets", row["kind"], row["n"], extra={"amount": row["total"]})
        for row in rows
    }


def _ratio(assets: dict[str, Figure]) -> float | None:
    damage = assets.get("damage")
    recovered = assets.get("recovered")
    if damage is None or not damage.extra["amount"]:
        return None
    return float((recovered.extra["amount"] if recovered else 0) / damage.extra["amount"])


def _opened(cases: QuerySet[Case], today: dt.date) -> list[Figure]:
    """New cases per month over the last twelve months, each month split by field."""
    back = today.year * 12 + today.month - 1 - (MONTHS_SHOWN - 1)
    first = dt.date(back // 12, back % 12 + 1, 1)
    rows = (
        cases.filter(opened_on__gte=first)
        .annotate(month=TruncMonth("opened_on"))
        .order_by()
        .values("month", "field")
        .annotate(n=Count("pk", distinct=True))
    )
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        month = row["month"]
        key = f"{month.year:04d}-{month.month:02d}"
        by_month[key][row["field"] or ""] = by_month[key].get(row["field"] or "", 0) + row["n"]
    months = []
    month = first
    while month <= today:
        months.append(f"{month.year:04d}-{month.month:02d}")
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return [
        Figure("opened", key, sum(by_month[key].values()), extra={"fields": dict(by_month[key])})
        for key in months
    ]
