"""Plan targets (kế hoạch): political target dates, shown beside the statutory clocks
and never mixed with them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from phoihop.accounts.access import actor_for
from phoihop.audit.services import audit_record
from phoihop.coordination.models import PlanTarget
from phoihop.coordination.services.access import case_for, is_overseer, require_writer
from phoihop.domain.errors import AccessDenied, InvalidInput
from phoihop.domain.procedure.stages import PROGRESS, Stage


def plan_target_set(
    *, user: Any, case_id: int, stage: str, target_on: dt.date, note: str = "", now: dt.datetime
) -> PlanTarget:
    """Set (or move) the target date to finish a stage; only the Steering Committee or
    the Internal Affairs Commission sets plans."""
    actor = actor_for(user)
    require_writer(actor)
    if not is_overseer(actor):
        raise AccessDenied("Chỉ Ban Chỉ đạo hoặc Ban Nội chính được đặt kế hoạch xử lý vụ án.")
    try:
        target_stage = Stage(stage)
    except ValueError:
        raise InvalidInput("Giai đoạn không hợp lệ.", field="stage") from None
    if target_stage not in PROGRESS:
        raise InvalidInput("Chỉ đặt kế hoạch cho các giai đoạn chính của vụ án.", field="stage")
    with transaction.atomic():
        case = case_for(user, case_id)
        target, _ = PlanTarget.objects.update_or_create(
            case=case,
            stage=target_stage.value,
            defaults={
                "target_on": target_on,
                "set_by_agency_id": actor.agency_id,
                "note": note.strip(),
            },
        )
        audit_record(
            actor=user,
            action="plan.target.set",
            at=now,
            target=case,
            data={"stage": target_stage.value, "target_on": target_on.isoformat()},
        )
    return target
