"""Cases entered from what is known: a decision learnt without the ones the law puts
before it (those are inferred, marked unrecorded), dates known only to the month or as
"by" a day (clocks counted conservatively and marked approximate), and the acts a real
record reports that move no clock (other_decision)."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.domain.clocks import RestDayCalendar
from phoihop.domain.clocks.derive import ClockStatus, clocks_for
from phoihop.domain.errors import InvalidInput, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind as K
from phoihop.domain.procedure import Event, EventType, Stage, check_insert, replay

E = EventType
d = dt.date
TODAY = d(2026, 12, 1)
RNT = {"charges": "353.2"}  # very serious: investigation 4 months
CALENDAR = RestDayCalendar()


def numbered(*rows: tuple[EventType, dt.date, dict[str, object]]) -> list[Event]:
    events = [Event(t, on, p, sequence=n) for n, (t, on, p) in enumerate(rows, start=1)]
    replay(events)
    return events


def indicted_case() -> list[Event]:
    return numbered(
        (E.CASE_INITIATED, d(2025, 1, 6), RNT),
        (E.SUSPECT_CHARGED, d(2025, 1, 10), RNT),
        (E.INVESTIGATION_CONCLUDED, d(2025, 4, 28), {}),
        (E.INDICTED, d(2025, 5, 20), {}),
    )


def test_a_hearing_learnt_without_the_courts_decisions_brings_them_in_as_unrecorded() -> None:
    hearing = Event(E.HEARING_OPENED, d(2025, 8, 4))

    with pytest.raises(TransitionNotAllowed):
        check_insert(indicted_case(), hearing, today=TODAY, recorder_kind=K.COURT)
    placed = check_insert(
        indicted_case(), hearing, today=TODAY, recorder_kind=K.COURT, infer_unrecorded=True
    )

    assert [e.type for e in placed.unrecorded] == [E.CASE_ACCEPTED_FOR_TRIAL, E.TRIAL_SCHEDULED]
    assert all(e.params["unrecorded"] is True for e in placed.unrecorded)
    assert all(e.date == hearing.date for e in placed.unrecorded)
    assert [e.sequence for e in placed.events] == [1, 2, 3, 4, 5, 6, 7]
    assert placed.sequence == 7
    assert placed.timeline.stage is Stage.FIRST_INSTANCE


def test_the_clocks_started_by_an_unrecorded_decision_are_not_computed_and_say_why() -> None:
    placed = check_insert(
        indicted_case(),
        Event(E.HEARING_OPENED, d(2025, 8, 4)),
        today=TODAY,
        recorder_kind=K.COURT,
        infer_unrecorded=True,
    )
    derived = clocks_for(placed.events, CALENDAR, today=TODAY)

    codes = {clock.code for clock in derived.clocks}
    assert "TRIAL_PREPARATION" not in codes
    assert "HEARING_OPENING" not in codes
    unknown = [p for p in derived.problems if p.code == "clock.start.unknown"]
    assert {p.clock for p in unknown} == {"TRIAL_PREPARATION", "HEARING_OPENING"}
    assert "chưa được ghi nhận" in unknown[0].message
    assert derived.get("INVESTIGATION").status is ClockStatus.MET


def test_an_appellate_hearing_learnt_alone_brings_the_acceptance_and_the_trial_decision() -> None:
    judged = [
        *indicted_case(),
        Event(E.CASE_ACCEPTED_FOR_TRIAL, d(2025, 5, 22), sequence=5),
        Event(E.TRIAL_SCHEDULED, d(2025, 7, 1), sequence=6),
        Event(E.FIRST_INSTANCE_JUDGMENT, d(2025, 7, 10), sequence=7),
        Event(E.APPEALED, d(2025, 7, 20), sequence=8),
    ]
    placed = check_insert(
        judged,
        Event(E.APPELLATE_HEARING_OPENED, d(2025, 10, 6)),
        today=TODAY,
        recorder_kind=K.COURT,
        infer_unrecorded=True,
    )

    assert [e.type for e in placed.unrecorded] == [
        E.APPEAL_ACCEPTED,
        E.APPELLATE_TRIAL_SCHEDULED,
    ]
    assert placed.timeline.stage is Stage.APPEAL


def test_nothing_is_inferred_where_no_ordinary_path_leads() -> None:
    with pytest.raises(TransitionNotAllowed):
        check_insert(
            indicted_case(),
            Event(E.CASE_CLOSED, d(2025, 8, 4)),
            today=TODAY,
            recorder_kind=K.COURT,
            infer_unrecorded=True,
        )


def test_a_clock_started_in_a_known_month_counts_from_its_first_day_and_is_approximate() -> None:
    exact = numbered((E.CASE_INITIATED, d(2025, 3, 31), RNT))
    month = numbered((E.CASE_INITIATED, d(2025, 3, 31), {**RNT, "date_known": "month"}))

    exact_clock = clocks_for(exact, CALENDAR, today=TODAY).get("INVESTIGATION")
    month_clock = clocks_for(month, CALENDAR, today=TODAY).get("INVESTIGATION")

    assert exact_clock is not None
    assert month_clock is not None
    assert month_clock.start_on == d(2025, 3, 1)
    assert month_clock.deadline < exact_clock.deadline
    assert month_clock.approximate
    assert not exact_clock.approximate
    assert any("GẦN ĐÚNG" in step for step in month_clock.steps)


def test_a_clock_started_by_a_decision_known_only_by_a_day_is_not_computed() -> None:
    events = numbered(
        (E.CASE_INITIATED, d(2025, 1, 6), RNT),
        (E.SUSPECT_CHARGED, d(2025, 1, 10), RNT),
        (E.DETENTION_ORDERED, d(2025, 1, 20), {"date_known": "before"}),
    )
    derived = clocks_for(events, CALENDAR, today=TODAY)

    assert [c.code for c in derived.clocks] == ["INVESTIGATION"]
    unknown = [p for p in derived.problems if p.code == "clock.start.unknown"]
    assert [p.clock for p in unknown] == ["DETENTION"]
    assert "không muộn hơn ngày 20/01/2025" in unknown[0].message


def test_a_month_known_start_counts_from_the_months_first_day_whatever_came_before() -> None:
    """A detention known as "03/2025" may have been ordered before a search of the 20th
    recorded before it: only the month's first day keeps the deadline on the safe side."""
    events = numbered(
        (E.CASE_INITIATED, d(2025, 1, 6), RNT),
        (E.SUSPECT_CHARGED, d(2025, 1, 10), RNT),
        (E.OTHER_DECISION, d(2025, 3, 20), {"title": "Khám xét khẩn cấp"}),
        (E.DETENTION_ORDERED, d(2025, 3, 31), {"date_known": "month"}),
    )
    detention = next(
        c for c in clocks_for(events, CALENDAR, today=TODAY).clocks if c.code == "DETENTION"
    )

    assert detention.start_on == d(2025, 3, 1)
    assert detention.approximate


def test_nothing_but_a_supplementary_conclusion_infers_a_return() -> None:
    """A charge, a transfer or a wanted notice proves nothing about the stage: no decision
    is inferred for them, and no return is inferred but for a supplementary conclusion."""
    for kind, recorder in ((E.WANTED_NOTICE, K.INVESTIGATION), (E.CHARGES_CHANGED, K.PROCURACY)):
        with pytest.raises(TransitionNotAllowed):  # the case is before the court
            check_insert(
                indicted_case(),
                Event(kind, d(2025, 6, 2), RNT if kind is E.CHARGES_CHANGED else {}),
                today=TODAY,
                recorder_kind=recorder,
                infer_unrecorded=True,
            )
    concluded = indicted_case()[:3]
    placed = check_insert(
        concluded,
        Event(E.ADDITIONAL_INVESTIGATION_CONCLUDED, d(2025, 6, 30)),
        today=TODAY,
        recorder_kind=K.INVESTIGATION,
        infer_unrecorded=True,
    )
    assert [e.type for e in placed.unrecorded] == [E.RETURNED_FOR_ADDITIONAL_INVESTIGATION]


def test_an_end_known_by_a_day_is_taken_at_that_day_so_met_means_met() -> None:
    late = numbered(
        (E.CASE_INITIATED, d(2025, 1, 6), RNT),
        (E.SUSPECT_CHARGED, d(2025, 1, 10), RNT),
        (E.INVESTIGATION_CONCLUDED, d(2025, 6, 2), {"date_known": "before"}),
    )
    clock = clocks_for(late, CALENDAR, today=TODAY).get("INVESTIGATION")

    assert clock is not None
    assert clock.status is ClockStatus.MISSED
    assert clock.approximate
    assert clock.ended_on == d(2025, 6, 2)


def test_an_other_decision_is_recorded_in_any_live_stage_and_moves_no_clock() -> None:
    before = clocks_for(indicted_case(), CALENDAR, today=TODAY)
    placed = check_insert(
        indicted_case(),
        Event(E.OTHER_DECISION, d(2025, 5, 25), {"title": "Quyết định tạm hoãn xuất cảnh"}),
        today=TODAY,
        recorder_kind=K.PROCURACY,
    )
    after = clocks_for(placed.events, CALENDAR, today=TODAY)

    assert placed.timeline.stage is Stage.FIRST_INSTANCE
    assert [(c.key, c.status, c.deadline) for c in after.clocks] == [
        (c.key, c.status, c.deadline) for c in before.clocks
    ]


@pytest.mark.parametrize("title", ["", "   ", "x" * 301])
def test_an_other_decision_must_say_what_it_was(title: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_insert(
            indicted_case(),
            Event(E.OTHER_DECISION, d(2025, 5, 25), {"title": title}),
            today=TODAY,
            recorder_kind=K.PROCURACY,
        )
    assert refused.value.field == "title"


def test_an_unknown_way_of_knowing_a_date_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_insert(
            indicted_case(),
            Event(E.OTHER_DECISION, d(2025, 5, 25), {"title": "Khám xét", "date_known": "week"}),
            today=TODAY,
            recorder_kind=K.INVESTIGATION,
        )
    assert refused.value.field == "date_known"


def _extended_four_times(by_general: bool) -> list[Event]:
    fourth: dict[str, object] = {"months": 4}
    if by_general:
        fourth["by_procurator_general"] = True
    return numbered(
        (E.CASE_INITIATED, d(2024, 1, 8), {"charges": "353.4"}),  # especially serious
        (E.INVESTIGATION_EXTENDED, d(2024, 4, 22), {"months": 4}),
        (E.INVESTIGATION_EXTENDED, d(2024, 8, 22), {"months": 4}),
        (E.INVESTIGATION_EXTENDED, d(2024, 12, 20), {"months": 4}),
        (E.INVESTIGATION_EXTENDED, d(2025, 4, 21), fourth),
    )


def test_the_fourth_extension_counts_only_from_the_procurator_general() -> None:
    """172(3): the exceptional fourth extension of an especially serious case's
    investigation is the Procurator General's alone."""
    provincial = clocks_for(_extended_four_times(False), CALENDAR, today=TODAY)
    supreme = clocks_for(_extended_four_times(True), CALENDAR, today=TODAY)

    refused = [p for p in provincial.problems if p.code == "clock.extension.authority"]
    assert [p.sequence for p in refused] == [5]
    assert "Viện trưởng Viện kiểm sát nhân dân tối cao" in refused[0].message
    assert provincial.get("INVESTIGATION").extensions_used == 3
    assert supreme.get("INVESTIGATION").extensions_used == 4
    assert not [p for p in supreme.problems if p.code == "clock.extension.authority"]
    assert supreme.get("INVESTIGATION").deadline > provincial.get("INVESTIGATION").deadline


def test_a_detention_follows_the_detained_persons_own_charges_not_the_cases_gravest() -> None:
    """173: the limits of a detention for investigation are set by the crime the detained
    person is charged with; a co-accused's heavier charge does not lengthen them."""
    events = numbered(
        (E.CASE_INITIATED, d(2025, 2, 3), {"charges": "353.4"}),
        (E.SUSPECT_CHARGED, d(2025, 2, 4), {"charges": "353.4", "person": "1"}),
        (E.SUSPECT_CHARGED, d(2025, 2, 4), {"charges": "353.1", "person": "2"}),
        (E.DETENTION_ORDERED, d(2025, 2, 5), {"person": "1"}),
        (E.DETENTION_ORDERED, d(2025, 2, 5), {"person": "2"}),
    )
    derived = clocks_for(events, CALENDAR, today=d(2025, 2, 10))
    by_person = {c.person: c for c in derived.clocks if c.code == "DETENTION"}

    assert by_person["1"].category is not None
    assert by_person["1"].category.value == "DBNT"
    assert by_person["2"].category is not None
    assert by_person["2"].category.value == "NT"
    assert by_person["2"].max_deadline < by_person["1"].max_deadline
    assert by_person["2"].deadline < by_person["1"].deadline
