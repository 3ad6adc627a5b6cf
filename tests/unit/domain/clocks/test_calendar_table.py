"""The calendar's working-day arrays answer as the day-by-day walk does (LEGAL.md §4).

`next_work`, `prev_work` and `add_working_days` look the answer up over the years the
calendar knows; here each answer is checked against the definition (the first day that
is not a rest day, stepping one day at a time) for every day of a span reaching past the
table on both sides.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from phoihop.domain.clocks import RestDayCalendar
from phoihop.domain.errors import InvalidInput

ONE_DAY = timedelta(days=1)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def walked_next(calendar: RestDayCalendar, day: date) -> date:
    while calendar.is_rest(day):
        day += ONE_DAY
    return day


def walked_prev(calendar: RestDayCalendar, day: date) -> date:
    while calendar.is_rest(day):
        day -= ONE_DAY
    return day


def walked_add(calendar: RestDayCalendar, day: date, count: int) -> date:
    for _ in range(count):
        day = walked_next(calendar, day + ONE_DAY)
    return day


def test_the_official_calendar_answers_as_the_walk_on_every_day(official) -> None:
    # given every day from before the calendar's data to after it (its table covers the
    # years it knows and three either side: 2017-2033)
    span = days(date(2014, 1, 1), date(2036, 12, 31))

    # when
    found = [
        (official.next_work(d), official.prev_work(d), official.add_working_days(d, 7))
        for d in span
    ]

    # then
    expected = [
        (walked_next(official, d), walked_prev(official, d), walked_add(official, d, 7))
        for d in span
    ]
    assert found == expected


@pytest.mark.parametrize("count", [0, 1, 2, 5, 15, 30, 90])
def test_working_days_are_counted_as_the_walk_counts_them(official, count) -> None:
    # given the days around Tết 2026, the longest break of the year
    span = days(date(2026, 1, 20), date(2026, 3, 10))

    # when
    found = [official.add_working_days(d, count) for d in span]

    # then
    assert found == [walked_add(official, d, count) for d in span]


def test_a_calendar_with_added_days_answers_with_them() -> None:
    # given a storm closes the offices for a week and a Saturday is worked to make up
    base = RestDayCalendar(
        rest_days={date(2026, 9, 2): "Quốc khánh"}, known_years=frozenset({2026})
    )
    storm = {date(2026, 9, 7) + timedelta(days=n): "Bão" for n in range(5)}
    changed = base.with_additions(rest_days=storm, working_days={date(2026, 9, 12): "Làm bù"})

    # when
    after_the_holiday = changed.next_work(date(2026, 9, 5))
    counted = changed.add_working_days(date(2026, 9, 4), 2)

    # then
    assert after_the_holiday == date(2026, 9, 12)
    assert counted == date(2026, 9, 14)
    assert base.next_work(date(2026, 9, 5)) == date(2026, 9, 7), "the original is unchanged"


def test_a_long_run_of_rest_days_is_still_stepped_over() -> None:
    # given 59 rest days in a row, the longest run the calendar accepts
    first = date(2026, 3, 2)
    run = {first + timedelta(days=n): "Nghỉ" for n in range(59)}
    calendar = RestDayCalendar(rest_days=run, known_years=frozenset({2026}))

    # when
    found = calendar.next_work(first)

    # then
    assert found == walked_next(calendar, first)
    assert (found - first).days >= 59


def test_a_run_too_long_is_refused_inside_the_known_years() -> None:
    # given 60 rest days in a row and a working day after them
    first = date(2026, 3, 2)
    run = {first + timedelta(days=n): "Nghỉ" for n in range(61)}
    calendar = RestDayCalendar(rest_days=run, known_years=frozenset({2026}))

    # when / then
    with pytest.raises(InvalidInput):
        calendar.next_work(first)
    with pytest.raises(InvalidInput):
        calendar.add_working_days(first - ONE_DAY, 1)
