"""Would the early warning have seen it coming? Replaying it on past clocks.

Split history at a ``cutoff``. Everything the warning uses must be known on the cutoff:
the features of each clock (the caller computes them from the decisions dated on or
before it) and the comparable durations (built here: a clock ended by the cutoff is an
observed duration, one still running is censored at the cutoff, one started later does
not exist yet). The clocks running at the cutoff are scored; each is then labelled by
what happened by ``horizon_end``: missed when it ended after its deadline, or was still
running past its deadline at the horizon.

A clock still running at the horizon with its deadline not yet passed has no outcome
yet. Calling it "met" would be a guess in the warning's favour or against it, so it is
left out of the counts and reported as ``undetermined``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from phoihop.domain.errors import InvalidInput

from .score import HIGH_FROM, MIN_COMPARABLES, ClockRiskInput, assess
from .survival import Observation, SurvivalCurve, survival_curve


@dataclass(frozen=True)
class ClockHistory:
    """One clock over the whole history.

    ``deadline`` and ``ended_on`` are as they finally stood (the deadline after every
    extension granted, also after the cutoff): they only decide the label. What the
    warning sees is ``at_cutoff``, required for a clock running at the cutoff (its
    ``comparables`` is filled in here and must be left None). ``groups`` name the
    comparable clocks, most specific first ("INVESTIGATION|NT|HN", "INVESTIGATION|NT"):
    the first one with enough durations seen at the cutoff is used."""

    key: str
    groups: tuple[str, ...]
    start_on: date
    deadline: date
    ended_on: date | None
    at_cutoff: ClockRiskInput | None = None


@dataclass(frozen=True)
class Confusion:
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    @property
    def precision(self) -> float | None:
        """Of the clocks warned about, the share that was missed; None with no warning."""
        flagged = self.true_positive + self.false_positive
        return None if flagged == 0 else self.true_positive / flagged

    @property
    def recall(self) -> float | None:
        """Of the clocks that were missed, the share warned about; None with none missed."""
        missed = self.true_positive + self.false_negative
        return None if missed == 0 else self.true_positive / missed


@dataclass(frozen=True)
class ScoredClock:
    key: str
    score: int
    missed: bool
    overdue_at_cutoff: bool  # already past its deadline on the cutoff: a certain warning


@dataclass(frozen=True)
class BacktestResult:
    cutoff: date
    horizon_end: date
    threshold: int  # a score at or above it is a warning that the clock will be missed
    scored: tuple[ScoredClock, ...]  # running at the cutoff, with a known outcome
    undetermined: int  # running at the cutoff and at the horizon, deadline not yet passed
    confusion: Confusion

    @property
    def precision(self) -> float | None:
        return self.confusion.precision

    @property
    def recall(self) -> float | None:
        return self.confusion.recall

    def confusion_at(self, threshold: int, *, overdue_at_cutoff: bool = True) -> Confusion:
        """The counts for another threshold; without the clocks already overdue at the
        cutoff when ``overdue_at_cutoff`` is False (those are warned about with certainty
        and missed almost surely, so they flatter the figures)."""
        return confusion_of(
            (clock for clock in self.scored if overdue_at_cutoff or not clock.overdue_at_cutoff),
            threshold,
        )


def confusion_of(scored: Iterable[ScoredClock], threshold: int) -> Confusion:
    tp = fp = fn = tn = 0
    for clock in scored:
        warned = clock.score >= threshold
        if warned and clock.missed:
            tp += 1
        elif warned:
            fp += 1
        elif clock.missed:
            fn += 1
        else:
            tn += 1
    return Confusion(tp, fp, fn, tn)


def curves_at(histories: Iterable[ClockHistory], *, cutoff: date) -> dict[str, SurvivalCurve]:
    """The comparable durations of every group as seen on ``cutoff``."""
    observations: dict[str, list[Observation]] = defaultdict(list)
    for history in histories:
        if history.start_on > cutoff:
            continue  # not yet started: unknown on the cutoff
        if history.ended_on is not None and history.ended_on <= cutoff:
            seen = Observation((history.ended_on - history.start_on).days, ended=True)
        else:
            # Ended after the cutoff or still running: on the cutoff all we knew is that
            # it had lasted this long. Using its real end here would leak the future.
            seen = Observation((cutoff - history.start_on).days, ended=False)
        for group in history.groups:
            observations[group].append(seen)
    return {group: survival_curve(seen) for group, seen in observations.items()}


def missed_by(history: ClockHistory, horizon_end: date) -> bool | None:
    """Missed (True), met (False), or not known yet at the horizon (None)."""
    if history.ended_on is not None and history.ended_on <= horizon_end:
        return history.ended_on > history.deadline
    if horizon_end > history.deadline:
        return True
    return None


def backtest(
    histories: Sequence[ClockHistory],
    *,
    cutoff: date,
    horizon_end: date,
    threshold: int = HIGH_FROM,
    min_comparables: int = MIN_COMPARABLES,
) -> BacktestResult:
    """Score the clocks running on ``cutoff`` with what was known then, and count how
    the warnings (score >= ``threshold``) compare with what happened by ``horizon_end``."""
    if horizon_end <= cutoff:
        raise InvalidInput(
            "Thời điểm kết thúc kiểm tra phải sau ngày cắt.",
            code="risk.backtest.horizon",
            field="horizon_end",
        )
    curves = curves_at(histories, cutoff=cutoff)
    scored: list[ScoredClock] = []
    undetermined = 0
    for history in histories:
        running = history.start_on <= cutoff and (
            history.ended_on is None or history.ended_on > cutoff
        )
        if not running:
            continue
        features = history.at_cutoff
        if features is None:
            raise InvalidInput(
                f"Thiếu dữ liệu tại ngày cắt của thời hạn {history.key}.",
                code="risk.backtest.features",
                field="at_cutoff",
            )
        missed = missed_by(history, horizon_end)
        if missed is None:
            undetermined += 1
            continue
        curve = _comparable_curve(history.groups, curves, min_comparables)
        assessment = assess(dataclasses.replace(features, comparables=curve), today=cutoff)
        scored.append(
            ScoredClock(
                key=history.key,
                score=assessment.score,
                missed=missed,
                overdue_at_cutoff=cutoff > features.deadline,
            )
        )
    return BacktestResult(
        cutoff=cutoff,
        horizon_end=horizon_end,
        threshold=threshold,
        scored=tuple(scored),
        undetermined=undetermined,
        confusion=confusion_of(scored, threshold),
    )


def _comparable_curve(
    groups: Sequence[str], curves: dict[str, SurvivalCurve], min_comparables: int
) -> SurvivalCurve | None:
    """The most specific group with enough durations; else the broadest one there is
    (``assess`` leaves it out if it is still too thin)."""
    found = [curves[group] for group in groups if group in curves]
    for curve in found:
        if curve.observations >= min_comparables:
            return curve
    return found[-1] if found else None
