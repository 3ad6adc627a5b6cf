"""RestDayCalendar: weekends, declared rest days, worked Saturdays (LEGAL.md §4)."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.clocks import RestDayCalendar
from phoihop.domain.errors import InvalidInput

LABOUR_DAY = date(2026, 5, 1)  # Friday
WORKED_SATURDAY = date(2026, 8, 22)


@pytest.fixture
def calendar() -> RestDayCalendar:
    return RestDayCalendar(
        rest_days={date(2026, 4, 30): "Ngày Chiến thắng", LABOUR_DAY: "Ngày Quốc tế Lao động"},
        working_days={WORKED_SATURDAY: "Làm bù"},
        known_years=frozenset({2026}),
    )


def test_saturday_and_sunday_are_rest_days() -> None:
    # given a calendar with no declared days
    calendar = RestDayCalendar()

    # when
    saturday, sunday, monday = (calendar.is_rest(date(2026, 3, d)) for d in (7, 8, 9))

    # then
    assert (saturday, sunday, monday) == (True, True, False)


def test_a_worked_saturday_is_a_working_day(calendar) -> None:
    # given Saturday 22/08/2026 declared worked

    # when
    rest = calendar.is_rest(WORKED_SATURDAY)

    # then
    assert rest is False
    assert calendar.is_worked_weekend(WORKED_SATURDAY)
    assert calendar.reason(WORKED_SATURDAY) == "Làm bù"


def test_next_work_skips_holidays_and_the_weekend(calendar) -> None:
    # given 30/04 and 01/05 are holidays before a weekend

    # when
    found = calendar.next_work(date(2026, 4, 30))

    # then
    assert found == date(2026, 5, 4)


def test_prev_work_moves_back_over_rest_days(calendar) -> None:
    # given

    # when
    found = calendar.prev_work(date(2026, 5, 3))

    # then
    assert found == date(2026, 4, 29)


def test_working_days_exclude_the_start_day(calendar) -> None:
    # given Wednesday 29/04; 30/04, 01/05 and the weekend are not counted

    # when
    found = calendar.add_working_days(date(2026, 4, 29), 2)

    # then
    assert found == date(2026, 5, 5)


def test_reason_names_the_holiday_or_the_weekday(calendar) -> None:
    # given

    # when
    reasons = [calendar.reason(d) for d in (LABOUR_DAY, date(2026, 5, 2), date(2026, 5, 4))]

    # then
    assert reasons == ["Ngày Quốc tế Lao động", "Thứ Bảy", None]


def test_added_days_win_over_the_calendar(calendar) -> None:
    # given

    # when
    changed = calendar.with_additions(
        rest_days={WORKED_SATURDAY: "Bão"}, working_days=[(LABOUR_DAY, "Trực")]
    )

    # then
    assert changed.is_rest(WORKED_SATURDAY)
    assert not changed.is_rest(LABOUR_DAY)
    assert calendar.is_rest(LABOUR_DAY), "the original calendar is unchanged"
    assert changed.known_years == calendar.known_years


def test_a_day_cannot_be_both_rest_and_working() -> None:
    # given
    day = date(2026, 1, 1)

    # when / then
    with pytest.raises(InvalidInput):
        RestDayCalendar(rest_days={day: "a"}, working_days={day: "b"})


def test_a_calendar_without_working_days_is_reported_not_looped() -> None:
    # given every day of 2026 declared a rest day
    everything = {
        date.fromordinal(n): "x"
        for n in range(date(2026, 1, 1).toordinal(), date(2027, 1, 1).toordinal())
    }
    calendar = RestDayCalendar(rest_days=everything)

    # when / then
    with pytest.raises(InvalidInput):
        calendar.next_work(date(2026, 6, 1))
