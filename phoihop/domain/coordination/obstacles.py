"""Obstacles met in a case (khó khăn, vướng mắc): their categories, how they move
towards a resolution or up to the competent authority, and how long each step took."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from phoihop.domain.errors import InvalidInput, TransitionNotAllowed

from .inputs import required_text


class ObstacleCategory(StrEnum):
    EXPERTISE = "expertise"  # giám định
    VALUATION = "valuation"  # định giá tài sản
    LAW_APPLICATION = "law_application"  # áp dụng pháp luật
    ASSET_RECOVERY = "asset_recovery"  # thu hồi tài sản
    COORDINATION = "coordination"  # phối hợp giữa các cơ quan
    OTHER = "other"


class ObstacleStatus(StrEnum):
    OPEN = "open"
    BEING_RESOLVED = "being_resolved"
    RESOLVED = "resolved"
    ESCALATED = "escalated"  # sent to the competent authority for a directive


OBSTACLE_STATUS_LABELS_VI: Mapping[ObstacleStatus, str] = MappingProxyType(
    {
        ObstacleStatus.OPEN: "Mới phát sinh",
        ObstacleStatus.BEING_RESOLVED: "Đang tháo gỡ",
        ObstacleStatus.RESOLVED: "Đã tháo gỡ",
        ObstacleStatus.ESCALATED: "Đã báo cáo xin ý kiến cấp có thẩm quyền",
    }
)

_O = ObstacleStatus
OBSTACLE_TRANSITIONS: Mapping[ObstacleStatus, frozenset[ObstacleStatus]] = MappingProxyType(
    {
        _O.OPEN: frozenset({_O.BEING_RESOLVED, _O.ESCALATED}),
        _O.BEING_RESOLVED: frozenset({_O.RESOLVED, _O.ESCALATED}),
        _O.RESOLVED: frozenset(),
        _O.ESCALATED: frozenset(),
    }
)

# Statuses whose time is still worth counting after the last entry of a history.
_FINAL = frozenset({_O.RESOLVED})


def obstacle_transition(
    status: ObstacleStatus, to: ObstacleStatus, *, resolution: str | None = None
) -> ObstacleStatus:
    """The new status; TransitionNotAllowed when the move is not in the table,
    InvalidInput (field ``resolution``) when RESOLVED comes without saying how."""
    if to not in OBSTACLE_TRANSITIONS[status]:
        possible = sorted(OBSTACLE_STATUS_LABELS_VI[s] for s in OBSTACLE_TRANSITIONS[status])
        tail = f"; có thể chuyển sang: {', '.join(possible)}" if possible else ""
        raise TransitionNotAllowed(
            f"Khó khăn, vướng mắc đang ở trạng thái «{OBSTACLE_STATUS_LABELS_VI[status]}», "
            f"không thể chuyển sang «{OBSTACLE_STATUS_LABELS_VI[to]}»{tail}.",
            code="obstacle.transition.not_allowed",
            field="status",
            params={"status": status.value, "to": to.value},
        )
    if to is _O.RESOLVED:
        required_text(resolution, field="resolution", what="kết quả tháo gỡ khó khăn, vướng mắc")
    return to


def durations(
    history: Sequence[tuple[ObstacleStatus, datetime]], *, now: datetime | None = None
) -> Mapping[ObstacleStatus, timedelta]:
    """Time spent in each status, from a history of (status entered, when) in order.

    Each status lasts until the next entry; the last one lasts until ``now`` when given,
    unless it is RESOLVED (a resolved obstacle no longer waits). Statuses never held are
    absent. InvalidInput (field ``history``) when the entries go back in time or ``now``
    comes before the last one.
    """
    spent: dict[ObstacleStatus, timedelta] = {}
    for index, (status, at) in enumerate(history):
        spent.setdefault(status, timedelta())
        if index + 1 < len(history):
            until = history[index + 1][1]
            if until < at:
                raise InvalidInput(
                    f"Lịch sử trạng thái không theo thứ tự thời gian ở mục {index + 2}.",
                    field="history",
                    params={"index": index + 1},
                )
        elif now is not None and status not in _FINAL:
            until = now
            if until < at:
                raise InvalidInput(
                    "Thời điểm tính sớm hơn lần chuyển trạng thái cuối cùng.",
                    field="now",
                )
        else:
            continue
        spent[status] += until - at
    return MappingProxyType(spent)
