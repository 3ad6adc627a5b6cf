"""Past the maximum: counted from the deadline with every extension the law permits."""

from __future__ import annotations

import datetime as dt

from phoihop.domain.clocks.overrun import STALE_AFTER_DAYS, days_past_maximum, needs_update
from phoihop.domain.procedure.stages import Stage

d = dt.date


def test_a_clock_ended_after_its_maximum_counts_the_days_past_it() -> None:
    assert (
        days_past_maximum(
            is_open=False,
            deadline=d(2025, 3, 10),
            max_deadline=d(2025, 9, 10),
            ended_on=d(2025, 10, 1),
            today=d(2026, 12, 1),
        )
        == 21
    )


def test_a_clock_missed_but_within_what_extensions_allowed_is_not_past_its_maximum() -> None:
    assert (
        days_past_maximum(
            is_open=False,
            deadline=d(2025, 3, 10),
            max_deadline=d(2025, 9, 10),
            ended_on=d(2025, 4, 1),
            today=d(2026, 12, 1),
        )
        == 0
    )


def test_an_open_clock_without_extensions_counts_from_its_deadline_to_today() -> None:
    today = d(2026, 12, 1)
    open_ = {"is_open": True, "max_deadline": None, "ended_on": None, "today": today}

    assert days_past_maximum(deadline=d(2026, 11, 1), **open_) == 30
    assert days_past_maximum(deadline=None, **open_) == 0


def _stale(code: str, stage: Stage, *, overdue_days: int = 10, variant: str = "") -> bool:
    today = d(2026, 12, 1)
    return needs_update(
        code=code,
        variant=variant,
        is_overdue=overdue_days > 0,
        deadline=today - dt.timedelta(days=max(overdue_days, 0)),
        case_stage=stage,
        today=today,
    )


def test_a_detention_left_open_in_a_suspended_or_closed_case_needs_updating_not_urging() -> None:
    assert _stale("DETENTION", Stage.INVESTIGATION_SUSPENDED)
    assert _stale("DETENTION", Stage.SUSPENDED)
    assert _stale("CUSTODY", Stage.CLOSED)
    assert not _stale("DETENTION", Stage.INVESTIGATION)  # overdue: urge the body
    assert not _stale("DETENTION", Stage.INVESTIGATION_SUSPENDED, overdue_days=0)


def test_after_judgment_only_the_detention_securing_execution_runs_on() -> None:
    assert _stale("DETENTION", Stage.ENFORCEMENT, variant="PROSECUTION")
    assert not _stale("DETENTION", Stage.ENFORCEMENT, variant="AFTER_SENTENCE")


def test_a_clock_more_than_a_year_past_its_deadline_needs_updating() -> None:
    assert _stale("EXECUTION_DECISION", Stage.ENFORCEMENT, overdue_days=STALE_AFTER_DAYS + 1)
    assert not _stale("EXECUTION_DECISION", Stage.ENFORCEMENT, overdue_days=STALE_AFTER_DAYS)
