"""Calendars for the clock tests: the real official one and a bare weekends-only one."""

from __future__ import annotations

import pytest

from phoihop.core.calendars import official_calendar
from phoihop.domain.clocks import RestDayCalendar


@pytest.fixture(scope="session")
def official() -> RestDayCalendar:
    return official_calendar()


@pytest.fixture(scope="session")
def weekends() -> RestDayCalendar:
    return RestDayCalendar()
