"""How far a clock ran past the most the law allows it.

A clock's deadline may still move with an extension; its maximum (the deadline with every
extension the law permits, or the deadline when none is possible) may not. A clock that
ended after its maximum, or is still open past it, ran past the law itself, not merely
past a date an extension could have moved: that is what a leader must see first.
"""

from __future__ import annotations

import datetime as dt


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
