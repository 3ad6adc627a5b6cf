"""Obstacles: the transition table, the resolution text, and time spent per status."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from phoihop.domain.coordination import (
    OBSTACLE_TRANSITIONS,
    ObstacleCategory,
    ObstacleStatus,
    durations,
    obstacle_transition,
)
from phoihop.domain.errors import InvalidInput, TransitionNotAllowed

S = ObstacleStatus


def test_an_obstacle_is_taken_up_then_resolved_with_how() -> None:
    # given an open obstacle

    # when
    taken_up = obstacle_transition(S.OPEN, S.BEING_RESOLVED)
    resolved = obstacle_transition(taken_up, S.RESOLVED, resolution="Đã có kết luận giám định")

    # then
    assert resolved is S.RESOLVED


@pytest.mark.parametrize("status", [S.OPEN, S.BEING_RESOLVED])
def test_an_unresolved_obstacle_may_be_escalated(status) -> None:
    # given

    # when
    new = obstacle_transition(status, S.ESCALATED)

    # then
    assert new is S.ESCALATED


@pytest.mark.parametrize("resolution", [None, "", " \n "])
def test_resolving_without_saying_how_is_refused_naming_the_resolution_field(resolution) -> None:
    # given an obstacle being resolved

    # when
    with pytest.raises(InvalidInput) as refused:
        obstacle_transition(S.BEING_RESOLVED, S.RESOLVED, resolution=resolution)

    # then
    assert refused.value.field == "resolution"


def test_an_open_obstacle_is_not_resolved_without_being_taken_up() -> None:
    # given

    # when
    with pytest.raises(TransitionNotAllowed) as refused:
        obstacle_transition(S.OPEN, S.RESOLVED, resolution="xong")

    # then
    assert "Đang tháo gỡ" in refused.value.message


@pytest.mark.parametrize("final", [S.RESOLVED, S.ESCALATED])
def test_a_resolved_or_escalated_obstacle_moves_no_further(final) -> None:
    # given

    # when
    with pytest.raises(TransitionNotAllowed):
        obstacle_transition(final, S.BEING_RESOLVED)

    # then
    assert OBSTACLE_TRANSITIONS[final] == frozenset()


def test_every_category_and_status_is_in_the_table() -> None:
    # given

    # when
    statuses = set(OBSTACLE_TRANSITIONS)

    # then
    assert statuses == set(ObstacleStatus)
    assert {c.value for c in ObstacleCategory} >= {"expertise", "valuation", "law_application"}


def test_durations_are_the_time_between_status_changes() -> None:
    # given
    history = [
        (S.OPEN, datetime(2026, 3, 1, 8, 0)),
        (S.BEING_RESOLVED, datetime(2026, 3, 3, 8, 0)),
        (S.RESOLVED, datetime(2026, 3, 13, 17, 0)),
    ]

    # when
    spent = durations(history, now=datetime(2026, 4, 1))

    # then the resolved obstacle stops counting
    assert spent == {
        S.OPEN: timedelta(days=2),
        S.BEING_RESOLVED: timedelta(days=10, hours=9),
        S.RESOLVED: timedelta(),
    }


def test_the_current_status_counts_until_now() -> None:
    # given
    history = [(S.OPEN, datetime(2026, 3, 1, 8, 0)), (S.ESCALATED, datetime(2026, 3, 2, 8, 0))]

    # when
    spent = durations(history, now=datetime(2026, 3, 12, 8, 0))

    # then
    assert spent[S.ESCALATED] == timedelta(days=10)


def test_without_now_the_current_status_counts_nothing_yet() -> None:
    # given
    history = [(S.OPEN, datetime(2026, 3, 1, 8, 0))]

    # when
    spent = durations(history)

    # then
    assert spent == {S.OPEN: timedelta()}


def test_time_in_a_status_held_twice_adds_up() -> None:
    # given an obstacle reopened by a later record of the same status
    history = [
        (S.OPEN, datetime(2026, 3, 1)),
        (S.OPEN, datetime(2026, 3, 2)),
        (S.BEING_RESOLVED, datetime(2026, 3, 4)),
    ]

    # when
    spent = durations(history)

    # then
    assert spent[S.OPEN] == timedelta(days=3)


def test_a_history_going_back_in_time_is_refused() -> None:
    # given
    history = [(S.OPEN, datetime(2026, 3, 5)), (S.BEING_RESOLVED, datetime(2026, 3, 4))]

    # when
    with pytest.raises(InvalidInput) as refused:
        durations(history)

    # then
    assert refused.value.field == "history"


def test_now_before_the_last_change_is_refused() -> None:
    # given
    history = [(S.OPEN, datetime(2026, 3, 5))]

    # when
    with pytest.raises(InvalidInput) as refused:
        durations(history, now=datetime(2026, 3, 4))

    # then
    assert refused.value.field == "now"
