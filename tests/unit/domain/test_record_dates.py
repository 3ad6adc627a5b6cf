"""The days a case record can carry: from 1 January 1990 to today, both included."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phoihop.domain.errors import InvalidInput
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import Event, EventType
from phoihop.domain.procedure.timeline import check_next, replay
from phoihop.domain.record_dates import (
    EARLIEST_RECORD_DATE,
    DateProblem,
    check_record_date,
    record_date_problem,
)

TODAY = dt.date(2026, 3, 2)


@given(st.dates(min_value=EARLIEST_RECORD_DATE, max_value=TODAY))
def test_every_day_from_1990_to_today_is_a_record_date(day):
    assert record_date_problem(day, today=TODAY) is None


@given(st.dates(max_value=EARLIEST_RECORD_DATE - dt.timedelta(days=1)))
def test_every_day_before_1990_is_too_early(day):
    assert record_date_problem(day, today=TODAY) is DateProblem.BEFORE_RECORDS


@given(st.dates(min_value=TODAY + dt.timedelta(days=1)))
def test_every_day_after_today_is_refused(day):
    assert record_date_problem(day, today=TODAY) is DateProblem.AFTER_TODAY


def test_the_refusal_names_the_field_the_day_and_the_bound():
    with pytest.raises(InvalidInput) as refused:
        check_record_date(dt.date(1, 1, 1), today=TODAY, field="date", label="Ngày của khoản tiền")

    assert refused.value.code == "input.date_before_records"
    assert refused.value.field == "date"
    assert refused.value.message.startswith(
        "Ngày của khoản tiền (01/01/0001) trước ngày 01/01/1990"
    )


def test_a_first_decision_dated_before_1990_is_refused():
    initiated = Event(EventType.CASE_INITIATED, dt.date(1989, 12, 31))

    with pytest.raises(InvalidInput) as refused:
        check_next(replay([]), initiated, today=TODAY, recorder_kind=AgencyKind.INVESTIGATION)

    assert refused.value.code == "input.date_before_records"
    assert refused.value.field == "date"
