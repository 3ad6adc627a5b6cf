import datetime as dt
from typing import NamedTuple

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure import (
    PROGRESS,
    Event,
    EventType,
    Stage,
    Timeline,
    allowed_events,
    check_next,
    replay,
)

E = EventType
K = AgencyKind
TODAY = dt.date(2027, 12, 31)

# A corruption case from the crime report to the closing of enforcement: who records each
# decision, on which day, and the stage it leaves the case in.


class Row(NamedTuple):
    event_type: EventType
    kind: AgencyKind
    date: dt.date
    stage: Stage
    params: dict[str, str]


def row(event_type: EventType, kind: AgencyKind, day: str, stage: Stage, **params: str) -> Row:
    return Row(event_type, kind, dt.date.fromisoformat(day), stage, params)


JOURNEY = (
    row(E.CRIME_REPORT_RECEIVED, K.INVESTIGATION, "2026-01-05", Stage.VERIFICATION),
    row(E.REPORT_SETTLEMENT_PROLONGED, K.INVESTIGATION, "2026-01-20", Stage.VERIFICATION),
    row(E.REPORT_SETTLEMENT_EXTENDED, K.PROCURACY, "2026-02-28", Stage.VERIFICATION),
    row(E.CASE_INITIATED, K.INVESTIGATION, "2026-03-10", Stage.INVESTIGATION, charges="353.2"),
    row(
        E.SUSPECT_CHARGED,
        K.INVESTIGATION,
        "2026-03-12",
        Stage.INVESTIGATION,
        charges="353.2",
        person="A",
    ),
    row(E.CUSTODY_ORDERED, K.INVESTIGATION, "2026-03-12", Stage.INVESTIGATION, person="A"),
    row(E.DETENTION_ORDERED, K.INVESTIGATION, "2026-03-15", Stage.INVESTIGATION, person="A"),
    row(E.EXPERTISE_REQUESTED, K.INVESTIGATION, "2026-03-20", Stage.INVESTIGATION),
    row(E.VALUATION_REQUESTED, K.INVESTIGATION, "2026-03-20", Stage.INVESTIGATION),
    row(E.EXPERTISE_CONCLUDED, K.EXPERTISE, "2026-05-02", Stage.INVESTIGATION),
    row(E.VALUATION_CONCLUDED, K.VALUATION, "2026-05-20", Stage.INVESTIGATION),
    row(E.INVESTIGATION_EXTENDED, K.PROCURACY, "2026-06-25", Stage.INVESTIGATION),
    row(E.DETENTION_EXTENDED, K.PROCURACY, "2026-07-01", Stage.INVESTIGATION, person="A"),
    row(E.ASSET_MEASURE_RECORDED, K.INVESTIGATION, "2026-07-02", Stage.INVESTIGATION),
    row(E.INVESTIGATION_CONCLUDED, K.INVESTIGATION, "2026-09-01", Stage.PROSECUTION),
    row(E.PROSECUTION_EXTENDED, K.PROCURACY, "2026-09-25", Stage.PROSECUTION),
    row(E.INDICTED, K.PROCURACY, "2026-10-05", Stage.FIRST_INSTANCE, charges="353.2"),
    row(E.CASE_ACCEPTED_FOR_TRIAL, K.COURT, "2026-10-08", Stage.FIRST_INSTANCE),
    row(E.TRIAL_PREPARATION_EXTENDED, K.COURT, "2026-12-01", Stage.FIRST_INSTANCE),
    row(E.TRIAL_SCHEDULED, K.COURT, "2026-12-20", Stage.FIRST_INSTANCE),
    row(E.FIRST_INSTANCE_JUDGMENT, K.COURT, "2027-01-04", Stage.FIRST_INSTANCE),
    row(E.APPEALED, K.COURT, "2027-01-12", Stage.APPEAL),
    row(E.PROTESTED, K.PROCURACY, "2027-01-19", Stage.APPEAL),
    row(E.APPEAL_ACCEPTED, K.COURT, "2027-02-10", Stage.APPEAL),
    row(E.APPELLATE_TRIAL_SCHEDULED, K.COURT, "2027-03-15", Stage.APPEAL),
    row(E.APPELLATE_JUDGMENT, K.COURT, "2027-04-01", Stage.ENFORCEMENT),
    row(E.EXECUTION_DECIDED, K.COURT, "2027-04-06", Stage.ENFORCEMENT),
    row(E.ENFORCEMENT_STARTED, K.ENFORCEMENT, "2027-04-12", Stage.ENFORCEMENT),
    row(E.ASSET_MEASURE_RECORDED, K.ENFORCEMENT, "2027-09-01", Stage.ENFORCEMENT),
    row(E.CASE_CLOSED, K.ENFORCEMENT, "2027-12-01", Stage.CLOSED),
)


def test_a_case_travels_from_the_crime_report_to_closure():
    timeline = Timeline()

    for event_type, kind, date, stage, params in JOURNEY:
        assert event_type in allowed_events(timeline, recorder_kind=kind)
        timeline = check_next(
            timeline, Event(event_type, date, params), today=TODAY, recorder_kind=kind
        )
        assert timeline.stage is stage, event_type

    assert timeline.stage is Stage.CLOSED
    assert timeline.closed_by is EventType.CASE_CLOSED
    assert [step.event.sequence for step in timeline.history] == list(range(1, len(JOURNEY) + 1))
    assert allowed_events(timeline) == []


def test_replaying_the_recorded_events_gives_the_same_timeline():
    recorded = Timeline()
    for event_type, kind, date, _, params in JOURNEY:
        recorded = check_next(
            recorded, Event(event_type, date, params), today=TODAY, recorder_kind=kind
        )
    events = [step.event for step in recorded.history]

    replayed = replay(list(reversed(events)))

    assert replayed == recorded


def test_the_timeline_keeps_the_first_initiation_date_and_the_category():
    timeline = replay(
        [
            Event(E.CRIME_REPORT_RECEIVED, dt.date(2026, 1, 5), sequence=1),
            Event(E.CASE_INITIATED, dt.date(2026, 3, 10), {"charges": "353.2"}, sequence=2),
        ]
    )

    assert timeline.first_initiated_on == dt.date(2026, 3, 10)
    assert timeline.category is CrimeCategory.RNT
    assert timeline.stage_entered_on == dt.date(2026, 3, 10)


def test_each_stage_of_the_journey_shows_its_step_on_the_progress_bar():
    timeline = Timeline()
    steps = []

    for event_type, kind, date, _, params in JOURNEY:
        timeline = check_next(
            timeline, Event(event_type, date, params), today=TODAY, recorder_kind=kind
        )
        if timeline.progress_stage not in steps:
            steps.append(timeline.progress_stage)

    assert tuple(steps) == PROGRESS


def test_a_case_may_open_with_its_initiation_when_the_crime_is_discovered_directly():
    timeline = Timeline()

    timeline = check_next(
        timeline,
        Event(E.CASE_INITIATED, dt.date(2026, 3, 1), {"charges": "354.1"}),
        today=TODAY,
        recorder_kind=K.INVESTIGATION,
    )

    assert timeline.stage is Stage.INVESTIGATION
    assert timeline.first_initiated_on == dt.date(2026, 3, 1)
