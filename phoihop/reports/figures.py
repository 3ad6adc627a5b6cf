"""The dashboard's figures and the cases behind each one.

Every figure is a number of cases, and the list it opens (``figure_cases``) is read
from the live record by the same rule that counts it: a test holds every number on the
page equal to the count of its list. Everything starts from the cases the user may see
(``visible_cases``), optionally narrowed to one province.

The case figures (stages, deadlines by agency, assets, new cases, periods) are read
from the tallies (``phoihop.reports.tallies``), kept in step with each decision: a
national dashboard over a million cases cannot count them on every visit. The
coordination figures (requests, obstacles, escalations, tasks) are few rows and
counted live."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case as DjangoCase
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.cases.models import AssetAction, AssetKind, Case, CaseAgency
from phoihop.cases.selectors import scope_filter_outside, visible_cases
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    Escalation,
    Obstacle,
    ObstacleCategory,
    ObstacleChange,
    ObstacleStatus,
    RequestKind,
    RequestStatus,
    Task,
)
from phoihop.coordination.services.access import requests_visible_to
from phoihop.core.errors import NotFound
from phoihop.domain.access.policy import case_scope
from phoihop.domain.clocks.derive import clock_label
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.reporting.medians import median_of_counts
from phoihop.domain.reporting.numbers import whole
from phoihop.reports.tallies import (
    Counts,
    counts_of,
    deadline_agencies,
    deadline_entries,
    marks_for,
    tallied_counts,
)

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
    "past_maximum",
    "needs_update",
    "waiting",
    "obstacle",
    "escalated",
    "tasks_overdue",
    "assets",
    "opened",
    "clock",
)
DEADLINE_KINDS = ("overdue", "due_soon", "past_maximum")


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
    overdue: list[Figure]  # by agency that must act
    due_soon: list[Figure]
    past_maximum: list[Figure]  # by agency that had to act
    needs_update: Figure  # cases with an overdue clock open only for a decision not entered
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
    if kind in ("overdue", "due_soon", "past_maximum"):
        agency = _record_id(value)
        taking_part = CaseAgency.objects.filter(agency_id=agency).values("case_id")
        in_part = cases.filter(pk__in=taking_part)
        entries, _ = deadline_entries(Clock.objects.filter(case__in=in_part), today)
        acting = [
            case_id
            for case_id, agencies in deadline_agencies(entries).items()
            if agency in agencies[kind]
        ]
        return cases.filter(pk__in=acting)
    if kind == "needs_update" and value == "all":
        _, stale = deadline_entries(Clock.objects.filter(case__in=cases), today)
        return cases.filter(pk__in=stale)
    if kind == "waiting":
        kind_of = _one_of(value, RequestKind.values)
        waiting = requests_visible_to(user).filter(open_requests(today), kind=kind_of)
        return cases.filter(pk__in=waiting.values("case_id"))
    if kind == "obstacle":
        category = _one_of(value, ObstacleCategory.values)
        stuck = unresolved_obstacles(today).filter(category=category)
        return cases.filter(pk__in=stuck.values("case_id"))
    if kind == "escalated" and value == "all":
        return cases.filter(pk__in=awaiting_authority(today).values("case_id"))
    if kind == "tasks_overdue" and value == "all":
        return cases.filter(pk__in=overdue_tasks(today).values("directive__case_id"))
    if kind == "assets":
        asset_kind = _one_of(value, AssetKind.values)
        return cases.filter(pk__in=AssetAction.objects.filter(kind=asset_kind).values("case_id"))
    if kind == "clock":
        if clock_label(value) == value:  # not a clock the engine knows
            raise ValueError(value)
        running = Clock.objects.filter(status__in=OPEN_STATUSES, code=value, deadline__isnull=False)
        return cases.filter(pk__in=running.values("case_id"))
    if kind == "opened":  # "YYYY-MM", or "YYYY-MM|field" for one field of the month
        found = re.fullmatch(r"(\d{4}-\d{2})(?:\|([a-z_]{0,32}))?", value)
        if found is None:
            raise ValueError(value)
        month = dt.date.fromisoformat(found[1] + "-01")
        opened = cases.filter(opened_on__year=month.year, opened_on__month=month.month)
        return opened if found[2] is None else opened.filter(field=found[2])
    raise KeyError(kind)


# The coordination figures on a day: today for the overview, the last day of its period
# for the periodic report (``reports.periodic``), by the same definitions. Each reads
# the dates the record keeps (sent, answered, each status an obstacle entered, issued,
# done), so a past day is counted as it stood, not as the statuses stand now.


def open_requests(on: dt.date) -> Q:
    """Requests sent by ``on`` and not yet answered, declined or cancelled on it."""
    closed_later = Q(status=RequestStatus.ANSWERED, answered_on__gt=on) | Q(
        status__in=(RequestStatus.DECLINED, RequestStatus.CANCELLED), moved_at__date__gt=on
    )
    return Q(sent_on__lte=on) & (Q(status__in=OPEN_REQUEST_STATUSES) | closed_later)


def unresolved_obstacles(on: dt.date) -> QuerySet[Obstacle]:
    """Obstacles raised by ``on`` and, on that day, open, being resolved or escalated: the
    last status each entered by then (``ObstacleChange``; an obstacle without its history
    is read at its present status)."""
    changes = ObstacleChange.objects.filter(obstacle=OuterRef("pk"))
    then = changes.filter(at__date__lte=on).order_by("-at", "-pk").values("status")[:1]
    untracked = DjangoCase(
        When(Q(created_at__date__lte=on) & ~Exists(changes), then=F("status")), default=None
    )
    return Obstacle.objects.annotate(status_on=Coalesce(Subquery(then), untracked)).filter(
        status_on__in=UNRESOLVED_OBSTACLES
    )


def awaiting_authority(on: dt.date) -> QuerySet[Escalation]:
    """Escalations sent up by ``on`` whose directive had not been issued on that day."""
    return Escalation.objects.filter(created_at__date__lte=on).filter(
        Q(directive__isnull=True) | Q(directive__issued_on__gt=on)
    )


def overdue_tasks(on: dt.date) -> QuerySet[Task]:
    """Directive tasks past their due day on ``on`` and not done by it."""
    return Task.objects.filter(directive__issued_on__lte=on, due_on__lt=on).filter(
        Q(done_on__isnull=True) | Q(done_on__gt=on)
    )


def dashboard_for(user: Any, *, today: dt.date, province: int | None = None) -> Dashboard:
    cases = _scope(user, province)
    in_scope = cases.values("pk")
    by_kind = _by_kind(counts_for(user, province, opened_from=_month(_first_month(today))))
    names = _agency_names(by_kind)
    assets = {
        kind: Figure("assets", kind, n, extra={"amount": amount})
        for kind, (n, amount) in sorted(by_kind["assets"].items())
    }
    return Dashboard(
        total=by_kind["total"].get("", [0, 0])[0],
        stages=[
            Figure("stage", stage.value, by_kind["stage"][stage.value][0])
            for stage in Stage
            if stage.value in by_kind["stage"]
        ],
        overdue=by_agency(by_kind, "overdue", names),
        due_soon=by_agency(by_kind, "due_soon", names),
        past_maximum=by_agency(by_kind, "past_maximum", names),
        needs_update=Figure("needs_update", "all", by_kind["needs_update"].get("", [0, 0])[0]),
        waiting=_waiting(user, province, today),
        obstacles=[
            Figure("obstacle", row["category"], row["n"])
            for row in unresolved_obstacles(today)
            .filter(case__in=in_scope)
            .values("category")
            .annotate(n=Count("case", distinct=True))
            .order_by("-n", "category")
        ],
        # No join in the scope's query (its reach is asked through subqueries): each
        # case is one row, so no DISTINCT is needed to count it once.
        escalated=Figure(
            "escalated",
            "all",
            cases.filter(pk__in=awaiting_authority(today).values("case_id")).count(),
        ),
        tasks_overdue=Figure(
            "tasks_overdue",
            "all",
            cases.filter(pk__in=overdue_tasks(today).values("directive__case_id")).count(),
        ),
        assets=assets,
        opened=opened(by_kind, today),
        periods=periods(by_kind, today),
        recovery_ratio=_ratio(assets),
    )


ByKind = dict[str, dict[str, list[int]]]  # kind → value → [cases, amount]


def _by_kind(counts: Counts) -> ByKind:
    """The counts grouped by kind once, rather than every figure reading all of them (a
    province's run to some 1,500, most of them the days its clocks started on)."""
    grouped: ByKind = defaultdict(dict)
    for (kind, value), pair in counts.items():
        grouped[kind][value] = pair
    return grouped


def counts_for(
    user: Any, province: int | None, kinds: tuple[str, ...] | None = None, opened_from: str = ""
) -> Counts:
    """The dashboard's counts for what the user sees: from the tallies for the provinces
    the scope covers whole, plus the marks of the few cases it reaches elsewhere (an
    agency's cases in other provinces), computed on the spot. With ``opened_from``
    ("YYYY-MM"), the new cases of earlier months may be left out."""
    scope = case_scope(actor_for(user))
    ceiling = int(scope.max_classification)
    if scope.sees_nothing:
        return {}

    def tallied(province: int | None) -> Counts:
        return tallied_counts(
            max_classification=ceiling, province=province, kinds=kinds, opened_from=opened_from
        )

    if scope.all_provinces:
        return tallied(province)
    home = scope.province_id
    if home is None or province not in (None, home):
        return counts_of(marks_for(_scope(user, province)).values(), kinds)
    counts = tallied(home)
    if province is None:
        elsewhere = counts_of(
            marks_for(Case.objects.filter(scope_filter_outside(scope, home))).values(), kinds
        )
        for key, (n, amount) in elsewhere.items():
            total = counts.setdefault(key, [0, 0])
            total[0] += n
            total[1] += amount
    return counts


def _agency_names(by_kind: ByKind) -> dict[int, tuple[str, str]]:
    """The short name (or the name) shown and the name sorted by, of every agency the
    deadline figures count, in one read."""
    ids = {int(value) for kind in DEADLINE_KINDS for value in by_kind[kind]}
    if not ids:
        return {}
    rows = Agency.objects.filter(pk__in=ids).values_list("pk", "short_name", "name")
    return {pk: (short_name or name, name) for pk, short_name, name in rows}


def by_agency(by_kind: ByKind, kind: str, names: dict[int, tuple[str, str]]) -> list[Figure]:
    found = {int(value): n for value, (n, _) in by_kind[kind].items()}
    ordered = sorted(found, key=lambda pk: (-found[pk], names[pk][1]))
    return [Figure(kind, str(pk), found[pk], label=names[pk][0]) for pk in ordered]


def _waiting(user: Any, province: int | None, today: dt.date) -> list[Figure]:
    """Cases waiting on a request of each kind, with the median days the open
    requests have waited: the expertise and valuation bottleneck."""
    # The requests the user sees are of cases in the user's scope already: only the
    # province is left to narrow them by.
    waiting = requests_visible_to(user).filter(open_requests(today))
    if province is not None:
        waiting = waiting.filter(case__province_id=province)
    waited: dict[str, list[int]] = defaultdict(list)
    cases: dict[str, set[int]] = defaultdict(set)
    for kind, case_id, sent_on in waiting.values_list("kind", "case_id", "sent_on"):
        waited[kind].append((today - sent_on).days)
        cases[kind].add(case_id)
    return sorted(
        (
            Figure(
                "waiting",
                kind,
                len(cases[kind]),
                extra={"requests": len(days), "median_days": median_days(days)},
            )
            for kind, days in waited.items()
        ),
        key=lambda figure: (-figure.extra["median_days"], figure.value),
    )


def median_days(days: list[int]) -> int:
    """The median of a list of days, rounded half up (``whole``): as the overview and the
    periodic report both write it."""
    return whole(statistics.median(days))


def periods(by_kind: ByKind, today: dt.date) -> list[Figure]:
    """Time spent against each statutory period still running: the cases it runs on,
    and the median days used of the median period (start to current deadline), from
    how many clocks started on each day and ran for each length."""
    used: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    length: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    days_since: dict[str, int] = {}  # each day once: the codes' clocks share their days
    for value, (_, clocks) in by_kind["clock_start"].items():
        code, start = value.split("|")
        days = days_since.get(start)
        if days is None:
            days = days_since[start] = max(0, (today - dt.date.fromisoformat(start)).days)
        used[code][days] += clocks
    for value, (_, clocks) in by_kind["clock_length"].items():
        code, days_text = value.split("|")
        length[code][int(days_text)] += clocks
    figures = []
    for code, (n, _) in by_kind["clock"].items():
        median_used = median_of_counts(used[code])
        median_length = median_of_counts(length[code])
        figures.append(
            Figure(
                "clock",
                code,
                n,
                extra={
                    "median_days_used": median_used,
                    "median_period_days": median_length,
                    "share_used": min(1.0, median_used / median_length),
                },
            )
        )
    return sorted(figures, key=lambda figure: (-figure.extra["share_used"], figure.value))


def _ratio(assets: dict[str, Figure]) -> float | None:
    damage = assets.get("damage")
    recovered = assets.get("recovered")
    if damage is None or not damage.extra["amount"]:
        return None
    return float((recovered.extra["amount"] if recovered else 0) / damage.extra["amount"])


def _first_month(today: dt.date) -> dt.date:
    """The first day of the first month the overview shows new cases of."""
    back = today.year * 12 + today.month - 1 - (MONTHS_SHOWN - 1)
    return dt.date(back // 12, back % 12 + 1, 1)


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def opened(by_kind: ByKind, today: dt.date) -> list[Figure]:
    """New cases per month over the last twelve months, each month split by field."""
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for value, (n, _) in by_kind["opened"].items():
        opened_in, field_name = value.split("|", 1)
        by_month[opened_in][field_name] = n
    months = []
    month = _first_month(today)
    while month <= today:
        months.append(_month(month))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return [
        Figure("opened", key, sum(by_month[key].values()), extra={"fields": dict(by_month[key])})
        for key in months
    ]
