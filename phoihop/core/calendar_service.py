"""The calendar every computation uses: the official data plus the admin's days."""

from __future__ import annotations

from phoihop.core.calendars import official_calendar
from phoihop.core.models import CalendarDay
from phoihop.domain.clocks.calendar import RestDayCalendar


def current_calendar() -> RestDayCalendar:
    days = list(CalendarDay.objects.values_list("date", "kind", "reason"))
    return official_calendar(
        extra_rest_days=[(d, r) for d, k, r in days if k == CalendarDay.Kind.REST],
        extra_working_days=[(d, r) for d, k, r in days if k == CalendarDay.Kind.WORKING],
    )
