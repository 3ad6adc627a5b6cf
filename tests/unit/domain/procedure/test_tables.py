"""The tables hold together, and the buttons (allowed_events) agree with the server check."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phoihop.domain.errors import AccessDenied, RuleViolation, TransitionNotAllowed
from phoihop.domain.organisation import OVERSIGHT_KINDS, AgencyKind
from phoihop.domain.procedure import (
    AGENCY_KIND_LABELS_VI,
    EVENT_LABELS_VI,
    OPENING_EVENTS,
    PARALLEL_EVENTS,
    PARALLEL_STAGES,
    PROGRESS,
    PROGRESS_STEP,
    RECORDED_BY,
    RECORDED_BY_STAGE,
    STAGE_LABELS_VI,
    TRANSITIONS,
    Event,
    EventType,
    Remembered,
    Stage,
    Timeline,
    allowed_events,
    check_next,
    recorder_kinds,
    replay,
)

from .recording import TODAY


def test_every_decision_and_stage_has_a_vietnamese_label():
    assert set(EVENT_LABELS_VI) == set(EventType)
    assert set(STAGE_LABELS_VI) == set(Stage)
    assert set(AGENCY_KIND_LABELS_VI) == set(AgencyKind)


def test_every_decision_says_who_records_it_and_no_oversight_body_does():
    assert set(RECORDED_BY) == set(EventType)

    for kinds in RECORDED_BY.values():
        assert kinds
        assert not kinds & OVERSIGHT_KINDS


def test_a_stage_aware_recorder_is_always_one_of_those_who_record_the_decision():
    for (event_type, _stage), kinds in RECORDED_BY_STAGE.items():
        assert kinds
        assert kinds <= RECORDED_BY[event_type]


def holding_stages(stage: Stage) -> list[Stage]:
    if stage in (Stage.SUSPENDED, Stage.CLOSED):
        return [stage, Stage.PROSECUTION, Stage.FIRST_INSTANCE]
    return [stage]


def test_where_procuracy_and_court_share_a_decision_the_holding_stage_settles_it():
    # other_decision is any body's own act (a search, an exit ban), not the file holder's.
    shared = [
        e
        for e, kinds in RECORDED_BY.items()
        if {AgencyKind.PROCURACY, AgencyKind.COURT} <= kinds and e is not EventType.OTHER_DECISION
    ]

    for event_type in shared:
        for (stage, moved), _ in TRANSITIONS.items():
            if moved is not event_type or stage in (Stage.SUSPENDED, Stage.CLOSED):
                continue
            kinds = recorder_kinds(event_type, stage)
            assert not {AgencyKind.PROCURACY, AgencyKind.COURT} <= kinds, (event_type, stage)


def test_the_procuracy_or_the_court_decides_for_a_suspended_case_by_where_it_was_suspended():
    assert recorder_kinds(EventType.CASE_RESUMED, Stage.PROSECUTION) == {AgencyKind.PROCURACY}
    assert recorder_kinds(EventType.CASE_RESUMED, Stage.FIRST_INSTANCE) == {AgencyKind.COURT}
    assert recorder_kinds(EventType.CASE_RESUMED, Stage.SUSPENDED) == {
        AgencyKind.PROCURACY,
        AgencyKind.COURT,
    }


def test_parallel_decisions_never_move_the_stage():
    assert set(PARALLEL_STAGES) == PARALLEL_EVENTS

    for (stage, event_type), target in TRANSITIONS.items():
        if event_type in PARALLEL_EVENTS:
            assert target is stage


def test_remembered_targets_are_used_only_where_the_case_keeps_that_memory():
    remembered = {(s, e): t for (s, e), t in TRANSITIONS.items() if isinstance(t, Remembered)}

    assert remembered == {
        (Stage.ADDITIONAL_INVESTIGATION, EventType.ADDITIONAL_INVESTIGATION_CONCLUDED): (
            Remembered.RETURN_STAGE
        ),
        (Stage.SUSPENDED, EventType.CASE_RESUMED): Remembered.RESUME_STAGE,
        (Stage.CLOSED, EventType.CASE_RESUMED): Remembered.RESUME_STAGE,
    }


def test_every_stage_is_reachable_from_the_opening_decisions():
    reachable = set(OPENING_EVENTS.values())
    growing = True
    while growing:
        targets = {
            target
            for (stage, _), target in TRANSITIONS.items()
            if stage in reachable and isinstance(target, Stage)
        }
        growing = not targets <= reachable
        reachable |= targets

    assert reachable == set(Stage)


def test_every_stage_has_a_step_on_the_progress_bar():
    assert set(PROGRESS_STEP) == set(Stage)
    assert set(PROGRESS_STEP.values()) <= set(PROGRESS)


def test_every_stage_moving_decision_appears_in_the_table():
    used = {event_type for (_, event_type) in TRANSITIONS} | set(OPENING_EVENTS)

    assert used == set(EventType)


def _try(timeline: Timeline, event_type: EventType, kind: AgencyKind) -> Timeline:
    date = timeline.last_date or dt.date(2026, 1, 5)
    # The one decision that cannot be recorded bare: an other act must say what it was.
    params = {"title": "Khám xét khẩn cấp"} if event_type is EventType.OTHER_DECISION else {}
    return check_next(timeline, Event(event_type, date, params), today=TODAY, recorder_kind=kind)


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_what_the_buttons_offer_is_exactly_what_the_server_accepts(data: st.DataObject):
    timeline = Timeline()

    for _ in range(30):
        allowed = allowed_events(timeline)
        for event_type in EventType:
            kinds = recorder_kinds(event_type, timeline.holding_stage)
            if event_type in allowed:
                for kind in AgencyKind:
                    if kind in kinds:
                        _try(timeline, event_type, kind)
                    else:
                        with pytest.raises(AccessDenied):
                            _try(timeline, event_type, kind)
            else:
                with pytest.raises((TransitionNotAllowed, RuleViolation)):
                    _try(timeline, event_type, min(kinds))
        if not allowed:
            break
        chosen = data.draw(st.sampled_from(allowed))
        timeline = _try(timeline, chosen, min(recorder_kinds(chosen, timeline.holding_stage)))

    assert replay([step.event for step in timeline.history]) == timeline


def test_recorder_kinds_is_read_from_the_events_module_as_from_the_package():
    from phoihop.domain.procedure import events

    assert events.recorder_kinds is recorder_kinds
    assert events.recorder_kinds(EventType.INDICTED, Stage.PROSECUTION) == {AgencyKind.PROCURACY}
