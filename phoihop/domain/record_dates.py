"""The days a case record can carry: a procedural decision's date (and the day its file
was received), the date of an asset action.

One rule for every way in (the API, the forms, the import, the services): nothing in
the record happens after today, and nothing before 1 January 1990. The platform follows
cases opened since then, and the import has always refused earlier dates; an earlier
date is a slip of the keyboard (0026 for 2026, or the year 1 of an empty date picker),
which would otherwise be stored and start clocks that ran out decades ago."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from phoihop.domain.errors import InvalidInput

EARLIEST_RECORD_DATE = dt.date(1990, 1, 1)


class DateProblem(StrEnum):
    """Why a day cannot be in the record; the value is the refusal's error code."""

    BEFORE_RECORDS = "input.date_before_records"
    AFTER_TODAY = "input.date_after_today"


def record_date_problem(day: dt.date, *, today: dt.date) -> DateProblem | None:
    """What is wrong with ``day`` as a date of the record, as of ``today``; None if
    nothing."""
    if day < EARLIEST_RECORD_DATE:
        return DateProblem.BEFORE_RECORDS
    if day > today:
        return DateProblem.AFTER_TODAY
    return None


def day_text(day: dt.date) -> str:
    # The year with four digits even before 1000 (strftime would print "1", not "0001").
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def record_date_message(problem: DateProblem, day: dt.date, *, today: dt.date, label: str) -> str:
    """The refusal in Vietnamese, naming the field by ``label`` (e.g. "Ngày của quyết
    định")."""
    if problem is DateProblem.BEFORE_RECORDS:
        return (
            f"{label} ({day_text(day)}) trước ngày {day_text(EARLIEST_RECORD_DATE)}: quá xa "
            "để là một ngày trong hồ sơ vụ án; hãy kiểm tra lại năm."
        )
    return f"{label} ({day_text(day)}) sau ngày hôm nay ({day_text(today)})."


def check_record_date(day: dt.date, *, today: dt.date, field: str, label: str) -> None:
    """Refuse ``day`` (InvalidInput on ``field``, with the problem's code) unless it is
    between 1 January 1990 and ``today``, both included."""
    problem = record_date_problem(day, today=today)
    if problem is not None:
        raise InvalidInput(
            record_date_message(problem, day, today=today, label=label),
            code=problem.value,
            field=field,
            params={"date": day.isoformat(), "today": today.isoformat()},
        )
