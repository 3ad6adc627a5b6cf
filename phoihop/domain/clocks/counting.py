"""Calendar arithmetic of BLTTHS Art.134, before any rest-day rollover (LEGAL.md §1.12)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from .rules import Duration, Unit

HOURS_PER_DAY = 24
DAYS_PER_DETENTION_MONTH = 30  # Art.134: for custody and detention a month counts as 30 days


def add_months(day: date, count: int) -> tuple[date, bool]:
    """R3: the same day-number ``count`` months later, or that month's last day.

    Returns the date and whether it was clamped to the month end.
    """
    index = day.month - 1 + count
    year, month = day.year + index // 12, index % 12 + 1
    last_day = monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day)), day.day > last_day


def add_procedural(day: date, length: Duration) -> date:
    """R2/R3 nominal end: ``day`` is day 0 (not counted); no rest-day rollover."""
    if length.unit is Unit.MONTHS:
        return add_months(day, length.amount)[0]
    if length.unit is Unit.DAYS:
        return day + timedelta(days=length.amount)
    raise ValueError(f"{length.unit} is not a procedural unit")


def detention_days(length: Duration) -> int:
    """R4: detention lengths in days, a month being 30 days."""
    if length.unit is Unit.MONTHS:
        return DAYS_PER_DETENTION_MONTH * length.amount
    if length.unit is Unit.DAYS:
        return length.amount
    raise ValueError(f"{length.unit} is not a detention unit")


def custody_hours(length: Duration) -> int:
    """R1: custody counts to the hour; a day of custody is 24 hours."""
    if length.unit is Unit.HOURS:
        return length.amount
    if length.unit is Unit.DAYS:
        return HOURS_PER_DAY * length.amount
    raise ValueError(f"{length.unit} is not a custody unit")
