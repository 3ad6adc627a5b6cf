"""The early-warning score: each factor, its reason and weight, the cap and the levels."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phoihop.domain.errors import InvalidInput
from phoihop.domain.risk import (
    HIGH_FROM,
    MEDIUM_FROM,
    ClockRiskInput,
    Observation,
    ReasonCode,
    RiskLevel,
    assess,
    level_of,
    survival_curve,
)

START = date(2026, 1, 1)
DEADLINE = START + timedelta(days=60)  # 02/03/2026
EARLY = START + timedelta(days=12)  # 20% of the period: no factor of its own

# 50 comparable clocks: 19 ended on day 30, 31 on day 90, so 62% ran past 60 days.
COMPARABLES = survival_curve(
    [Observation(30, ended=True)] * 19 + [Observation(90, ended=True)] * 31
)


def _clock(**changes: object) -> ClockRiskInput:
    quiet = ClockRiskInput(
        code="INVESTIGATION",
        start_on=START,
        deadline=DEADLINE,
        latest_deadline=DEADLINE,
        extensions_used=0,
        extensions_allowed=0,
    )
    return dataclasses.replace(quiet, **changes)  # type: ignore[arg-type]


def _codes(clock: ClockRiskInput, today: date = EARLY) -> set[str]:
    return {reason.code for reason in assess(clock, today=today).reasons}


def test_a_quiet_clock_early_in_its_period_has_no_reason_and_scores_zero() -> None:
    # when
    assessment = assess(_clock(), today=EARLY)

    # then
    assert assessment.score == 0
    assert assessment.level is RiskLevel.LOW
    assert assessment.reasons == ()


# Each factor alone, and the one reason it gives.
FACTORS = [
    pytest.param({}, START + timedelta(days=51), ReasonCode.PERIOD_USED, id="period"),
    pytest.param(
        {"extensions_used": 1, "extensions_allowed": 2}, EARLY, ReasonCode.EXTENSIONS_USED,
        id="extensions",
    ),
    pytest.param(
        {"returns_for_additional_investigation": 1}, EARLY, ReasonCode.RETURNS, id="returns"
    ),
    pytest.param(
        {"expert_requests_overdue": 1}, EARLY, ReasonCode.EXPERT_REQUESTS_OVERDUE, id="expert"
    ),
    pytest.param({"open_obstacles": 1}, EARLY, ReasonCode.OBSTACLES, id="obstacles"),
    pytest.param({"open_disagreements": 1}, EARLY, ReasonCode.DISAGREEMENTS, id="disagreements"),
    pytest.param({"comparables": COMPARABLES}, EARLY, ReasonCode.COMPARABLES, id="comparables"),
    pytest.param({}, DEADLINE + timedelta(days=1), ReasonCode.OVERDUE, id="overdue"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "today", "code"), FACTORS)
def test_each_factor_alone_gives_its_reason_and_only_it(changes, today, code) -> None:
    # when
    codes = _codes(_clock(**changes), today)

    # then
    assert codes == {code}


def test_the_period_factor_starts_at_half_the_period() -> None:
    # when / then
    assert _codes(_clock(), START + timedelta(days=29)) == set()
    reasons = assess(_clock(), today=START + timedelta(days=30)).reasons
    assert [(r.code, r.weight) for r in reasons] == [(ReasonCode.PERIOD_USED, 5)]


def test_the_period_reason_says_the_share_used_and_the_days_left() -> None:
    # when
    (reason,) = assess(_clock(), today=START + timedelta(days=51)).reasons

    # then: 51/60 = 85%, weight 5 + round(30 * 0.7) = 26
    assert reason.message == "Đã dùng 85% thời hạn (còn 9 ngày, hạn 02/03/2026)"
    assert reason.weight == 26


def test_the_period_factor_is_at_full_weight_on_the_last_day() -> None:
    # when
    (reason,) = assess(_clock(), today=DEADLINE).reasons

    # then
    assert reason.message == "Đã dùng 100% thời hạn (hôm nay là ngày cuối, hạn 02/03/2026)"
    assert reason.weight == 35


def test_extensions_exhausted_weigh_fully_and_say_no_more_is_possible() -> None:
    # when
    (reason,) = assess(_clock(extensions_used=2, extensions_allowed=2), today=EARLY).reasons

    # then
    assert reason.message == "Đã gia hạn 2/2 lần: không thể gia hạn thêm"
    assert reason.weight == 20


def test_extensions_partly_used_weigh_in_proportion_and_name_the_last_deadline() -> None:
    # given
    clock = _clock(extensions_used=1, extensions_allowed=2, latest_deadline=date(2026, 5, 2))

    # when
    (reason,) = assess(clock, today=EARLY).reasons

    # then
    assert reason.message == "Đã gia hạn 1/2 lần (nếu gia hạn hết, hạn cuối là 02/05/2026)"
    assert reason.weight == 10


def test_no_extension_used_or_none_allowed_is_no_reason() -> None:
    # when / then
    assert _codes(_clock(extensions_used=0, extensions_allowed=3)) == set()
    assert _codes(_clock(extensions_used=0, extensions_allowed=0)) == set()


RETURNS = "Hồ sơ đã bị trả để điều tra bổ sung {} lần"
EXPERT = "{} yêu cầu giám định, định giá đã quá hạn mà chưa có kết luận"
OBSTACLES = "{} vướng mắc chưa được tháo gỡ"
DISAGREEMENTS = "{} vấn đề liên ngành chưa thống nhất, đang chờ cấp có thẩm quyền cho ý kiến"


@pytest.mark.parametrize(
    ("field", "count", "weight", "message"),
    [
        ("returns_for_additional_investigation", 1, 10, RETURNS),
        ("returns_for_additional_investigation", 3, 20, RETURNS),
        ("expert_requests_overdue", 1, 15, EXPERT),
        ("expert_requests_overdue", 2, 25, EXPERT),
        ("open_obstacles", 1, 8, OBSTACLES),
        ("open_obstacles", 2, 15, OBSTACLES),
        ("open_disagreements", 1, 10, DISAGREEMENTS),
        ("open_disagreements", 3, 20, DISAGREEMENTS),
    ],
)
def test_counted_factors_weigh_per_item_up_to_their_cap(field, count, weight, message) -> None:
    # when
    (reason,) = assess(_clock(**{field: count}), today=EARLY).reasons

    # then
    assert (reason.weight, reason.message) == (weight, message.format(count))


def test_comparable_clocks_give_the_chance_of_running_past_the_deadline() -> None:
    # when
    (reason,) = assess(_clock(comparables=COMPARABLES), today=EARLY).reasons

    # then: S(60) / S(12) = 0.62, weight round(40 * 0.62) = 25
    assert reason.message == (
        "Vụ án tương tự: 62% kéo dài quá hạn (60 ngày; ước tính từ 50 thời hạn, trung vị 90 ngày)"
    )
    assert reason.weight == 25


def test_comparable_clocks_are_judged_on_those_still_running_as_long() -> None:
    # when: on day 40, the 19 ended on day 30 no longer count
    reasons = assess(_clock(comparables=COMPARABLES), today=START + timedelta(days=40)).reasons

    # then
    (reason,) = [r for r in reasons if r.code == ReasonCode.COMPARABLES]
    assert reason.weight == 40
    assert reason.message.startswith("Vụ án tương tự: 100% kéo dài quá hạn")


def test_a_clock_running_longer_than_every_comparable_one_is_said_so() -> None:
    # given
    curve = survival_curve([Observation(days, ended=True) for days in range(5, 25)])

    # when
    (reason,) = assess(_clock(comparables=curve), today=START + timedelta(days=26)).reasons

    # then
    assert reason.message == (
        "Vụ án tương tự: đã kéo dài 26 ngày, lâu hơn mọi vụ trong 20 vụ được so sánh"
    )
    assert reason.weight == 40


def test_too_few_comparable_clocks_give_no_reason() -> None:
    # given
    curve = survival_curve([Observation(90, ended=True)] * 9)

    # when / then
    assert _codes(_clock(comparables=curve)) == set()


def test_comparable_clocks_that_never_ran_past_the_deadline_give_no_reason() -> None:
    # given
    curve = survival_curve([Observation(30, ended=True)] * 20)

    # when / then
    assert _codes(_clock(comparables=curve)) == set()


def test_comparable_clocks_that_say_nothing_about_the_deadline_give_no_reason() -> None:
    # given: nothing seen as long as 60 days, and still running
    curve = survival_curve([Observation(40, ended=False)] * 20)

    # when / then
    assert _codes(_clock(comparables=curve)) == set()


def test_an_overdue_clock_is_high_with_its_reason_first() -> None:
    # given
    clock = _clock(comparables=COMPARABLES, open_obstacles=1)

    # when
    assessment = assess(clock, today=DEADLINE + timedelta(days=3))

    # then
    assert assessment.score == 100
    assert assessment.level is RiskLevel.HIGH
    assert [r.code for r in assessment.reasons] == [ReasonCode.OVERDUE, ReasonCode.OBSTACLES]
    assert assessment.reasons[0].message == "Đã quá hạn 3 ngày (hạn 02/03/2026)"


def test_the_score_is_the_sum_of_the_weights_capped_at_100() -> None:
    # given
    every = _clock(
        extensions_used=2,
        extensions_allowed=2,
        returns_for_additional_investigation=2,
        expert_requests_overdue=2,
        open_obstacles=2,
        open_disagreements=2,
        comparables=COMPARABLES,
    )

    # when
    assessment = assess(every, today=START + timedelta(days=55))

    # then
    assert sum(reason.weight for reason in assessment.reasons) > 100
    assert assessment.score == 100
    assert assessment.level is RiskLevel.HIGH


def test_reasons_are_ordered_by_weight() -> None:
    # given
    clock = _clock(open_obstacles=1, expert_requests_overdue=1, open_disagreements=1)

    # when
    reasons = assess(clock, today=EARLY).reasons

    # then
    assert [r.weight for r in reasons] == [15, 10, 8]


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, RiskLevel.LOW),
        (MEDIUM_FROM - 1, RiskLevel.LOW),
        (MEDIUM_FROM, RiskLevel.MEDIUM),
        (HIGH_FROM - 1, RiskLevel.MEDIUM),
        (HIGH_FROM, RiskLevel.HIGH),
        (100, RiskLevel.HIGH),
    ],
)
def test_levels_follow_the_thresholds(score, level) -> None:
    # when / then
    assert level_of(score) is level


def test_a_clock_is_not_assessed_before_it_starts() -> None:
    # when / then
    with pytest.raises(InvalidInput) as raised:
        assess(_clock(), today=START - timedelta(days=1))
    assert raised.value.code == "risk.clock.not_started"


@pytest.mark.parametrize(
    "changes",
    [
        {"deadline": START - timedelta(days=1)},
        {"latest_deadline": DEADLINE - timedelta(days=1)},
        {"open_obstacles": -1},
        {"extensions_used": True},
    ],
)
def test_impossible_inputs_are_refused(changes) -> None:
    # when / then
    with pytest.raises(InvalidInput):
        _clock(**changes)


counts = st.integers(0, 5)


@given(
    period=st.integers(0, 400),
    elapsed=st.integers(0, 500),
    allowed=counts,
    used=counts,
    returns=counts,
    expert=counts,
    obstacles=counts,
    disagreements=counts,
    durations=st.lists(st.tuples(st.integers(0, 500), st.booleans()), max_size=40),
)
def test_the_score_is_between_0_and_100_and_matches_its_reasons(
    period, elapsed, allowed, used, returns, expert, obstacles, disagreements, durations
) -> None:
    # given
    deadline = START + timedelta(days=period)
    clock = _clock(
        deadline=deadline,
        latest_deadline=deadline + timedelta(days=30),
        extensions_used=used,
        extensions_allowed=allowed,
        returns_for_additional_investigation=returns,
        expert_requests_overdue=expert,
        open_obstacles=obstacles,
        open_disagreements=disagreements,
        comparables=survival_curve(Observation(d, e) for d, e in durations),
    )

    # when
    assessment = assess(clock, today=START + timedelta(days=elapsed))

    # then
    assert 0 <= assessment.score <= 100
    assert assessment.level is level_of(assessment.score)
    assert all(reason.weight > 0 for reason in assessment.reasons)
    weights = [reason.weight for reason in assessment.reasons]
    assert weights == sorted(weights, reverse=True)
    if elapsed > period:
        assert assessment.score == 100
    else:
        assert assessment.score == min(100, sum(weights))
