"""Building timelines the way production does: through check_next, one decision a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure import (
    Event,
    EventType,
    ParamValue,
    Timeline,
    check_next,
    recorder_kinds,
)

E = EventType
START = dt.date(2026, 1, 5)
TODAY = dt.date(2030, 1, 1)


def recorder_for(timeline: Timeline, event_type: EventType) -> AgencyKind:
    return min(recorder_kinds(event_type, timeline.holding_stage))


def record(
    timeline: Timeline,
    event_type: EventType,
    *,
    on: dt.date | None = None,
    params: Mapping[str, ParamValue] | None = None,
    by: AgencyKind | None = None,
) -> Timeline:
    date = on or (timeline.last_date or START) + dt.timedelta(days=1)
    return check_next(
        timeline,
        Event(event_type, date, params or {}),
        today=TODAY,
        recorder_kind=by or recorder_for(timeline, event_type),
    )


def record_all(timeline: Timeline, *event_types: EventType) -> Timeline:
    for event_type in event_types:
        timeline = record(timeline, event_type)
    return timeline


def case_under_investigation() -> Timeline:
    timeline = record(Timeline(), E.CRIME_REPORT_RECEIVED)
    timeline = record(timeline, E.CASE_INITIATED, params={"charges": "353.2"})
    return record(timeline, E.SUSPECT_CHARGED, params={"charges": "353.2", "person": "A"})


def case_in_prosecution() -> Timeline:
    return record(case_under_investigation(), E.INVESTIGATION_CONCLUDED)


def case_in_trial_preparation() -> Timeline:
    return record_all(case_in_prosecution(), E.INDICTED, E.CASE_ACCEPTED_FOR_TRIAL)


def case_at_trial() -> Timeline:
    return record(case_in_trial_preparation(), E.TRIAL_SCHEDULED)


def case_judged_at_first_instance() -> Timeline:
    return record(case_at_trial(), E.FIRST_INSTANCE_JUDGMENT)


def case_on_appeal_heard() -> Timeline:
    return record_all(
        case_judged_at_first_instance(),
        E.APPEALED,
        E.APPEAL_ACCEPTED,
        E.APPELLATE_TRIAL_SCHEDULED,
    )
