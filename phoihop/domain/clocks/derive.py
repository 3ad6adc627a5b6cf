"""Every statutory clock of one case, derived from the decisions recorded on it.

LEGAL.md §1.11 says which decision starts, extends and ends each clock. ``clocks_for``
replays the case (procedure.timeline.replay), walks its history once, and hands each
clock to the engine (``compute``) for its deadline and explanation: nothing here counts
days. What cannot be computed is reported in ``DerivedClocks.problems`` (Vietnamese,
with a stable code), never raised.

Event parameters read here, besides those the stage machine reads (charges, person):

- ``months`` / ``days`` / ``hours``: the length a decision orders or grants;
- ``at`` ("HH:MM"): the hour custody began (R1);
- ``variant``: the catalogue variant (type of expertise, force majeure, supreme court);
- ``received_on``: the day the file or request reached the body whose clock runs, where
  the law counts from receipt (148(2), 174(2)–(3), 240(1), 277(2), 346(1), 364(2),
  GĐTP 26a(1), THADS 36);
- ``deduct_days``: days of custody to deduct from a detention order (118(4));
- ``request``: the sequence number of the request an expertise or valuation conclusion
  answers (otherwise the oldest open request, first in first out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.errors import DomainError, InvalidInput, RuleViolation
from phoihop.domain.procedure.events import (
    EVENT_LABELS_VI,
    PARAM_FIRST_INITIATED_ON,
    PARAM_PERSON,
    Event,
    EventType,
)
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.procedure.timeline import Step, replay

from .calendar import RestDayCalendar
from .catalog import CATALOG
from .computation import ClockRequest, ClockResult, Computation, Recategorisation, day_text
from .compute import compute
from .procedural import procedural
from .rules import ClockRule, CountingMode, Duration, LegalBasis, Note, Terms, Unit
from .validation import build_catalog

__all__ = [
    "DUE_SOON_DAYS",
    "ENDED_BY",
    "EXTENDED_BY",
    "LAPSING",
    "VALUATION",
    "CaseClock",
    "ClockProblem",
    "ClockStatus",
    "DerivedClocks",
    "clocks_for",
    "nearest_deadline",
]

_E = EventType
_ONE_DAY = timedelta(days=1)

DUE_SOON_DAYS: Final = 10
# Art. 216 sets no period for asset valuation: the request states it. The clock is built
# here from that period and is not in the catalogue (LEGAL.md §1.8 VAL-PERIOD).
VALUATION: Final = "VALUATION"

PARAM_MONTHS: Final = "months"
PARAM_DAYS: Final = "days"
PARAM_HOURS: Final = "hours"
PARAM_AT: Final = "at"
PARAM_VARIANT: Final = "variant"
PARAM_RECEIVED_ON: Final = "received_on"
PARAM_DEDUCT_DAYS: Final = "deduct_days"
PARAM_REQUEST: Final = "request"


class ClockStatus(StrEnum):
    RUNNING = "RUNNING"
    DUE_SOON = "DUE_SOON"  # few days left, or the last day to ask for an extension passed
    OVERDUE = "OVERDUE"  # still running after its deadline
    MET = "MET"  # ended by a decision on or before the deadline, or lapsed (LAPSING)
    MISSED = "MISSED"  # ended by a decision after the deadline

    @property
    def is_open(self) -> bool:
        return self in (ClockStatus.RUNNING, ClockStatus.DUE_SOON, ClockStatus.OVERDUE)


@dataclass(frozen=True)
class CaseClock:
    """One statutory clock of a case as of ``today``, with the engine's explanation."""

    key: str  # stable within the case: "INVESTIGATION", "DETENTION:person=42:event=9"
    code: str  # catalogue code, or VALUATION
    variant: str | None
    person: str | None
    basis: str
    category: CrimeCategory | None
    started_by: EventType
    start_sequence: int
    start_on: date
    start_at: datetime | None
    nominal_end: date
    deadline: date
    deadline_at: datetime | None
    extension_request_by: date | None
    max_deadline: date
    extensions_used: int
    status: ClockStatus
    ended_on: date | None
    ended_by: EventType | None
    steps: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    def days_left(self, today: date) -> int:
        """Calendar days from ``today`` to the deadline; negative once it has passed."""
        return (self.deadline - today).days

    def working_days_left(self, today: date, calendar: RestDayCalendar) -> int:
        """Working days after ``today`` up to and including the deadline (0 on the last
        day); once it has passed, minus the working days since the deadline."""
        if today <= self.deadline:
            return _working_days_between(today, self.deadline, calendar)
        return -_working_days_between(self.deadline, today, calendar)


@dataclass(frozen=True)
class ClockProblem:
    """Why a clock could not be derived, or was derived leaving something out."""

    code: str  # stable: "clock.category.required", "clock.extension.not_allowed"...
    message: str  # Vietnamese, naming the decision and the article
    key: str | None = None
    clock: str | None = None
    sequence: int | None = None  # the decision at fault


@dataclass(frozen=True)
class DerivedClocks:
    clocks: tuple[CaseClock, ...] = ()
    problems: tuple[ClockProblem, ...] = ()

    def get(self, key: str) -> CaseClock | None:
        return next((clock for clock in self.clocks if clock.key == key), None)

    @property
    def open(self) -> tuple[CaseClock, ...]:
        return tuple(clock for clock in self.clocks if clock.is_open)

    @property
    def nearest_deadline(self) -> date | None:
        return nearest_deadline(self.clocks)


def nearest_deadline(clocks: Iterable[CaseClock]) -> date | None:
    """The earliest deadline among the clocks still running (overdue ones included)."""
    return min((clock.deadline for clock in clocks if clock.is_open), default=None)


# --- what each decision does to the clocks (LEGAL.md §1.11) ---------------------------

_DENUNCIATION_ENDS = frozenset(
    {_E.CASE_INITIATED, _E.CASE_NOT_INITIATED, _E.REPORT_SETTLEMENT_SUSPENDED}
)
# 229, 230, 232: conclusion, termination or suspension of the investigation.
_INVESTIGATION_ENDS = frozenset(
    {_E.INVESTIGATION_CONCLUDED, _E.INVESTIGATION_TERMINATED, _E.INVESTIGATION_SUSPENDED}
)
# 240, 245, 247, 248: indictment, return, suspension or termination by the procuracy.
_PROSECUTION_ENDS = frozenset(
    {
        _E.INDICTED,
        _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
        _E.CASE_SUSPENDED,
        _E.CASE_TERMINATED,
    }
)
# 277(1), 280–282: bringing to trial, return, suspension or termination by the court.
_TRIAL_PREPARATION_ENDS = frozenset(
    {
        _E.TRIAL_SCHEDULED,
        _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
        _E.CASE_SUSPENDED,
        _E.CASE_TERMINATED,
    }
)

# The decisions that end each clock. Per-person clocks (CUSTODY, DETENTION) end only by a
# decision about the same person; EXPERTISE and VALUATION end by the conclusion that
# answers the request. CASE_CLOSED ends whatever is still running (except LAPSING).
ENDED_BY: Mapping[str, frozenset[EventType]] = MappingProxyType(
    {
        "DENUNCIATION": _DENUNCIATION_ENDS,
        "DENUNCIATION_PROLONGED": _DENUNCIATION_ENDS,
        "DENUNCIATION_AFTER_ANNULMENT": _DENUNCIATION_ENDS,  # 148(2): "as DEN-BASE"
        "DENUNCIATION_AFTER_RESUMPTION": _DENUNCIATION_ENDS,
        "INVESTIGATION": _INVESTIGATION_ENDS,
        "INVESTIGATION_RESUMED": _INVESTIGATION_ENDS,  # 174(1): "as INVESTIGATION"
        "REINVESTIGATION": _INVESTIGATION_ENDS,  # 174(3)
        "SUPPLEMENTARY_INVESTIGATION": frozenset({_E.ADDITIONAL_INVESTIGATION_CONCLUDED}),
        "PROSECUTION": _PROSECUTION_ENDS,
        "TRIAL_PREPARATION": _TRIAL_PREPARATION_ENDS,
        "TRIAL_PREPARATION_AFTER_RETURN": _TRIAL_PREPARATION_ENDS,
        # 277(3) asks the hearing to open. The record has no "hearing opened" decision: the
        # judgment is the first proof that it did; a return by the trial panel (280) or a
        # suspension/termination also shows the hearing question is settled.
        "HEARING_OPENING": frozenset(
            {
                _E.FIRST_INSTANCE_JUDGMENT,
                _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
                _E.CASE_SUSPENDED,
                _E.CASE_TERMINATED,
            }
        ),
        # 346(2): bring to appellate trial, or end the appeal (348: every appeal withdrawn,
        # recorded as JUDGMENT_FINAL).
        "APPELLATE_DECISION": frozenset({_E.APPELLATE_TRIAL_SCHEDULED, _E.JUDGMENT_FINAL}),
        # 346(1): the appellate hearing; its judgment (355) is the first proof it opened.
        "APPELLATE_HEARING": frozenset(
            {
                _E.APPELLATE_JUDGMENT,
                _E.JUDGMENT_QUASHED_FOR_REINVESTIGATION,
                _E.JUDGMENT_QUASHED_FOR_RETRIAL,
                _E.JUDGMENT_FINAL,
            }
        ),
        "EXECUTION_DECISION": frozenset({_E.EXECUTION_DECIDED}),  # 364(2)
        "CIVIL_ENFORCEMENT": frozenset({_E.ENFORCEMENT_STARTED}),  # THADS 36(2)
        # 118: custody ends by release or by detention; a new custody order supersedes.
        "CUSTODY": frozenset({_E.PERSON_RELEASED, _E.DETENTION_ORDERED, _E.CUSTODY_ORDERED}),
        # A new order for the same person supersedes the old one (TTLT 04/2018 Art.18–19);
        # detention after a judgment (329(3), 347(3)) ends when the judgment is executed
        # (364).
        "DETENTION": frozenset({_E.PERSON_RELEASED, _E.DETENTION_ORDERED, _E.EXECUTION_DECIDED}),
        "EXPERTISE": frozenset({_E.EXPERTISE_CONCLUDED}),  # 213
        VALUATION: frozenset({_E.VALUATION_CONCLUDED}),  # 221
    }
)

# Periods that end on their own at their deadline instead of by a decision, and are MET
# when they do. APPEAL and PROTEST (333, 337) are periods given to the parties and the
# procuracy: nobody misses a duty when they run out, the judgment simply takes effect
# (343). JUDGMENT_DELIVERY (262) is the court's duty, but no decision records the
# delivery, so the record cannot tell met from missed: the clock warns while it runs and
# lapses afterwards (its steps say so).
LAPSING: frozenset[str] = frozenset({"APPEAL", "PROTEST", "JUDGMENT_DELIVERY"})

# The clocks each extension decision extends (the latest one still running).
EXTENDED_BY: Mapping[EventType, tuple[str, ...]] = MappingProxyType(
    {
        _E.REPORT_SETTLEMENT_EXTENDED: ("DENUNCIATION_PROLONGED",),  # 147(2), VKS once
        _E.INVESTIGATION_EXTENDED: ("INVESTIGATION", "INVESTIGATION_RESUMED", "REINVESTIGATION"),
        _E.PROSECUTION_EXTENDED: ("PROSECUTION",),  # 240(1)
        # 277(2) allows no extension of the 15 days after a return; the engine refuses it
        # and the refusal is reported rather than silently dropped.
        _E.TRIAL_PREPARATION_EXTENDED: ("TRIAL_PREPARATION", "TRIAL_PREPARATION_AFTER_RETURN"),
        _E.CUSTODY_EXTENDED: ("CUSTODY",),  # 118(2)
        _E.DETENTION_EXTENDED: ("DETENTION",),  # 173, 241, 278
    }
)

_PER_PERSON = frozenset({"CUSTODY", "DETENTION"})
_ANSWERED = frozenset({"EXPERTISE", VALUATION})  # ended by the conclusion answering them
_AFTER_JUDGMENT = frozenset({"AFTER_SENTENCE", "AFTER_APPEAL"})
_SUSPENSION_BEFORE_EXPIRY = MappingProxyType(
    {
        _E.REPORT_SETTLEMENT_SUSPENDED: (
            "Điều 148 khoản 1 chỉ cho tạm đình chỉ việc giải quyết nguồn tin khi đã hết thời "
            "hạn giải quyết."
        ),
        _E.INVESTIGATION_SUSPENDED: (
            "Trước khi hết thời hạn điều tra chỉ được tạm đình chỉ khi bị can bị bệnh tâm thần "
            "hoặc bệnh hiểm nghèo (Điều 229 khoản 1 điểm b)."
        ),
        _E.CASE_SUSPENDED: (
            "Trước khi hết thời hạn chỉ được tạm đình chỉ vụ án khi bị can, bị cáo bị bệnh tâm "
            "thần hoặc bệnh hiểm nghèo (Điều 247 khoản 1 điểm a, Điều 281)."
        ),
    }
)


# --- the walk -------------------------------------------------------------------------


def clocks_for(
    events: Sequence[Event],
    calendar: RestDayCalendar,
    *,
    today: date,
    due_soon_days: int = DUE_SOON_DAYS,
) -> DerivedClocks:
    """Every statutory clock of one case as of ``today``, in the order they started.

    Decisions dated after ``today`` are not yet known and are left out, so a past
    ``today`` shows the clocks as they stood that day. A history the stage machine
    refuses yields no clocks and one problem (code "clock.derive.history")."""
    known = [event for event in events if event.date <= today]
    try:
        timeline = replay(known)
    except DomainError as error:
        problem = ClockProblem(
            "clock.derive.history",
            f"Không tính được thời hạn vì lịch sử quyết định của vụ án không hợp lệ: "
            f"{error.message}",
        )
        return DerivedClocks(problems=(problem,))
    walk = _Walk(calendar, today, due_soon_days, timeline.national_security)
    for step in timeline.history:
        walk.step(step)
    clocks = tuple(clock for draft in walk.drafts if (clock := walk.finish(draft)) is not None)
    return DerivedClocks(clocks, tuple(walk.problems))


@dataclass
class _Draft:
    """A clock while the history is walked: what the engine will be asked."""

    key: str
    code: str
    rule: ClockRule
    variant: str | None
    person: str | None
    origin: Event
    start_on: date
    start_at: datetime | None = None
    category: CrimeCategory | None = None
    recategorisations: list[Recategorisation] = field(default_factory=list)
    extensions: list[tuple[Duration, Event]] = field(default_factory=list)
    ordered: Duration | None = None
    deduct_days: int = 0
    before: list[str] = field(default_factory=list)
    ended: Event | None = None

    @property
    def terms(self) -> Terms | None:
        if self.rule.terms is not None:
            return self.rule.terms
        chosen = self.variant or self.rule.default_variant
        return None if chosen is None else self.rule.variants.get(chosen)

    @property
    def follows_category(self) -> bool:
        terms = self.terms
        return terms is not None and terms.depends_on_category

    @property
    def current_category(self) -> CrimeCategory | None:
        if self.recategorisations:
            return self.recategorisations[-1].category
        return self.category


_Handler = Callable[["_Walk", Step], None]


class _Walk:
    """One pass over the replayed history: opens, extends and ends the drafts."""

    def __init__(
        self, calendar: RestDayCalendar, today: date, due_soon_days: int, national_security: bool
    ) -> None:
        self.calendar = calendar
        self.today = today
        self.due_soon_days = due_soon_days
        # Taken from the charges as they stand (Timeline.national_security): Chapter XIII
        # charges add the Procurator General's extensions (172(3), 173(5)).
        self.national_security = national_security
        self.drafts: list[_Draft] = []
        self.problems: list[ClockProblem] = []
        self.requests: dict[str, list[tuple[int, _Draft | None]]] = {"EXPERTISE": [], VALUATION: []}
        self.judged = False  # a first-instance judgment in the current round
        self.appeal_accepted = False
        self.last_judgment: EventType | None = None

    # one decision

    def step(self, step: Step) -> None:
        self._end(step.event)
        self._recategorise(step)
        self._extend(step.event)
        handler = _HANDLERS.get(step.event.type)
        if handler is not None:
            handler(self, step)
        self._remember(step.event)

    def _remember(self, event: Event) -> None:
        kind = event.type
        if kind is _E.FIRST_INSTANCE_JUDGMENT:
            self.judged = True
        if kind is _E.APPEAL_ACCEPTED:
            self.appeal_accepted = True
        if kind in (_E.JUDGMENT_FINAL, _E.APPELLATE_JUDGMENT):
            self.last_judgment = kind
        if kind in (
            _E.APPELLATE_JUDGMENT,
            _E.JUDGMENT_QUASHED_FOR_REINVESTIGATION,
            _E.JUDGMENT_QUASHED_FOR_RETRIAL,
        ):
            self.appeal_accepted = False
        if kind in (_E.JUDGMENT_QUASHED_FOR_REINVESTIGATION, _E.JUDGMENT_QUASHED_FOR_RETRIAL):
            self.judged = False

    def _open(self) -> Iterator[_Draft]:
        return (draft for draft in self.drafts if draft.ended is None)

    def _latest_open(self, codes: Iterable[str], person: str | None = None) -> _Draft | None:
        wanted = set(codes)
        for draft in reversed(self.drafts):
            if draft.ended is not None or draft.code not in wanted:
                continue
            if draft.code in _PER_PERSON and draft.person != person:
                continue
            return draft
        return None

    # ending

    def _end(self, event: Event) -> None:
        if event.type is _E.CASE_CLOSED:
            for draft in self._open():
                if draft.code not in LAPSING:
                    draft.ended = event
            return
        for draft in self._open():
            if draft.code in _ANSWERED or event.type not in ENDED_BY.get(draft.code, ()):
                continue
            if _concerns(draft, event):
                draft.ended = event
        for code, queue in self.requests.items():
            if event.type in ENDED_BY[code] and queue:
                self._answer(code, queue, event)

    def _answer(self, code: str, queue: list[tuple[int, _Draft | None]], event: Event) -> None:
        """The conclusion answers the request it names, else the oldest open one (FIFO)."""
        index = 0
        named = event.params.get(PARAM_REQUEST)
        if named is not None:
            found = [i for i, (sequence, _) in enumerate(queue) if str(sequence) == str(named)]
            if found:
                index = found[0]
            else:
                self._report(
                    "clock.derive.unknown_request",
                    f"{_decision(event)} ghi yêu cầu số {named} nhưng không có yêu cầu đang chờ "
                    "với số đó; coi là trả lời yêu cầu sớm nhất còn chờ.",
                    clock=code,
                    event=event,
                )
        _, draft = queue.pop(index)
        if draft is not None:
            draft.ended = event

    # category (R10)

    def _recategorise(self, step: Step) -> None:
        """R10 RECATEGORISE_FROM_ORIGINAL_START (CONVENTION, TTLT 04/2018 Art.14): a change
        of the heaviest charge while a clock runs is passed to the engine, which recounts
        from the original start. A category first known after the start (charges recorded
        with the suspect, not the case) counts from the start too."""
        category = step.category
        if category is None:
            return
        for draft in self._open():
            if not draft.follows_category:
                continue
            if draft.category is None or step.event.date < draft.start_on:
                draft.category = category
                draft.recategorisations.clear()
            elif category is not draft.current_category:
                draft.recategorisations.append(Recategorisation(step.event.date, category))

    # extending

    def _extend(self, event: Event) -> None:
        if event.type is _E.REPORT_SETTLEMENT_PROLONGED:
            self._prolong(event)
            return
        codes = EXTENDED_BY.get(event.type)
        if codes is None:
            return
        person = _person(event)
        draft = self._latest_open(codes, person)
        if draft is None:
            who = f" của người {person}" if person is not None else ""
            self._report(
                "clock.derive.nothing_to_extend",
                f"{_decision(event)}: không có thời hạn nào{who} đang chạy để gia hạn; quyết "
                "định này không được tính.",
                event=event,
            )
            return
        length = self._length(event, draft)
        if length is None:
            self._report(
                "clock.derive.no_length",
                f"{_decision(event)} không ghi độ dài gia hạn (số tháng hoặc số ngày) nên không "
                "được tính; hạn hiển thị là hạn khi chưa gia hạn.",
                draft=draft,
                event=event,
            )
            draft.before.append(
                f"CẢNH BÁO: {_decision(event)} không ghi độ dài gia hạn nên không được tính."
            )
            return
        draft.extensions.append((length, event))
        draft.before.append(f"{_decision(event)}: gia hạn {length.label}.")

    def _prolong(self, event: Event) -> None:
        """147(2): the head of the investigating body prolongs settlement to 2 months from
        receipt; it replaces the 20 days, so the same clock changes rule, not start."""
        draft = self._latest_open(("DENUNCIATION",))
        if draft is None:
            self._report(
                "clock.derive.nothing_to_extend",
                f"{_decision(event)}: không có thời hạn giải quyết nguồn tin 20 ngày đang chạy.",
                event=event,
            )
            return
        draft.code, draft.rule = "DENUNCIATION_PROLONGED", CATALOG["DENUNCIATION_PROLONGED"]
        draft.before.append(
            f"{_decision(event)}: kéo dài thời hạn đến 2 tháng kể từ ngày tiếp nhận, thay cho "
            "20 ngày (Điều 147 khoản 2)."
        )

    # starting

    def _new(
        self,
        step: Step,
        code: str,
        *,
        variant: str | None = None,
        person: str | None = None,
        key: str | None = None,
        from_receipt: bool = False,
        rule: ClockRule | None = None,
    ) -> _Draft:
        event = step.event
        draft = _Draft(
            key=key or _key(code, event, variant, person),
            code=code,
            rule=rule or CATALOG[code],
            variant=variant,
            person=person,
            origin=event,
            start_on=event.date,
            category=step.category,
            before=[f"Bắt đầu từ {_decision(event)}."],
        )
        if from_receipt:
            self._start_from_receipt(draft, event)
        self.drafts.append(draft)
        return draft

    def _start_from_receipt(self, draft: _Draft, event: Event) -> None:
        """Where the law counts from the receipt of the file or request, the recorded
        ``received_on`` is the start; without it the decision date is used, the earliest
        the receipt can be, so the deadline shown is never later than the real one."""
        try:
            received = _date_param(event, PARAM_RECEIVED_ON)
        except InvalidInput as error:
            self._report(error.code, f"{_decision(event)}: {error.message}", draft=draft)
            received = None
        if received is None:
            draft.before.append(
                f"Chưa ghi ngày nhận hồ sơ, yêu cầu (received_on): tính từ ngày ra quyết định "
                f"{day_text(event.date)}, ngày sớm nhất có thể."
            )
            return
        draft.start_on = received
        draft.before.append(f"Ngày nhận hồ sơ, yêu cầu: {day_text(received)}.")

    def _length(self, event: Event, draft: _Draft | None = None) -> Duration | None:
        try:
            return _length_param(event)
        except InvalidInput as error:
            self._report(error.code, f"{_decision(event)}: {error.message}", draft=draft)
            return None

    def _report(
        self,
        code: str,
        message: str,
        *,
        draft: _Draft | None = None,
        clock: str | None = None,
        event: Event | None = None,
    ) -> None:
        source = event if event is not None or draft is None else draft.origin
        self.problems.append(
            ClockProblem(
                code=code,
                message=message,
                key=None if draft is None else draft.key,
                clock=clock or (None if draft is None else draft.code),
                sequence=None if source is None else source.sequence,
            )
        )

    # the handlers, one per starting decision

    def _denunciation(self, step: Step) -> None:
        self._new(step, "DENUNCIATION", key="DENUNCIATION")  # 147(1): from receipt

    def _after_annulment(self, step: Step) -> None:
        # 148(2): one month from the investigating body's receipt of the annulment.
        self._new(step, "DENUNCIATION_AFTER_ANNULMENT", from_receipt=True)

    def _after_resumption(self, step: Step) -> None:
        self._new(step, "DENUNCIATION_AFTER_RESUMPTION")  # 149, R12

    def _initiation(self, step: Step) -> None:
        # 172(1), TTLT 04/2018 Art.14(1): from the first initiation only.
        if not any(draft.key == "INVESTIGATION" for draft in self.drafts):
            self._new(step, "INVESTIGATION", key="INVESTIGATION")

    def _joining(self, step: Step) -> None:
        """TTLT 04/2018 Art.14(1): joined cases run from the first initiation of any."""
        event = step.event
        draft = self._latest_open(("INVESTIGATION",))
        if draft is None:
            return
        try:
            first = _date_param(event, PARAM_FIRST_INITIATED_ON)
        except InvalidInput as error:
            self._report(error.code, f"{_decision(event)}: {error.message}", draft=draft)
            return
        if first is not None and first < draft.start_on:
            draft.start_on = first
            draft.before.append(
                f"{_decision(event)}: vụ án được nhập khởi tố ngày {day_text(first)}, thời hạn "
                "điều tra tính từ ngày khởi tố đầu tiên (TTLT 04/2018 Điều 14 khoản 1)."
            )

    def _investigation_resumed(self, step: Step) -> None:
        self._new(step, "INVESTIGATION_RESUMED")  # 174(1), R12

    def _reinvestigation(self, step: Step) -> None:
        self._new(step, "REINVESTIGATION", from_receipt=True)  # 174(3)

    def _returned(self, step: Step) -> None:
        # 174(2): 2 months when the procuracy returned the file (245), 1 month when the
        # court did (280); the stage the file was in says which.
        variant = "PROCURACY" if step.stage_before is Stage.PROSECUTION else "COURT"
        self._new(step, "SUPPLEMENTARY_INVESTIGATION", variant=variant, from_receipt=True)

    def _concluded(self, step: Step) -> None:
        self._new(step, "PROSECUTION", from_receipt=True)  # 240(1): from VKS receipt

    def _supplement_concluded(self, step: Step) -> None:
        if step.stage_after is Stage.PROSECUTION:
            draft = self._new(step, "PROSECUTION", from_receipt=True)
            draft.before.append(
                "CHƯA XÁC NHẬN: sau điều tra bổ sung, thời hạn truy tố tính lại từ ngày Viện "
                "kiểm sát nhận lại hồ sơ (cách hiểu Điều 240 khoản 1, LEGAL.md §1.3)."
            )
        elif step.stage_after is Stage.FIRST_INSTANCE:
            # 277(2): the court has 15 days from receiving the file back.
            self._new(step, "TRIAL_PREPARATION_AFTER_RETURN", from_receipt=True)

    def _case_resumed(self, step: Step) -> None:
        # R12 RESUMPTION_STARTS_FRESH_PERIOD (CONVENTION): 249 and 283 restart the full
        # prosecution or trial-preparation period from the resumption decision.
        codes = {Stage.PROSECUTION: "PROSECUTION", Stage.FIRST_INSTANCE: "TRIAL_PREPARATION"}
        code = codes.get(step.stage_after)
        if code is None:
            return
        draft = self._new(step, code)
        draft.before.append(
            "Phục hồi vụ án: thời hạn mới tính đầy đủ từ quyết định phục hồi, không cộng phần "
            "còn lại (RESUMPTION_STARTS_FRESH_PERIOD, BLTTHS Điều 249, 283)."
        )

    def _accepted_for_trial(self, step: Step) -> None:
        self._new(step, "TRIAL_PREPARATION")  # 277(1): from thụ lý

    def _trial_scheduled(self, step: Step) -> None:
        self._new(step, "HEARING_OPENING", variant=_variant_param(step.event))  # 277(3)

    def _first_instance_judgment(self, step: Step) -> None:
        self._new(step, "JUDGMENT_DELIVERY")  # 262
        self._new(step, "APPEAL", variant="JUDGMENT")  # 333(1)
        self._new(step, "PROTEST", variant="SAME_LEVEL_JUDGMENT")  # 337(1)
        self._new(step, "PROTEST", variant="SUPERIOR_JUDGMENT")

    def _appeal_accepted(self, step: Step) -> None:
        # 346(2) counts from the acceptance (thụ lý), 346(1) from the receipt of the file.
        variant = _variant_param(step.event)
        self._new(step, "APPELLATE_DECISION", variant=variant)
        self._new(step, "APPELLATE_HEARING", variant=variant, from_receipt=True)

    def _appellate_judgment(self, step: Step) -> None:
        # 355(2): effective on pronouncement; 364(2) counts from the court's receipt.
        self._new(step, "JUDGMENT_DELIVERY")  # 262 covers appellate judgments too
        self._new(step, "EXECUTION_DECISION", variant="FROM_EFFECTIVE_DATE", from_receipt=True)

    def _judgment_final(self, step: Step) -> None:
        # 364(2): the decision records the day the judgment took effect (343, R11).
        self._new(step, "EXECUTION_DECISION", variant="FROM_EFFECTIVE_DATE")

    def _execution_decided(self, step: Step) -> None:
        # THADS 36(2): from the enforcement office's receipt of the judgment.
        self._new(step, "CIVIL_ENFORCEMENT", from_receipt=True)

    def _custody(self, step: Step) -> None:
        """R1 TAM_GIU_HOURS: custody counts from the hour. Without ``at`` the count starts
        at 00:00 of the decision day, the earliest it can, so the end is never late."""
        event = step.event
        draft = self._new(step, "CUSTODY", person=_person(event))
        try:
            at = _time_param(event)
        except InvalidInput as error:
            self._report(error.code, f"{_decision(event)}: {error.message}", draft=draft)
            at = None
        if at is None:
            draft.before.append(
                "Chưa ghi giờ bắt đầu tạm giữ (at): tính từ 00:00 ngày ra quyết định."
            )
        draft.start_at = datetime.combine(event.date, at or time(0, 0))

    def _detention(self, step: Step) -> None:
        event = step.event
        person = _person(event)
        variant, note = self._detention_variant(step)
        draft = self._new(step, "DETENTION", variant=variant, person=person)
        if note is not None:
            draft.before.append(note)
        draft.ordered = self._length(event, draft)
        if draft.ordered is None:
            draft.before.append("Lệnh không ghi thời hạn: tính theo thời hạn tối đa luật cho.")
        draft.deduct_days = self._custody_days(event, draft)

    def _detention_variant(self, step: Step) -> tuple[str, str | None]:
        """The detention table follows the stage the order is made in (173, 241, 278) and
        after a judgment the 45 days of 329(3) or 347(3)."""
        stage = step.stage_before
        if stage is Stage.ADDITIONAL_INVESTIGATION:
            return "INVESTIGATION", (
                "Tạm giam trong thời hạn điều tra bổ sung không được quá thời hạn điều tra bổ "
                "sung (Điều 174 khoản 4)."
            )
        if stage is Stage.PROSECUTION:
            return "PROSECUTION", None
        if stage is Stage.FIRST_INSTANCE:
            return ("AFTER_SENTENCE" if self.judged else "TRIAL_PREPARATION"), None
        if stage is Stage.APPEAL and self.appeal_accepted:
            # 347(2) caps detention for the appellate trial by the 346 period; the catalogue
            # has no such variant. The 45 days of 329(3) are shown, the shorter reading, and
            # the gap is reported.
            self._report(
                "clock.derive.uncatalogued",
                f"{_decision(step.event)}: tạm giam để xét xử phúc thẩm (Điều 347 khoản 2) "
                "chưa có trong danh mục thời hạn; hệ thống tạm tính 45 ngày như Điều 329 "
                "khoản 3, cần đối chiếu ngày ghi trong lệnh.",
                clock="DETENTION",
                event=step.event,
            )
            return "AFTER_SENTENCE", (
                "CẢNH BÁO: tạm giam để xét xử phúc thẩm (Điều 347 khoản 2) tạm tính theo 45 "
                "ngày của Điều 329 khoản 3; ngày ghi trong lệnh là căn cứ."
            )
        if stage is Stage.ENFORCEMENT and self.last_judgment is _E.APPELLATE_JUDGMENT:
            return "AFTER_APPEAL", None
        if stage in (Stage.APPEAL, Stage.ENFORCEMENT):
            return "AFTER_SENTENCE", None
        # INVESTIGATION, also when resumed (174(4) caps it by the resumed period) or
        # reopened for re-investigation (the Art.173 table, LEGAL.md §1.3).
        return "INVESTIGATION", None

    def _custody_days(self, event: Event, draft: _Draft) -> int:
        """118(4): days of custody are deducted from detention (R4). A stated
        ``deduct_days`` wins; otherwise the custody this order ends is counted, one day per
        calendar day from the custody's first day to the day before detention begins."""
        try:
            stated = _count_param(event, PARAM_DEDUCT_DAYS)
        except InvalidInput as error:
            self._report(error.code, f"{_decision(event)}: {error.message}", draft=draft)
            stated = None
        if stated is not None:
            return stated
        custody = next(
            (
                d
                for d in self.drafts
                if d.code == "CUSTODY" and d.ended is event and d.person == draft.person
            ),
            None,
        )
        if custody is None:
            return 0
        days = (draft.start_on - custody.start_on).days
        if days > 0:
            draft.before.append(
                f"Người này bị tạm giữ từ {day_text(custody.start_on)}: trừ {days} ngày tạm giữ "
                "vào thời hạn tạm giam (Điều 118 khoản 4)."
            )
        return max(days, 0)

    def _expertise(self, step: Step) -> None:
        # 208, GĐTP 26a(1): from the expert's receipt of the decision and full dossier.
        variant = _variant_param(step.event) or "OTHER"
        draft = self._new(step, "EXPERTISE", variant=variant, from_receipt=True)
        self.requests["EXPERTISE"].append((step.event.sequence, draft))

    def _valuation(self, step: Step) -> None:
        """216: no statutory period; the period stated in the request governs. A clock is
        derived only when the request's period is recorded (``days`` or ``months``)."""
        event = step.event
        length = self._length(event)
        draft: _Draft | None = None
        if length is None:
            self._report(
                "clock.valuation.no_period",
                f"{_decision(event)} không ghi thời hạn định giá; Điều 216 không quy định số "
                "ngày nên không tính được hạn.",
                clock=VALUATION,
                event=event,
            )
        else:
            draft = self._new(step, VALUATION, rule=_valuation_rule(length), from_receipt=True)
        self.requests[VALUATION].append((event.sequence, draft))

    # the result

    def finish(self, draft: _Draft) -> CaseClock | None:
        if draft.follows_category and draft.current_category is None:
            self._report(
                "clock.category.required",
                f"Chưa tính được {draft.rule.label.lower()} ({draft.rule.basis.label}): chưa có "
                "tội danh theo khoản nào được ghi nhận nên chưa biết loại tội. Hãy ghi tội danh "
                "khi khởi tố vụ án, khởi tố bị can hoặc thay đổi quyết định khởi tố.",
                draft=draft,
            )
            return None
        computed = self._compute(draft)
        if computed is None:
            return None
        result, used = computed
        status, ended_on, ended_by, closing = self._status(draft, result)
        return CaseClock(
            key=draft.key,
            code=draft.code,
            variant=result.variant,
            person=draft.person,
            basis=result.basis.label,
            category=result.category,
            started_by=draft.origin.type,
            start_sequence=draft.origin.sequence,
            start_on=draft.start_on,
            start_at=draft.start_at,
            nominal_end=result.nominal_end,
            deadline=result.deadline,
            deadline_at=result.deadline_at,
            extension_request_by=result.extension_request_by,
            max_deadline=result.max_deadline,
            extensions_used=used,
            status=status,
            ended_on=ended_on,
            ended_by=ended_by,
            steps=(*draft.before, *result.steps, *closing),
        )

    def _compute(self, draft: _Draft) -> tuple[ClockResult, int] | None:
        """Ask the engine; an extension or an order the law refuses is left out (or cut to
        the maximum the law allows), said in the steps and reported, and the rest counted."""
        extensions = [length for length, _ in draft.extensions]
        ordered = draft.ordered
        for _ in range(2 * len(extensions) + 2):
            request = ClockRequest(
                code=draft.code,
                start_on=draft.start_on,
                start_at=draft.start_at,
                category=draft.category if draft.follows_category else None,
                national_security=self.national_security,
                variant=draft.variant,
                extensions=tuple(extensions),
                recategorisations=(
                    tuple(draft.recategorisations) if draft.follows_category else ()
                ),
                ordered=ordered,
                deduct_days=draft.deduct_days,
            )
            try:
                return _run(draft.rule, request, self.calendar), len(extensions)
            except RuleViolation as error:
                repaired = self._repair(draft, error, extensions, ordered)
                if repaired is None:
                    self._report(error.code, _plain(error.message), draft=draft)
                    return None
                extensions, ordered = repaired
            except DomainError as error:
                self._report(error.code, _plain(error.message), draft=draft)
                return None
            except (OverflowError, ValueError):  # dates pushed past year 9999
                self._report(
                    "input.out_of_range",
                    f"{draft.rule.label}: ngày bắt đầu hoặc độ dài vượt ngoài khoảng tính được.",
                    draft=draft,
                )
                return None
        return None

    def _repair(
        self,
        draft: _Draft,
        error: RuleViolation,
        extensions: list[Duration],
        ordered: Duration | None,
    ) -> tuple[list[Duration], Duration | None] | None:
        index = _extension_index(error.field)
        if error.code == "clock.extension.not_allowed" and index is not None:
            for _, event in draft.extensions[index : len(extensions)]:
                self._refuse(draft, event, f"{_plain(error.message)} Không tính lần gia hạn này.")
            return extensions[:index], ordered
        if error.code == "clock.extension.too_long" and index is not None:
            cap = self._cap(draft, index)
            if cap is None:
                return None
            event = draft.extensions[index][1]
            self._refuse(draft, event, f"{_plain(error.message)} Chỉ tính {cap.label}.")
            return [*extensions[:index], cap, *extensions[index + 1 :]], ordered
        if error.code == "clock.detention.too_long" and ordered is not None:
            self._refuse(
                draft, draft.origin, f"{_plain(error.message)} Tính theo mức tối đa luật cho."
            )
            return extensions, None
        return None

    def _refuse(self, draft: _Draft, event: Event, text: str) -> None:
        message = f"{_decision(event)}: {text}"
        self._report("clock.derive.refused", message, draft=draft, event=event)
        draft.before.append(f"CẢNH BÁO: {message}")

    def _cap(self, draft: _Draft, index: int) -> Duration | None:
        terms, category = draft.terms, draft.current_category
        if terms is None or category is None:
            return None
        available = terms.steps_for(category, self.national_security)
        return available[index][1] if index < len(available) else None

    def _status(
        self, draft: _Draft, result: ClockResult
    ) -> tuple[ClockStatus, date | None, EventType | None, tuple[str, ...]]:
        deadline, today = result.deadline, self.today
        if draft.ended is not None:
            return self._ended_status(draft, draft.ended, deadline)
        if draft.code in LAPSING and today > deadline:
            text = (
                f"Thời hạn đã hết ngày {day_text(deadline)}; đây là thời hạn dành cho người "
                "tham gia tố tụng nên kết thúc khi hết hạn (MET)."
            )
            if draft.code == "JUDGMENT_DELIVERY":
                text = (
                    f"Thời hạn đã hết ngày {day_text(deadline)}. Hồ sơ không có quyết định ghi "
                    "nhận việc giao bản án nên hệ thống coi thời hạn kết thúc khi hết hạn, không "
                    "kiểm tra được việc tuân thủ."
                )
            return ClockStatus.MET, deadline, None, (text,)
        left = (deadline - today).days
        if left < 0:
            return ClockStatus.OVERDUE, None, None, (f"Đã quá hạn {-left} ngày (OVERDUE).",)
        request_by = result.extension_request_by
        if request_by is not None and today >= request_by:
            text = (
                f"Còn {left} ngày; đã đến hạn chót đề nghị gia hạn {day_text(request_by)} "
                "(DUE_SOON)."
            )
            return ClockStatus.DUE_SOON, None, None, (text,)
        if left <= self.due_soon_days:
            return ClockStatus.DUE_SOON, None, None, (f"Còn {left} ngày (DUE_SOON).",)
        return ClockStatus.RUNNING, None, None, (f"Còn {left} ngày.",)

    def _ended_status(
        self, draft: _Draft, ended: Event, deadline: date
    ) -> tuple[ClockStatus, date | None, EventType | None, tuple[str, ...]]:
        # A decision dated on the last day is in time: the period runs to 24:00 of that
        # day (Art.134). One dated later is late, suspensions included: 148, 229 and 247
        # let suspension be decided once the period has run out, and we read that as "on
        # its last day at the latest" (the law says no more).
        met = ended.date <= deadline
        status = ClockStatus.MET if met else ClockStatus.MISSED
        verdict = "trong hạn (MET)" if met else "sau hạn (MISSED)"
        texts = [f"Kết thúc bằng {_decision(ended)}: {verdict}."]
        if ended.type is _E.CASE_CLOSED:
            texts.append("Hồ sơ vụ án đã kết thúc nên thời hạn không còn chạy.")
        warning = _SUSPENSION_BEFORE_EXPIRY.get(ended.type)
        if warning is not None and ended.date < deadline and draft.code in _SUSPENDABLE:
            texts.append(f"Lưu ý: {warning}")
        return status, ended.date, ended.type, tuple(texts)


_SUSPENDABLE = frozenset(
    {
        "DENUNCIATION",
        "DENUNCIATION_PROLONGED",
        "DENUNCIATION_AFTER_ANNULMENT",
        "DENUNCIATION_AFTER_RESUMPTION",
        "INVESTIGATION",
        "INVESTIGATION_RESUMED",
        "REINVESTIGATION",
        "PROSECUTION",
        "TRIAL_PREPARATION",
        "TRIAL_PREPARATION_AFTER_RETURN",
    }
)

_HANDLERS: Mapping[EventType, _Handler] = MappingProxyType(
    {
        _E.CRIME_REPORT_RECEIVED: _Walk._denunciation,
        _E.REPORT_SUSPENSION_ANNULLED: _Walk._after_annulment,
        _E.REPORT_SETTLEMENT_RESUMED: _Walk._after_resumption,
        _E.CASE_INITIATED: _Walk._initiation,
        _E.CASES_JOINED: _Walk._joining,
        _E.INVESTIGATION_RESUMED: _Walk._investigation_resumed,
        _E.JUDGMENT_QUASHED_FOR_REINVESTIGATION: _Walk._reinvestigation,
        _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION: _Walk._returned,
        _E.INVESTIGATION_CONCLUDED: _Walk._concluded,
        _E.ADDITIONAL_INVESTIGATION_CONCLUDED: _Walk._supplement_concluded,
        _E.CASE_RESUMED: _Walk._case_resumed,
        _E.CASE_ACCEPTED_FOR_TRIAL: _Walk._accepted_for_trial,
        _E.TRIAL_SCHEDULED: _Walk._trial_scheduled,
        _E.FIRST_INSTANCE_JUDGMENT: _Walk._first_instance_judgment,
        _E.APPEAL_ACCEPTED: _Walk._appeal_accepted,
        _E.APPELLATE_JUDGMENT: _Walk._appellate_judgment,
        _E.JUDGMENT_FINAL: _Walk._judgment_final,
        _E.EXECUTION_DECIDED: _Walk._execution_decided,
        _E.CUSTODY_ORDERED: _Walk._custody,
        _E.DETENTION_ORDERED: _Walk._detention,
        _E.EXPERTISE_REQUESTED: _Walk._expertise,
        _E.VALUATION_REQUESTED: _Walk._valuation,
    }
)


# --- helpers ----------------------------------------------------------------------------


def _concerns(draft: _Draft, event: Event) -> bool:
    if draft.code not in _PER_PERSON:
        return True
    if event.type is _E.EXECUTION_DECIDED:
        return draft.variant in _AFTER_JUDGMENT
    return _person(event) == draft.person


def _key(code: str, event: Event, variant: str | None, person: str | None) -> str:
    parts = [code]
    if code == "PROTEST" and variant is not None:  # two protest clocks start together
        parts.append(f"variant={variant}")
    if person is not None:
        parts.append(f"person={person}")
    parts.append(f"event={event.sequence}")
    return ":".join(parts)


def _decision(event: Event) -> str:
    return (
        f"«{EVENT_LABELS_VI[event.type]}» (quyết định thứ {event.sequence}, ngày "
        f"{day_text(event.date)})"
    )


def _person(event: Event) -> str | None:
    value = event.params.get(PARAM_PERSON)
    return None if value is None else str(value)


def _variant_param(event: Event) -> str | None:
    value = event.params.get(PARAM_VARIANT)
    return None if value is None or value == "" else str(value)


def _whole(event: Event, name: str) -> int | None:
    value = event.params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InvalidInput(f"Tham số {name} phải là số nguyên, nhận được «{value}».", field=name)


def _length_param(event: Event) -> Duration | None:
    """The length a decision orders or grants: ``months``, ``days`` or ``hours``."""
    given = [
        (unit, amount)
        for name, unit in (
            (PARAM_MONTHS, Unit.MONTHS),
            (PARAM_DAYS, Unit.DAYS),
            (PARAM_HOURS, Unit.HOURS),
        )
        if (amount := _whole(event, name)) is not None
    ]
    if not given:
        return None
    if len(given) > 1:
        raise InvalidInput(
            "Độ dài chỉ được ghi bằng một đơn vị (tháng, ngày hoặc giờ); quyết định ghi nhiều "
            "đơn vị nên không được tính.",
            field=PARAM_DAYS,
        )
    unit, amount = given[0]
    return Duration(amount, unit)


def _count_param(event: Event, name: str) -> int | None:
    value = _whole(event, name)
    if value is not None and value < 0:
        raise InvalidInput(f"Tham số {name} không được âm.", field=name)
    return value


def _date_param(event: Event, name: str) -> date | None:
    value = event.params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(
        f"Tham số {name} phải là ngày dạng YYYY-MM-DD, nhận được «{value}».", field=name
    )


_HOUR_MINUTE = re.compile(r"(\d{1,2}):(\d{2})")


def _time_param(event: Event) -> time | None:
    value = event.params.get(PARAM_AT)
    if value is None or value == "":
        return None
    match = _HOUR_MINUTE.fullmatch(str(value).strip())
    if match is not None and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    raise InvalidInput(
        f"Tham số at phải là giờ dạng HH:MM, nhận được «{value}»; tính từ 00:00.", field=PARAM_AT
    )


_EXTENSION_FIELD = re.compile(r"extensions\[(\d+)\]")
# The engine names the input field at fault ("(trường extensions[2])"); a derived clock
# has no such field, the decision is named instead.
_FIELD_MENTION = re.compile(r"\s*\(trường [\w\[\].]+\)|;\s*trường [\w\[\].]+ không hợp lệ")


def _extension_index(field_name: str | None) -> int | None:
    match = _EXTENSION_FIELD.fullmatch(field_name or "")
    return None if match is None else int(match[1])


def _plain(message: str) -> str:
    return _FIELD_MENTION.sub("", message)


def _working_days_between(first: date, last: date, calendar: RestDayCalendar) -> int:
    """Working days d with first < d <= last."""
    count, day = 0, first + _ONE_DAY
    while day <= last:
        count += not calendar.is_rest(day)
        day += _ONE_DAY
    return count


def _valuation_rule(length: Duration) -> ClockRule:
    """216: the period the request states, counted as any procedural period (R2/R3).
    Built per request and checked like a catalogue rule, but not in the catalogue."""
    basis = LegalBasis(code="BLTTHS-2015", article=216)
    rule = ClockRule(
        code=VALUATION,
        label="Thời hạn định giá tài sản",
        start_event="ngày Hội đồng định giá tài sản nhận yêu cầu định giá",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=basis,
        terms=Terms(
            basis=basis,
            label="Theo thời hạn ghi trong văn bản yêu cầu định giá",
            base=dict.fromkeys(CrimeCategory, length),
            notes=(
                Note(
                    "Điều 216 không quy định số ngày: thời hạn là thời hạn ghi trong văn bản yêu "
                    "cầu; Hội đồng định giá phải thông báo bằng văn bản nếu không thực hiện được."
                ),
            ),
        ),
    )
    return build_catalog((rule,))[VALUATION]


def _run(rule: ClockRule, request: ClockRequest, calendar: RestDayCalendar) -> ClockResult:
    if CATALOG.get(rule.code) is rule:
        return compute(request, calendar)
    # A rule outside the catalogue (VALUATION) runs through the same procedural counting.
    terms = rule.terms
    assert terms is not None
    run = Computation(rule, None, terms, request, calendar)
    run.say(f"{rule.label} — {terms.label} ({terms.basis.label}).")
    outcome = procedural(run)
    return ClockResult(
        code=rule.code,
        variant=None,
        category=None,
        basis=terms.basis,
        nominal_end=outcome.nominal_end,
        deadline=outcome.deadline,
        deadline_at=outcome.deadline_at,
        extension_request_by=outcome.request_by,
        max_deadline=outcome.max_deadline,
        max_deadline_at=outcome.max_deadline_at,
        steps=run.finish(),
    )
