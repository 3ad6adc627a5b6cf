"""Kaplan–Meier against small examples computed by hand, ties and censoring included."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phoihop.domain.errors import InvalidInput
from phoihop.domain.risk import Observation, survival_curve


def _curve(*pairs: tuple[int, bool]):
    return survival_curve(Observation(days, ended) for days, ended in pairs)


# 2 ended; 3 ended and 3 censored (a tie); 5 ended twice; 7 censored; 8 ended.
# By hand: t=2: 7 at risk, 1 ends -> 6/7; t=3: 6 at risk, 1 ends -> 6/7 * 5/6 = 5/7;
# t=5: 4 at risk (5, 5, 7, 8), 2 end -> 5/7 * 2/4 = 5/14; t=8: 1 at risk, 1 ends -> 0.
HAND = ((2, True), (3, True), (3, False), (5, True), (5, True), (7, False), (8, True))


def test_survival_matches_the_hand_computed_steps() -> None:
    # given
    curve = _curve(*HAND)

    # when
    values = [curve.survival(t) for t in (0, 1, 2, 3, 4, 5, 6, 7, 8, 100)]

    # then
    assert values == pytest.approx([1, 1, 6 / 7, 5 / 7, 5 / 7, 5 / 14, 5 / 14, 5 / 14, 0, 0])
    assert curve.times == (2, 3, 5, 8)
    assert (curve.observations, curve.events, curve.last_observed) == (7, 5, 8)


def test_survival_is_right_continuous_at_an_event_day() -> None:
    # given
    curve = _curve((10, True), (20, True))

    # when / then: a clock ending on day 10 no longer survives at 10
    assert curve.survival(9.99) == 1.0
    assert curve.survival(10) == pytest.approx(0.5)


def test_a_clock_censored_on_an_event_day_is_counted_at_risk_that_day() -> None:
    # given: on day 3 one clock ends and one is censored; one more ends on day 4
    curve = _curve((3, True), (3, False), (4, True))

    # when
    on_day_3 = curve.survival(3)

    # then: three at risk on day 3 (2/3), not two (1/2)
    assert on_day_3 == pytest.approx(2 / 3)
    assert curve.survival(4) == 0.0


def test_median_is_the_first_day_survival_reaches_one_half() -> None:
    # given
    curve = _curve(*HAND)

    # when / then: S(3) = 5/7 > 0.5, S(5) = 5/14 <= 0.5
    assert curve.median() == 5


def test_median_counts_a_step_landing_exactly_on_one_half() -> None:
    # given: S(1) = 3/4, S(2) = 3/4 * 2/3 = 1/2
    curve = _curve((1, True), (2, True), (3, False), (4, False))

    # when / then
    assert curve.median() == 2


def test_median_is_none_when_the_curve_never_drops_to_one_half() -> None:
    # given: one ends of four, the rest still running
    curve = _curve((5, True), (6, False), (7, False), (9, False))

    # when / then
    assert curve.survival(100) == pytest.approx(0.75)
    assert curve.median() is None


def test_an_empty_input_gives_a_flat_curve_without_evidence() -> None:
    # given
    curve = survival_curve([])

    # when / then
    assert curve.survival(0) == curve.survival(1000) == 1.0
    assert curve.median() is None
    assert curve.observations == curve.events == 0
    assert curve.last_observed is None
    assert curve.exceedance(60, elapsed_days=10) is None


def test_all_censored_stays_at_one_up_to_the_longest_seen() -> None:
    # given
    curve = _curve((10, False), (40, False), (70, False))

    # when / then
    assert curve.survival(70) == 1.0
    assert curve.median() is None
    # every comparable clock seen at day 60 was seen running past it
    assert curve.exceedance(60, elapsed_days=5) == 1.0
    # nothing was seen as long as 90 days: no evidence
    assert curve.exceedance(90, elapsed_days=5) is None


def test_exceedance_is_survival_at_the_limit_over_survival_at_the_elapsed_time() -> None:
    # given
    curve = _curve(*HAND)

    # when
    chance = curve.exceedance(5, elapsed_days=2)

    # then: (5/14) / (6/7)
    assert chance == pytest.approx(5 / 12)


def test_exceedance_of_a_limit_already_run_past_is_certain() -> None:
    # given
    curve = _curve(*HAND)

    # when / then
    assert curve.exceedance(3, elapsed_days=3) == 1.0
    assert curve.exceedance(3, elapsed_days=6) == 1.0


def test_a_clock_that_outlived_every_comparable_one_is_taken_as_exceeding() -> None:
    # given: every comparable clock ended by day 8
    curve = _curve(*HAND)

    # when
    chance = curve.exceedance(30, elapsed_days=9)

    # then
    assert curve.survival(9) == 0.0
    assert chance == 1.0
    assert curve.outlived_all(9)
    assert not curve.outlived_all(7)


def test_exceedance_beyond_the_longest_seen_is_unknown_while_survival_is_above_zero() -> None:
    # given: the longest seen (9 days) was still running
    curve = _curve((2, True), (4, True), (9, False))

    # when / then
    assert curve.exceedance(20, elapsed_days=1) is None


def test_exceedance_beyond_the_longest_seen_is_zero_once_survival_reached_zero() -> None:
    # given
    curve = _curve((2, True), (4, True), (9, True))

    # when / then
    assert curve.exceedance(20, elapsed_days=1) == 0.0


@pytest.mark.parametrize("days", [-1, 1.5, True])
def test_an_observation_must_be_a_whole_number_of_days(days) -> None:
    # when / then
    with pytest.raises(InvalidInput):
        Observation(days, ended=True)


observations = st.lists(
    st.builds(Observation, st.integers(0, 400), st.booleans()), min_size=0, max_size=60
)


@given(observations, st.lists(st.integers(-5, 450), min_size=2, max_size=20))
def test_survival_is_within_zero_and_one_and_never_increases(seen, days) -> None:
    # given
    curve = survival_curve(seen)

    # when
    values = [curve.survival(t) for t in sorted(days)]

    # then
    assert all(0.0 <= value <= 1.0 for value in values)
    assert all(later <= earlier for earlier, later in itertools.pairwise(values))


@given(st.lists(st.integers(0, 100), min_size=1, max_size=60), st.integers(-1, 110))
def test_without_censoring_survival_is_the_share_still_running(durations, t) -> None:
    # given
    curve = survival_curve(Observation(d, ended=True) for d in durations)

    # when / then
    assert curve.survival(t) == pytest.approx(sum(d > t for d in durations) / len(durations))


@given(observations, st.integers(0, 450), st.integers(0, 450))
def test_exceedance_is_a_probability_or_unknown(seen, elapsed, limit) -> None:
    # given
    curve = survival_curve(seen)

    # when
    chance = curve.exceedance(limit, elapsed_days=elapsed)

    # then
    assert chance is None or 0.0 <= chance <= 1.0
