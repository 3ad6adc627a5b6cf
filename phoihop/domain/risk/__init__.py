"""The early warning ("dự báo sớm"): for each running clock, how likely it is to be
missed and why. Pure statistics on durations and counts; the Django layer gathers the
inputs and shows the reasons.

- ``survival``: the Kaplan–Meier curve of comparable clocks' durations, with censoring;
- ``score``: ``assess`` one clock: a transparent weighted sum of named factors;
- ``backtest``: replay the warning at a past cutoff and count hits and misses.
"""

from .backtest import (
    BacktestResult,
    ClockHistory,
    Confusion,
    ScoredClock,
    backtest,
    confusion_of,
    curves_at,
    missed_by,
)
from .score import (
    HIGH_FROM,
    MEDIUM_FROM,
    MIN_COMPARABLES,
    ClockRiskInput,
    Reason,
    ReasonCode,
    RiskAssessment,
    RiskLevel,
    assess,
    level_of,
)
from .survival import Observation, SurvivalCurve, survival_curve

__all__ = [
    "HIGH_FROM",
    "MEDIUM_FROM",
    "MIN_COMPARABLES",
    "BacktestResult",
    "ClockHistory",
    "ClockRiskInput",
    "Confusion",
    "Observation",
    "Reason",
    "ReasonCode",
    "RiskAssessment",
    "RiskLevel",
    "ScoredClock",
    "SurvivalCurve",
    "assess",
    "backtest",
    "confusion_of",
    "curves_at",
    "level_of",
    "missed_by",
    "survival_curve",
]
