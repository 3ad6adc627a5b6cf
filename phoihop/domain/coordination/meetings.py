"""Inter-agency meetings (họp liên ngành) on the cases of their agenda: each agency's
position, the outcome per case, and the escalation of what the agencies did not agree.

The chair's agency runs the meeting: it marks it held, records the outcome of each
agenda case and closes it. Positions come from the participating agencies, one per
agency per case, while the meeting is not closed (written positions may come before).

The chair's agency also keeps the record the minutes are drawn from (``MeetingRecord``):
when the meeting began and ended, who chaired it, who kept the minutes (thư ký) and the
delegates of each agency. The minutes are signed by the secretary and the chair, so the
two are different people; they state a start and an end time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

from phoihop.domain.errors import AccessDenied, InvalidInput, RuleViolation, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind

from .authority import AuthorityRef, CaseMonitoring, authority_for
from .inputs import required_text

__all__ = [
    "MEETING_STATUS_LABELS_VI",
    "MEETING_TRANSITIONS",
    "AgendaCase",
    "AuthorityRef",
    "CaseMonitoring",
    "CaseOutcome",
    "Conclusion",
    "Delegate",
    "EscalationDraft",
    "Meeting",
    "MeetingRecord",
    "MeetingStatus",
    "Position",
    "PositionEffect",
    "authority_for",
    "check_meeting_times",
    "conclude_agreed",
    "conclude_not_agreed",
    "meeting_transition",
    "minutes_missing",
    "record_meeting_details",
    "record_position",
]


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CLOSED = "closed"


class CaseOutcome(StrEnum):
    PENDING = "pending"
    AGREED = "agreed"  # thống nhất
    NOT_AGREED = "not_agreed"  # chưa thống nhất: escalated


class PositionEffect(StrEnum):
    """What recording a position does: one position per agency per agenda case."""

    ADDS = "adds"
    REPLACES = "replaces"  # the agency's earlier position on the case


MEETING_STATUS_LABELS_VI: Mapping[MeetingStatus, str] = MappingProxyType(
    {
        MeetingStatus.PLANNED: "Dự kiến",
        MeetingStatus.HELD: "Đã họp",
        MeetingStatus.CLOSED: "Đã kết thúc",
    }
)

MEETING_TRANSITIONS: Mapping[MeetingStatus, frozenset[MeetingStatus]] = MappingProxyType(
    {
        MeetingStatus.PLANNED: frozenset({MeetingStatus.HELD}),
        MeetingStatus.HELD: frozenset({MeetingStatus.CLOSED}),
        MeetingStatus.CLOSED: frozenset(),
    }
)


@dataclass(frozen=True)
class Position:
    """One agency's position (ý kiến) on one agenda case."""

    agency_id: int
    case_id: int
    text: str


@dataclass(frozen=True)
class AgendaCase:
    case_id: int
    outcome: CaseOutcome = CaseOutcome.PENDING
    conclusion: str = ""  # AGREED: what was agreed; NOT_AGREED: the question escalated


@dataclass(frozen=True)
class Meeting:
    status: MeetingStatus
    chair_agency_id: int
    participant_agency_ids: frozenset[int]
    agenda: tuple[AgendaCase, ...]
    positions: tuple[Position, ...] = ()

    def participates(self, agency_id: int) -> bool:
        return agency_id == self.chair_agency_id or agency_id in self.participant_agency_ids

    def agenda_case(self, case_id: int) -> AgendaCase:
        for item in self.agenda:
            if item.case_id == case_id:
                return item
        raise InvalidInput(
            f"Vụ án {case_id} không có trong chương trình cuộc họp.",
            code="meeting.case.not_on_agenda",
            field="case_id",
            params={"case_id": case_id},
        )

    def positions_on(self, case_id: int) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.case_id == case_id)

    @property
    def pending_case_ids(self) -> tuple[int, ...]:
        return tuple(c.case_id for c in self.agenda if c.outcome is CaseOutcome.PENDING)

    def with_position(self, position: Position) -> Meeting:
        """The meeting once ``position`` is recorded (after ``record_position``)."""
        kept = tuple(
            p
            for p in self.positions
            if (p.agency_id, p.case_id) != (position.agency_id, position.case_id)
        )
        return replace(self, positions=(*kept, position))

    def with_outcome(self, agenda_case: AgendaCase) -> Meeting:
        agenda = tuple(agenda_case if c.case_id == agenda_case.case_id else c for c in self.agenda)
        return replace(self, agenda=agenda)


def record_position(meeting: Meeting, *, agency_id: int, case_id: int, text: str) -> PositionEffect:
    """Whether the position adds to the case's positions or replaces the agency's earlier
    one; TransitionNotAllowed once the meeting is closed, AccessDenied for an agency not
    taking part, InvalidInput for a case not on the agenda or an empty text."""
    if meeting.status is MeetingStatus.CLOSED:
        raise TransitionNotAllowed(
            "Cuộc họp đã kết thúc, không ghi nhận thêm ý kiến.",
            code="meeting.closed",
            params={"status": meeting.status.value},
        )
    if not meeting.participates(agency_id):
        raise AccessDenied(
            "Chỉ cơ quan tham dự cuộc họp được ghi nhận ý kiến.",
            code="meeting.position.denied",
            params={"agency_id": agency_id},
        )
    meeting.agenda_case(case_id)
    required_text(text, field="text", what="nội dung ý kiến của cơ quan")
    already = any(p.agency_id == agency_id for p in meeting.positions_on(case_id))
    return PositionEffect.REPLACES if already else PositionEffect.ADDS


def meeting_transition(meeting: Meeting, to: MeetingStatus, *, agency_id: int) -> MeetingStatus:
    """The new status: PLANNED→HELD→CLOSED, by the chair's agency only; closing needs an
    outcome for every agenda case."""
    if to not in MEETING_TRANSITIONS[meeting.status]:
        raise TransitionNotAllowed(
            f"Cuộc họp đang ở trạng thái «{MEETING_STATUS_LABELS_VI[meeting.status]}», không "
            f"thể chuyển sang «{MEETING_STATUS_LABELS_VI[to]}».",
            code="meeting.transition.not_allowed",
            field="status",
            params={"status": meeting.status.value, "to": to.value},
        )
    _check_chair(meeting, agency_id)
    pending = meeting.pending_case_ids
    if to is MeetingStatus.CLOSED and pending:
        raise TransitionNotAllowed(
            "Chưa thể kết thúc cuộc họp: còn vụ án chưa có kết luận thống nhất hoặc chưa "
            f"thống nhất (vụ án {', '.join(str(c) for c in pending)}).",
            code="meeting.outcome.pending",
            field="agenda",
            params={"pending_case_ids": list(pending)},
        )
    return to


@dataclass(frozen=True)
class EscalationDraft:
    """The question the agencies could not agree on, with each agency's position,
    addressed to the competent authority (xin ý kiến cấp có thẩm quyền)."""

    case_id: int
    question: str
    positions: tuple[tuple[int, str], ...]  # (agency_id, position), by agency
    authority: AuthorityRef

    @property
    def authority_kind(self) -> AgencyKind:
        return self.authority.kind


@dataclass(frozen=True)
class Conclusion:
    agenda_case: AgendaCase
    escalation: EscalationDraft | None = None


def conclude_agreed(
    meeting: Meeting, *, agency_id: int, case_id: int, conclusion: str
) -> Conclusion:
    """AGREED on a case, which needs the text of what was agreed (field ``conclusion``)."""
    _check_outcome(meeting, agency_id, case_id)
    text = required_text(conclusion, field="conclusion", what="nội dung kết luận thống nhất")
    return Conclusion(AgendaCase(case_id, CaseOutcome.AGREED, text))


def conclude_not_agreed(
    meeting: Meeting,
    *,
    agency_id: int,
    case_id: int,
    question: str,
    case_monitoring: str,
    province_id: int | None,
) -> Conclusion:
    """NOT_AGREED on a case, with the escalation to the competent authority. There must
    be a disagreement to escalate: at least two different positions on the case."""
    _check_outcome(meeting, agency_id, case_id)
    text = required_text(question, field="question", what="nội dung xin ý kiến")
    positions = sorted(meeting.positions_on(case_id), key=lambda p: p.agency_id)
    if len({_normalised(p.text) for p in positions}) < 2:
        raise RuleViolation(
            "Chỉ ghi nhận «chưa thống nhất» khi có ít nhất hai ý kiến khác nhau của các cơ "
            f"quan về vụ án {case_id}.",
            code="meeting.not_agreed.positions_required",
            field="positions",
            params={"case_id": case_id, "positions": len(positions)},
        )
    draft = EscalationDraft(
        case_id=case_id,
        question=text,
        positions=tuple((p.agency_id, p.text) for p in positions),
        authority=authority_for(case_monitoring, province_id),
    )
    return Conclusion(AgendaCase(case_id, CaseOutcome.NOT_AGREED, text), draft)


def _check_outcome(meeting: Meeting, agency_id: int, case_id: int) -> None:
    if meeting.status is not MeetingStatus.HELD:
        raise TransitionNotAllowed(
            f"Cuộc họp đang ở trạng thái «{MEETING_STATUS_LABELS_VI[meeting.status]}»: chỉ ghi "
            "kết luận khi cuộc họp đã diễn ra và chưa kết thúc.",
            code="meeting.outcome.not_allowed",
            field="status",
            params={"status": meeting.status.value},
        )
    _check_chair(meeting, agency_id)
    if meeting.agenda_case(case_id).outcome is not CaseOutcome.PENDING:
        raise TransitionNotAllowed(
            f"Vụ án {case_id} đã có kết luận trong cuộc họp này; không ghi nhận lại.",
            code="meeting.outcome.already_recorded",
            field="outcome",
            params={"case_id": case_id},
        )


# A delegate's name and title each, as the record keeps them.
DELEGATE_TEXT_LIMIT = 150


@dataclass(frozen=True)
class Delegate:
    """A person who attended for one agency (đại biểu), as the minutes name them."""

    agency_id: int
    name: str
    title: str = ""


@dataclass(frozen=True)
class MeetingRecord:
    """What the minutes state besides the agenda. The secretary is optional until the
    minutes are drawn up (``minutes_missing``); so is the end time, unknown before the
    meeting ends."""

    start_time: dt.time | None
    end_time: dt.time | None
    chair_name: str
    chair_title: str = ""
    secretary_name: str = ""
    secretary_title: str = ""
    secretary_agency_id: int | None = None
    delegates: tuple[Delegate, ...] = ()


def _clock_text(moment: dt.time) -> str:
    return f"{moment:%H:%M}"


def check_meeting_times(start_time: dt.time | None, end_time: dt.time | None) -> None:
    """A meeting has a start time; its end time, once known, comes after it the same
    day (the minutes close with "kết thúc lúc … cùng ngày")."""
    if start_time is None:
        raise InvalidInput(
            "Cần nhập giờ bắt đầu cuộc họp.", code="input.required", field="start_time"
        )
    if end_time is not None and end_time <= start_time:
        raise InvalidInput(
            f"Giờ kết thúc ({_clock_text(end_time)}) phải sau giờ bắt đầu "
            f"({_clock_text(start_time)}).",
            code="meeting.end_before_start",
            field="end_time",
            params={"start_time": _clock_text(start_time), "end_time": _clock_text(end_time)},
        )


def record_meeting_details(
    meeting: Meeting, record: MeetingRecord, *, agency_id: int
) -> MeetingRecord:
    """The record with its texts trimmed, once checked: kept by the chair's agency; the
    chair named; the times; a secretary who is not the chair, of an agency of the
    meeting; each delegate named once, of an agency of the meeting. Any status: who
    attended does not change once the meeting is closed, and a closed meeting may still
    need its minutes."""
    _check_chair(meeting, agency_id)
    chair_name = required_text(record.chair_name, field="chair_name", what="họ tên người chủ trì")
    check_meeting_times(record.start_time, record.end_time)
    secretary_name = (record.secretary_name or "").strip()
    secretary_agency_id = record.secretary_agency_id if secretary_name else None
    if secretary_name:
        if _normalised(secretary_name) == _normalised(chair_name):
            raise InvalidInput(
                f"Thư ký không được là người chủ trì cuộc họp ({chair_name}): biên bản do "
                "thư ký và người chủ trì cùng ký.",
                code="meeting.secretary.is_chair",
                field="secretary_name",
            )
        if secretary_agency_id is None:
            raise InvalidInput(
                "Cần chọn cơ quan của thư ký.",
                code="input.required",
                field="secretary_agency",
            )
        if not meeting.participates(secretary_agency_id):
            raise InvalidInput(
                "Cơ quan của thư ký phải là cơ quan chủ trì hoặc một cơ quan dự họp.",
                code="meeting.secretary.agency_outside",
                field="secretary_agency",
                params={"agency_id": secretary_agency_id},
            )
    delegates = []
    seen: set[tuple[int, str]] = set()
    for delegate in record.delegates:
        name = required_text(delegate.name, field="delegates", what="họ tên đại biểu")
        if not meeting.participates(delegate.agency_id):
            raise InvalidInput(
                f"Cơ quan của đại biểu {name} phải là cơ quan chủ trì hoặc một cơ quan dự họp.",
                code="meeting.delegate.agency_outside",
                field="delegates",
                params={"agency_id": delegate.agency_id},
            )
        title = (delegate.title or "").strip()
        if max(len(name), len(title)) > DELEGATE_TEXT_LIMIT:
            raise InvalidInput(
                f"Họ tên và chức vụ của đại biểu ghi tối đa {DELEGATE_TEXT_LIMIT} ký tự mỗi "
                f"phần ({name[:40]}…).",
                code="input.too_long",
                field="delegates",
                params={"limit": DELEGATE_TEXT_LIMIT},
            )
        key = (delegate.agency_id, _normalised(name))
        if key in seen:
            raise InvalidInput(
                f"Đại biểu {name} được ghi hai lần cho cùng một cơ quan.",
                code="meeting.delegate.twice",
                field="delegates",
                params={"agency_id": delegate.agency_id},
            )
        seen.add(key)
        delegates.append(Delegate(delegate.agency_id, name, title))
    return MeetingRecord(
        start_time=record.start_time,
        end_time=record.end_time,
        chair_name=chair_name,
        chair_title=(record.chair_title or "").strip(),
        secretary_name=secretary_name,
        secretary_title=(record.secretary_title or "").strip() if secretary_name else "",
        secretary_agency_id=secretary_agency_id,
        delegates=tuple(delegates),
    )


def minutes_missing(record: MeetingRecord) -> tuple[str, ...]:
    """What the record lacks for the minutes, in Vietnamese, in the order the minutes
    state it: they are signed by the secretary and say when the meeting began and ended."""
    missing = []
    if record.start_time is None:
        missing.append("giờ bắt đầu")
    if record.end_time is None:
        missing.append("giờ kết thúc")
    if not (record.secretary_name or "").strip() or record.secretary_agency_id is None:
        missing.append("thư ký cuộc họp (họ tên, cơ quan)")
    return tuple(missing)


def _check_chair(meeting: Meeting, agency_id: int) -> None:
    if agency_id != meeting.chair_agency_id:
        raise AccessDenied(
            "Chỉ cơ quan chủ trì cuộc họp được thực hiện thao tác này.",
            code="meeting.chair_only",
            params={"agency_id": agency_id},
        )


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()
