"""The pure core of the nightly follow-up sweep (đôn đốc): which clocks, requests and
tasks are due soon or overdue, the reminder for each, and the key that lets the Django
layer send at most one reminder per item per day (it stores the keys under a unique
constraint)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from phoihop.domain.errors import InvalidInput

from .inputs import day_text


class FollowUpKind(StrEnum):
    CLOCK = "clock"
    REQUEST = "request"
    TASK = "task"


class ReminderLevel(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class FollowUpItem:
    kind: FollowUpKind
    key: str  # stable within its kind: a clock key, a request or task id
    responsible_agency_id: int
    due_on: date
    title: str  # Vietnamese: what is due ("Thời hạn điều tra vụ án …")
    case_id: int | None = None


@dataclass(frozen=True)
class ReminderDraft:
    key: str  # reminder_key(item, today)
    item: FollowUpItem
    level: ReminderLevel
    days: int  # days left when DUE_SOON (0 on the last day), days late when OVERDUE
    text: str


def reminder_key(item: FollowUpItem, today: date) -> str:
    """``kind:key:YYYY-MM-DD``: the same item gets the same key all day long."""
    return f"{FollowUpKind(item.kind).value}:{item.key}:{today.isoformat()}"


def reminder_text(item: FollowUpItem, today: date) -> str:
    left = (item.due_on - today).days
    if left < 0:
        return f"Đôn đốc: {item.title} đã quá hạn {-left} ngày (hạn ngày {day_text(item.due_on)})."
    when = f"còn {left} ngày" if left else "hôm nay là ngày cuối"
    return f"Đôn đốc: {item.title} đến hạn ngày {day_text(item.due_on)} ({when})."


def due_items(
    items: Iterable[FollowUpItem], *, today: date, within_days: int
) -> list[ReminderDraft]:
    """A reminder for every item due within ``within_days`` days of ``today`` or already
    overdue, earliest first; an item listed twice is reminded once."""
    if isinstance(within_days, bool) or not isinstance(within_days, int) or within_days < 0:
        raise InvalidInput(
            f"Số ngày báo trước phải là số nguyên không âm, nhận được {within_days!r} "
            "(trường within_days).",
            field="within_days",
        )
    drafts: dict[str, ReminderDraft] = {}
    for item in items:
        left = (item.due_on - today).days
        key = reminder_key(item, today)
        if left > within_days or key in drafts:
            continue
        level = ReminderLevel.OVERDUE if left < 0 else ReminderLevel.DUE_SOON
        drafts[key] = ReminderDraft(key, item, level, abs(left), reminder_text(item, today))
    return sorted(drafts.values(), key=lambda d: (d.item.due_on, d.key))
