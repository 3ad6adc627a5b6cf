"""Backtest of the early warning (phoihop.domain.risk) on generated history.

Cases come from the deterministic demo generator, ending on its ``today``. The history
is cut ``--cutoff-days`` before that day: the features of every clock running on the
cutoff are derived by replaying only the decisions dated on or before it, the comparable
durations are those seen on the cutoff, and each clock's outcome is read at the end of
the held-back period (``--horizon-days`` after the cutoff). Prints one JSON object.

    python -m tests.bench.risk_backtest --cases 20000

Left out, and said so in the output: clocks that lapse on their own (APPEAL, PROTEST,
JUDGMENT_DELIVERY: they end MET by construction, LAPSING in the clock tables), and
clocks whose outcome is not known at the horizon. The generator records no obstacles and
no inter-agency disagreements, so those two factors are always 0 here.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import time
from collections import Counter, defaultdict

from phoihop.core.calendars import official_calendar
from phoihop.demo.generator import CasePlan, generate
from phoihop.demo.vocabulary import PROVINCES
from phoihop.domain.clocks import CATALOG
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.clocks.derive import LAPSING, CaseClock, ClockStatus, clocks_for
from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.procedure.events import Event, EventType
from phoihop.domain.procedure.timeline import replay
from phoihop.domain.risk import (
    HIGH_FROM,
    MEDIUM_FROM,
    BacktestResult,
    ClockHistory,
    ClockRiskInput,
    Confusion,
    backtest,
    confusion_of,
)

TODAY = dt.date(2026, 11, 29)  # the generator's today, as in tests/bench/clocks.py
SEED = 2025
_EXPERT = frozenset({"EXPERTISE", "VALUATION"})


def _extensions_allowed(clock: CaseClock, national_security: bool) -> int:
    """How many extensions the law allows this clock, from the catalogue (the engine's
    own default: a clock without a category yet counts as ITN)."""
    rule = CATALOG.get(clock.code)
    if rule is None:  # VALUATION: the request states the period, no extension
        return 0
    terms = rule.terms or rule.variants.get(clock.variant or rule.default_variant or "")
    if terms is None:
        return 0
    return len(terms.steps_for(clock.category or CrimeCategory.ITN, national_security))


def _groups(clock: CaseClock, province: str) -> tuple[str, ...]:
    """Comparable clocks, most specific first: same clock, category and agency (the
    generator gives each province one agency of each kind, so the province names it),
    then the same clock and category anywhere, then the same clock."""
    category = clock.category.value if clock.category else "-"
    return (f"{clock.code}|{category}|{province}", f"{clock.code}|{category}", clock.code)


def _case_histories(
    plan: CasePlan, calendar: RestDayCalendar, cutoff: dt.date, horizon_end: dt.date
) -> tuple[list[ClockHistory], dict[str, bool]]:
    """The clocks of one case that started by the cutoff, with the features of those
    running on it; and, per running clock, whether the clock's own status already warned
    on the cutoff (DUE_SOON or OVERDUE: the baseline the model has to beat)."""
    events = [Event(e.type, e.date, e.params, i) for i, e in enumerate(plan.events, start=1)]  # type: ignore[arg-type]
    known = [event for event in events if event.date <= cutoff]
    if not known:
        return [], {}
    then = clocks_for(known, calendar, today=cutoff)
    final = clocks_for(events, calendar, today=horizon_end)
    national_security = replay(known).national_security
    returns = sum(e.type is EventType.RETURNED_FOR_ADDITIONAL_INVESTIGATION for e in known)
    expert_overdue = sum(c.code in _EXPERT and c.status is ClockStatus.OVERDUE for c in then.clocks)
    histories: list[ClockHistory] = []
    baseline: dict[str, bool] = {}
    for clock in final.clocks:
        if clock.code in LAPSING or clock.start_on > cutoff:
            continue
        key = f"{plan.number}:{clock.key}"
        seen = then.get(clock.key)
        features = None
        if seen is not None and seen.is_open:
            features = ClockRiskInput(
                code=seen.code,
                start_on=seen.start_on,
                deadline=seen.deadline,
                latest_deadline=max(seen.max_deadline, seen.deadline),
                extensions_used=seen.extensions_used,
                extensions_allowed=_extensions_allowed(seen, national_security),
                returns_for_additional_investigation=returns,
                expert_requests_overdue=expert_overdue,
            )
            baseline[key] = seen.status in (ClockStatus.DUE_SOON, ClockStatus.OVERDUE)
        elif clock.ended_on is None or clock.ended_on > cutoff:
            continue  # not derivable on the cutoff (a history refused then): no features
        histories.append(
            ClockHistory(
                key=key,
                groups=_groups(clock, plan.province_code),
                start_on=clock.start_on,
                deadline=clock.deadline,
                ended_on=clock.ended_on,
                at_cutoff=features,
            )
        )
    return histories, baseline


def _figures(confusion: Confusion) -> dict[str, object]:
    return {
        "precision": None if confusion.precision is None else round(confusion.precision, 3),
        "recall": None if confusion.recall is None else round(confusion.recall, 3),
        "counts": {
            "tp": confusion.true_positive,
            "fp": confusion.false_positive,
            "fn": confusion.false_negative,
            "tn": confusion.true_negative,
        },
    }


def _by_clock(result: BacktestResult) -> dict[str, dict[str, int]]:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for clock in result.scored:
        row = rows[clock.key.split(":", 2)[1]]
        row["scored"] += 1
        row["missed"] += clock.missed
        row["warned"] += clock.score >= result.threshold
        row["warned_and_missed"] += clock.score >= result.threshold and clock.missed
    return {code: dict(rows[code]) for code in sorted(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--cutoff-days", type=int, default=365, help="before the end of history")
    parser.add_argument("--horizon-days", type=int, default=365, help="held back after cutoff")
    options = parser.parse_args()
    cutoff = TODAY - dt.timedelta(days=options.cutoff_days)
    horizon_end = min(TODAY, cutoff + dt.timedelta(days=options.horizon_days))
    started = time.perf_counter()
    calendar = official_calendar()
    histories: list[ClockHistory] = []
    baseline: dict[str, bool] = {}
    plans = generate(count=options.cases, seed=SEED, today=TODAY, province_codes=sorted(PROVINCES))
    for plan in plans:
        case_histories, case_baseline = _case_histories(plan, calendar, cutoff, horizon_end)
        histories.extend(case_histories)
        baseline.update(case_baseline)
    prepared = time.perf_counter()
    result = backtest(histories, cutoff=cutoff, horizon_end=horizon_end, threshold=HIGH_FROM)
    finished = time.perf_counter()
    fresh = [clock for clock in result.scored if not clock.overdue_at_cutoff]
    # The baseline: warn exactly when the clock's own status already does on the cutoff.
    status_warnings = [
        dataclasses.replace(clock, score=100 if baseline[clock.key] else 0)
        for clock in result.scored
    ]
    status_warning = confusion_of(status_warnings, 1)
    status_warning_fresh = confusion_of(
        (clock for clock in status_warnings if not clock.overdue_at_cutoff), 1
    )
    print(
        json.dumps(
            {
                "benchmark": "risk.backtest",
                "cases": options.cases,
                "seed": SEED,
                "history_ends": TODAY.isoformat(),
                "cutoff": cutoff.isoformat(),
                "horizon_end": horizon_end.isoformat(),
                "horizon_days": (horizon_end - cutoff).days,
                "threshold": result.threshold,
                "clocks_running_at_cutoff": len(baseline),
                "clocks_scored": len(result.scored),
                "undetermined_at_horizon": result.undetermined,
                "missed": sum(clock.missed for clock in result.scored),
                "overdue_at_cutoff": sum(clock.overdue_at_cutoff for clock in result.scored),
                **_figures(result.confusion),
                "not_overdue_at_cutoff": {
                    "clocks": len(fresh),
                    "missed": sum(clock.missed for clock in fresh),
                    **_figures(result.confusion_at(result.threshold, overdue_at_cutoff=False)),
                },
                "medium_threshold": {
                    "threshold": MEDIUM_FROM,
                    **_figures(result.confusion_at(MEDIUM_FROM)),
                    "not_overdue_at_cutoff": _figures(
                        result.confusion_at(MEDIUM_FROM, overdue_at_cutoff=False)
                    ),
                },
                "baseline_clock_status_due_soon_or_overdue": {
                    **_figures(status_warning),
                    "not_overdue_at_cutoff": _figures(status_warning_fresh),
                },
                "by_clock": _by_clock(result),
                "seconds": {
                    "generate_and_derive": round(prepared - started, 1),
                    "backtest": round(finished - prepared, 1),
                },
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
