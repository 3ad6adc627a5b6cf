"""The calendar every computation uses: the official data plus the admin's days."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from phoihop.core.calendars import official_calendar
from phoihop.core.models import CalendarDay
from phoihop.domain.clocks.calendar import RestDayCalendar

Days = tuple[tuple[dt.date, str, str], ...]


def current_calendar() -> RestDayCalendar:
    """As the admin's days stand now: read on every use (one short query), so a day
    added on any server counts at once; the calendar made of them is the same object
    while they are the same, so what is derived from it may be kept
    (``clocks/explanations.py``)."""
    days = tuple(CalendarDay.objects.order_by("date").values_list("date", "kind", "reason"))
    return _calendar_of(days)


@lru_cache(maxsize=8)
def _calendar_of(days: Days) -> RestDayCalendar:
    return official_calendar(
        extra_rest_days=[(d, r) for d, k, r in days if k == CalendarDay.Kind.REST],
        extra_working_days=[(d, r) for d, k, r in days if k == CalendarDay.Kind.WORKING],
    )
