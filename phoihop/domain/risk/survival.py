"""How long comparable clocks ran: the Kaplan–Meier estimate of their durations.

Many comparable clocks are still running when we look, so their full duration is not
known yet, only that it is longer than what has elapsed. Dropping them would make past
cases look quicker than they are (the slow ones are exactly those still open); counting
them as ended today would do the same. Kaplan–Meier uses them for as long as they were
seen (right censoring) and no longer.

    curve = survival_curve([Observation(45, ended=True), Observation(30, ended=False), ...])
    curve.survival(60)                     # P(duration > 60 days)
    curve.exceedance(90, elapsed=70)       # P(duration > 90 | duration > 70)
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from phoihop.domain.errors import InvalidInput


@dataclass(frozen=True)
class Observation:
    """One comparable clock: how many days it ran, and whether it has ended. A clock
    still running (``ended=False``) is censored: it lasted at least ``duration_days``."""

    duration_days: int
    ended: bool

    def __post_init__(self) -> None:
        if (
            isinstance(self.duration_days, bool)
            or not isinstance(self.duration_days, int)
            or self.duration_days < 0
        ):
            raise InvalidInput(
                f"Thời gian quan sát phải là số ngày không âm, nhận được {self.duration_days!r}.",
                code="risk.observation.invalid",
                field="duration_days",
            )


@dataclass(frozen=True)
class SurvivalCurve:
    """The Kaplan–Meier step function S(t) = P(duration > t), t in days.

    ``times`` are the days on which at least one comparable clock ended, ascending;
    ``values[i]`` is S on [times[i], times[i+1]). Before the first such day S is 1.
    ``last_observed`` is the longest duration seen, ended or not: beyond it the data say
    nothing, unless S has already reached 0 (see ``exceedance``).
    """

    times: tuple[int, ...]
    values: tuple[float, ...]
    observations: int
    events: int
    last_observed: int | None

    def survival(self, t: float) -> float:
        """S(t) = P(duration > t). Right-continuous: a clock ending on day t is no longer
        "surviving" at t. After ``last_observed`` the last value is carried on (the usual
        convention, as in the original estimator); ``exceedance`` refuses to rely on it."""
        index = bisect_right(self.times, t)
        return 1.0 if index == 0 else self.values[index - 1]

    def median(self) -> int | None:
        """The smallest day t with S(t) <= 0.5, or None when the curve never gets there
        (more than half the comparable clocks are still running, or ran longer than the
        longest one seen). The conventional definition; no interpolation between steps."""
        for t, value in zip(self.times, self.values, strict=True):
            if value <= 0.5:
                return t
        return None

    def exceedance(self, limit_days: float, *, elapsed_days: float) -> float | None:
        """P(duration > limit | duration > elapsed) = S(limit) / S(elapsed): the chance a
        clock that has run ``elapsed_days`` runs past ``limit_days``, judged by how the
        comparable clocks that ran at least as long went on.

        - ``limit_days <= elapsed_days``: 1.0, the clock has already run that long.
        - S(elapsed) == 0: every comparable clock had ended by now; this one has outlived
          them all. We answer 1.0 rather than "unknown" on purpose: for an early warning,
          a clock running longer than any comparable one is the case to look at (the
          caller can tell this case apart with ``outlived_all``).
        - ``limit_days`` beyond ``last_observed`` while S is still above 0: None. Nothing
          seen lasted that long, so S(limit) would be an extrapolation (carrying the last
          value on would overstate the risk); the caller treats it as "no evidence".
        - No observations at all: None.
        """
        if limit_days <= elapsed_days:
            return 1.0
        if self.last_observed is None:
            return None
        at_elapsed = self.survival(elapsed_days)
        if at_elapsed == 0.0:
            return 1.0
        if limit_days > self.last_observed and self.survival(self.last_observed) > 0.0:
            return None
        return min(1.0, self.survival(limit_days) / at_elapsed)

    def outlived_all(self, elapsed_days: float) -> bool:
        """True when the curve has reached 0 by ``elapsed_days``: every comparable clock
        had ended, sooner than this one has run."""
        return self.last_observed is not None and self.survival(elapsed_days) == 0.0


def survival_curve(observations: Iterable[Observation]) -> SurvivalCurve:
    """The Kaplan–Meier estimate over ``observations``.

    On each day t where d clocks ended, S is multiplied by (1 - d / n), n being the clocks
    still at risk: those whose duration is at least t. Clocks censored on day t are counted
    at risk on t (the usual convention: a clock seen running on day t could still have
    ended that day, so it belongs to the denominator) and leave afterwards. An empty input
    gives the flat curve S = 1 with no observations; all censored gives S = 1 up to the
    longest duration seen.
    """
    ended: Counter[int] = Counter()
    censored: Counter[int] = Counter()
    for observation in observations:
        (ended if observation.ended else censored)[observation.duration_days] += 1
    total = sum(ended.values()) + sum(censored.values())
    at_risk = total
    value = 1.0
    times: list[int] = []
    values: list[float] = []
    for t in sorted(ended.keys() | censored.keys()):
        if ended[t]:
            # Multiplying conditional survivals day by day is what lets a censored clock
            # count while it was seen and drop out after, without guessing its end.
            value *= 1.0 - ended[t] / at_risk
            times.append(t)
            values.append(value)
        at_risk -= ended[t] + censored[t]
    return SurvivalCurve(
        times=tuple(times),
        values=tuple(values),
        observations=total,
        events=sum(ended.values()),
        last_observed=max(ended.keys() | censored.keys(), default=None),
    )
