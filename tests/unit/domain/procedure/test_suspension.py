"""Suspension and resumption at each stage, and reopening of terminated proceedings."""

import pytest

from phoihop.domain.errors import AccessDenied, RuleViolation, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure import (
    Event,
    EventType,
    Stage,
    Timeline,
    allowed_events,
    check_next,
)

from .recording import (
    TODAY,
    case_at_trial,
    case_in_prosecution,
    case_in_trial_preparation,
    case_under_investigation,
    record,
    record_all,
)

E = EventType
K = AgencyKind


def case_in_verification() -> Timeline:
    return record(Timeline(), E.CRIME_REPORT_RECEIVED)


def test_a_suspended_verification_resumes_in_verification():
    timeline = record(case_in_verification(), E.REPORT_SETTLEMENT_SUSPENDED)
    assert timeline.stage is Stage.VERIFICATION_SUSPENDED

    timeline = record(timeline, E.REPORT_SETTLEMENT_RESUMED)

    assert timeline.stage is Stage.VERIFICATION
    assert E.CASE_INITIATED in allowed_events(timeline)


def test_the_procuracy_annuls_an_unfounded_suspension_of_verification():
    timeline = record(case_in_verification(), E.REPORT_SETTLEMENT_SUSPENDED)

    timeline = record(timeline, E.REPORT_SUSPENSION_ANNULLED, by=K.PROCURACY)

    assert timeline.stage is Stage.VERIFICATION


def test_no_prolongation_after_a_suspension_of_verification_is_lifted():
    timeline = record_all(
        case_in_verification(), E.REPORT_SETTLEMENT_SUSPENDED, E.REPORT_SETTLEMENT_RESUMED
    )
    prolongation = Event(E.REPORT_SETTLEMENT_PROLONGED, timeline.last_date)

    with pytest.raises(RuleViolation):
        check_next(timeline, prolongation, today=TODAY, recorder_kind=K.INVESTIGATION)


def test_verification_is_prolonged_once_and_extended_once_after_that():
    timeline = case_in_verification()
    assert E.REPORT_SETTLEMENT_EXTENDED not in allowed_events(timeline)

    timeline = record(timeline, E.REPORT_SETTLEMENT_PROLONGED)
    assert E.REPORT_SETTLEMENT_PROLONGED not in allowed_events(timeline)
    timeline = record(timeline, E.REPORT_SETTLEMENT_EXTENDED)

    assert E.REPORT_SETTLEMENT_EXTENDED not in allowed_events(timeline)


def test_a_second_extension_of_verification_by_the_procuracy_is_refused():
    timeline = record_all(
        case_in_verification(), E.REPORT_SETTLEMENT_PROLONGED, E.REPORT_SETTLEMENT_EXTENDED
    )
    second = Event(E.REPORT_SETTLEMENT_EXTENDED, timeline.last_date)

    with pytest.raises(RuleViolation):
        check_next(timeline, second, today=TODAY, recorder_kind=K.PROCURACY)


def test_a_suspended_investigation_resumes_in_investigation():
    timeline = record(case_under_investigation(), E.INVESTIGATION_SUSPENDED)
    assert timeline.stage is Stage.INVESTIGATION_SUSPENDED
    assert timeline.progress_stage is Stage.INVESTIGATION

    timeline = record(timeline, E.INVESTIGATION_RESUMED)

    assert timeline.stage is Stage.INVESTIGATION


def test_expertise_goes_on_while_the_investigation_is_suspended():
    timeline = record_all(
        case_under_investigation(), E.EXPERTISE_REQUESTED, E.INVESTIGATION_SUSPENDED
    )

    timeline = record(timeline, E.EXPERTISE_CONCLUDED, by=K.EXPERTISE)

    assert timeline.stage is Stage.INVESTIGATION_SUSPENDED
    assert timeline.open_expertise == 0


def test_a_case_suspended_by_the_procuracy_resumes_in_prosecution():
    timeline = record(case_in_prosecution(), E.CASE_SUSPENDED)
    assert timeline.stage is Stage.SUSPENDED
    assert timeline.progress_stage is Stage.PROSECUTION

    timeline = record(timeline, E.CASE_RESUMED, by=K.PROCURACY)

    assert timeline.stage is Stage.PROSECUTION
    assert timeline.resume_stage is None


def test_only_the_procuracy_resumes_a_case_it_suspended():
    timeline = record(case_in_prosecution(), E.CASE_SUSPENDED)
    resumption = Event(E.CASE_RESUMED, timeline.last_date)

    with pytest.raises(AccessDenied) as refused:
        check_next(timeline, resumption, today=TODAY, recorder_kind=K.COURT)

    assert "Viện kiểm sát" in refused.value.message


def test_a_case_suspended_by_the_court_resumes_in_trial_preparation():
    timeline = record(case_in_trial_preparation(), E.CASE_SUSPENDED, by=K.COURT)
    assert timeline.progress_stage is Stage.FIRST_INSTANCE

    timeline = record(timeline, E.CASE_RESUMED, by=K.COURT)

    assert timeline.stage is Stage.FIRST_INSTANCE
    assert timeline.trial_accepted
    assert E.TRIAL_SCHEDULED in allowed_events(timeline)


def test_a_case_suspended_at_trial_needs_a_new_trial_decision_after_resumption():
    timeline = record_all(case_at_trial(), E.CASE_SUSPENDED, E.CASE_RESUMED)

    assert E.FIRST_INSTANCE_JUDGMENT not in allowed_events(timeline)
    assert E.TRIAL_SCHEDULED in allowed_events(timeline)


def test_only_the_court_resumes_a_case_it_suspended():
    timeline = record(case_in_trial_preparation(), E.CASE_SUSPENDED)
    resumption = Event(E.CASE_RESUMED, timeline.last_date)

    with pytest.raises(AccessDenied):
        check_next(timeline, resumption, today=TODAY, recorder_kind=K.PROCURACY)


def test_the_court_suspends_only_a_case_it_has_accepted():
    timeline = record(case_in_prosecution(), E.INDICTED)

    assert E.CASE_SUSPENDED not in allowed_events(timeline)


def test_a_suspended_case_may_be_terminated():
    timeline = record(case_in_prosecution(), E.CASE_SUSPENDED)

    timeline = record(timeline, E.CASE_TERMINATED, by=K.PROCURACY)

    assert timeline.stage is Stage.CLOSED
    assert timeline.closed_by is E.CASE_TERMINATED


def test_a_terminated_case_reopens_where_it_was_terminated_when_termination_is_annulled():
    timeline = record(case_in_trial_preparation(), E.CASE_TERMINATED)

    timeline = record(timeline, E.CASE_RESUMED, by=K.COURT)

    assert timeline.stage is Stage.FIRST_INSTANCE
    assert timeline.closed_by is None


def test_a_terminated_investigation_reopens_only_by_resuming_the_investigation():
    timeline = record(case_under_investigation(), E.INVESTIGATION_TERMINATED)
    resumption_of_case = Event(E.CASE_RESUMED, timeline.last_date)

    with pytest.raises(TransitionNotAllowed) as refused:
        check_next(timeline, resumption_of_case, today=TODAY, recorder_kind=K.PROCURACY)

    assert "Đình chỉ điều tra" in refused.value.message
    assert allowed_events(timeline) == [E.INVESTIGATION_RESUMED]


def test_a_refusal_to_initiate_may_be_annulled_by_initiating_the_case():
    timeline = record(case_in_verification(), E.CASE_NOT_INITIATED)
    assert timeline.stage is Stage.CLOSED

    timeline = record(timeline, E.CASE_INITIATED, by=K.PROCURACY, params={"charges": "356.1"})

    assert timeline.stage is Stage.INVESTIGATION
