"""Returns of the file for additional investigation (BLTTHS 174(2), 245, 280)."""

import pytest

from phoihop.domain.errors import AccessDenied, RuleViolation
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure import (
    MAX_PROCURACY_RETURNS,
    Event,
    EventType,
    Stage,
    allowed_events,
    check_next,
)

from .recording import (
    TODAY,
    case_at_trial,
    case_in_prosecution,
    case_in_trial_preparation,
    case_on_appeal_heard,
    record,
    record_all,
)

E = EventType
K = AgencyKind
RETURN = E.RETURNED_FOR_ADDITIONAL_INVESTIGATION
BACK = E.ADDITIONAL_INVESTIGATION_CONCLUDED


def test_a_procuracy_return_goes_to_the_investigating_body_then_back_to_prosecution():
    timeline = case_in_prosecution()

    timeline = record(timeline, RETURN)
    assert timeline.stage is Stage.ADDITIONAL_INVESTIGATION
    assert timeline.progress_stage is Stage.INVESTIGATION
    timeline = record(timeline, BACK)

    assert timeline.stage is Stage.PROSECUTION
    assert timeline.procuracy_returns == 1


def test_the_procuracy_may_return_the_file_twice():
    timeline = case_in_prosecution()

    timeline = record_all(timeline, RETURN, BACK, RETURN, BACK)

    assert timeline.stage is Stage.PROSECUTION
    assert timeline.procuracy_returns == MAX_PROCURACY_RETURNS


def test_a_third_procuracy_return_is_refused():
    timeline = record_all(case_in_prosecution(), RETURN, BACK, RETURN, BACK)
    third = Event(RETURN, timeline.last_date)

    with pytest.raises(RuleViolation) as refused:
        check_next(timeline, third, today=TODAY, recorder_kind=K.PROCURACY)

    assert "2 lần" in refused.value.message
    assert RETURN not in allowed_events(timeline)
    assert E.INDICTED in allowed_events(timeline)


def test_a_court_return_goes_to_the_investigating_body_then_back_to_trial_preparation():
    timeline = case_in_trial_preparation()

    timeline = record(timeline, RETURN)
    assert timeline.stage is Stage.ADDITIONAL_INVESTIGATION
    timeline = record(timeline, BACK)

    assert timeline.stage is Stage.FIRST_INSTANCE
    assert timeline.trial_accepted
    assert timeline.judge_returns == 1
    assert E.TRIAL_SCHEDULED in allowed_events(timeline)


def test_the_presiding_judge_returns_only_once_before_the_trial_decision():
    timeline = record_all(case_in_trial_preparation(), RETURN, BACK)
    second = Event(RETURN, timeline.last_date)

    with pytest.raises(RuleViolation) as refused:
        check_next(timeline, second, today=TODAY, recorder_kind=K.COURT)

    assert "Thẩm phán chủ tọa" in refused.value.message


def test_the_trial_panel_may_return_once_even_after_the_judge_did():
    timeline = record_all(case_in_trial_preparation(), RETURN, BACK, E.TRIAL_SCHEDULED)

    timeline = record_all(timeline, RETURN, BACK)

    assert timeline.stage is Stage.FIRST_INSTANCE
    assert (timeline.judge_returns, timeline.panel_returns) == (1, 1)
    assert timeline.court_returns == 2


def test_a_second_return_by_the_trial_panel_is_refused():
    timeline = record_all(case_at_trial(), RETURN, BACK, E.TRIAL_SCHEDULED)
    second = Event(RETURN, timeline.last_date)

    with pytest.raises(RuleViolation) as refused:
        check_next(timeline, second, today=TODAY, recorder_kind=K.COURT)

    assert "Hội đồng xét xử" in refused.value.message


def test_the_court_cannot_return_a_case_it_has_judged():
    timeline = record(case_at_trial(), E.FIRST_INSTANCE_JUDGMENT)

    assert RETURN not in allowed_events(timeline)


def test_court_and_procuracy_returns_are_counted_apart():
    timeline = record_all(case_in_prosecution(), RETURN, BACK, RETURN, BACK, E.INDICTED)
    timeline = record(timeline, E.CASE_ACCEPTED_FOR_TRIAL)

    timeline = record_all(timeline, RETURN, BACK)

    assert (timeline.procuracy_returns, timeline.judge_returns) == (2, 1)
    assert timeline.stage is Stage.FIRST_INSTANCE


def test_the_court_does_not_record_the_conclusion_of_additional_investigation():
    timeline = record(case_in_trial_preparation(), RETURN)
    conclusion = Event(BACK, timeline.last_date)

    with pytest.raises(AccessDenied):
        check_next(timeline, conclusion, today=TODAY, recorder_kind=K.COURT)


def test_a_judgment_quashed_for_reinvestigation_sends_the_case_back_to_investigation():
    timeline = case_on_appeal_heard()

    timeline = record(timeline, E.JUDGMENT_QUASHED_FOR_REINVESTIGATION)

    assert timeline.stage is Stage.INVESTIGATION
    assert not timeline.trial_accepted
    assert E.INVESTIGATION_CONCLUDED in allowed_events(timeline)


def test_returns_are_counted_again_after_a_judgment_is_quashed_for_reinvestigation():
    # CONVENTION RETURN_LIMITS_PER_ROUND (proposed): a quashed judgment opens a new round.
    timeline = record_all(case_in_prosecution(), RETURN, BACK, RETURN, BACK, E.INDICTED)
    timeline = record_all(
        timeline,
        E.CASE_ACCEPTED_FOR_TRIAL,
        E.TRIAL_SCHEDULED,
        E.FIRST_INSTANCE_JUDGMENT,
        E.APPEALED,
        E.APPEAL_ACCEPTED,
        E.APPELLATE_TRIAL_SCHEDULED,
        E.JUDGMENT_QUASHED_FOR_REINVESTIGATION,
        E.INVESTIGATION_CONCLUDED,
    )

    timeline = record(timeline, RETURN)

    assert timeline.procuracy_returns == 1


def test_a_judgment_quashed_for_retrial_goes_back_to_a_new_first_instance_acceptance():
    timeline = case_on_appeal_heard()

    timeline = record(timeline, E.JUDGMENT_QUASHED_FOR_RETRIAL)

    assert timeline.stage is Stage.FIRST_INSTANCE
    assert allowed_events(timeline, recorder_kind=K.COURT)[0] is E.CASE_ACCEPTED_FOR_TRIAL
