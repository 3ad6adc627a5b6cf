"""The case's crime category follows the clauses charged (BLTTHS 172; TTLT 04/2018 Art. 14)."""

import datetime as dt

import pytest

from phoihop.domain.crimes import Charge, CrimeCategory
from phoihop.domain.errors import InvalidInput
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure import Event, EventType, Timeline, check_next

from .recording import TODAY, case_in_prosecution, record

E = EventType


def initiated(charges: str, **params: str) -> Timeline:
    timeline = record(Timeline(), E.CRIME_REPORT_RECEIVED)
    return record(timeline, E.CASE_INITIATED, params={"charges": charges, **params})


def test_the_initiation_decision_sets_the_category_of_its_heaviest_clause():
    timeline = initiated("356.1, 354.3")

    assert timeline.category is CrimeCategory.DBNT
    assert timeline.charges == (Charge(354, 3), Charge(356, 1))


def test_a_case_without_charges_has_no_category_yet():
    timeline = record(Timeline(), E.CRIME_REPORT_RECEIVED)

    assert timeline.category is None


def test_charging_a_suspect_under_a_heavier_clause_raises_the_category():
    timeline = initiated("353.1")

    timeline = record(timeline, E.SUSPECT_CHARGED, params={"charges": "353.3", "person": "A"})

    assert timeline.category is CrimeCategory.DBNT
    assert timeline.history[-1].category is CrimeCategory.DBNT
    assert timeline.history[-2].category is CrimeCategory.NT


def test_changing_a_suspects_charges_replaces_them():
    timeline = initiated("353.1")
    timeline = record(timeline, E.SUSPECT_CHARGED, params={"charges": "353.3", "person": "A"})

    timeline = record(timeline, E.CHARGES_CHANGED, params={"charges": "353.2", "person": "A"})

    assert timeline.category is CrimeCategory.RNT


def test_a_joined_case_adds_its_charges_and_its_earlier_initiation():
    timeline = initiated("360.1")
    joined_on = timeline.first_initiated_on - dt.timedelta(days=40)

    timeline = record(
        timeline,
        E.CASES_JOINED,
        params={"charges": ("219.3",), "first_initiated_on": joined_on.isoformat()},
    )

    assert timeline.category is CrimeCategory.DBNT
    assert timeline.first_initiated_on == joined_on


def test_the_indictment_states_everything_prosecuted():
    timeline = case_in_prosecution()

    timeline = record(timeline, E.INDICTED, params={"charges": "353.1"})

    assert timeline.charges == (Charge(353, 1),)
    assert timeline.category is CrimeCategory.NT


def test_a_national_security_charge_takes_its_category_from_the_code():
    timeline = initiated("109.3")

    assert timeline.national_security
    assert timeline.category is CrimeCategory.NT


def test_a_national_security_charge_with_its_category_flags_the_case():
    timeline = initiated("109.1", category="DBNT")

    assert timeline.national_security
    assert timeline.category is CrimeCategory.DBNT


def test_an_unknown_clause_is_refused_with_the_charges_field():
    timeline = record(Timeline(), E.CRIME_REPORT_RECEIVED)
    unknown = Event(E.CASE_INITIATED, timeline.last_date, {"charges": "353.9"})

    with pytest.raises(InvalidInput) as refused:
        check_next(timeline, unknown, today=TODAY, recorder_kind=AgencyKind.INVESTIGATION)

    assert refused.value.field == "charges"
    assert "Điều 353 khoản 9" in refused.value.message


def test_an_unknown_stated_category_is_refused():
    timeline = record(Timeline(), E.CRIME_REPORT_RECEIVED)
    wrong = Event(E.CASE_INITIATED, timeline.last_date, {"charges": "223.1", "category": "X"})

    with pytest.raises(InvalidInput) as refused:
        check_next(timeline, wrong, today=TODAY, recorder_kind=AgencyKind.INVESTIGATION)

    assert refused.value.field == "category"


def test_a_joined_case_initiated_after_the_joining_is_refused():
    timeline = initiated("360.1")
    later = (timeline.last_date + dt.timedelta(days=5)).isoformat()
    joining = Event(E.CASES_JOINED, timeline.last_date, {"first_initiated_on": later})

    with pytest.raises(InvalidInput) as refused:
        check_next(timeline, joining, today=TODAY, recorder_kind=AgencyKind.INVESTIGATION)

    assert refused.value.field == "first_initiated_on"


def test_charges_stored_as_rows_are_read_like_typed_ones():
    rows = [{"article": 353, "clause": 1}, {"article": "354", "clause": "3"}]

    timeline = initiated_with(rows)

    assert timeline.charges == (Charge(353, 1), Charge(354, 3))
    assert timeline.category is CrimeCategory.DBNT


def test_a_change_of_charges_naming_no_suspect_restates_all_the_charges():
    timeline = initiated("353.1")
    timeline = record(timeline, E.SUSPECT_CHARGED, params={"charges": "353.3", "person": "A"})

    timeline = record(timeline, E.CHARGES_CHANGED, params={"charges": "353.2"})

    assert timeline.charges == (Charge(353, 2),)
    assert timeline.category is CrimeCategory.RNT


def initiated_with(rows: list[dict[str, object]]) -> Timeline:
    timeline = record(Timeline(), E.CRIME_REPORT_RECEIVED)
    return record(timeline, E.CASE_INITIATED, params={"charges": rows})
