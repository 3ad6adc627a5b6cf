"""How far a clock ran past the most the law allows it.

A clock's deadline may still move with an extension; its maximum (the deadline with every
extension the law permits, or the deadline when none is possible) may not. A clock that
ended after its maximum, or is still open past it, ran past the law itself, not merely
past a date an extension could have moved: that is what a leader must see first.
"""

from __future__ import annotations

import datetime as dt

from phoihop.domain.procedure.stages import Stage


def days_past_maximum(
    *,
    is_open: bool,
    deadline: dt.date | None,
    max_deadline: dt.date | None,
    ended_on: dt.date | None,
    today: dt.date,
) -> int:
    """Days between the clock's maximum and its end (today for an open clock); 0 when it
    ended within it, or has no deadline (a lapsing period, a clock counted in hours)."""
    limit = max_deadline or deadline
    end = today if is_open else ended_on
    if limit is None or end is None:
        return 0
    return max(0, (end - limit).days)


# A custody or detention still open once the case is suspended or closed is read as its
# end (a release, an extension, the order of the next stage) never entered: a detention
# runs only as its order and extensions say, and a closed case holds nobody. After
# judgment only the detentions ordered to secure execution (329(3), 347(3)) run on.
NOBODY_HELD_IN = frozenset(
    {Stage.VERIFICATION_SUSPENDED, Stage.INVESTIGATION_SUSPENDED, Stage.SUSPENDED, Stage.CLOSED}
)
HELD_AFTER_JUDGMENT = frozenset({"AFTER_SENTENCE", "AFTER_APPEAL"})
# An open clock more than a year past its deadline is read as a decision never entered
# (an execution decision years after the judgment), not as a year of delay: a reading of
# ours, not the law's; the record asks for the missing decision instead of urging.
STALE_AFTER_DAYS = 365


def held_after_the_case_moved_on(*, code: str, variant: str, case_stage: Stage) -> bool:
    """A custody or detention clock still open where the case holds nobody: suspended,
    closed, or judged (bar the detention securing execution)."""
    if code not in ("CUSTODY", "DETENTION"):
        return False
    if case_stage in NOBODY_HELD_IN:
        return True
    return case_stage is Stage.ENFORCEMENT and variant not in HELD_AFTER_JUDGMENT


def needs_update(
    *,
    code: str,
    variant: str,
    is_overdue: bool,
    deadline: dt.date | None,
    case_stage: Stage,
    today: dt.date,
) -> bool:
    """Whether an overdue clock is open only because a later decision was never entered
    ("cần cập nhật"): shown apart, and never the subject of a reminder or a follow-up
    letter. The overview's figures, kept in step with each decision rather than each
    day, leave out the first kind only (``held_after_the_case_moved_on``)."""
    if not is_overdue:
        return False
    if held_after_the_case_moved_on(code=code, variant=variant, case_stage=case_stage):
        return True
    return deadline is not None and (today - deadline).days > STALE_AFTER_DAYS
