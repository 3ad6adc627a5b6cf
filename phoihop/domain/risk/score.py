"""The early warning for one running clock: a score from 0 to 100, a level, and the
reasons, each one a named factor with its weight.

The score is a plain weighted sum, capped at 100, so that a user can check it by hand
from the reasons on the case page: no factor is hidden and none is learned from data.
The weights are judgement, not fitted; ``tests/bench/risk_backtest.py`` measures how
well they separate the clocks that were missed on generated history.

    assess(clock, today=date(2026, 3, 2))
    # RiskAssessment(score=64, level=RiskLevel.HIGH, reasons=(Reason(...), ...))

A clock already past its deadline scores 100: it is not at risk, it is late.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from phoihop.domain.errors import InvalidInput

from .survival import SurvivalCurve

# Levels: a score at or above the bound. HIGH needs two strong factors together (most of
# the period gone and comparable clocks running over, or a blocked case late in its
# period); one factor alone stays MEDIUM at most, except being overdue.
HIGH_FROM: Final = 60
MEDIUM_FROM: Final = 30
MAX_SCORE: Final = 100

# Period used: counted from half the period on, growing linearly to the full weight on
# the deadline day.
PERIOD_FROM_SHARE: Final = 0.5
PERIOD_MIN_WEIGHT: Final = 5
PERIOD_MAX_WEIGHT: Final = 35
# Extensions used of those the law allows, at full weight when none is left.
EXTENSIONS_WEIGHT: Final = 20
# Per item, with a cap: the second obstacle says less than the first.
RETURN_WEIGHT: Final = 10
RETURNS_CAP: Final = 20
EXPERT_REQUEST_WEIGHT: Final = 15
EXPERT_REQUESTS_CAP: Final = 25
OBSTACLE_WEIGHT: Final = 8
OBSTACLES_CAP: Final = 15
DISAGREEMENT_WEIGHT: Final = 10
DISAGREEMENTS_CAP: Final = 20
# Comparable clocks: the estimated chance of running past the deadline times this.
COMPARABLES_WEIGHT: Final = 40
# Fewer comparable clocks than this and the estimate is noise: the factor is left out.
MIN_COMPARABLES: Final = 10


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ReasonCode(StrEnum):
    OVERDUE = "risk.overdue"
    PERIOD_USED = "risk.period_used"
    EXTENSIONS_USED = "risk.extensions_used"
    RETURNS = "risk.returns"
    EXPERT_REQUESTS_OVERDUE = "risk.expert_requests_overdue"
    OBSTACLES = "risk.obstacles"
    DISAGREEMENTS = "risk.disagreements"
    COMPARABLES = "risk.comparables"


# Ties in weight are shown in this order: the clock's own facts before the case's.
_ORDER = {code: index for index, code in enumerate(ReasonCode)}


@dataclass(frozen=True)
class ClockRiskInput:
    """What the early warning knows about one running clock and its case, as of the day
    it is assessed. Counts are of the case the clock belongs to."""

    code: str  # catalogue code of the clock ("INVESTIGATION", "DETENTION", ...)
    start_on: date
    deadline: date  # as it stands, with the extensions granted so far
    latest_deadline: date  # if every extension the law still allows were granted
    extensions_used: int
    extensions_allowed: int  # by the law, for this clock's category
    returns_for_additional_investigation: int = 0  # Art. 245, 280
    expert_requests_overdue: int = 0  # expertise or valuation pending past its due date
    open_obstacles: int = 0
    open_disagreements: int = 0  # escalations awaiting the competent authority
    comparables: SurvivalCurve | None = None  # durations of comparable clocks, in days

    def __post_init__(self) -> None:
        if self.deadline < self.start_on:
            raise InvalidInput(
                "Hạn của thời hạn không được trước ngày bắt đầu.",
                code="risk.input.invalid",
                field="deadline",
            )
        if self.latest_deadline < self.deadline:
            raise InvalidInput(
                "Hạn tối đa sau gia hạn không được trước hạn hiện tại.",
                code="risk.input.invalid",
                field="latest_deadline",
            )
        for name in (
            "extensions_used",
            "extensions_allowed",
            "returns_for_additional_investigation",
            "expert_requests_overdue",
            "open_obstacles",
            "open_disagreements",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(
                    f"Giá trị {name} phải là số nguyên không âm, nhận được {value!r}.",
                    code="risk.input.invalid",
                    field=name,
                )


@dataclass(frozen=True)
class Reason:
    code: str  # a ReasonCode value, stable for the pages and the API
    message: str  # Vietnamese, with the figures
    weight: int  # points this reason adds to the score (before the cap)


@dataclass(frozen=True)
class RiskAssessment:
    score: int  # 0..100
    level: RiskLevel
    reasons: tuple[Reason, ...]  # heaviest first


def level_of(score: int) -> RiskLevel:
    if score >= HIGH_FROM:
        return RiskLevel.HIGH
    if score >= MEDIUM_FROM:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def assess(clock: ClockRiskInput, *, today: date) -> RiskAssessment:
    """The risk that ``clock`` misses its deadline, as of ``today``."""
    if today < clock.start_on:
        raise InvalidInput(
            "Thời hạn chưa bắt đầu vào ngày được đánh giá.",
            code="risk.clock.not_started",
            field="today",
        )
    overdue = _overdue(clock, today)
    reasons = [
        reason
        for reason in (
            overdue,
            # Once overdue, the share of the period and the comparables' chance of
            # overrunning are settled facts: the overdue reason says them.
            None if overdue else _period_used(clock, today),
            _extensions(clock),
            _returns(clock),
            _expert_requests(clock),
            _obstacles(clock),
            _disagreements(clock),
            None if overdue else _comparables(clock, today),
        )
        if reason is not None
    ]
    reasons.sort(key=lambda reason: (-reason.weight, _ORDER[ReasonCode(reason.code)]))
    score = MAX_SCORE if overdue else min(MAX_SCORE, sum(reason.weight for reason in reasons))
    return RiskAssessment(score=score, level=level_of(score), reasons=tuple(reasons))


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _overdue(clock: ClockRiskInput, today: date) -> Reason | None:
    late = (today - clock.deadline).days
    if late <= 0:
        return None
    return Reason(
        ReasonCode.OVERDUE,
        f"Đã quá hạn {late} ngày (hạn {_day(clock.deadline)})",
        MAX_SCORE,
    )


def _period_used(clock: ClockRiskInput, today: date) -> Reason | None:
    """Why: a clock can only be missed once its period runs out, and what is left to do
    late in the period has few days to be done in. The decision to ask for an extension
    falls late too (at least 10 days before expiry, BLTTHS Art. 172(2), 173(2)), so the
    last part of the period is where a case is either finished, extended or missed."""
    period = (clock.deadline - clock.start_on).days
    elapsed = (today - clock.start_on).days
    share = 1.0 if period <= 0 else elapsed / period
    if share < PERIOD_FROM_SHARE:
        return None
    growth = (share - PERIOD_FROM_SHARE) / (1.0 - PERIOD_FROM_SHARE)
    weight = PERIOD_MIN_WEIGHT + round((PERIOD_MAX_WEIGHT - PERIOD_MIN_WEIGHT) * growth)
    left = (clock.deadline - today).days
    # Rounded down, so that a clock with days left never reads "100%".
    percent = math.floor(share * 100)
    remaining = "hôm nay là ngày cuối" if left == 0 else f"còn {left} ngày"
    return Reason(
        ReasonCode.PERIOD_USED,
        f"Đã dùng {percent}% thời hạn ({remaining}, hạn {_day(clock.deadline)})",
        min(weight, PERIOD_MAX_WEIGHT),
    )


def _extensions(clock: ClockRiskInput) -> Reason | None:
    """Why: an extension is granted because the work did not fit the period (BLTTHS
    Art. 172(2): "do tính chất phức tạp của vụ án"); each one used says the case is
    running long, and once none is left the deadline is final: the next slip is a breach,
    not an extension. A clock the law never lets extend is not flagged here: that is true
    of every clock of its kind, and the comparable clocks already show its effect."""
    if clock.extensions_allowed == 0 or clock.extensions_used == 0:
        return None
    used = clock.extensions_used
    allowed = clock.extensions_allowed
    weight = round(EXTENSIONS_WEIGHT * min(1.0, used / allowed))
    if used >= allowed:
        message = f"Đã gia hạn {used}/{allowed} lần: không thể gia hạn thêm"
    else:
        message = (
            f"Đã gia hạn {used}/{allowed} lần (nếu gia hạn hết, hạn cuối là "
            f"{_day(clock.latest_deadline)})"
        )
    return Reason(ReasonCode.EXTENSIONS_USED, message, weight)


def _returns(clock: ClockRiskInput) -> Reason | None:
    """Why: a return for additional investigation (BLTTHS Art. 245, 280) means the
    procuracy or the court found the evidence incomplete; the gaps behind it tend to
    recur, and the time it takes comes out of the same overall handling of the case."""
    count = clock.returns_for_additional_investigation
    if count == 0:
        return None
    return Reason(
        ReasonCode.RETURNS,
        f"Hồ sơ đã bị trả để điều tra bổ sung {count} lần",
        min(RETURNS_CAP, RETURN_WEIGHT * count),
    )


def _expert_requests(clock: ClockRiskInput) -> Reason | None:
    """Why: an expertise or valuation conclusion is evidence the case cannot be closed
    without (BLTTHS Art. 206 lists when expertise is mandatory; Art. 215 valuation), and
    waiting for it does not stop the procedural clock. Late answers are the bottleneck
    the inter-agency coordination exists to clear."""
    count = clock.expert_requests_overdue
    if count == 0:
        return None
    return Reason(
        ReasonCode.EXPERT_REQUESTS_OVERDUE,
        f"{count} yêu cầu giám định, định giá đã quá hạn mà chưa có kết luận",
        min(EXPERT_REQUESTS_CAP, EXPERT_REQUEST_WEIGHT * count),
    )


def _obstacles(clock: ClockRiskInput) -> Reason | None:
    """Why: an obstacle is an agency saying in the record that it cannot go on as things
    stand (expertise, valuation, applying the law, recovering assets); until it is
    cleared the work it blocks does not move, while the clock does."""
    count = clock.open_obstacles
    if count == 0:
        return None
    return Reason(
        ReasonCode.OBSTACLES,
        f"{count} vướng mắc chưa được tháo gỡ",
        min(OBSTACLES_CAP, OBSTACLE_WEIGHT * count),
    )


def _disagreements(clock: ClockRiskInput) -> Reason | None:
    """Why: agencies that did not agree at the inter-agency meeting wait for the
    competent authority's opinion before they act (the escalation); that wait is outside
    their hands and inside the period."""
    count = clock.open_disagreements
    if count == 0:
        return None
    return Reason(
        ReasonCode.DISAGREEMENTS,
        f"{count} vấn đề liên ngành chưa thống nhất, đang chờ cấp có thẩm quyền cho ý kiến",
        min(DISAGREEMENTS_CAP, DISAGREEMENT_WEIGHT * count),
    )


def _comparables(clock: ClockRiskInput, today: date) -> Reason | None:
    """Why: the same clock, for the same kind of case at the same agency, tends to take
    as long as it took before (the same workload, the same experts, the same practice).
    The estimate is conditional on the time already run (survival.exceedance): a clock
    still open at day 50 is compared with the comparable ones that were still open at
    day 50, not with all of them. The limit is the deadline as it stands: running past it
    needs either an extension decision in time or it is missed, which is what the user
    has to act on; the extensions factor says how much room is left."""
    curve = clock.comparables
    if curve is None or curve.observations < MIN_COMPARABLES:
        return None
    elapsed = (today - clock.start_on).days
    limit = (clock.deadline - clock.start_on).days
    chance = curve.exceedance(limit, elapsed_days=elapsed)
    if chance is None:
        return None
    weight = round(COMPARABLES_WEIGHT * chance)
    if weight == 0:
        return None
    if curve.outlived_all(elapsed):
        message = (
            f"Vụ án tương tự: đã kéo dài {elapsed} ngày, lâu hơn mọi vụ trong "
            f"{curve.observations} vụ được so sánh"
        )
    else:
        median = curve.median()
        typical = f", trung vị {median} ngày" if median is not None else ""
        message = (
            f"Vụ án tương tự: {math.floor(chance * 100)}% kéo dài quá hạn "
            f"({limit} ngày; ước tính từ {curve.observations} thời hạn{typical})"
        )
    return Reason(ReasonCode.COMPARABLES, message, weight)
