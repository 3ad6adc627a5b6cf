"""Plan targets (kế hoạch): the dates by which the agencies, or the Steering Committee,
mean a case to reach a stage ("finish the investigation before the Congress").

These are political or working targets typed in by users. They are never statutory
clocks and never mixed with them: no counting rule of BLTTHS Art. 134 applies, no rest
day moves them, and a target never shortens, extends or replaces a statutory deadline
(LEGAL.md §5, engine implication). A case can be ON_TRACK against its plan and OVERDUE
on its statutory clock, or the other way round; both are shown, separately.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from phoihop.domain.errors import InvalidInput
from phoihop.domain.procedure import Stage

from .inputs import day_text


class PlanStatus(StrEnum):
    ON_TRACK = "on_track"  # not reached, target not yet passed
    LATE = "late"  # not reached, target passed
    MET = "met"  # reached on or before the target
    MISSED = "missed"  # reached after the target


def plan_status(target_on: date, reached_on: date | None, today: date) -> PlanStatus:
    if reached_on is not None:
        if reached_on > today:
            raise InvalidInput(
                f"Ngày đạt mục tiêu {day_text(reached_on)} ở sau ngày hôm nay.",
                field="reached_on",
            )
        return PlanStatus.MET if reached_on <= target_on else PlanStatus.MISSED
    return PlanStatus.LATE if today > target_on else PlanStatus.ON_TRACK


@dataclass(frozen=True)
class PlanTarget:
    stage: Stage  # the stage the case should have reached (or finished)
    target_on: date
    reached_on: date | None = None

    def status(self, today: date) -> PlanStatus:
        return plan_status(self.target_on, self.reached_on, today)
