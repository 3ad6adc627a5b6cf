"""The official rest-day calendar: the `holidays` package corrected by the project's
data files (LEGAL.md §4)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import holidays
import pytest

from phoihop.core.calendars import (
    NOT_YET_LAW,
    load_calendar_years,
    official_calendar,
)

DATA = load_calendar_years()


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_every_entry_has_a_reason_and_a_known_source(year) -> None:
    # given
    data = DATA[year]

    # when
    entries = (*data.rest_days, *data.working_days, *data.excluded)

    # then
    assert entries
    assert all(entry.reason and entry.source in data.sources for entry in entries)


def test_only_2027_and_2028_are_provisional() -> None:
    # given the data files

    # when
    provisional = {
        year
        for year, data in DATA.items()
        if data.provisional or any(e.provisional for e in (*data.rest_days, *data.working_days))
    }

    # then
    assert provisional == {2027, 2028}
    assert all(e.provisional for year in (2027, 2028) for e in DATA[year].rest_days)


def test_the_official_calendar_marks_years_without_official_notices_provisional() -> None:
    # given
    calendar = official_calendar()

    # when
    provisional = calendar.provisional_years

    # then
    assert {2025, 2026}.isdisjoint(provisional)
    assert {2027, 2028, 2030}.issubset(provisional)


@pytest.mark.parametrize("year", range(2026, 2031))
def test_vietnam_culture_day_is_not_a_rest_day_until_the_law_says_so(year) -> None:
    # given the holidays package lists 24/11 from 2026
    day = date(year, 11, 24)
    assert day in holidays.country_holidays("VN", years=year)

    # when
    rest = official_calendar().rest_days

    # then
    assert day not in rest


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_the_data_files_agree_with_the_holidays_package(year) -> None:
    # given
    package = holidays.country_holidays("VN", years=year)
    listed = {d for d in package if (d.month, d.day) not in NOT_YET_LAW}
    worked = {d for d in getattr(package, "weekend_workdays", ()) if d.year == year}

    # when
    ours = {e.day for e in DATA[year].rest_days}
    our_worked = {e.day for e in DATA[year].working_days}

    # then every package holiday is in our data (ours adds the weekend days inside
    # a break), and the worked Saturdays are the same
    assert listed <= ours, sorted(listed - ours)
    assert our_worked == worked


KINDS = [
    (date(2026, 2, 17), True, "Tết"),
    (date(2026, 4, 27), True, "bù"),
    (date(2026, 8, 31), True, "hoán đổi"),
    (date(2026, 8, 22), False, "làm việc bù"),
    (date(2025, 4, 26), False, "làm việc bù"),
    (date(2025, 5, 2), True, "hoán đổi"),
]


@pytest.mark.parametrize(("day", "rest", "reason"), KINDS)
def test_each_kind_of_day_has_its_official_status_and_reason(day, rest, reason) -> None:
    # given
    calendar = official_calendar()

    # when
    is_rest, why = calendar.is_rest(day), calendar.reason(day)

    # then
    assert is_rest is rest
    assert why is not None
    assert reason in why


def test_extra_days_from_the_caller_win() -> None:
    # given an admin-declared storm day and a worked holiday
    storm, holiday = date(2026, 10, 30), date(2026, 9, 1)

    # when
    calendar = official_calendar(
        extra_rest_days=[(storm, "Bão số 9")], extra_working_days=[holiday]
    )

    # then
    assert calendar.is_rest(storm)
    assert calendar.reason(storm) == "Bão số 9"
    assert not calendar.is_rest(holiday)
    assert official_calendar().is_rest(holiday), "the cached base is unchanged"


def test_the_base_calendar_is_built_once() -> None:
    # given

    # when
    first, second = official_calendar(), official_calendar()

    # then
    assert first is second


def test_a_data_file_without_a_source_is_refused(tmp_path) -> None:
    # given
    broken = {
        "year": 2030,
        "provisional": True,
        "sources": {},
        "rest_days": [{"date": "2030-01-01", "reason": "Tết Dương lịch", "source": "NOWHERE"}],
    }
    (tmp_path / "2030.json").write_text(json.dumps(broken), encoding="utf-8")

    # when / then
    with pytest.raises(ValueError, match=r"2030\.json"):
        load_calendar_years(tmp_path)


def test_building_the_calendar_does_not_import_django() -> None:
    # given a fresh interpreter
    code = (
        "import sys, phoihop.core.calendars as c; c.official_calendar(); "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )

    # when
    completed = subprocess.run([sys.executable, "-c", code], check=False)

    # then
    assert completed.returncode == 0
