"""The clocks of a case derived from its recorded decisions (LEGAL.md §1.11), against
the official calendar (2026 weekdays off: 01/01, 16–20/02, 27/04, 30/04, 01/05, 31/08,
01–02/09). Histories are built as production records them: Event(...) numbered 1..n,
replayed by the stage machine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from phoihop.domain.clocks import CATALOG, RestDayCalendar
from phoihop.domain.clocks.derive import (
    ENDED_BY,
    LAPSING,
    CaseClock,
    ClockStatus,
    DerivedClocks,
    clocks_for,
    nearest_deadline,
)
from phoihop.domain.procedure import Event, EventType, ParamValue, replay

E = EventType
rule = pytest.mark.rule
d = dt.date

Row = tuple[EventType, dt.date] | tuple[EventType, dt.date, Mapping[str, ParamValue]]

RNT = {"charges": "353.2"}  # embezzlement, clause 2: very serious (RNT)
NT = {"charges": "353.1"}  # clause 1: serious (NT)
SUSPECT_A = {"charges": "353.2", "person": "42"}
SUSPECT_B = {"charges": "353.2", "person": "43"}
INITIATED = dt.date(2026, 6, 30)


def decisions(*rows: Row) -> list[Event]:
    events = [
        Event(row[0], row[1], row[2] if len(row) == 3 else {}, sequence=number)
        for number, row in enumerate(rows, start=1)
    ]
    replay(events)  # the history is one the stage machine accepts
    return events


def investigated(initiated: dt.date = INITIATED) -> list[Row]:
    return [
        (E.CRIME_REPORT_RECEIVED, initiated - dt.timedelta(days=20)),
        (E.CASE_INITIATED, initiated, RNT),
        (E.SUSPECT_CHARGED, initiated + dt.timedelta(days=1), SUSPECT_A),
    ]


def prosecuted() -> list[Row]:
    return [*investigated(), (E.INVESTIGATION_CONCLUDED, d(2026, 10, 20))]


def at_trial_preparation() -> list[Row]:
    return [
        *prosecuted(),
        (E.INDICTED, d(2026, 11, 10), RNT),
        (E.CASE_ACCEPTED_FOR_TRIAL, d(2026, 11, 16)),
    ]


def judged() -> list[Row]:
    return [
        *at_trial_preparation(),
        (E.TRIAL_SCHEDULED, d(2026, 12, 15)),
        (E.FIRST_INSTANCE_JUDGMENT, d(2026, 12, 28)),
    ]


def in_force() -> list[Row]:
    """A case judged in summer 2026 whose judgment took effect on 22/09/2026: the
    superior procuracy's 30 days from 20/08 end Saturday 19/09, rolled to 21/09 (R11)."""
    return [
        *investigated(d(2026, 3, 2)),
        (E.INVESTIGATION_CONCLUDED, d(2026, 6, 15)),
        (E.INDICTED, d(2026, 7, 1), RNT),
        (E.CASE_ACCEPTED_FOR_TRIAL, d(2026, 7, 6)),
        (E.TRIAL_SCHEDULED, d(2026, 8, 10)),
        (E.FIRST_INSTANCE_JUDGMENT, d(2026, 8, 20)),
        (E.JUDGMENT_FINAL, d(2026, 9, 22)),
    ]


def derive(calendar: RestDayCalendar, today: dt.date, *rows: Row) -> DerivedClocks:
    return clocks_for(decisions(*rows), calendar, today=today)


def only(result: DerivedClocks, code: str) -> CaseClock:
    found = [clock for clock in result.clocks if clock.code == code]
    assert len(found) == 1, [clock.key for clock in result.clocks]
    return found[0]


def keys(result: DerivedClocks) -> list[str]:
    return [clock.key for clock in result.clocks]


# --- investigation (172) ----------------------------------------------------------------


@rule("INVESTIGATION")
def test_investigation_runs_four_months_from_initiation_for_a_very_serious_crime(
    official: RestDayCalendar,
) -> None:
    # given
    rows = investigated(d(2026, 6, 30))

    # when
    clock = derive(official, d(2026, 10, 1), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.category == "RNT"
    assert clock.start_on == d(2026, 6, 30)
    assert clock.deadline == d(2026, 10, 30)
    assert clock.extension_request_by == d(2026, 10, 20)
    assert clock.status is ClockStatus.RUNNING
    assert clock.basis == "BLTTHS 2015, Điều 172 khoản 1"


@rule("INVESTIGATION")
def test_investigation_is_due_soon_within_ten_days_of_its_deadline(
    official: RestDayCalendar,
) -> None:
    # given
    rows = investigated(d(2026, 6, 30))

    # when
    clock = derive(official, d(2026, 10, 25), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.status is ClockStatus.DUE_SOON
    assert clock.days_left(d(2026, 10, 25)) == 5


@rule("INVESTIGATION")
def test_investigation_is_overdue_the_working_day_after_its_deadline(
    official: RestDayCalendar,
) -> None:
    # given
    rows = investigated(d(2026, 6, 30))

    # when
    clock = derive(official, d(2026, 11, 2), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.status is ClockStatus.OVERDUE
    assert clock.ended_on is None
    assert clock.days_left(d(2026, 11, 2)) == -3
    assert clock.working_days_left(d(2026, 11, 2), official) == -1


@rule("INVESTIGATION")
def test_investigation_is_due_soon_once_the_last_day_to_ask_for_an_extension_comes(
    official: RestDayCalendar,
) -> None:
    # given: 07/07 + 4 months = Saturday 07/11, rolled to Monday 09/11; the request is
    # due 10 days before the nominal end, on 28/10, when 12 days are still left
    rows = investigated(d(2026, 7, 7))

    # when
    day_before = derive(official, d(2026, 10, 27), *rows).get("INVESTIGATION")
    request_day = derive(official, d(2026, 10, 28), *rows).get("INVESTIGATION")

    # then
    assert day_before is not None
    assert request_day is not None
    assert request_day.deadline == d(2026, 11, 9)
    assert request_day.extension_request_by == d(2026, 10, 28)
    assert day_before.status is ClockStatus.RUNNING
    assert request_day.status is ClockStatus.DUE_SOON


@rule("INVESTIGATION")
def test_an_investigation_extension_moves_the_deadline(official: RestDayCalendar) -> None:
    # given: 30/10/2026 + 4 months = Sunday 28/02/2027, rolled to Monday 01/03
    rows: list[Row] = [*investigated(), (E.INVESTIGATION_EXTENDED, d(2026, 10, 15), {"months": 4})]

    # when
    clock = derive(official, d(2026, 11, 2), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.extensions_used == 1
    assert clock.deadline == d(2027, 3, 1)
    assert clock.status is ClockStatus.RUNNING
    assert any("Gia hạn thời hạn điều tra" in step for step in clock.steps)


@rule("INVESTIGATION")
def test_investigation_concluded_before_its_deadline_is_met(official: RestDayCalendar) -> None:
    # given
    rows = prosecuted()  # concluded 20/10, deadline 30/10

    # when
    clock = derive(official, d(2027, 6, 1), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.status is ClockStatus.MET
    assert clock.ended_on == d(2026, 10, 20)
    assert clock.ended_by is E.INVESTIGATION_CONCLUDED


@rule("INVESTIGATION")
def test_investigation_concluded_after_its_deadline_is_missed(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [*investigated(), (E.INVESTIGATION_CONCLUDED, d(2026, 11, 3))]

    # when
    clock = derive(official, d(2026, 12, 1), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.status is ClockStatus.MISSED
    assert clock.ended_on == d(2026, 11, 3)


@rule("INVESTIGATION")
def test_suspension_ends_the_investigation_clock(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [*investigated(), (E.INVESTIGATION_SUSPENDED, d(2026, 10, 30))]

    # when
    result = derive(official, d(2026, 12, 1), *rows)

    # then
    clock = result.get("INVESTIGATION")
    assert clock is not None
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.INVESTIGATION_SUSPENDED
    assert result.open == ()


@rule("INVESTIGATION")
def test_suspension_before_expiry_is_met_but_recalls_the_illness_ground(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [*investigated(), (E.INVESTIGATION_SUSPENDED, d(2026, 9, 1))]

    # when
    clock = derive(official, d(2026, 12, 1), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.status is ClockStatus.MET
    assert "Điều 229 khoản 1 điểm b" in clock.steps[-1]


@rule("R10")
def test_a_heavier_charge_recounts_the_investigation_from_the_original_start(
    official: RestDayCalendar,
) -> None:
    # given: initiated as serious (3 months → 30/09), then charged under clause 2
    rows: list[Row] = [
        (E.CRIME_REPORT_RECEIVED, d(2026, 6, 10)),
        (E.CASE_INITIATED, d(2026, 6, 30), NT),
        (E.SUSPECT_CHARGED, d(2026, 7, 1), {"charges": "353.1", "person": "42"}),
        (E.CHARGES_CHANGED, d(2026, 8, 3), {"charges": "353.2", "person": "42"}),
    ]

    # when
    clock = derive(official, d(2026, 9, 1), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.category == "RNT"
    assert clock.deadline == d(2026, 10, 30)
    assert "RECATEGORISE_FROM_ORIGINAL_START" in clock.conventions


@rule("INVESTIGATION")
def test_investigation_without_any_charge_is_reported_not_computed(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        (E.CRIME_REPORT_RECEIVED, d(2026, 6, 10)),
        (E.CASE_INITIATED, d(2026, 6, 30)),
    ]

    # when
    result = derive(official, d(2026, 7, 1), *rows)

    # then
    assert result.get("INVESTIGATION") is None
    assert [p.code for p in result.problems] == ["clock.category.required"]
    assert result.problems[0].key == "INVESTIGATION"
    assert "Điều 172" in result.problems[0].message


@rule("INVESTIGATION")
def test_an_extension_the_law_refuses_is_reported_and_left_out(
    official: RestDayCalendar,
) -> None:
    # given: a very serious crime allows two extensions (172(2)); a third is recorded
    rows: list[Row] = [
        *investigated(),
        (E.INVESTIGATION_EXTENDED, d(2026, 10, 15), {"months": 4}),
        (E.INVESTIGATION_EXTENDED, d(2027, 2, 15), {"months": 4}),
        (E.INVESTIGATION_EXTENDED, d(2027, 6, 15), {"months": 4}),
    ]

    # when
    result = derive(official, d(2027, 6, 16), *rows)

    # then
    clock = result.get("INVESTIGATION")
    assert clock is not None
    assert clock.extensions_used == 2
    assert clock.deadline == d(2027, 6, 28)
    assert [p.code for p in result.problems] == ["clock.derive.refused"]
    assert result.problems[0].sequence == 6
    assert "trường" not in result.problems[0].message
    assert any(step.startswith("CẢNH BÁO") for step in clock.steps)


@rule("INVESTIGATION")
def test_an_extension_without_a_length_is_reported_and_not_counted(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [*investigated(), (E.INVESTIGATION_EXTENDED, d(2026, 10, 15))]

    # when
    result = derive(official, d(2026, 10, 16), *rows)

    # then
    clock = result.get("INVESTIGATION")
    assert clock is not None
    assert clock.extensions_used == 0
    assert clock.deadline == d(2026, 10, 30)
    assert [p.code for p in result.problems] == ["clock.derive.no_length"]


@rule("INVESTIGATION")
def test_joined_cases_run_the_investigation_from_the_first_initiation(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *investigated(d(2026, 6, 30)),
        (E.CASES_JOINED, d(2026, 7, 15), {"charges": "353.2", "first_initiated_on": "2026-06-15"}),
    ]

    # when
    clock = derive(official, d(2026, 8, 1), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.start_on == d(2026, 6, 15)
    assert clock.deadline == d(2026, 10, 15)


@rule("INVESTIGATION")
def test_decisions_dated_after_today_are_not_yet_known(official: RestDayCalendar) -> None:
    # given
    rows = prosecuted()  # concluded on 20/10

    # when
    clock = derive(official, d(2026, 10, 1), *rows).get("INVESTIGATION")

    # then
    assert clock is not None
    assert clock.status is ClockStatus.RUNNING
    assert clock.ended_on is None


@rule("INVESTIGATION_RESUMED")
def test_resumption_starts_a_fresh_investigation_period(official: RestDayCalendar) -> None:
    # given: suspended at expiry, resumed 16/11: RNT gets a new 3 months (174(1), R12)
    rows: list[Row] = [
        *investigated(),
        (E.INVESTIGATION_SUSPENDED, d(2026, 10, 30)),
        (E.INVESTIGATION_RESUMED, d(2026, 11, 16)),
    ]

    # when
    result = derive(official, d(2026, 12, 1), *rows)

    # then
    resumed = only(result, "INVESTIGATION_RESUMED")
    assert resumed.key == "INVESTIGATION_RESUMED:event=5"
    assert resumed.start_on == d(2026, 11, 16)
    assert resumed.deadline == d(2027, 2, 16)
    assert resumed.status is ClockStatus.RUNNING
    assert result.get("INVESTIGATION") is not None
    assert [c.key for c in result.open] == ["INVESTIGATION_RESUMED:event=5"]


@rule("INVESTIGATION_RESUMED")
def test_an_investigation_extension_after_resumption_extends_the_resumed_clock(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *investigated(),
        (E.INVESTIGATION_SUSPENDED, d(2026, 10, 30)),
        (E.INVESTIGATION_RESUMED, d(2026, 11, 16)),
        (E.INVESTIGATION_EXTENDED, d(2027, 1, 25), {"months": 2}),
    ]

    # when
    result = derive(official, d(2027, 1, 26), *rows)

    # then: 16/02 + 2 months = 16/04/2027, Giỗ Tổ Hùng Vương → Monday 19/04
    resumed = only(result, "INVESTIGATION_RESUMED")
    assert resumed.extensions_used == 1
    assert resumed.deadline == d(2027, 4, 19)
    assert only(result, "INVESTIGATION").extensions_used == 0


# --- sources of crime information (147–149) -------------------------------------------


@rule("DENUNCIATION")
def test_a_crime_report_must_be_settled_within_twenty_days(official: RestDayCalendar) -> None:
    # given: 10/04 + 20 days = 30/04, a holiday; 01/05 too, then the weekend
    rows: list[Row] = [(E.CRIME_REPORT_RECEIVED, d(2026, 4, 10))]

    # when
    clock = derive(official, d(2026, 4, 11), *rows).get("DENUNCIATION")

    # then
    assert clock is not None
    assert clock.code == "DENUNCIATION"
    assert clock.nominal_end == d(2026, 4, 30)
    assert clock.deadline == d(2026, 5, 4)
    assert clock.status is ClockStatus.RUNNING


@rule("DENUNCIATION")
def test_refusing_to_initiate_after_the_deadline_misses_it(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        (E.CRIME_REPORT_RECEIVED, d(2026, 4, 10)),
        (E.CASE_NOT_INITIATED, d(2026, 5, 5)),
    ]

    # when
    clock = derive(official, d(2026, 6, 1), *rows).get("DENUNCIATION")

    # then
    assert clock is not None
    assert clock.status is ClockStatus.MISSED
    assert clock.ended_by is E.CASE_NOT_INITIATED


@rule("DENUNCIATION_PROLONGED")
def test_prolonging_settlement_switches_to_two_months_from_receipt(
    official: RestDayCalendar,
) -> None:
    # given: 10/03 + 2 months = Sunday 10/05 → Monday 11/05
    rows: list[Row] = [
        (E.CRIME_REPORT_RECEIVED, d(2026, 3, 10)),
        (E.REPORT_SETTLEMENT_PROLONGED, d(2026, 3, 25)),
    ]

    # when
    result = derive(official, d(2026, 4, 1), *rows)

    # then
    clock = result.get("DENUNCIATION")
    assert clock is not None
    assert keys(result) == ["DENUNCIATION"]
    assert clock.code == "DENUNCIATION_PROLONGED"
    assert clock.start_on == d(2026, 3, 10)
    assert clock.deadline == d(2026, 5, 11)
    assert clock.extension_request_by == d(2026, 5, 5)


@rule("DENUNCIATION_PROLONGED")
def test_the_procuracy_extension_adds_to_the_prolonged_period(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        (E.CRIME_REPORT_RECEIVED, d(2026, 3, 10)),
        (E.REPORT_SETTLEMENT_PROLONGED, d(2026, 3, 25)),
        (E.REPORT_SETTLEMENT_EXTENDED, d(2026, 5, 4), {"months": 2}),
    ]

    # when
    clock = derive(official, d(2026, 5, 5), *rows).get("DENUNCIATION")

    # then
    assert clock is not None
    assert clock.extensions_used == 1
    assert clock.deadline == d(2026, 7, 10)
    assert clock.status is ClockStatus.RUNNING


@rule("DENUNCIATION_AFTER_ANNULMENT")
def test_annulled_suspension_gives_one_month_from_receipt_of_the_annulment(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        (E.CRIME_REPORT_RECEIVED, d(2026, 5, 4)),
        (E.REPORT_SETTLEMENT_SUSPENDED, d(2026, 5, 25)),
        (E.REPORT_SUSPENSION_ANNULLED, d(2026, 6, 12), {"received_on": "2026-06-15"}),
    ]

    # when
    result = derive(official, d(2026, 6, 20), *rows)

    # then
    denunciation = result.get("DENUNCIATION")
    assert denunciation is not None
    assert denunciation.status is ClockStatus.MET
    assert denunciation.ended_by is E.REPORT_SETTLEMENT_SUSPENDED
    clock = only(result, "DENUNCIATION_AFTER_ANNULMENT")
    assert clock.start_on == d(2026, 6, 15)
    assert clock.deadline == d(2026, 7, 15)
    assert clock.status is ClockStatus.RUNNING


@rule("DENUNCIATION_AFTER_RESUMPTION")
def test_resumed_settlement_gets_a_fresh_month_and_ends_with_initiation(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        (E.CRIME_REPORT_RECEIVED, d(2026, 5, 4)),
        (E.REPORT_SETTLEMENT_SUSPENDED, d(2026, 5, 25)),
        (E.REPORT_SETTLEMENT_RESUMED, d(2026, 6, 15)),
        (E.CASE_INITIATED, d(2026, 7, 1), RNT),
    ]

    # when
    result = derive(official, d(2026, 7, 2), *rows)

    # then
    clock = only(result, "DENUNCIATION_AFTER_RESUMPTION")
    assert clock.deadline == d(2026, 7, 15)
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.CASE_INITIATED
    assert only(result, "INVESTIGATION").start_on == d(2026, 7, 1)


# --- supplementary investigation, re-investigation (174) --------------------------------


@rule("SUPPLEMENTARY_INVESTIGATION")
def test_a_procuracy_return_gives_two_months_then_prosecution_restarts(
    official: RestDayCalendar,
) -> None:
    # given: returned 30/10, received by the investigators 02/11 → 02/01/2027 (Saturday)
    rows: list[Row] = [
        *prosecuted(),
        (E.RETURNED_FOR_ADDITIONAL_INVESTIGATION, d(2026, 10, 30), {"received_on": "2026-11-02"}),
        (E.ADDITIONAL_INVESTIGATION_CONCLUDED, d(2026, 12, 21), {"received_on": "2026-12-22"}),
    ]

    # when
    result = derive(official, d(2026, 12, 23), *rows)

    # then
    supplementary = only(result, "SUPPLEMENTARY_INVESTIGATION")
    assert supplementary.variant == "PROCURACY"
    assert supplementary.deadline == d(2027, 1, 4)
    assert supplementary.status is ClockStatus.MET
    first, second = [c for c in result.clocks if c.code == "PROSECUTION"]
    assert first.ended_by is E.RETURNED_FOR_ADDITIONAL_INVESTIGATION
    assert first.status is ClockStatus.MET
    assert second.start_on == d(2026, 12, 22)
    assert second.deadline == d(2027, 1, 21)
    assert second.status is ClockStatus.RUNNING


@rule("SUPPLEMENTARY_INVESTIGATION")
def test_a_court_return_gives_one_month_for_supplementary_investigation(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.RETURNED_FOR_ADDITIONAL_INVESTIGATION, d(2026, 11, 30)),
    ]

    # when
    result = derive(official, d(2026, 12, 1), *rows)

    # then
    clock = only(result, "SUPPLEMENTARY_INVESTIGATION")
    assert clock.variant == "COURT"
    assert clock.deadline == d(2026, 12, 30)
    assert only(result, "TRIAL_PREPARATION").ended_by is E.RETURNED_FOR_ADDITIONAL_INVESTIGATION


@rule("TRIAL_PREPARATION_AFTER_RETURN")
def test_after_a_court_return_the_court_has_fifteen_days_to_bring_the_case_to_trial(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.RETURNED_FOR_ADDITIONAL_INVESTIGATION, d(2026, 11, 20)),
        (E.ADDITIONAL_INVESTIGATION_CONCLUDED, d(2026, 12, 1)),
    ]

    # when
    result = derive(official, d(2026, 12, 2), *rows)

    # then
    clock = only(result, "TRIAL_PREPARATION_AFTER_RETURN")
    assert clock.deadline == d(2026, 12, 16)
    assert clock.status is ClockStatus.RUNNING
    assert "PROSECUTION" not in [c.code for c in result.open]


@rule("TRIAL_PREPARATION_AFTER_RETURN")
def test_the_fifteen_days_after_a_return_cannot_be_extended(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.RETURNED_FOR_ADDITIONAL_INVESTIGATION, d(2026, 11, 20)),
        (E.ADDITIONAL_INVESTIGATION_CONCLUDED, d(2026, 12, 1)),
        (E.TRIAL_PREPARATION_EXTENDED, d(2026, 12, 10), {"days": 15}),
    ]

    # when
    result = derive(official, d(2026, 12, 11), *rows)

    # then
    clock = only(result, "TRIAL_PREPARATION_AFTER_RETURN")
    assert clock.extensions_used == 0
    assert clock.deadline == d(2026, 12, 16)
    assert [p.code for p in result.problems] == ["clock.derive.refused"]


@rule("REINVESTIGATION")
def test_a_judgment_quashed_for_reinvestigation_opens_a_full_investigation_period(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *judged(),
        (E.APPEALED, d(2027, 1, 5)),
        (E.APPEAL_ACCEPTED, d(2027, 1, 20)),
        (E.APPELLATE_TRIAL_SCHEDULED, d(2027, 2, 22)),
        (E.JUDGMENT_QUASHED_FOR_REINVESTIGATION, d(2027, 3, 4), {"received_on": "2027-03-10"}),
    ]

    # when
    result = derive(official, d(2027, 3, 11), *rows)

    # then
    clock = only(result, "REINVESTIGATION")
    assert clock.category == "RNT"
    assert clock.start_on == d(2027, 3, 10)
    assert clock.deadline == d(2027, 7, 12)  # 10/07/2027 is a Saturday
    assert only(result, "APPELLATE_HEARING").ended_by is E.JUDGMENT_QUASHED_FOR_REINVESTIGATION


# --- custody and detention (118, 173, 241, 278, 329) ------------------------------------


@rule("CUSTODY")
def test_custody_counts_to_the_hour_and_release_in_time_meets_it(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *investigated(),
        (E.CUSTODY_ORDERED, d(2026, 7, 1), {"person": "42", "at": "10:00"}),
        (E.PERSON_RELEASED, d(2026, 7, 3), {"person": "42"}),
    ]

    # when
    result = derive(official, d(2026, 7, 10), *rows)

    # then
    clock = only(result, "CUSTODY")
    assert clock.key == "CUSTODY:person=42:event=4"
    assert clock.person == "42"
    assert clock.deadline_at == dt.datetime(2026, 7, 4, 10, 0)
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.PERSON_RELEASED


@rule("CUSTODY")
def test_a_custody_extension_adds_three_days(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        *investigated(),
        (E.CUSTODY_ORDERED, d(2026, 7, 1), {"person": "42", "at": "10:00"}),
        (E.CUSTODY_EXTENDED, d(2026, 7, 3), {"person": "42", "days": 3}),
    ]

    # when
    clock = only(derive(official, d(2026, 7, 5), *rows), "CUSTODY")

    # then
    assert clock.deadline_at == dt.datetime(2026, 7, 7, 10, 0)
    assert clock.status is ClockStatus.DUE_SOON


@rule("DETENTION")
def test_detention_is_counted_per_person_and_release_ends_only_that_persons_clock(
    official: RestDayCalendar,
) -> None:
    # given: 2 months = 60 days, first day counted: 02/07 + 59 = 30/08 (a Sunday, no roll)
    rows: list[Row] = [
        *investigated(),
        (E.SUSPECT_CHARGED, d(2026, 7, 1), SUSPECT_B),
        (E.DETENTION_ORDERED, d(2026, 7, 2), {"person": "42", "months": 2}),
        (E.DETENTION_ORDERED, d(2026, 7, 2), {"person": "43", "months": 2}),
        (E.PERSON_RELEASED, d(2026, 8, 1), {"person": "43"}),
    ]

    # when
    result = derive(official, d(2026, 8, 3), *rows)

    # then
    kept = result.get("DETENTION:person=42:event=5")
    released = result.get("DETENTION:person=43:event=6")
    assert kept is not None
    assert released is not None
    assert kept.variant == "INVESTIGATION"
    assert kept.deadline == d(2026, 8, 30)
    assert kept.status is ClockStatus.RUNNING
    assert released.status is ClockStatus.MET
    assert released.ended_on == d(2026, 8, 1)


@rule("DETENTION")
def test_a_detention_extension_for_one_person_starts_the_day_after_the_order_ends(
    official: RestDayCalendar,
) -> None:
    # given: RNT allows one extension of up to 3 months (173); 30/08 + 90 days = 28/11
    rows: list[Row] = [
        *investigated(),
        (E.DETENTION_ORDERED, d(2026, 7, 2), {"person": "42", "months": 2}),
        (E.DETENTION_EXTENDED, d(2026, 8, 19), {"person": "42", "months": 3}),
    ]

    # when
    clock = only(derive(official, d(2026, 8, 20), *rows), "DETENTION")

    # then
    assert clock.extensions_used == 1
    assert clock.deadline == d(2026, 11, 28)


@rule("DETENTION")
def test_custody_days_are_deducted_from_the_detention_that_follows(
    official: RestDayCalendar,
) -> None:
    # given: custody from 01/07 10:00, detention from 04/07: 3 days deducted (118(4))
    rows: list[Row] = [
        *investigated(),
        (E.CUSTODY_ORDERED, d(2026, 7, 1), {"person": "42", "at": "10:00"}),
        (E.DETENTION_ORDERED, d(2026, 7, 4), {"person": "42", "months": 2}),
    ]

    # when
    result = derive(official, d(2026, 7, 5), *rows)

    # then
    custody = only(result, "CUSTODY")
    assert custody.status is ClockStatus.MET
    assert custody.ended_by is E.DETENTION_ORDERED
    assert only(result, "DETENTION").deadline == d(2026, 8, 29)


@rule("DETENTION")
def test_a_new_order_supersedes_the_previous_one_and_takes_the_stage_table(
    official: RestDayCalendar,
) -> None:
    # given: a prosecution-stage order for a very serious crime, 30 days (241)
    rows: list[Row] = [
        *investigated(),
        (E.DETENTION_ORDERED, d(2026, 7, 2), {"person": "42", "months": 4}),
        (E.INVESTIGATION_CONCLUDED, d(2026, 10, 20)),
        (E.DETENTION_ORDERED, d(2026, 10, 25), {"person": "42", "days": 30}),
    ]

    # when
    result = derive(official, d(2026, 10, 26), *rows)

    # then
    old, new = [c for c in result.clocks if c.code == "DETENTION"]
    assert old.status is ClockStatus.MET
    assert old.ended_by is E.DETENTION_ORDERED
    assert new.variant == "PROSECUTION"
    assert new.deadline == d(2026, 11, 23)


@rule("DETENTION")
def test_detention_ordered_at_first_instance_follows_the_trial_preparation_table(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.DETENTION_ORDERED, d(2026, 11, 17), {"person": "42"}),
    ]

    # when
    clock = only(derive(official, d(2026, 11, 18), *rows), "DETENTION")

    # then: no length stated → the statutory 2 months (60 days) for RNT
    assert clock.variant == "TRIAL_PREPARATION"
    assert clock.deadline == d(2027, 1, 15)


@rule("DETENTION")
def test_detention_ordered_after_the_judgment_runs_45_days_until_execution(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *judged(),
        (E.DETENTION_ORDERED, d(2026, 12, 28), {"person": "42"}),
        (E.JUDGMENT_FINAL, d(2027, 1, 28)),
        (E.EXECUTION_DECIDED, d(2027, 2, 3)),
    ]

    # when
    clock = only(derive(official, d(2027, 2, 4), *rows), "DETENTION")

    # then
    assert clock.variant == "AFTER_SENTENCE"
    assert clock.deadline == d(2027, 2, 10)
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.EXECUTION_DECIDED


@rule("DETENTION")
def test_an_order_longer_than_the_law_allows_is_counted_at_the_maximum(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *investigated(),
        (E.DETENTION_ORDERED, d(2026, 7, 2), {"person": "42", "months": 6}),
    ]

    # when
    result = derive(official, d(2026, 7, 3), *rows)

    # then
    assert only(result, "DETENTION").deadline == d(2026, 10, 29)  # 4 months = 120 days
    assert [p.code for p in result.problems] == ["clock.derive.refused"]


# --- prosecution (240, 247–249) ----------------------------------------------------------


@rule("PROSECUTION")
def test_prosecution_runs_thirty_days_from_the_conclusion_for_a_very_serious_crime(
    official: RestDayCalendar,
) -> None:
    # given
    rows = prosecuted()

    # when
    clock = only(derive(official, d(2026, 10, 21), *rows), "PROSECUTION")

    # then
    assert clock.key == "PROSECUTION:event=4"
    assert clock.deadline == d(2026, 11, 19)
    assert clock.status is ClockStatus.RUNNING


@rule("PROSECUTION")
def test_a_prosecution_extension_and_an_indictment_in_time_meet_the_clock(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *prosecuted(),
        (E.PROSECUTION_EXTENDED, d(2026, 11, 16), {"days": 15}),
        (E.INDICTED, d(2026, 12, 1), RNT),
    ]

    # when
    clock = only(derive(official, d(2026, 12, 2), *rows), "PROSECUTION")

    # then
    assert clock.deadline == d(2026, 12, 4)
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.INDICTED


@rule("PROSECUTION")
def test_resuming_a_suspended_case_restarts_the_full_prosecution_period(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *prosecuted(),
        (E.CASE_SUSPENDED, d(2026, 11, 19)),
        (E.CASE_RESUMED, d(2027, 3, 1)),
    ]

    # when
    result = derive(official, d(2027, 3, 2), *rows)

    # then
    suspended, resumed = [c for c in result.clocks if c.code == "PROSECUTION"]
    assert suspended.status is ClockStatus.MET
    assert suspended.ended_by is E.CASE_SUSPENDED
    assert resumed.start_on == d(2027, 3, 1)
    assert resumed.deadline == d(2027, 3, 31)
    assert any("RESUMPTION_STARTS_FRESH_PERIOD" in step for step in resumed.steps)


# --- first instance (277, 262) -----------------------------------------------------------


@rule("TRIAL_PREPARATION")
def test_trial_preparation_runs_two_months_from_acceptance_and_ends_with_the_trial_decision(
    official: RestDayCalendar,
) -> None:
    # given: 16/11 + 2 months = Saturday 16/01/2027 → Monday 18/01
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.TRIAL_PREPARATION_EXTENDED, d(2027, 1, 10), {"days": 30}),
        (E.TRIAL_SCHEDULED, d(2027, 1, 25)),
    ]

    # when
    clock = only(derive(official, d(2027, 1, 26), *rows), "TRIAL_PREPARATION")

    # then
    assert clock.extensions_used == 1
    assert clock.deadline == d(2027, 2, 15)
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.TRIAL_SCHEDULED


@rule("TRIAL_PREPARATION")
def test_resumption_at_first_instance_restarts_trial_preparation(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.CASE_SUSPENDED, d(2026, 12, 1)),
        (E.CASE_RESUMED, d(2026, 12, 14)),
    ]

    # when
    result = derive(official, d(2026, 12, 15), *rows)

    # then
    first, again = [c for c in result.clocks if c.code == "TRIAL_PREPARATION"]
    assert first.ended_by is E.CASE_SUSPENDED
    assert again.start_on == d(2026, 12, 14)
    assert again.deadline == d(2027, 2, 15)  # 14/02/2027 is a Sunday
    assert again.status is ClockStatus.RUNNING


@rule("HEARING_OPENING")
def test_the_hearing_must_open_within_fifteen_days_of_the_trial_decision(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [*at_trial_preparation(), (E.TRIAL_SCHEDULED, d(2026, 12, 15))]

    # when
    early = only(derive(official, d(2026, 12, 16), *rows), "HEARING_OPENING")
    late = only(derive(official, d(2026, 12, 20), *rows), "HEARING_OPENING")

    # then
    assert early.variant == "NORMAL"
    assert early.deadline == d(2026, 12, 30)
    assert early.status is ClockStatus.RUNNING
    assert late.status is ClockStatus.DUE_SOON


@rule("HEARING_OPENING")
def test_a_judgment_after_the_hearing_deadline_misses_it(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.TRIAL_SCHEDULED, d(2026, 12, 10)),
        (E.FIRST_INSTANCE_JUDGMENT, d(2026, 12, 28)),
    ]

    # when
    clock = only(derive(official, d(2026, 12, 29), *rows), "HEARING_OPENING")

    # then
    assert clock.deadline == d(2026, 12, 25)
    assert clock.status is ClockStatus.MISSED


@rule("HEARING_OPENING")
def test_a_hearing_opened_in_time_meets_the_clock_though_the_judgment_comes_later(
    official: RestDayCalendar,
) -> None:
    # given: a long trial opened on day 11 and pronounced three weeks later
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.TRIAL_SCHEDULED, d(2026, 12, 10)),
        (E.HEARING_OPENED, d(2026, 12, 21)),
        (E.FIRST_INSTANCE_JUDGMENT, d(2027, 1, 11)),
    ]

    # when
    clock = only(derive(official, d(2027, 1, 12), *rows), "HEARING_OPENING")

    # then
    assert clock.deadline == d(2026, 12, 25)
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.HEARING_OPENED
    assert clock.ended_on == d(2026, 12, 21)


@rule("HEARING_REOPENING")
def test_a_postponed_hearing_must_reopen_within_thirty_days(official: RestDayCalendar) -> None:
    # given: opened on time, postponed for a new expertise (297(1)(c)), reopened late
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.TRIAL_SCHEDULED, d(2026, 12, 10)),
        (E.HEARING_OPENED, d(2026, 12, 21)),
        (E.HEARING_POSTPONED, d(2026, 12, 22)),
        (E.HEARING_OPENED, d(2027, 2, 1)),
    ]

    # when
    result = derive(official, d(2027, 2, 2), *rows)

    # then
    reopening = only(result, "HEARING_REOPENING")
    assert reopening.deadline == d(2027, 1, 21)  # 22/12 + 30 days
    assert reopening.status is ClockStatus.MISSED
    assert reopening.ended_by is E.HEARING_OPENED
    assert only(result, "HEARING_OPENING").status is ClockStatus.MET


@rule("APPELLATE_HEARING_REOPENING")
def test_a_postponed_appellate_hearing_runs_thirty_days_and_a_new_postponement_restarts_it(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *judged(),
        (E.APPEALED, d(2027, 1, 5)),
        (E.APPEAL_ACCEPTED, d(2027, 1, 20)),
        (E.APPELLATE_TRIAL_SCHEDULED, d(2027, 2, 22)),
        (E.APPELLATE_HEARING_POSTPONED, d(2027, 3, 1)),
        (E.APPELLATE_HEARING_POSTPONED, d(2027, 3, 20)),
    ]

    # when
    result = derive(official, d(2027, 3, 22), *rows)

    # then
    clocks = sorted(
        (c for c in result.clocks if c.code == "APPELLATE_HEARING_REOPENING"),
        key=lambda c: c.start_on,
    )
    assert [c.status for c in clocks] == [ClockStatus.MET, ClockStatus.RUNNING]
    assert clocks[1].deadline == d(2027, 4, 19)  # 20/03 + 30 days


@rule("HEARING_OPENING")
def test_force_majeure_gives_the_hearing_thirty_days(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        *at_trial_preparation(),
        (E.TRIAL_SCHEDULED, d(2026, 12, 15), {"variant": "FORCE_MAJEURE"}),
    ]

    # when
    clock = only(derive(official, d(2026, 12, 16), *rows), "HEARING_OPENING")

    # then
    assert clock.variant == "FORCE_MAJEURE"
    assert clock.deadline == d(2027, 1, 14)


@rule("JUDGMENT_DELIVERY")
def test_judgment_delivery_warns_while_it_runs_and_lapses_after_ten_days(
    official: RestDayCalendar,
) -> None:
    # given
    rows = judged()  # pronounced 28/12/2026

    # when
    running = only(derive(official, d(2026, 12, 29), *rows), "JUDGMENT_DELIVERY")
    lapsed = only(derive(official, d(2027, 1, 8), *rows), "JUDGMENT_DELIVERY")

    # then
    assert running.deadline == d(2027, 1, 7)
    assert running.status is ClockStatus.DUE_SOON
    assert lapsed.status is ClockStatus.MET
    assert lapsed.ended_on == d(2027, 1, 7)
    assert lapsed.ended_by is None


@rule("APPEAL")
def test_the_appeal_period_runs_out_without_being_missed(official: RestDayCalendar) -> None:
    # given
    rows = judged()

    # when
    running = only(derive(official, d(2026, 12, 29), *rows), "APPEAL")
    over = only(derive(official, d(2027, 1, 13), *rows), "APPEAL")

    # then
    assert running.variant == "JUDGMENT"
    assert running.deadline == d(2027, 1, 12)
    assert running.status is ClockStatus.RUNNING
    assert over.status is ClockStatus.MET
    assert over.ended_on == d(2027, 1, 12)


@rule("PROTEST")
def test_the_same_level_and_the_superior_procuracy_each_get_a_protest_clock(
    official: RestDayCalendar,
) -> None:
    # given
    rows = judged()

    # when
    result = derive(official, d(2027, 1, 13), *rows)

    # then
    same = result.get("PROTEST:variant=SAME_LEVEL_JUDGMENT:event=8")
    superior = result.get("PROTEST:variant=SUPERIOR_JUDGMENT:event=8")
    assert same is not None
    assert superior is not None
    assert same.deadline == d(2027, 1, 12)
    assert same.status is ClockStatus.MET
    assert superior.deadline == d(2027, 1, 27)
    assert superior.status is ClockStatus.RUNNING


# --- appeal and enforcement (346, 364; THADS 36) ---------------------------------------


def appealed() -> list[Row]:
    return [*judged(), (E.APPEALED, d(2027, 1, 5)), (E.APPEAL_ACCEPTED, d(2027, 1, 20))]


@rule("APPELLATE_DECISION")
def test_the_appellate_court_decides_within_45_days_of_acceptance(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [*appealed(), (E.APPELLATE_TRIAL_SCHEDULED, d(2027, 2, 22))]

    # when
    clock = only(derive(official, d(2027, 2, 23), *rows), "APPELLATE_DECISION")

    # then
    assert clock.variant == "PROVINCIAL"
    assert clock.deadline == d(2027, 3, 8)  # 06/03/2027 is a Saturday
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.APPELLATE_TRIAL_SCHEDULED


@rule("APPELLATE_HEARING")
def test_the_appellate_hearing_counts_from_the_receipt_of_the_file(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *judged(),
        (E.APPEALED, d(2027, 1, 5)),
        (E.APPEAL_ACCEPTED, d(2027, 1, 20), {"received_on": "2027-01-18"}),
    ]

    # when
    result = derive(official, d(2027, 1, 21), *rows)

    # then
    hearing = only(result, "APPELLATE_HEARING")
    assert hearing.start_on == d(2027, 1, 18)
    assert hearing.deadline == d(2027, 3, 19)
    assert only(result, "APPELLATE_DECISION").start_on == d(2027, 1, 20)


@rule("APPELLATE_HEARING")
def test_an_appellate_hearing_opened_in_time_meets_the_clock_before_a_late_judgment(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *judged(),
        (E.APPEALED, d(2027, 1, 5)),
        (E.APPEAL_ACCEPTED, d(2027, 1, 20), {"received_on": "2027-01-18"}),
        (E.APPELLATE_TRIAL_SCHEDULED, d(2027, 2, 22)),
        (E.APPELLATE_HEARING_OPENED, d(2027, 3, 10)),
        (E.APPELLATE_JUDGMENT, d(2027, 3, 25)),
    ]

    # when
    clock = only(derive(official, d(2027, 3, 26), *rows), "APPELLATE_HEARING")

    # then
    assert clock.deadline == d(2027, 3, 19)
    assert clock.status is ClockStatus.MET
    assert clock.ended_by is E.APPELLATE_HEARING_OPENED


@rule("APPELLATE_HEARING")
def test_the_supreme_court_variant_is_taken_from_the_acceptance(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *judged(),
        (E.APPEALED, d(2027, 1, 5)),
        (E.APPEAL_ACCEPTED, d(2027, 1, 20), {"variant": "SUPREME"}),
    ]

    # when
    clock = only(derive(official, d(2027, 1, 21), *rows), "APPELLATE_HEARING")

    # then
    assert clock.variant == "SUPREME"
    assert clock.deadline == d(2027, 4, 20)
    assert any(step.startswith("CHƯA XÁC NHẬN") for step in clock.steps)


@rule("EXECUTION_DECISION")
def test_the_execution_decision_is_due_seven_days_after_the_judgment_takes_effect(
    official: RestDayCalendar,
) -> None:
    # given
    rows = in_force()

    # when
    clock = only(derive(official, d(2026, 9, 23), *rows), "EXECUTION_DECISION")

    # then
    assert clock.variant == "FROM_EFFECTIVE_DATE"
    assert clock.start_on == d(2026, 9, 22)
    assert clock.deadline == d(2026, 9, 29)
    assert clock.status is ClockStatus.DUE_SOON


@rule("EXECUTION_DECISION")
def test_an_appellate_judgment_starts_the_execution_clock(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        *appealed(),
        (E.APPELLATE_TRIAL_SCHEDULED, d(2027, 2, 22)),
        (E.APPELLATE_JUDGMENT, d(2027, 3, 2)),
        (E.EXECUTION_DECIDED, d(2027, 3, 12)),
    ]

    # when
    result = derive(official, d(2027, 3, 15), *rows)

    # then
    clock = only(result, "EXECUTION_DECISION")
    assert clock.deadline == d(2027, 3, 9)
    assert clock.status is ClockStatus.MISSED
    assert only(result, "APPELLATE_HEARING").ended_by is E.APPELLATE_JUDGMENT


@rule("CIVIL_ENFORCEMENT")
def test_civil_enforcement_counts_five_working_days_until_it_starts(
    official: RestDayCalendar,
) -> None:
    # given: execution decided Friday 25/09: 28/09–02/10 are five working days
    rows: list[Row] = [
        *in_force(),
        (E.EXECUTION_DECIDED, d(2026, 9, 25)),
        (E.ENFORCEMENT_STARTED, d(2026, 10, 1)),
    ]

    # when
    result = derive(official, d(2026, 10, 5), *rows)

    # then
    clock = only(result, "CIVIL_ENFORCEMENT")
    assert clock.deadline == d(2026, 10, 2)
    assert clock.status is ClockStatus.MET
    assert only(result, "EXECUTION_DECISION").status is ClockStatus.MET


# --- expertise and valuation (208, 216) --------------------------------------------------


@rule("EXPERTISE")
def test_expertise_conclusions_answer_requests_first_in_first_out(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *investigated(),
        (E.EXPERTISE_REQUESTED, d(2026, 7, 6), {"variant": "NINE_DAYS"}),
        (E.EXPERTISE_REQUESTED, d(2026, 7, 7)),
        (E.EXPERTISE_CONCLUDED, d(2026, 7, 20)),
    ]

    # when
    result = derive(official, d(2026, 7, 21), *rows)

    # then
    first = result.get("EXPERTISE:event=4")
    second = result.get("EXPERTISE:event=5")
    assert first is not None
    assert second is not None
    assert first.deadline == d(2026, 7, 15)
    assert first.status is ClockStatus.MISSED
    assert second.variant == "OTHER"
    assert second.deadline == d(2026, 10, 7)
    assert second.status is ClockStatus.RUNNING


@rule("EXPERTISE")
def test_an_expertise_conclusion_naming_its_request_ends_that_one(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *investigated(),
        (E.EXPERTISE_REQUESTED, d(2026, 7, 6)),
        (E.EXPERTISE_REQUESTED, d(2026, 7, 7), {"variant": "NINE_DAYS"}),
        (E.EXPERTISE_CONCLUDED, d(2026, 7, 10), {"request": 5}),
    ]

    # when
    result = derive(official, d(2026, 7, 11), *rows)

    # then
    assert [c.key for c in result.open] == ["INVESTIGATION", "EXPERTISE:event=4"]
    named = result.get("EXPERTISE:event=5")
    assert named is not None
    assert named.status is ClockStatus.MET


@rule("R2")
def test_valuation_runs_for_the_period_stated_in_the_request(official: RestDayCalendar) -> None:
    # given: no statutory period (216); the request gives 30 days: 06/07 + 30 = 05/08
    rows: list[Row] = [
        *investigated(),
        (E.VALUATION_REQUESTED, d(2026, 7, 6), {"days": 30}),
        (E.VALUATION_REQUESTED, d(2026, 7, 7)),
        (E.VALUATION_CONCLUDED, d(2026, 8, 4)),
    ]

    # when
    result = derive(official, d(2026, 8, 5), *rows)

    # then
    clock = only(result, "VALUATION")
    assert clock.basis == "BLTTHS 2015, Điều 216"
    assert clock.deadline == d(2026, 8, 5)
    assert clock.status is ClockStatus.MET
    assert [p.code for p in result.problems] == ["clock.valuation.no_period"]
    assert result.problems[0].sequence == 5


# --- the whole case ---------------------------------------------------------------------


def test_every_catalogue_clock_is_ended_by_a_decision_or_lapses() -> None:
    # given
    codes = set(CATALOG)

    # when
    covered = set(ENDED_BY) | LAPSING

    # then
    assert codes <= covered


def test_nearest_deadline_is_the_earliest_among_running_clocks(
    official: RestDayCalendar,
) -> None:
    # given
    rows: list[Row] = [
        *investigated(),
        (E.DETENTION_ORDERED, d(2026, 7, 2), {"person": "42", "months": 2}),
        (E.EXPERTISE_REQUESTED, d(2026, 7, 6), {"variant": "NINE_DAYS"}),
        (E.EXPERTISE_CONCLUDED, d(2026, 7, 10)),
    ]
    result = derive(official, d(2026, 7, 20), *rows)

    # when
    nearest = nearest_deadline(result.clocks)

    # then
    assert nearest == d(2026, 8, 30)
    assert result.nearest_deadline == nearest
    assert nearest_deadline([]) is None


def test_working_days_left_skip_rest_days(official: RestDayCalendar) -> None:
    # given: deadline Friday 30/10/2026
    clock = derive(official, d(2026, 10, 23), *investigated()).get("INVESTIGATION")
    assert clock is not None

    # when
    left = clock.working_days_left(d(2026, 10, 23), official)

    # then
    assert left == 5
    assert clock.days_left(d(2026, 10, 23)) == 7


def test_keys_are_unique_along_a_whole_case(official: RestDayCalendar) -> None:
    # given
    rows: list[Row] = [
        *in_force(),
        (E.EXECUTION_DECIDED, d(2026, 9, 25)),
        (E.ENFORCEMENT_STARTED, d(2026, 10, 1)),
        (E.CASE_CLOSED, d(2026, 12, 1)),
    ]

    # when
    result = derive(official, d(2026, 12, 2), *rows)

    # then: denunciation, investigation, prosecution, trial preparation, hearing,
    # delivery, appeal, two protests, execution, civil enforcement
    assert len(set(keys(result))) == len(result.clocks) == 11
    assert result.open == ()
    assert result.problems == ()


def test_a_history_the_stage_machine_refuses_gives_a_problem_not_an_error(
    official: RestDayCalendar,
) -> None:
    # given: an indictment with no investigation
    events = [Event(E.CRIME_REPORT_RECEIVED, d(2026, 6, 10), sequence=1)]
    events.append(Event(E.INDICTED, d(2026, 6, 11), sequence=2))

    # when
    result = clocks_for(events, official, today=d(2026, 6, 12))

    # then
    assert result.clocks == ()
    assert [p.code for p in result.problems] == ["clock.derive.history"]
