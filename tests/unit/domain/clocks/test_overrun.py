"""Past the maximum: counted from the deadline with every extension the law permits."""

from __future__ import annotations

import datetime as dt

from phoihop.domain.clocks.overrun import days_past_maximum

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
