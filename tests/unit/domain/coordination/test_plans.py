"""Plan targets: on track, late, met, missed; kept apart from statutory clocks."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.coordination import PlanStatus, PlanTarget, plan_status
from phoihop.domain.errors import InvalidInput
from phoihop.domain.procedure import Stage

TARGET = date(2026, 6, 30)


def test_a_target_not_yet_reached_nor_passed_is_on_track() -> None:
    # given

    # when
    status = plan_status(TARGET, None, today=date(2026, 6, 30))

    # then
    assert status is PlanStatus.ON_TRACK


def test_a_target_passed_without_being_reached_is_late() -> None:
    # given

    # when
    status = plan_status(TARGET, None, today=date(2026, 7, 1))

    # then
    assert status is PlanStatus.LATE


def test_a_target_reached_on_its_day_is_met() -> None:
    # given

    # when
    status = plan_status(TARGET, date(2026, 6, 30), today=date(2026, 8, 1))

    # then
    assert status is PlanStatus.MET


def test_a_target_reached_after_its_day_is_missed() -> None:
    # given

    # when
    status = plan_status(TARGET, date(2026, 7, 2), today=date(2026, 8, 1))

    # then
    assert status is PlanStatus.MISSED


def test_a_target_on_a_rest_day_is_not_moved_like_a_statutory_deadline() -> None:
    # given a target on Sunday 03/05/2026
    target = PlanTarget(Stage.PROSECUTION, date(2026, 5, 3))

    # when
    status = target.status(date(2026, 5, 4))

    # then
    assert status is PlanStatus.LATE


def test_a_target_reached_in_the_future_is_refused() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        plan_status(TARGET, date(2026, 7, 2), today=date(2026, 7, 1))

    # then
    assert refused.value.field == "reached_on"
