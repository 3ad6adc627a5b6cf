"""The pure core of the nightly follow-up sweep (đôn đốc): which clocks, requests and
tasks are due soon or overdue, the reminder for each, and the key that lets the Django
layer send at most one reminder per item per day (it stores the keys under a unique
constraint)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from phoihop.domain.errors import InvalidInput
from phoihop.domain.organisation import AgencyKind

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
            f"Số ngày báo trước phải là số nguyên không âm, nhận được {within_days!r}.",
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


# Who must act on a clock: the body whose decision ends it (BLTTHS: investigation
# periods the police, prosecution the procuracy, trial and appeal the court).
CLOCK_RESPONSIBLE: Mapping[str, AgencyKind] = {
    "DENUNCIATION": AgencyKind.INVESTIGATION,
    "DENUNCIATION_PROLONGED": AgencyKind.INVESTIGATION,
    "DENUNCIATION_AFTER_ANNULMENT": AgencyKind.INVESTIGATION,
    "DENUNCIATION_AFTER_RESUMPTION": AgencyKind.INVESTIGATION,
    "INVESTIGATION": AgencyKind.INVESTIGATION,
    "INVESTIGATION_RESUMED": AgencyKind.INVESTIGATION,
    "SUPPLEMENTARY_INVESTIGATION": AgencyKind.INVESTIGATION,
    "REINVESTIGATION": AgencyKind.INVESTIGATION,
    "CUSTODY": AgencyKind.INVESTIGATION,
    "DETENTION": AgencyKind.INVESTIGATION,
    "EXPERTISE": AgencyKind.EXPERTISE,
    "VALUATION": AgencyKind.VALUATION,
    "PROSECUTION": AgencyKind.PROCURACY,
    "TRIAL_PREPARATION": AgencyKind.COURT,
    "TRIAL_PREPARATION_AFTER_RETURN": AgencyKind.COURT,
    "HEARING_OPENING": AgencyKind.COURT,
    "HEARING_REOPENING": AgencyKind.COURT,
    "APPELLATE_HEARING_REOPENING": AgencyKind.COURT,
    "JUDGMENT_DELIVERY": AgencyKind.COURT,
    "APPELLATE_DECISION": AgencyKind.COURT,
    "APPELLATE_HEARING": AgencyKind.COURT,
    "EXECUTION_DECISION": AgencyKind.COURT,
    "CIVIL_ENFORCEMENT": AgencyKind.ENFORCEMENT,
}


# Detention belongs to whoever holds the file at the time of the order: the
# procuracy during prosecution (Art. 241), the court for trial preparation and after
# a judgment (Art. 278, 329(3), 347(3)).
DETENTION_RESPONSIBLE: Mapping[str, AgencyKind] = {
    "INVESTIGATION": AgencyKind.INVESTIGATION,
    "PROSECUTION": AgencyKind.PROCURACY,
    "TRIAL_PREPARATION": AgencyKind.COURT,
    "AFTER_SENTENCE": AgencyKind.COURT,
    "AFTER_APPEAL": AgencyKind.COURT,
}


def responsible_kind(code: str, variant: str | None) -> AgencyKind | None:
    """The kind of agency that must act on a clock (catalogue code and variant)."""
    if code == "DETENTION":
        return DETENTION_RESPONSIBLE.get(variant or "", AgencyKind.INVESTIGATION)
    return CLOCK_RESPONSIBLE.get(code)


@dataclass(frozen=True)
class Participant:
    agency_id: int
    kind: AgencyKind
    handling: bool


DEADLINE_FIGURES = ("overdue", "due_soon", "past_maximum")


def agencies_to_act(
    clocks: Iterable[tuple[str, str, str | None]], participants: Iterable[Participant]
) -> dict[str, set[int]]:
    """Which agencies of a case a deadline figure counts: for "overdue", those that must
    act on a clock past its deadline; for "due_soon", those that must act on one due soon
    and on none overdue; for "past_maximum", those that had to act on a clock that ran
    past the longest the law allows. ``clocks`` are (figure, code, variant); an agency must
    act when its kind is the clock's responsible kind (``responsible_kind``). A clock
    whose responsible body is not on the case (an expert body never joined) counts
    against the handling agencies, who must chase it."""
    people = list(participants)
    found: dict[str, set[int]] = {figure: set() for figure in DEADLINE_FIGURES}
    for figure, code, variant in clocks:
        if figure not in found:
            continue
        kind = responsible_kind(code, variant)
        acting = {p.agency_id for p in people if p.kind == kind}
        found[figure] |= acting or {p.agency_id for p in people if p.handling}
    found["due_soon"] -= found["overdue"]
    return found
