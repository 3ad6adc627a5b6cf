"""Coordination requests between agencies (yêu cầu phối hợp): who moves a request
along, when it is due, and what an expertise or valuation still pending allows.

Expertise periods are statutory (BLTTHS Art. 208, Law on Judicial Expertise Art. 26a,
LEGAL.md §1.8 and §3) and are counted by the clock engine, never here. Valuation has no
statutory period (Art. 216): the request states it. Other requests are due on the date
agreed in them (the coordination regulation sets no period of its own).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from phoihop.domain.clocks import ClockRequest, LegalBasis, RestDayCalendar, compute
from phoihop.domain.errors import AccessDenied, InvalidInput, RuleViolation, TransitionNotAllowed

from .inputs import day_text, required_text


class RequestKind(StrEnum):
    EXPERTISE = "expertise"  # trưng cầu giám định (205–213)
    VALUATION = "valuation"  # yêu cầu định giá tài sản (215–222)
    DOCUMENTS = "documents"  # cung cấp tài liệu
    OPINION = "opinion"  # cho ý kiến
    LEGAL_ASSISTANCE = "legal_assistance"  # ủy thác tư pháp, tương trợ tư pháp
    ASSET_RECOVERY = "asset_recovery"  # phối hợp thu hồi tài sản
    OTHER = "other"


class RequestStatus(StrEnum):
    SENT = "sent"
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class RequestParty(StrEnum):
    SENDER = "sender"  # the requesting agency
    RECIPIENT = "recipient"  # the agency asked


class ReasonRule(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True)
class RequestMove:
    """Who may make one move of a request, and whether it needs a reason."""

    party: RequestParty
    reason: ReasonRule = ReasonRule.NONE


REQUEST_STATUS_LABELS_VI: Mapping[RequestStatus, str] = MappingProxyType(
    {
        RequestStatus.SENT: "Đã gửi",
        RequestStatus.RECEIVED: "Đã tiếp nhận",
        RequestStatus.IN_PROGRESS: "Đang thực hiện",
        RequestStatus.ANSWERED: "Đã trả lời",
        RequestStatus.DECLINED: "Từ chối",
        RequestStatus.CANCELLED: "Đã hủy",
    }
)

REQUEST_KIND_LABELS_VI: Mapping[RequestKind, str] = MappingProxyType(
    {
        RequestKind.EXPERTISE: "trưng cầu giám định",
        RequestKind.VALUATION: "yêu cầu định giá tài sản",
        RequestKind.DOCUMENTS: "yêu cầu cung cấp tài liệu",
        RequestKind.OPINION: "đề nghị cho ý kiến",
        RequestKind.LEGAL_ASSISTANCE: "ủy thác tư pháp",
        RequestKind.ASSET_RECOVERY: "yêu cầu phối hợp thu hồi tài sản",
        RequestKind.OTHER: "yêu cầu phối hợp",
    }
)

PARTY_LABELS_VI: Mapping[RequestParty, str] = MappingProxyType(
    {RequestParty.SENDER: "cơ quan gửi yêu cầu", RequestParty.RECIPIENT: "cơ quan nhận yêu cầu"}
)

OPEN_STATUSES = frozenset({RequestStatus.SENT, RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS})

_S = RequestStatus
_RECIPIENT = RequestMove(RequestParty.RECIPIENT)
_DECLINE = RequestMove(RequestParty.RECIPIENT, ReasonRule.REQUIRED)
_CANCEL = RequestMove(RequestParty.SENDER, ReasonRule.OPTIONAL)

REQUEST_TRANSITIONS: Mapping[tuple[RequestStatus, RequestStatus], RequestMove] = MappingProxyType(
    {
        (_S.SENT, _S.RECEIVED): _RECIPIENT,
        (_S.RECEIVED, _S.IN_PROGRESS): _RECIPIENT,
        # An answer may come without the request ever being marked received.
        **{(status, _S.ANSWERED): _RECIPIENT for status in OPEN_STATUSES},
        **{(status, _S.DECLINED): _DECLINE for status in OPEN_STATUSES},
        **{(status, _S.CANCELLED): _CANCEL for status in OPEN_STATUSES},
    }
)


def is_open(status: RequestStatus) -> bool:
    return status in OPEN_STATUSES


def is_overdue(status: RequestStatus, due_on: date, today: date) -> bool:
    """Still open after its due day (a request is due until the end of ``due_on``)."""
    return is_open(status) and today > due_on


def allowed_request_moves(status: RequestStatus, party: RequestParty) -> tuple[RequestStatus, ...]:
    """The statuses ``party`` may move the request to: the buttons it sees, and what
    ``request_transition`` accepts."""
    return tuple(
        to
        for (origin, to), move in REQUEST_TRANSITIONS.items()
        if origin is status and move.party is party
    )


def moved_by(status: RequestStatus) -> RequestParty:
    """The party whose move put a request in ``status``: the sender sends it (and may
    cancel it); every other status is one the table lets a single party enter."""
    if status is RequestStatus.SENT:
        return RequestParty.SENDER
    (party,) = {move.party for (_, to), move in REQUEST_TRANSITIONS.items() if to is status}
    return party


def request_transition(
    status: RequestStatus, to: RequestStatus, party: RequestParty, *, reason: str | None = None
) -> RequestStatus:
    """The new status, or TransitionNotAllowed (not possible from ``status``),
    AccessDenied (``party`` may not make the move), InvalidInput (field ``reason``)."""
    move = REQUEST_TRANSITIONS.get((status, to))
    if move is None:
        possible = [REQUEST_STATUS_LABELS_VI[t] for (s, t) in REQUEST_TRANSITIONS if s is status]
        tail = f"; có thể chuyển sang: {', '.join(possible)}" if possible else ""
        raise TransitionNotAllowed(
            f"Yêu cầu phối hợp đang ở trạng thái «{REQUEST_STATUS_LABELS_VI[status]}», không "
            f"thể chuyển sang «{REQUEST_STATUS_LABELS_VI[to]}»{tail}.",
            code="request.transition.not_allowed",
            field="status",
            params={"status": status.value, "to": to.value},
        )
    if move.party is not party:
        raise AccessDenied(
            f"Chỉ {PARTY_LABELS_VI[move.party]} được chuyển yêu cầu sang trạng thái "
            f"«{REQUEST_STATUS_LABELS_VI[to]}».",
            code="request.transition.denied",
            params={"to": to.value, "party": party.value, "allowed_party": move.party.value},
        )
    if move.reason is ReasonRule.REQUIRED:
        required_text(reason, field="reason", what="lý do từ chối yêu cầu phối hợp")
    return to


@dataclass(frozen=True)
class DueDate:
    """When a request is due and why: ``statutory`` when the law fixes the date
    (an expertise period), False when the date is the one agreed in the request."""

    due_on: date
    basis: str  # Vietnamese, naming the article or the agreement
    statutory: bool
    steps: tuple[str, ...] = ()  # the engine's explanation, for statutory dates


_AGREED_BASIS = "Thời hạn ghi trong yêu cầu phối hợp"
_VALUATION_BASIS = LegalBasis(code="BLTTHS-2015", article=216)
_EXPERTISE_AGREEMENT = LegalBasis(code="GDTP-2012", article=26, clause=5, article_suffix="a")


def due_date_for(
    kind: RequestKind,
    *,
    sent_on: date,
    calendar: RestDayCalendar,
    variant: str | None = None,
    agreed_due_on: date | None = None,
    received_on: date | None = None,
) -> DueDate:
    """The due date of a request.

    EXPERTISE: the statutory period of BLTTHS Art. 208 / GĐTP Art. 26a for ``variant``
    (PSYCHIATRIC, DEATH_OR_POLLUTION, NINE_DAYS, OTHER, OTHER_COMPLEX), counted by the
    clock engine. The law counts from the day the expert receives the decision with the
    complete dossier (GĐTP 26a(1)); ``received_on`` is that day when known, otherwise
    the sent day is used, which can only give an earlier date. A date agreed with the
    expert (26a(5)) governs when it is earlier; a later one is refused.

    VALUATION and the other kinds: the date agreed in the request, which is required
    (Art. 216 sets no period for valuation).
    """
    if received_on is not None and received_on < sent_on:
        raise InvalidInput(
            f"Ngày nhận {day_text(received_on)} sớm hơn ngày gửi {day_text(sent_on)}.",
            field="received_on",
        )
    if agreed_due_on is not None and agreed_due_on < sent_on:
        raise InvalidInput(
            f"Hạn trả lời {day_text(agreed_due_on)} sớm hơn ngày gửi {day_text(sent_on)}.",
            field="due_on",
        )
    if kind is RequestKind.EXPERTISE:
        return _expertise_due(sent_on, received_on, variant, agreed_due_on, calendar)
    if variant is not None:
        raise InvalidInput(
            f"Trường variant chỉ dùng cho trưng cầu giám định, không áp dụng cho "
            f"{REQUEST_KIND_LABELS_VI[kind]}.",
            field="variant",
        )
    if agreed_due_on is None:
        why = (
            " (BLTTHS Điều 216 không quy định thời hạn định giá: thời hạn là thời hạn ghi trong "
            "văn bản yêu cầu)"
            if kind is RequestKind.VALUATION
            else ""
        )
        raise InvalidInput(
            f"Cần nhập hạn trả lời cho {REQUEST_KIND_LABELS_VI[kind]}{why}.",
            code="request.due_on.required",
            field="due_on",
        )
    if kind is RequestKind.VALUATION:
        basis = f"{_VALUATION_BASIS.label}: thời hạn ghi trong văn bản yêu cầu định giá"
        return DueDate(agreed_due_on, basis, statutory=False)
    return DueDate(agreed_due_on, _AGREED_BASIS, statutory=False)


def _expertise_due(
    sent_on: date,
    received_on: date | None,
    variant: str | None,
    agreed_due_on: date | None,
    calendar: RestDayCalendar,
) -> DueDate:
    request = ClockRequest(code="EXPERTISE", start_on=received_on or sent_on, variant=variant)
    result = compute(request, calendar)
    if agreed_due_on is None:
        return DueDate(result.deadline, result.basis.label, statutory=True, steps=result.steps)
    if agreed_due_on > result.deadline:
        raise RuleViolation(
            f"Hạn trả lời thỏa thuận {day_text(agreed_due_on)} muộn hơn thời "
            f"hạn giám định theo luật {day_text(result.deadline)} ({result.basis.label}; "
            "BLTTHS Điều 208, Luật Giám định tư pháp Điều 26a).",
            code="request.due_on.beyond_statutory",
            field="due_on",
            params={
                "due_on": agreed_due_on.isoformat(),
                "statutory_due_on": result.deadline.isoformat(),
                "basis": result.basis.label,
            },
        )
    basis = (
        f"{_EXPERTISE_AGREEMENT.label}: thời hạn thỏa thuận, trong giới hạn {result.basis.label}"
    )
    return DueDate(agreed_due_on, basis, statutory=False, steps=result.steps)


@dataclass(frozen=True)
class SuspensionGround:
    basis: LegalBasis
    period: str  # Vietnamese: the main period that ran out
    decision: str  # Vietnamese: the decision the ground allows


# BLTTHS grounds for suspending a main clock that ran out while expertise or valuation is
# still pending: only after expiry, and the clock is suspended, never extended, on that
# ground (LEGAL.md §1.8 engine notes, §1.11, §3(6)).
_SOURCE = SuspensionGround(
    LegalBasis(code="BLTTHS-2015", article=148, clause=1, point="a"),
    "thời hạn giải quyết nguồn tin về tội phạm",
    "tạm đình chỉ việc giải quyết nguồn tin về tội phạm",
)
_INVESTIGATION = SuspensionGround(
    LegalBasis(code="BLTTHS-2015", article=229, clause=1, point="c"),
    "thời hạn điều tra",
    "tạm đình chỉ điều tra",
)
_PROSECUTION = SuspensionGround(
    LegalBasis(code="BLTTHS-2015", article=247, clause=1, point="c"),
    "thời hạn quyết định việc truy tố",
    "tạm đình chỉ vụ án",
)

_TRIAL = SuspensionGround(
    LegalBasis(code="BLTTHS-2015", article=281, clause=1),
    "thời hạn chuẩn bị xét xử",
    "tạm đình chỉ vụ án (Điều 281 khoản 1, căn cứ điểm c khoản 1 Điều 229)",
)

# Keyed by the clock catalogue code of the main clock.
SUSPENSION_GROUNDS: Mapping[str, SuspensionGround] = MappingProxyType(
    {
        "DENUNCIATION": _SOURCE,
        "DENUNCIATION_PROLONGED": _SOURCE,
        "DENUNCIATION_AFTER_ANNULMENT": _SOURCE,
        "DENUNCIATION_AFTER_RESUMPTION": _SOURCE,
        "INVESTIGATION": _INVESTIGATION,
        "INVESTIGATION_RESUMED": _INVESTIGATION,
        "REINVESTIGATION": _INVESTIGATION,
        "PROSECUTION": _PROSECUTION,
        "TRIAL_PREPARATION": _TRIAL,
        "TRIAL_PREPARATION_AFTER_RETURN": _TRIAL,
    }
)

# LEGAL.md §1.8 treats expertise and valuation alike as parallel clocks that allow the
# suspension. Foreign legal assistance pending may be a ground too; LEGAL.md does not
# confirm it, so it is not offered (ambiguity noted, reading taken: expertise, valuation).
SUSPENDING_KINDS = frozenset({RequestKind.EXPERTISE, RequestKind.VALUATION})


def suspension_hint(
    request_kind: RequestKind,
    request_open: bool,
    main_clock_deadline: date | None,
    today: date,
    *,
    clock_code: str,
) -> str | None:
    """A Vietnamese hint that the case's main clock (catalogue code ``clock_code``) may be
    suspended because an expertise or valuation request is still open and the clock ran
    out; None otherwise (the request is closed, the clock has not run out, or the law
    gives no such ground for that clock).
    """
    ground = SUSPENSION_GROUNDS.get(clock_code)
    if (
        ground is None
        or request_kind not in SUSPENDING_KINDS
        or not request_open
        or main_clock_deadline is None
        or today <= main_clock_deadline
    ):
        return None
    return (
        f"{REQUEST_KIND_LABELS_VI[request_kind].capitalize()} chưa có kết quả mà "
        f"{ground.period} đã hết ngày {day_text(main_clock_deadline)}: pháp luật cho phép "
        f"{ground.decision} vì lý do này ({ground.basis.label})."
    )
