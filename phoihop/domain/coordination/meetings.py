"""Inter-agency meetings (họp liên ngành) on the cases of their agenda: each agency's
position, the outcome per case, and the escalation of what the agencies did not agree.

The chair's agency runs the meeting: it marks it held, records the outcome of each
agenda case and closes it. Positions come from the participating agencies, one per
agency per case, while the meeting is not closed (written positions may come before).
"""

from __future__ import annotations

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
    "EscalationDraft",
    "Meeting",
    "MeetingStatus",
    "Position",
    "PositionEffect",
    "authority_for",
    "conclude_agreed",
    "conclude_not_agreed",
    "meeting_transition",
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


def _check_chair(meeting: Meeting, agency_id: int) -> None:
    if agency_id != meeting.chair_agency_id:
        raise AccessDenied(
            "Chỉ cơ quan chủ trì cuộc họp được thực hiện thao tác này.",
            code="meeting.chair_only",
            params={"agency_id": agency_id},
        )


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()
