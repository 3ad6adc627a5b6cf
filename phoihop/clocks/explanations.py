"""How each clock of a case was computed, said when a page asks.

The clocks' rows keep what the figures need (dates, status, the rule by its code and
variant); the step-by-step explanation, most of a national record's size when it was
stored, is the engine's to say again from the case's decisions: the same decisions,
calendar and rules give the same deadline, and the explanation says how. A stored
deadline that no longer matches (rules or calendar changed, the clocks not yet
refreshed) is said so, with both days.

Saying it again is the engine's whole walk through the decisions (a millisecond or two
a case), asked by every view of a case page and of its clocks in the API. What it says
depends only on the decisions, the calendar and the day, so each process keeps the
last cases' explanations by exactly those (``_derived``): a decision recorded, corrected
or withdrawn anywhere changes the decisions, so nothing kept is shown after it."""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Hashable, Iterable

from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case
from phoihop.clocks.models import Clock
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.clocks.derive import clocks_for
from phoihop.domain.procedure.events import Event


def explanations(
    case: Case, clocks: Iterable[Clock], *, today: dt.date, calendar: RestDayCalendar
) -> dict[int, list[str]]:
    """Each clock's explanation as of ``today``, by the clock's id: the case derived
    once, with its explanations, whatever the number of clocks. Its decisions are read
    through the case, so a page that has read them already (prefetched) reads them
    once."""
    derived = _derived(domain_events_of(case.events.all()), calendar, today)
    said: dict[int, list[str]] = {}
    for clock in clocks:
        again = derived.get(clock.key)
        if again is None:
            said[clock.pk] = [_STALE_GONE]
            continue
        deadline, steps = again
        said[clock.pk] = (
            [*steps, _stale(clock.deadline, deadline)]
            if deadline != clock.deadline
            else list(steps)
        )
    return said


Derived = dict[str, tuple[dt.date, tuple[str, ...]]]
# Cases whose explanations a process keeps: a few megabytes at most.
KEPT_CASES = 2000
_kept: OrderedDict[tuple[Hashable, ...], tuple[RestDayCalendar, Derived]] = OrderedDict()


def _derived(events: list[Event], calendar: RestDayCalendar, today: dt.date) -> Derived:
    """Each clock's deadline and steps by its key, derived from ``events`` on
    ``calendar`` as of ``today``, or as kept from the same three. The calendar is the
    same object while the admin's days are the same (``current_calendar``); it is
    kept with the entry, so another calendar never meets its entries."""
    key = (_events_key(events), today, id(calendar))
    found = _kept.get(key)
    if found is not None and found[0] is calendar:
        _kept.move_to_end(key)
        return found[1]
    walked = clocks_for(events, calendar, today=today).clocks
    derived: Derived = {c.key: (c.deadline, tuple(c.steps)) for c in walked}
    _kept[key] = (calendar, derived)
    if len(_kept) > KEPT_CASES:
        _kept.popitem(last=False)
    return derived


def _events_key(events: list[Event]) -> tuple[Hashable, ...]:
    return tuple(
        (e.sequence, e.type.value, e.date, json.dumps(e.params, sort_keys=True, default=str))
        for e in events
    )


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
