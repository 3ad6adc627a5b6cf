"""Obstacles (khó khăn, vướng mắc) raised on a case, and their resolution."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from phoihop.accounts.access import actor_for
from phoihop.audit.services import audit_record
from phoihop.cases.selectors import case_facts
from phoihop.coordination.models import Obstacle, ObstacleChange
from phoihop.coordination.services.access import case_for, require_writer
from phoihop.core.errors import NotFound, StaleRecord
from phoihop.domain.access.policy import may_view
from phoihop.domain.coordination.inputs import required_text
from phoihop.domain.coordination.obstacles import (
    ObstacleCategory,
    ObstacleStatus,
    obstacle_transition,
)
from phoihop.domain.errors import AccessDenied, InvalidInput


def obstacle_raise(
    *, user: Any, case_id: int, category: str, description: str, now: dt.datetime
) -> Obstacle:
    actor = actor_for(user)
    agency_id = require_writer(actor)
    try:
        ObstacleCategory(category)
    except ValueError:
        raise InvalidInput("Loại khó khăn, vướng mắc không hợp lệ.", field="category") from None
    text = required_text(description, field="description", what="nội dung khó khăn, vướng mắc")
    with transaction.atomic():
        case = case_for(user, case_id)
        obstacle = Obstacle.objects.create(
            case=case,
            category=category,
            description=text,
            raised_by_agency_id=agency_id,
            raised_by=user,
            created_at=now,
        )
        ObstacleChange.objects.create(obstacle=obstacle, status=ObstacleStatus.OPEN.value, at=now)
        audit_record(
            actor=user,
            action="obstacle.raised",
            at=now,
            target=obstacle,
            data={"case": case.pk, "category": category},
        )
    return obstacle


def obstacle_get_for(user: Any, obstacle_id: Any) -> Obstacle:
    try:
        obstacle = Obstacle.objects.select_related("case").get(pk=int(obstacle_id))
    except (Obstacle.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy khó khăn, vướng mắc.") from None
    if not may_view(actor_for(user), case_facts(obstacle.case)):
        raise NotFound("Không tìm thấy khó khăn, vướng mắc.")
    return obstacle


def obstacle_move(
    *,
    user: Any,
    obstacle_id: int,
    expected_version: int | None,
    to: str,
    resolution: str = "",
    now: dt.datetime,
) -> Obstacle:
    actor = actor_for(user)
    agency_id = require_writer(actor)
    with transaction.atomic():
        found = obstacle_get_for(user, obstacle_id)
        if not found.case.participations.filter(agency_id=agency_id, role="handling").exists() and (
            agency_id != found.raised_by_agency_id
        ):
            raise AccessDenied("Chỉ cơ quan tham gia vụ án được cập nhật khó khăn, vướng mắc.")
        obstacle = Obstacle.objects.select_for_update().get(pk=found.pk)
        if expected_version is not None and obstacle.version != expected_version:
            raise StaleRecord(
                "Khó khăn, vướng mắc đã được người khác cập nhật. Hãy tải lại trang.",
                field="version",
            )
        try:
            target = ObstacleStatus(to)
        except ValueError:
            raise InvalidInput("Trạng thái không hợp lệ.", field="status") from None
        obstacle_transition(ObstacleStatus(obstacle.status), target, resolution=resolution)
        before = obstacle.status
        obstacle.status = target.value
        if resolution.strip():
            obstacle.resolution = resolution.strip()
        obstacle.version += 1
        obstacle.save()
        ObstacleChange.objects.create(obstacle=obstacle, status=target.value, at=now)
        audit_record(
            actor=user,
            action="obstacle.moved",
            at=now,
            target=obstacle,
            data={"from": before, "to": target.value},
        )
    return obstacle
