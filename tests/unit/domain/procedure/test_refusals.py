import datetime as dt

import pytest

from phoihop.domain.errors import AccessDenied, InvalidInput, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure import (
    EVENT_LABELS_VI,
    Event,
    EventType,
    Stage,
    Timeline,
    allowed_events,
    check_next,
    replay,
)

from .recording import (
    TODAY,
    case_at_trial,
    case_in_prosecution,
    case_in_trial_preparation,
    case_judged_at_first_instance,
    case_on_appeal_heard,
    case_under_investigation,
    record,
    record_all,
)

E = EventType
K = AgencyKind


def test_indictment_during_investigation_is_refused_naming_the_stage_and_what_is_possible():
    timeline = case_under_investigation()
    indictment = Event(E.INDICTED, timeline.last_date)

    with pytest.raises(TransitionNotAllowed) as refused:
        check_next(timeline, indictment, today=TODAY, recorder_kind=K.PROCURACY)

    message = refused.value.message
    assert "giai đoạn điều tra" in message
    assert EVENT_LABELS_VI[E.INDICTED] in message
    for allowed in allowed_events(timeline):
        assert EVENT_LABELS_VI[allowed] in message
    assert refused.value.params["stage"] == "investigation"
    assert "investigation_concluded" in refused.value.params["allowed"]


def test_a_refused_decision_is_refused_whoever_records_it():
    timeline = case_under_investigation()
    indictment = Event(E.INDICTED, timeline.last_date)

    with pytest.raises(TransitionNotAllowed):
        check_next(timeline, indictment, today=TODAY, recorder_kind=K.INVESTIGATION)


def test_the_first_decision_must_open_the_case():
    empty = Timeline()
    judgment = Event(E.FIRST_INSTANCE_JUDGMENT, dt.date(2026, 1, 5))

    with pytest.raises(TransitionNotAllowed) as refused:
        check_next(empty, judgment, today=TODAY, recorder_kind=K.COURT)

    assert "chưa có quyết định tố tụng nào" in refused.value.message
    assert allowed_events(empty) == [E.CRIME_REPORT_RECEIVED, E.CASE_INITIATED]


def test_the_police_may_not_record_the_procuracys_extension_of_investigation():
    timeline = case_under_investigation()
    extension = Event(E.INVESTIGATION_EXTENDED, timeline.last_date)

    with pytest.raises(AccessDenied) as refused:
        check_next(timeline, extension, today=TODAY, recorder_kind=K.INVESTIGATION)

    assert "Viện kiểm sát" in refused.value.message
    assert "Cơ quan điều tra không được ghi nhận" in refused.value.message
    assert refused.value.params["allowed_kinds"] == ["procuracy"]


def test_the_court_may_not_record_an_indictment():
    timeline = case_in_prosecution()
    indictment = Event(E.INDICTED, timeline.last_date)

    with pytest.raises(AccessDenied):
        check_next(timeline, indictment, today=TODAY, recorder_kind=K.COURT)


def test_oversight_bodies_record_no_procedural_decision():
    timeline = case_under_investigation()

    for kind in (K.STEERING, K.INTERNAL_AFFAIRS, K.INSPECTION):
        assert allowed_events(timeline, recorder_kind=kind) == []


def test_the_procuracy_returns_in_prosecution_and_the_court_at_trial_preparation():
    in_prosecution = case_in_prosecution()
    in_trial_preparation = case_in_trial_preparation()
    court_return = Event(E.RETURNED_FOR_ADDITIONAL_INVESTIGATION, TODAY)

    with pytest.raises(AccessDenied):
        check_next(in_prosecution, court_return, today=TODAY, recorder_kind=K.COURT)
    with pytest.raises(AccessDenied):
        check_next(in_trial_preparation, court_return, today=TODAY, recorder_kind=K.PROCURACY)


def test_a_decision_dated_before_the_previous_one_is_refused():
    timeline = case_under_investigation()
    earlier = Event(E.INVESTIGATION_EXTENDED, timeline.last_date - dt.timedelta(days=1))

    with pytest.raises(InvalidInput) as refused:
        check_next(timeline, earlier, today=TODAY, recorder_kind=K.PROCURACY)

    assert refused.value.field == "date"
    assert "trước ngày của quyết định liền trước" in refused.value.message


def test_a_decision_dated_on_the_same_day_as_the_previous_one_is_accepted():
    timeline = case_under_investigation()
    same_day = Event(E.INVESTIGATION_EXTENDED, timeline.last_date)

    timeline = check_next(timeline, same_day, today=TODAY, recorder_kind=K.PROCURACY)

    assert timeline.last_event is not None
    assert timeline.last_event.type is E.INVESTIGATION_EXTENDED


def test_a_decision_dated_after_today_is_refused():
    timeline = case_under_investigation()
    today = timeline.last_date
    tomorrow = Event(E.INVESTIGATION_EXTENDED, today + dt.timedelta(days=1))

    with pytest.raises(InvalidInput) as refused:
        check_next(timeline, tomorrow, today=today, recorder_kind=K.PROCURACY)

    assert refused.value.field == "date"
    assert "sau ngày hôm nay" in refused.value.message


def test_a_decision_dated_with_a_time_of_day_is_refused():
    with pytest.raises(InvalidInput) as refused:
        Event(E.CRIME_REPORT_RECEIVED, dt.datetime(2026, 1, 5, 9, 30))

    assert refused.value.field == "date"


def test_an_unknown_decision_type_is_refused():
    with pytest.raises(InvalidInput) as refused:
        Event("case_forgotten", dt.date(2026, 1, 5))  # type: ignore[arg-type]

    assert refused.value.field == "type"


def test_a_decision_numbered_before_the_last_one_is_refused():
    timeline = case_under_investigation()
    renumbered = Event(E.INVESTIGATION_EXTENDED, timeline.last_date, sequence=2)

    with pytest.raises(InvalidInput) as refused:
        check_next(timeline, renumbered, today=TODAY, recorder_kind=K.PROCURACY)

    assert refused.value.field == "sequence"


def test_replay_refuses_a_history_the_rules_never_allowed():
    events = [
        Event(E.CRIME_REPORT_RECEIVED, dt.date(2026, 1, 5), sequence=1),
        Event(E.INDICTED, dt.date(2026, 1, 6), sequence=2),
    ]

    with pytest.raises(TransitionNotAllowed):
        replay(events)


def test_replay_refuses_a_history_out_of_date_order():
    events = [
        Event(E.CRIME_REPORT_RECEIVED, dt.date(2026, 1, 5), sequence=1),
        Event(E.CASE_NOT_INITIATED, dt.date(2026, 1, 4), sequence=2),
    ]

    with pytest.raises(InvalidInput):
        replay(events)


def test_nothing_can_be_recorded_once_enforcement_is_completed():
    timeline = record_all(
        case_in_trial_preparation(),
        E.TRIAL_SCHEDULED,
        E.FIRST_INSTANCE_JUDGMENT,
        E.JUDGMENT_FINAL,
        E.CASE_CLOSED,
    )
    reopening = Event(E.CASE_RESUMED, timeline.last_date)

    with pytest.raises(TransitionNotAllowed) as refused:
        check_next(timeline, reopening, today=TODAY, recorder_kind=K.PROCURACY)

    assert timeline.stage is Stage.CLOSED
    assert "không còn quyết định nào" in refused.value.message


def test_the_investigation_is_concluded_only_once_a_suspect_is_charged():
    timeline = record(
        record(Timeline(), E.CRIME_REPORT_RECEIVED), E.CASE_INITIATED, params={"charges": "354.1"}
    )
    conclusion = Event(E.INVESTIGATION_CONCLUDED, timeline.last_date)

    with pytest.raises(TransitionNotAllowed) as refused:
        check_next(timeline, conclusion, today=TODAY, recorder_kind=K.INVESTIGATION)

    assert "Khởi tố bị can" in refused.value.message
    assert E.INVESTIGATION_CONCLUDED not in allowed_events(timeline)


def test_the_court_schedules_the_trial_only_after_accepting_the_case():
    timeline = record(case_in_prosecution(), E.INDICTED)
    scheduling = Event(E.TRIAL_SCHEDULED, timeline.last_date)

    with pytest.raises(TransitionNotAllowed) as refused:
        check_next(timeline, scheduling, today=TODAY, recorder_kind=K.COURT)

    assert "chưa thụ lý" in refused.value.message
    assert allowed_events(timeline, recorder_kind=K.COURT)[0] is E.CASE_ACCEPTED_FOR_TRIAL


def test_an_appeal_is_recorded_only_after_the_first_instance_judgment():
    timeline = record(case_in_trial_preparation(), E.TRIAL_SCHEDULED)
    appeal = Event(E.APPEALED, timeline.last_date)

    with pytest.raises(TransitionNotAllowed) as refused:
        check_next(timeline, appeal, today=TODAY, recorder_kind=K.COURT)

    assert "Chưa tuyên án sơ thẩm" in refused.value.message


def test_the_appellate_judgment_needs_the_appellate_trial_decision():
    timeline = record_all(
        case_in_trial_preparation(),
        E.TRIAL_SCHEDULED,
        E.FIRST_INSTANCE_JUDGMENT,
        E.APPEALED,
        E.APPEAL_ACCEPTED,
    )
    judgment = Event(E.APPELLATE_JUDGMENT, timeline.last_date)

    with pytest.raises(TransitionNotAllowed):
        check_next(timeline, judgment, today=TODAY, recorder_kind=K.COURT)


def test_detention_applies_only_once_a_suspect_is_charged():
    timeline = record(
        record(Timeline(), E.CRIME_REPORT_RECEIVED), E.CASE_INITIATED, params={"charges": "354.1"}
    )

    assert E.DETENTION_ORDERED not in allowed_events(timeline)
    assert E.CUSTODY_ORDERED in allowed_events(timeline)


def test_an_expertise_conclusion_needs_a_pending_request():
    timeline = case_under_investigation()

    assert E.EXPERTISE_CONCLUDED not in allowed_events(timeline)
    timeline = record(timeline, E.EXPERTISE_REQUESTED)
    assert E.EXPERTISE_CONCLUDED in allowed_events(timeline)
    timeline = record(timeline, E.EXPERTISE_CONCLUDED, by=K.EXPERTISE)
    assert E.EXPERTISE_CONCLUDED not in allowed_events(timeline)


def test_a_hearing_opens_only_after_the_decision_to_bring_the_case_to_trial_and_once():
    preparing = case_in_trial_preparation()
    scheduled = case_at_trial()
    opened = record(scheduled, E.HEARING_OPENED)

    with pytest.raises(TransitionNotAllowed) as early:
        record(preparing, E.HEARING_OPENED, by=K.COURT)
    with pytest.raises(TransitionNotAllowed) as twice:
        record(opened, E.HEARING_OPENED, by=K.COURT)

    assert "Chưa có quyết định đưa vụ án ra xét xử" in early.value.message
    assert "đã được mở" in twice.value.message
    assert opened.stage is Stage.FIRST_INSTANCE
    assert E.FIRST_INSTANCE_JUDGMENT in allowed_events(opened, recorder_kind=K.COURT)


def test_only_the_court_opens_a_hearing():
    scheduled = case_at_trial()

    assert E.HEARING_OPENED not in allowed_events(scheduled, recorder_kind=K.PROCURACY)
    assert E.HEARING_OPENED in allowed_events(scheduled, recorder_kind=K.COURT)


def test_an_appellate_hearing_opens_only_after_the_appellate_trial_decision():
    accepted_only = record_all(case_judged_at_first_instance(), E.APPEALED, E.APPEAL_ACCEPTED)
    opened = record(case_on_appeal_heard(), E.APPELLATE_HEARING_OPENED)

    with pytest.raises(TransitionNotAllowed) as early:
        record(accepted_only, E.APPELLATE_HEARING_OPENED, by=K.COURT)

    assert "Chưa có quyết định đưa vụ án ra xét xử phúc thẩm" in early.value.message
    assert E.APPELLATE_JUDGMENT in allowed_events(opened, recorder_kind=K.COURT)


def test_the_procuracy_approves_or_annuls_a_charging_and_the_annulled_charges_leave_the_case():
    charged = case_under_investigation()  # one suspect charged, without a person key
    person = {"person": "7", "charges": "353.2"}
    second = record(charged, E.SUSPECT_CHARGED, params=person, by=K.INVESTIGATION)

    approved = record(second, E.SUSPECT_CHARGING_APPROVED, params={"person": "7"})
    annulled = record(approved, E.SUSPECT_CHARGING_ANNULLED, params={"person": "7"})

    assert approved.stage is Stage.INVESTIGATION
    assert "person:7" in approved.charges_by_subject
    assert "person:7" not in annulled.charges_by_subject
    assert E.SUSPECT_CHARGING_APPROVED not in allowed_events(second, recorder_kind=K.INVESTIGATION)


def test_annulling_a_charging_must_name_a_charged_suspect():
    with pytest.raises(InvalidInput) as refused:
        record(case_under_investigation(), E.SUSPECT_CHARGING_ANNULLED, params={"person": "99"})

    assert refused.value.field == "person"


def test_no_charging_to_approve_before_a_suspect_is_charged():
    initiated_only = replay([Event(E.CASE_INITIATED, dt.date(2026, 3, 2), {"charges": "353.2"})])

    assert E.SUSPECT_CHARGING_APPROVED not in allowed_events(initiated_only)


def test_a_new_indictment_follows_a_court_return_and_replaces_the_charges():
    returned = record(case_in_trial_preparation(), E.RETURNED_FOR_ADDITIONAL_INVESTIGATION)
    back = record(returned, E.ADDITIONAL_INVESTIGATION_CONCLUDED)

    again = record(back, E.INDICTED, params={"charges": "353.3"})

    assert back.stage is Stage.FIRST_INSTANCE
    assert again.stage is Stage.FIRST_INSTANCE
    assert [(c.article, c.clause) for c in again.charges] == [(353, 3)]
    assert not again.trial_accepted  # the court accepts the new indictment anew
    assert E.INDICTED not in allowed_events(case_in_trial_preparation())


def test_a_wanted_notice_is_the_investigating_bodys_and_moves_no_stage():
    investigated = case_under_investigation()

    wanted = record(investigated, E.WANTED_NOTICE)

    assert wanted.stage is Stage.INVESTIGATION
    assert E.WANTED_NOTICE not in allowed_events(investigated, recorder_kind=K.PROCURACY)
