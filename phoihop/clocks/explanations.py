"""How each clock of a case was computed, said when a page asks.

The clocks' rows keep what the figures need (dates, status, the rule by its code and
variant); the step-by-step explanation, most of a national record's size when it was
stored, is the engine's to say again from the case's decisions: the same decisions,
calendar and rules give the same deadline, and the explanation says how. A stored
deadline that no longer matches (rules or calendar changed, the clocks not yet
refreshed) is said so, with both days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case
from phoihop.clocks.models import Clock
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.clocks.derive import clocks_for


def explanations(
    case: Case, clocks: Iterable[Clock], *, today: dt.date, calendar: RestDayCalendar
) -> dict[int, list[str]]:
    """Each clock's explanation as of ``today``, by the clock's id: the case derived
    once, with its explanations, whatever the number of clocks. Its decisions are read
    through the case, so a page that has read them already (prefetched) reads them
    once."""
    events = domain_events_of(case.events.all())
    derived = {c.key: c for c in clocks_for(events, calendar, today=today).clocks}
    said: dict[int, list[str]] = {}
    for clock in clocks:
        again = derived.get(clock.key)
        if again is None:
            said[clock.pk] = [_STALE_GONE]
            continue
        steps = list(again.steps)
        if again.deadline != clock.deadline:
            steps.append(_stale(clock.deadline, again.deadline))
        said[clock.pk] = steps
    return said


_STALE_GONE = (
    "CHƯA CẬP NHẬT: theo các quyết định hiện có, thời hạn này không còn; hệ thống sẽ bỏ "
    "nó trong lần làm mới thời hạn tiếp theo."
)


def _stale(stored: dt.date | None, now: dt.date) -> str:
    shown = f"{stored:%d/%m/%Y}" if stored else "—"
    return (
        f"CHƯA CẬP NHẬT: hạn đang lưu ({shown}) khác hạn tính lại hôm nay ({now:%d/%m/%Y}) do "
        "lịch ngày nghỉ hoặc quy tắc tính đã thay đổi; hệ thống sẽ cập nhật trong lần làm mới "
        "thời hạn tiếp theo."
    )
