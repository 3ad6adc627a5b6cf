"""History in any order: a decision found late takes its place by its date, the later
decisions are replayed after it, and one that no longer follows refuses it."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.domain.errors import InvalidInput, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind as K
from phoihop.domain.procedure import Event, EventType, Stage, check_insert, replay

E = EventType
d = dt.date
TODAY = d(2026, 12, 1)
RNT = {"charges": "353.2"}


def history() -> list[Event]:
    rows = [
        (E.CASE_INITIATED, d(2026, 3, 2), RNT),
        (E.SUSPECT_CHARGED, d(2026, 3, 9), RNT),
        (E.INVESTIGATION_SUSPENDED, d(2026, 9, 15), {}),
    ]
    events = [Event(t, on, p, sequence=n) for n, (t, on, p) in enumerate(rows, start=1)]
    replay(events)
    return events


def test_an_extension_found_late_takes_its_place_before_the_suspension() -> None:
    placed = check_insert(
        history(),
        Event(E.INVESTIGATION_EXTENDED, d(2026, 6, 20), {"months": 3}),
        today=TODAY,
        recorder_kind=K.PROCURACY,
    )

    assert placed.sequence == 3
    assert [e.type for e in placed.events] == [
        E.CASE_INITIATED,
        E.SUSPECT_CHARGED,
        E.INVESTIGATION_EXTENDED,
        E.INVESTIGATION_SUSPENDED,
    ]
    assert [e.sequence for e in placed.events] == [1, 2, 3, 4]
    assert placed.timeline.stage is Stage.INVESTIGATION_SUSPENDED


def test_an_insertion_that_makes_a_later_decision_impossible_is_refused_naming_it() -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        check_insert(
            history(),
            Event(E.INVESTIGATION_CONCLUDED, d(2026, 8, 1)),
            today=TODAY,
            recorder_kind=K.INVESTIGATION,
        )

    assert refused.value.code == "event.breaks_history"
    assert refused.value.field == "date"
    assert "«Tạm đình chỉ điều tra» ngày 15/09/2026" in refused.value.message
    assert refused.value.params["breaks_date"] == "2026-09-15"


def test_a_crime_report_found_late_may_open_the_history_but_nothing_else_may() -> None:
    report = check_insert(
        history(),
        Event(E.CRIME_REPORT_RECEIVED, d(2026, 2, 10)),
        today=TODAY,
        recorder_kind=K.INVESTIGATION,
    )
    with pytest.raises(InvalidInput) as before_the_first:
        check_insert(
            history(),
            Event(E.EXPERTISE_REQUESTED, d(2026, 2, 10)),
            today=TODAY,
            recorder_kind=K.INVESTIGATION,
        )

    assert report.sequence == 1
    assert report.timeline.stage is Stage.INVESTIGATION_SUSPENDED
    assert before_the_first.value.field == "date"


def test_a_decision_dated_after_the_last_is_simply_the_next() -> None:
    placed = check_insert(
        history(),
        Event(E.INVESTIGATION_RESUMED, d(2026, 11, 2)),
        today=TODAY,
        recorder_kind=K.INVESTIGATION,
    )

    assert placed.sequence == 4
    assert placed.timeline.stage is Stage.INVESTIGATION
