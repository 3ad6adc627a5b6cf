"""The backtest on a tiny hand-made history whose counts are known."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from phoihop.domain.errors import InvalidInput
from phoihop.domain.risk import (
    ClockHistory,
    ClockRiskInput,
    Observation,
    backtest,
    curves_at,
    missed_by,
    survival_curve,
)

CUTOFF = date(2026, 1, 1)
HORIZON = date(2026, 7, 1)


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def _features(start: date, deadline: date, **changes: object) -> ClockRiskInput:
    quiet = ClockRiskInput(
        code="INVESTIGATION",
        start_on=start,
        deadline=deadline,
        latest_deadline=deadline,
        extensions_used=0,
        extensions_allowed=0,
    )
    return dataclasses.replace(quiet, **changes)  # type: ignore[arg-type]


def _history(
    key: str,
    start: date,
    deadline: date,
    ended: date | None,
    *,
    groups: tuple[str, ...] = (),
    **changes: object,
) -> ClockHistory:
    running = start <= CUTOFF and (ended is None or ended > CUTOFF)
    return ClockHistory(
        key=key,
        groups=groups or (key,),
        start_on=start,
        deadline=deadline,
        ended_on=ended,
        at_cutoff=_features(start, deadline, **changes) if running else None,
    )


def _tiny_history() -> list[ClockHistory]:
    return [
        # already overdue on the cutoff, ended late: warned, missed (TP)
        _history("overdue", CUTOFF - _days(80), CUTOFF - _days(10), CUTOFF + _days(20)),
        # 90% of its period used, two expert answers late, no extension left: 29 + 25 + 20
        # = 74, warned; yet it ended in time (FP)
        _history(
            "alarmed",
            CUTOFF - _days(54),
            CUTOFF + _days(6),
            CUTOFF + _days(5),
            expert_requests_overdue=2,
            extensions_used=1,
            extensions_allowed=1,
        ),
        # quiet on the cutoff, still running past its deadline at the horizon (FN)
        _history("surprise", CUTOFF - _days(12), CUTOFF + _days(48), None),
        # quiet, ended in time (TN)
        _history("calm", CUTOFF - _days(6), CUTOFF + _days(54), CUTOFF + _days(30)),
        # still running at the horizon, deadline after it: no outcome yet
        _history("open", CUTOFF - _days(3), HORIZON + _days(30), None),
        # ended before the cutoff: a comparable duration, not scored
        _history("past", CUTOFF - _days(200), CUTOFF - _days(140), CUTOFF - _days(150)),
        # started after the cutoff: unknown then
        _history("future", CUTOFF + _days(3), CUTOFF + _days(63), None),
    ]


def test_the_tiny_history_gives_the_known_counts() -> None:
    # when
    result = backtest(_tiny_history(), cutoff=CUTOFF, horizon_end=HORIZON, threshold=60)

    # then
    confusion = result.confusion
    assert (
        confusion.true_positive,
        confusion.false_positive,
        confusion.false_negative,
        confusion.true_negative,
    ) == (1, 1, 1, 1)
    assert result.precision == pytest.approx(0.5)
    assert result.recall == pytest.approx(0.5)
    assert result.undetermined == 1
    assert {clock.key for clock in result.scored} == {"overdue", "alarmed", "surprise", "calm"}
    assert result.threshold == 60


def test_without_the_clocks_already_overdue_the_easy_hit_is_left_out() -> None:
    # given
    result = backtest(_tiny_history(), cutoff=CUTOFF, horizon_end=HORIZON, threshold=60)

    # when
    confusion = result.confusion_at(60, overdue_at_cutoff=False)

    # then
    assert confusion.precision == 0.0
    assert confusion.recall == 0.0
    assert confusion.true_negative == 1


def test_a_lower_threshold_warns_about_more_clocks() -> None:
    # given
    result = backtest(_tiny_history(), cutoff=CUTOFF, horizon_end=HORIZON, threshold=60)

    # when
    confusion = result.confusion_at(0)

    # then: everything warned
    assert (confusion.precision, confusion.recall) == (pytest.approx(0.5), 1.0)


def test_precision_and_recall_are_none_without_warnings_or_misses() -> None:
    # given
    calm = [_history("calm", CUTOFF - _days(6), CUTOFF + _days(54), CUTOFF + _days(30))]

    # when
    result = backtest(calm, cutoff=CUTOFF, horizon_end=HORIZON)

    # then
    assert result.precision is None
    assert result.recall is None


def test_comparables_seen_on_the_cutoff_censor_what_ended_later() -> None:
    # given: one ended before the cutoff, one after it, one never
    histories = [
        _history("a", CUTOFF - _days(100), CUTOFF, CUTOFF - _days(40), groups=("g",)),
        _history("b", CUTOFF - _days(30), CUTOFF + _days(30), CUTOFF + _days(1), groups=("g",)),
        _history("c", CUTOFF - _days(10), CUTOFF + _days(50), None, groups=("g",)),
    ]

    # when
    curve = curves_at(histories, cutoff=CUTOFF)["g"]

    # then: 60 days ended; 30 and 10 days censored on the cutoff (b's real end unused)
    expected = survival_curve(
        [Observation(60, ended=True), Observation(30, ended=False), Observation(10, False)]
    )
    assert curve == expected


def test_the_most_specific_group_with_enough_comparables_is_used() -> None:
    # given: 12 past clocks in the broad group that all ran 100 days, none in the narrow one
    past = [
        _history(f"p{i}", CUTOFF - _days(300), CUTOFF - _days(240), CUTOFF - _days(200),
                 groups=("wide",))
        for i in range(12)
    ]  # fmt: skip
    scored = _history(
        "x", CUTOFF - _days(10), CUTOFF + _days(50), CUTOFF + _days(40), groups=("narrow", "wide")
    )

    # when
    result = backtest([*past, scored], cutoff=CUTOFF, horizon_end=HORIZON)

    # then: the broad group's 100 days run past the 60-day deadline: 40 points
    (clock,) = result.scored
    assert clock.score == 40


@pytest.mark.parametrize(
    ("ended", "expected"),
    [
        (date(2026, 3, 1), False),  # on the deadline
        (date(2026, 3, 2), True),  # after it
        (date(2026, 8, 1), True),  # after the horizon, deadline passed before it
        (None, True),  # still running past the deadline at the horizon
    ],
)
def test_missed_means_ended_or_still_running_after_the_deadline(ended, expected) -> None:
    # given
    history = _history("h", CUTOFF - _days(10), date(2026, 3, 1), ended)

    # when / then
    assert missed_by(history, HORIZON) is expected


def test_a_clock_running_at_the_horizon_before_its_deadline_has_no_outcome() -> None:
    # given
    history = _history("h", CUTOFF - _days(10), HORIZON + _days(1), None)

    # when / then
    assert missed_by(history, HORIZON) is None


def test_a_clock_running_at_the_cutoff_needs_its_features() -> None:
    # given
    history = dataclasses.replace(
        _history("h", CUTOFF - _days(10), CUTOFF + _days(50), None), at_cutoff=None
    )

    # when / then
    with pytest.raises(InvalidInput):
        backtest([history], cutoff=CUTOFF, horizon_end=HORIZON)


def test_the_horizon_must_come_after_the_cutoff() -> None:
    # when / then
    with pytest.raises(InvalidInput):
        backtest([], cutoff=CUTOFF, horizon_end=CUTOFF)
