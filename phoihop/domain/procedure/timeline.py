"""A case's procedural history replayed into its stage, and the check of the next decision.

`replay` folds the recorded events (in recording order) into a `Timeline`; `check_next`
is the server's check before a decision is written; `allowed_events` lists what may be
recorded next, for the buttons and for that check alike. Both refuse with the same rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from types import MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING, TypeVar

from phoihop.domain.crimes import Charge, CrimeCategory, heaviest, parse_charges
from phoihop.domain.errors import (
    AccessDenied,
    DomainError,
    InvalidInput,
    RuleViolation,
    TransitionNotAllowed,
)
from phoihop.domain.frozen import quickly_made
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import (
    AGENCY_KIND_LABELS_VI,
    EVENT_LABELS_VI,
    PARAM_CATEGORY,
    PARAM_CHARGES,
    PARAM_DATE_KNOWN,
    PARAM_FIRST_INITIATED_ON,
    PARAM_PERSON,
    PARAM_TITLE,
    PARAM_UNRECORDED,
    DateKnown,
    Event,
    EventType,
    date_known,
)
from phoihop.domain.procedure.stages import (
    OPENING_EVENTS,
    PROGRESS_STEP,
    STAGE_LABELS_VI,
    STAGE_REQUIREMENTS,
    TRANSITIONS,
    Remembered,
    Stage,
    recorder_kinds,
)
from phoihop.domain.record_dates import check_record_date

if TYPE_CHECKING:
    E = EventType
else:
    # The same members, read as plain attributes: on Python 3.11 a member read from its
    # enum class takes a slow path (EnumType defines __getattr__), and the guards and
    # the charges read them by the dozen for every decision replayed.
    E = SimpleNamespace(**EventType.__members__)
_K = TypeVar("_K")
_V = TypeVar("_V")

# 174(2): the procuracy returns the file at most twice; the presiding judge once before the
# trial decision and the trial panel once at trial.
MAX_PROCURACY_RETURNS = 2
MAX_JUDGE_RETURNS = 1
MAX_PANEL_RETURNS = 1

_SEQUENCE = attrgetter("sequence")
# Members compared on every decision replayed, held as module names: reading a member
# from its enum class costs several times as much.
_CLOSED = Stage.CLOSED
_ANNULLED = E.SUSPECT_CHARGING_ANNULLED
_CASE_SUBJECT = "case"
_PERSON_PREFIX = "person:"
_INDICTMENT_SUBJECT = "indictment"


@quickly_made
@dataclass(frozen=True)
class Step:
    """One replayed decision: where the case was, where it went, its category after."""

    event: Event
    stage_before: Stage | None
    stage_after: Stage
    category: CrimeCategory | None
    # Each charged person's own heaviest category (173: a detention's limits follow the
    # detained person's charges), by the person's id as the decisions name it.
    person_categories: Mapping[str, CrimeCategory] = field(
        default_factory=dict, hash=False, compare=False
    )


@dataclass(frozen=True)
class Timeline:
    """What the record says about a case, derived from its events; never edited by hand."""

    stage: Stage | None = None  # None: nothing recorded yet
    history: tuple[Step, ...] = ()
    # Returns for additional investigation in the current round (reset when a judgment is
    # quashed, see _apply).
    procuracy_returns: int = 0
    judge_returns: int = 0
    panel_returns: int = 0
    resume_stage: Stage | None = None  # where CASE_RESUMED leads (suspended/terminated in)
    return_stage: Stage | None = None  # where ADDITIONAL_INVESTIGATION_CONCLUDED leads
    closed_by: EventType | None = None
    trial_accepted: bool = False  # the first-instance court has accepted (thụ lý) the case
    stage_entered_on: dt.date | None = None
    stage_events: frozenset[EventType] = frozenset()  # recorded since entering the stage
    # 172 + TTLT 04/2018 Art. 14(1): investigation runs from the first initiation, joined
    # cases included.
    first_initiated_on: dt.date | None = None
    # Current charges per subject: "case" (initiation, or a change naming no suspect, which
    # restates them all), "person:<id>" (suspects; SUSPECT_CHARGED without "person" keys by
    # sequence), "joined:<sequence>" (joined cases), "indictment" (replaces all once indicted).
    charges_by_subject: Mapping[str, tuple[Charge, ...]] = field(default_factory=dict, hash=False)
    counts: Mapping[EventType, int] = field(default_factory=dict, hash=False)
    open_expertise: int = 0
    open_valuations: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "charges_by_subject", MappingProxyType(dict(self.charges_by_subject))
        )
        object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))

    @property
    def last_event(self) -> Event | None:
        return self.history[-1].event if self.history else None

    @property
    def last_date(self) -> dt.date | None:
        return self.history[-1].event.date if self.history else None

    @property
    def last_sequence(self) -> int:
        return self.history[-1].event.sequence if self.history else 0

    def count(self, event_type: EventType) -> int:
        return self.counts.get(event_type, 0)

    def last(self, event_type: EventType) -> Event | None:
        for step in reversed(self.history):
            if step.event.type is event_type:
                return step.event
        return None

    @property
    def charges(self) -> tuple[Charge, ...]:
        unique = dict.fromkeys(c for cs in self.charges_by_subject.values() for c in cs)
        return tuple(sorted(unique, key=lambda charge: (charge.article, charge.clause)))

    @property
    def category(self) -> CrimeCategory | None:
        """The heaviest category charged (172; TTLT 04/2018 Art. 14), None if no charge."""
        every = [c for cs in self.charges_by_subject.values() for c in cs]
        return heaviest(every) if every else None

    @property
    def national_security(self) -> bool:
        for charges in self.charges_by_subject.values():  # a loop: cheaper than any() here
            for charge in charges:
                if charge.is_national_security:
                    return True
        return False

    @property
    def court_returns(self) -> int:
        return self.judge_returns + self.panel_returns

    @property
    def holding_stage(self) -> Stage | None:
        """The stage whose body holds the file and decides: a suspended case belongs to the
        procuracy or the court that suspended it; a terminated one to the one that ended it."""
        if self.stage in (Stage.SUSPENDED, Stage.CLOSED) and self.resume_stage is not None:
            return self.resume_stage
        return self.stage

    @property
    def progress_stage(self) -> Stage | None:
        """The step of PROGRESS the case is at (suspended/returned stages fold into theirs)."""
        if self.stage is None:
            return None
        if self.stage is Stage.SUSPENDED and self.resume_stage is not None:
            return self.resume_stage
        return PROGRESS_STEP[self.stage]


# --- reading the next decision -------------------------------------------------------


def _stage_label(stage: Stage) -> str:
    label = STAGE_LABELS_VI[stage]
    return label[:1].lower() + label[1:]


def _event_label(event_type: EventType) -> str:
    return f"«{EVENT_LABELS_VI[event_type]}»"


def _kinds_label(kinds: frozenset[AgencyKind]) -> str:
    return ", ".join(AGENCY_KIND_LABELS_VI[kind] for kind in AgencyKind if kind in kinds)


def _lookup(timeline: Timeline, event_type: EventType) -> Stage | Remembered | None:
    if timeline.stage is None:
        return OPENING_EVENTS.get(event_type)
    return TRANSITIONS.get((timeline.stage, event_type))


def _target(timeline: Timeline, event_type: EventType) -> Stage | None:
    return _remembered(timeline, _lookup(timeline, event_type))


def _remembered(timeline: Timeline, found: Stage | Remembered | None) -> Stage | None:
    if found is Remembered.RESUME_STAGE:
        return timeline.resume_stage
    if found is Remembered.RETURN_STAGE:
        return timeline.return_stage
    return found


@dataclass(frozen=True)
class _Refusal:
    """Why a decision possible in the stage is refused in this case's situation."""

    message: str
    rule: bool = False  # the law's limit (RuleViolation), not a missing prerequisite


def _guard(timeline: Timeline, event_type: EventType) -> _Refusal | None:
    for check in _GUARDS_OF[(timeline.stage, event_type)]:
        refusal = check(timeline, event_type)
        if refusal is not None:
            return refusal
    return None


# Each guard names the decisions it may refuse and the stages it refuses them in; it is
# asked about those alone, in the order of _GUARDS (below), so the first refusal is
# always the same one.
_VERIFICATION_GUARDED = frozenset({E.REPORT_SETTLEMENT_PROLONGED, E.REPORT_SETTLEMENT_EXTENDED})


def _verification_guard(t: Timeline, event_type: EventType) -> _Refusal | None:
    if event_type not in _VERIFICATION_GUARDED:
        return None
    if t.count(E.REPORT_SETTLEMENT_SUSPENDED):
        return _Refusal(
            "Sau khi hủy hoặc phục hồi việc tạm đình chỉ, thời hạn giải quyết nguồn tin là "
            "01 tháng và không được kéo dài, gia hạn (Điều 148, 149 BLTTHS).",
            rule=True,
        )
    if event_type is E.REPORT_SETTLEMENT_PROLONGED and t.count(event_type):
        return _Refusal(
            "Thời hạn giải quyết nguồn tin chỉ được kéo dài một lần, đến 02 tháng "
            "(Điều 147 khoản 2 BLTTHS).",
            rule=True,
        )
    if event_type is E.REPORT_SETTLEMENT_EXTENDED and not t.count(E.REPORT_SETTLEMENT_PROLONGED):
        return _Refusal(
            "Viện kiểm sát chỉ gia hạn khi thời hạn đã được kéo dài đến 02 tháng "
            "(Điều 147 khoản 2 BLTTHS)."
        )
    if event_type is E.REPORT_SETTLEMENT_EXTENDED and t.count(event_type):
        return _Refusal(
            "Viện kiểm sát chỉ gia hạn thời hạn giải quyết nguồn tin một lần "
            "(Điều 147 khoản 2 BLTTHS).",
            rule=True,
        )
    return None


_RETURN_GUARDED = frozenset({E.RETURNED_FOR_ADDITIONAL_INVESTIGATION})


def _return_guard(t: Timeline, event_type: EventType) -> _Refusal | None:
    if event_type is not E.RETURNED_FOR_ADDITIONAL_INVESTIGATION:
        return None
    if t.stage is Stage.PROSECUTION and t.procuracy_returns >= MAX_PROCURACY_RETURNS:
        return _Refusal(
            f"Viện kiểm sát đã trả hồ sơ để điều tra bổ sung {t.procuracy_returns} lần, "
            "không được trả thêm (Điều 174 khoản 2, Điều 245 BLTTHS).",
            rule=True,
        )
    if t.stage is not Stage.FIRST_INSTANCE:
        return None
    seen = t.stage_events
    if not t.trial_accepted or E.FIRST_INSTANCE_JUDGMENT in seen:
        return _Refusal(
            "Tòa án chỉ trả hồ sơ sau khi thụ lý và trước khi tuyên án (Điều 280 BLTTHS)."
        )
    # Before the decision to bring the case to trial it is the presiding judge's return
    # (280(1)); after it, the trial panel's at the hearing (298).
    if E.TRIAL_SCHEDULED not in seen and t.judge_returns >= MAX_JUDGE_RETURNS:
        return _Refusal(
            "Thẩm phán chủ tọa phiên tòa đã trả hồ sơ để điều tra bổ sung một lần, không được "
            "trả thêm (Điều 174 khoản 2, Điều 280 BLTTHS).",
            rule=True,
        )
    if E.TRIAL_SCHEDULED in seen and t.panel_returns >= MAX_PANEL_RETURNS:
        return _Refusal(
            "Hội đồng xét xử đã trả hồ sơ để điều tra bổ sung một lần, không được trả thêm "
            "(Điều 174 khoản 2, Điều 280 BLTTHS).",
            rule=True,
        )
    return None


_REOPENED_BY: Mapping[EventType, EventType] = MappingProxyType(
    {
        E.CASE_INITIATED: E.CASE_NOT_INITIATED,
        E.INVESTIGATION_RESUMED: E.INVESTIGATION_TERMINATED,
        E.CASE_RESUMED: E.CASE_TERMINATED,
    }
)


_REOPENING_GUARDED = frozenset(_REOPENED_BY)


def _reopening_guard(t: Timeline, event_type: EventType) -> _Refusal | None:
    if t.stage is not Stage.CLOSED or event_type not in _REOPENED_BY:
        return None
    annulled = _REOPENED_BY[event_type]
    if t.closed_by is annulled:
        return None
    closed_by = _event_label(t.closed_by) if t.closed_by else "một quyết định khác"
    return _Refusal(
        f"Vụ án đã kết thúc bằng {closed_by}; {_event_label(event_type)} chỉ được ghi nhận "
        f"khi quyết định {_event_label(annulled)} bị hủy bỏ."
    )


_NEEDS_ACCEPTANCE = frozenset(
    {E.TRIAL_PREPARATION_EXTENDED, E.TRIAL_SCHEDULED, E.CASE_SUSPENDED, E.CASE_TERMINATED}
)
_HEARING = frozenset({E.FIRST_INSTANCE_JUDGMENT, E.HEARING_OPENED, E.HEARING_POSTPONED})
_AFTER_JUDGMENT = frozenset({E.APPEALED, E.PROTESTED, E.JUDGMENT_FINAL})
_FIRST_INSTANCE_GUARDED = frozenset(
    {E.CASE_ACCEPTED_FOR_TRIAL, E.INDICTED, *_NEEDS_ACCEPTANCE, *_HEARING, *_AFTER_JUDGMENT}
)


def _first_instance_guard(t: Timeline, event_type: EventType) -> _Refusal | None:
    if t.stage is not Stage.FIRST_INSTANCE or event_type not in _FIRST_INSTANCE_GUARDED:
        return None
    seen = t.stage_events
    judged = E.FIRST_INSTANCE_JUDGMENT in seen
    scheduled = E.TRIAL_SCHEDULED in seen
    if event_type is E.CASE_ACCEPTED_FOR_TRIAL and t.trial_accepted:
        return _Refusal("Tòa án đã thụ lý vụ án.")
    if event_type in _NEEDS_ACCEPTANCE and not t.trial_accepted:
        return _Refusal("Tòa án chưa thụ lý vụ án.")
    if event_type in _NEEDS_ACCEPTANCE and judged:
        return _Refusal("Đã tuyên án sơ thẩm.")
    if event_type in (E.TRIAL_PREPARATION_EXTENDED, E.TRIAL_SCHEDULED) and scheduled:
        return _Refusal("Đã có quyết định đưa vụ án ra xét xử.")
    returned = t.judge_returns or t.panel_returns
    if event_type is E.INDICTED and (
        scheduled or t.last(E.ADDITIONAL_INVESTIGATION_CONCLUDED) is None or not returned
    ):
        return _Refusal(
            "Cáo trạng mới chỉ được ban hành sau khi Tòa án trả hồ sơ để điều tra bổ sung, "
            "trước quyết định đưa vụ án ra xét xử."
        )
    if event_type in _HEARING and not scheduled:
        return _Refusal("Chưa có quyết định đưa vụ án ra xét xử.")
    if event_type is E.HEARING_POSTPONED and judged:
        return _Refusal("Đã tuyên án sơ thẩm.")
    if event_type is E.HEARING_OPENED and (judged or _open_since(t, E.HEARING_OPENED)):
        return _Refusal("Phiên tòa sơ thẩm đã được mở.")
    if event_type is E.FIRST_INSTANCE_JUDGMENT and judged:
        return _Refusal("Đã tuyên án sơ thẩm.")
    if event_type in _AFTER_JUDGMENT and not judged:
        return _Refusal("Chưa tuyên án sơ thẩm.")
    return None


_POSTPONED_BY = {
    E.HEARING_OPENED: E.HEARING_POSTPONED,
    E.APPELLATE_HEARING_OPENED: E.APPELLATE_HEARING_POSTPONED,
}


def _open_since(t: Timeline, opened: EventType) -> bool:
    """The hearing is open: opened, and not postponed since (297: a postponed hearing is
    tried again from the start, so it opens again)."""
    for step in reversed(t.history):
        if step.event.type is _POSTPONED_BY[opened]:
            return False
        if step.event.type is opened:
            return True
        if step.stage_before is not t.stage:
            return False
    return False


_APPEAL_OUTCOMES = frozenset(
    {E.APPELLATE_JUDGMENT, E.JUDGMENT_QUASHED_FOR_REINVESTIGATION, E.JUDGMENT_QUASHED_FOR_RETRIAL}
)
_APPEAL_GUARDED = frozenset(
    {
        E.APPEAL_ACCEPTED,
        E.APPELLATE_TRIAL_SCHEDULED,
        E.APPELLATE_HEARING_OPENED,
        E.APPELLATE_HEARING_POSTPONED,
        E.APPEALED,
        E.PROTESTED,
        *_APPEAL_OUTCOMES,
    }
)


def _appeal_guard(t: Timeline, event_type: EventType) -> _Refusal | None:
    if t.stage is not Stage.APPEAL or event_type not in _APPEAL_GUARDED:
        return None
    seen = t.stage_events
    accepted = E.APPEAL_ACCEPTED in seen
    scheduled = E.APPELLATE_TRIAL_SCHEDULED in seen
    if event_type is E.APPEAL_ACCEPTED and accepted:
        return _Refusal("Tòa án cấp phúc thẩm đã thụ lý vụ án.")
    if event_type is E.APPELLATE_TRIAL_SCHEDULED:
        if not accepted:
            return _Refusal("Tòa án cấp phúc thẩm chưa thụ lý vụ án.")
        if scheduled:
            return _Refusal("Đã có quyết định đưa vụ án ra xét xử phúc thẩm.")
    if (
        event_type in _APPEAL_OUTCOMES or event_type is E.APPELLATE_HEARING_OPENED
    ) and not scheduled:
        return _Refusal("Chưa có quyết định đưa vụ án ra xét xử phúc thẩm.")
    if event_type is E.APPELLATE_HEARING_POSTPONED and not scheduled:
        return _Refusal("Chưa có quyết định đưa vụ án ra xét xử phúc thẩm.")
    if event_type is E.APPELLATE_HEARING_OPENED and _open_since(t, E.APPELLATE_HEARING_OPENED):
        return _Refusal("Phiên tòa phúc thẩm đã được mở.")
    if event_type in (E.APPEALED, E.PROTESTED) and scheduled:
        return _Refusal("Đã có quyết định đưa vụ án ra xét xử phúc thẩm.")
    return None


_CHARGING_ANSWERS = frozenset({E.SUSPECT_CHARGING_APPROVED, E.SUSPECT_CHARGING_ANNULLED})
_PARALLEL_GUARDED = frozenset(
    {
        *_CHARGING_ANSWERS,
        E.EXPERTISE_CONCLUDED,
        E.VALUATION_CONCLUDED,
        E.CUSTODY_EXTENDED,
        E.DETENTION_ORDERED,
        E.DETENTION_EXTENDED,
        E.PERSON_RELEASED,
    }
)


def _parallel_guard(t: Timeline, event_type: EventType) -> _Refusal | None:
    if event_type not in _PARALLEL_GUARDED:
        return None
    if event_type in _CHARGING_ANSWERS and not t.count(E.SUSPECT_CHARGED):
        return _Refusal("Chưa có quyết định khởi tố bị can nào (Điều 179 BLTTHS).")
    if event_type is E.EXPERTISE_CONCLUDED and t.open_expertise < 1:
        return _Refusal("Không có yêu cầu giám định nào đang chờ kết luận.")
    if event_type is E.VALUATION_CONCLUDED and t.open_valuations < 1:
        return _Refusal("Không có yêu cầu định giá tài sản nào đang chờ kết luận.")
    if event_type is E.CUSTODY_EXTENDED and not t.count(E.CUSTODY_ORDERED):
        return _Refusal("Chưa có quyết định tạm giữ nào.")
    if event_type is E.DETENTION_ORDERED and not t.count(E.SUSPECT_CHARGED):
        return _Refusal("Chưa có bị can nào: chỉ tạm giam bị can, bị cáo (Điều 119 BLTTHS).")
    if event_type is E.DETENTION_EXTENDED and not t.count(E.DETENTION_ORDERED):
        return _Refusal("Chưa có lệnh tạm giam nào.")
    if event_type is E.PERSON_RELEASED and not (
        t.count(E.CUSTODY_ORDERED) or t.count(E.DETENTION_ORDERED)
    ):
        return _Refusal("Chưa có ai bị tạm giữ, tạm giam.")
    return None


_Guard = Callable[[Timeline, EventType], _Refusal | None]
_ANY_STAGE: frozenset[Stage | None] = frozenset({None, *Stage})
_GUARDS: tuple[tuple[_Guard, frozenset[EventType], frozenset[Stage | None]], ...] = (
    (_verification_guard, _VERIFICATION_GUARDED, _ANY_STAGE),
    (_return_guard, _RETURN_GUARDED, frozenset({Stage.PROSECUTION, Stage.FIRST_INSTANCE})),
    (_first_instance_guard, _FIRST_INSTANCE_GUARDED, frozenset({Stage.FIRST_INSTANCE})),
    (_appeal_guard, _APPEAL_GUARDED, frozenset({Stage.APPEAL})),
    (_reopening_guard, _REOPENING_GUARDED, frozenset({Stage.CLOSED})),
    (_parallel_guard, _PARALLEL_GUARDED, _ANY_STAGE),
)
_GUARDS_OF: Mapping[tuple[Stage | None, EventType], tuple[_Guard, ...]] = MappingProxyType(
    {
        (stage, kind): tuple(
            guard for guard, kinds, stages in _GUARDS if kind in kinds and stage in stages
        )
        for stage in _ANY_STAGE
        for kind in EventType
    }
)


def _entry_refusal(timeline: Timeline, event_type: EventType, target: Stage) -> _Refusal | None:
    if target is timeline.stage:
        return None
    required = STAGE_REQUIREMENTS.get(target)
    if required is None:
        return None
    missing = [e for e in required if e is not event_type and not timeline.count(e)]
    if not missing:
        return None
    names = ", ".join(_event_label(e) for e in sorted(missing))
    return _Refusal(
        f"Chưa có {names}: vụ án chưa thể chuyển sang giai đoạn {_stage_label(target)}."
    )


def _possible(timeline: Timeline, event_type: EventType) -> bool:
    target = _target(timeline, event_type)
    if target is None:
        return False
    return (
        _guard(timeline, event_type) is None
        and _entry_refusal(timeline, event_type, target) is None
    )


def allowed_events(
    timeline: Timeline, *, recorder_kind: AgencyKind | None = None
) -> list[EventType]:
    """The decisions that may be recorded next, in EventType order. With ``recorder_kind``,
    only those that kind of agency records (the buttons a user sees)."""
    return [
        event_type
        for event_type in EventType
        if _possible(timeline, event_type)
        and (
            recorder_kind is None
            or recorder_kind in recorder_kinds(event_type, timeline.holding_stage)
        )
    ]


def _not_allowed(timeline: Timeline, event_type: EventType, reason: str) -> TransitionNotAllowed:
    allowed = allowed_events(timeline)
    listed = "; ".join(EVENT_LABELS_VI[e] for e in allowed) or "không còn quyết định nào"
    if timeline.stage is None:
        where = "Hồ sơ chưa có quyết định tố tụng nào"
    elif timeline.stage is Stage.CLOSED:
        where = "Vụ án đã kết thúc"
    else:
        where = f"Vụ án đang ở giai đoạn {_stage_label(timeline.stage)}"
    return TransitionNotAllowed(
        f"{where}: không thể ghi nhận {_event_label(event_type)}. {reason}"
        f"Các quyết định có thể ghi nhận: {listed}.",
        params={
            "stage": timeline.stage.value if timeline.stage else None,
            "event": event_type.value,
            "allowed": [e.value for e in allowed],
        },
    )


def _resolve(timeline: Timeline, event_type: EventType) -> Stage:
    """The stage the decision leads to, or the refusal saying why it cannot be recorded."""
    found = _lookup(timeline, event_type)
    if found is None:
        raise _not_allowed(timeline, event_type, "")
    target = _remembered(timeline, found)
    refusal = _guard(timeline, event_type)
    if refusal is None and target is not None:
        refusal = _entry_refusal(timeline, event_type, target)
    if refusal is not None and refusal.rule:
        raise RuleViolation(
            refusal.message,
            params={"stage": timeline.stage.value if timeline.stage else None},
        )
    if refusal is not None:
        raise _not_allowed(timeline, event_type, refusal.message + " ")
    if target is None:  # a remembered stage that was never set: the history is inconsistent
        raise _not_allowed(timeline, event_type, "")
    return target


# --- applying a decision -------------------------------------------------------------


def _param_date(event: Event, name: str) -> dt.date | None:
    value = event.params.get(name)
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(f"Ngày không hợp lệ: «{value}».", field=name)


def _param_charges(event: Event) -> tuple[Charge, ...] | None:
    value = event.params.get(PARAM_CHARGES)
    if value is None:
        return None
    stated = event.params.get(PARAM_CATEGORY)
    try:
        category = CrimeCategory(str(stated)) if stated is not None else None
    except ValueError:
        raise InvalidInput(
            f"Loại tội phạm không hợp lệ: «{stated}».", field=PARAM_CATEGORY
        ) from None
    if not isinstance(value, (str, list, tuple)):
        raise InvalidInput("Tội danh không hợp lệ.", field=PARAM_CHARGES)
    charges = parse_charges(value, stated_category=category)
    for charge in charges:
        _ = charge.category  # refuses a clause whose category is unknown
    return charges


def _subject(event: Event) -> str:
    person = event.params.get(PARAM_PERSON)
    if event.type is E.SUSPECT_CHARGED:
        return f"person:{person}" if person is not None else f"person:#{event.sequence}"
    if event.type is E.CHARGES_CHANGED and person is not None:
        return f"person:{person}"
    if event.type is E.CASES_JOINED:
        return f"joined:{event.sequence}"
    return _CASE_SUBJECT


def _person_subject(event: Event) -> str:
    return f"{_PERSON_PREFIX}{event.params.get(PARAM_PERSON)}"


def _charges_after(timeline: Timeline, event: Event) -> Mapping[str, tuple[Charge, ...]]:
    """The charges after ``event``: the timeline's own mapping when it changes none."""
    charges = _param_charges(event)
    if event.type is _ANNULLED:
        # 179(4): the annulled charging leaves the case; the record keeps the decision. An
        # annulment naming nobody (a suspect the record holds without a person) is kept
        # as a record only: whose charges to drop cannot be told.
        if PARAM_PERSON not in event.params:
            return timeline.charges_by_subject
        current = _copy(timeline.charges_by_subject)
        if current.pop(_person_subject(event), None) is None:
            raise InvalidInput(
                "Chọn bị can có quyết định khởi tố bị can còn hiệu lực.", field=PARAM_PERSON
            )
        return current
    if charges is None:
        return timeline.charges_by_subject
    current = _copy(timeline.charges_by_subject)
    if event.type is E.INDICTED:
        # The indictment states everything prosecuted: it replaces what came before.
        return {_INDICTMENT_SUBJECT: charges}
    if event.type is E.CHARGES_CHANGED and PARAM_PERSON not in event.params:
        # A change naming no suspect restates every charge of the case (thay đổi, bổ sung
        # quyết định khởi tố vụ án): it replaces what came before, as an indictment does.
        return {_CASE_SUBJECT: charges}
    if event.type in (E.CASE_INITIATED, E.SUSPECT_CHARGED, E.CHARGES_CHANGED, E.CASES_JOINED):
        # A change naming a suspect carries that suspect's full new charges.
        current[_subject(event)] = charges
        return current
    return timeline.charges_by_subject


def _apply(timeline: Timeline, event: Event, target: Stage) -> Timeline:
    t = timeline
    kind = event.type
    moved = target is not t.stage
    counts = _copy(t.counts)
    counts[kind] = counts.get(kind, 0) + 1
    if kind is _ANNULLED or event.params.get(PARAM_CHARGES) is not None:
        charges = _charges_after(t, event)
    else:  # most decisions: no charges, nothing to read
        charges = t.charges_by_subject
    recharged = charges is not t.charges_by_subject
    seen = t.stage_events
    changes: dict[str, object] = {
        "stage": target,
        "counts": MappingProxyType(counts),
        "charges_by_subject": MappingProxyType(charges) if recharged else charges,
        "stage_events": _ALONE[kind] if moved else seen if kind in seen else seen | {kind},
        "stage_entered_on": event.date if moved else t.stage_entered_on,
    }

    effect = _EFFECTS.get(kind)
    if effect is not None:
        effect(t, event, changes)
    if target is _CLOSED:
        changes["closed_by"] = kind
    elif t.stage is _CLOSED:
        changes["closed_by"] = None

    if recharged or not t.history:
        category, person_categories = _categories(charges)
    else:  # the charges are the previous step's: so are their categories
        category, person_categories = t.history[-1].category, t.history[-1].person_categories
    changes["history"] = (*t.history, Step(event, t.stage, target, category, person_categories))
    return _evolve(t, changes)


_ALONE: Mapping[EventType, frozenset[EventType]] = MappingProxyType(
    {kind: frozenset({kind}) for kind in EventType}
)


# What a decision changes beyond the stage, the counts and the charges (_apply), by its
# type; a decision not listed changes nothing more.
_Changes = dict[str, object]


def _initiated(t: Timeline, event: Event, changes: _Changes) -> None:
    if t.first_initiated_on is None:
        changes["first_initiated_on"] = event.date


def _joined(t: Timeline, event: Event, changes: _Changes) -> None:
    joined_on = _param_date(event, PARAM_FIRST_INITIATED_ON)
    if joined_on is not None and joined_on > event.date:
        raise InvalidInput(
            "Ngày khởi tố vụ án được nhập không thể sau ngày nhập vụ án.",
            field=PARAM_FIRST_INITIATED_ON,
        )
    if joined_on is not None and t.first_initiated_on is not None:
        changes["first_initiated_on"] = min(joined_on, t.first_initiated_on)


def _returned(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["return_stage"] = t.stage
    if t.stage is Stage.PROSECUTION:
        changes["procuracy_returns"] = t.procuracy_returns + 1
    elif E.TRIAL_SCHEDULED in t.stage_events:
        changes["panel_returns"] = t.panel_returns + 1
    else:
        changes["judge_returns"] = t.judge_returns + 1


def _supplement_concluded(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["return_stage"] = None


def _suspended_or_terminated(t: Timeline, event: Event, changes: _Changes) -> None:
    if t.stage in (Stage.PROSECUTION, Stage.FIRST_INSTANCE):
        changes["resume_stage"] = t.stage


def _resumed(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["resume_stage"] = None


def _accepted_for_trial(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["trial_accepted"] = True


def _indicted(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["trial_accepted"] = False


# CONVENTION (not in LEGAL.md Appendix A, proposed id RETURN_LIMITS_PER_ROUND): the
# return limits of 174(2) are read as limits per round of proceedings. A quashed
# judgment opens a new round (re-investigation under 174(3), or a new first-instance
# trial), so the counts start again; the text does not say, and blocking a lawful
# return would leave the record unable to follow the case.
def _quashed_for_reinvestigation(t: Timeline, event: Event, changes: _Changes) -> None:
    changes.update(trial_accepted=False, procuracy_returns=0, judge_returns=0, panel_returns=0)


def _quashed_for_retrial(t: Timeline, event: Event, changes: _Changes) -> None:
    changes.update(trial_accepted=False, judge_returns=0, panel_returns=0)


def _expertise_requested(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["open_expertise"] = t.open_expertise + 1


def _expertise_concluded(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["open_expertise"] = t.open_expertise - 1


def _valuation_requested(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["open_valuations"] = t.open_valuations + 1


def _valuation_concluded(t: Timeline, event: Event, changes: _Changes) -> None:
    changes["open_valuations"] = t.open_valuations - 1


_EFFECTS: Mapping[EventType, Callable[[Timeline, Event, _Changes], None]] = MappingProxyType(
    {
        E.CASE_INITIATED: _initiated,
        E.CASES_JOINED: _joined,
        E.RETURNED_FOR_ADDITIONAL_INVESTIGATION: _returned,
        E.ADDITIONAL_INVESTIGATION_CONCLUDED: _supplement_concluded,
        E.CASE_SUSPENDED: _suspended_or_terminated,
        E.CASE_TERMINATED: _suspended_or_terminated,
        E.CASE_RESUMED: _resumed,
        E.CASE_ACCEPTED_FOR_TRIAL: _accepted_for_trial,
        E.INDICTED: _indicted,
        E.JUDGMENT_QUASHED_FOR_REINVESTIGATION: _quashed_for_reinvestigation,
        E.JUDGMENT_QUASHED_FOR_RETRIAL: _quashed_for_retrial,
        E.EXPERTISE_REQUESTED: _expertise_requested,
        E.EXPERTISE_CONCLUDED: _expertise_concluded,
        E.VALUATION_REQUESTED: _valuation_requested,
        E.VALUATION_CONCLUDED: _valuation_concluded,
    }
)


def _copy(mapping: Mapping[_K, _V]) -> dict[_K, _V]:
    # A timeline's mappings are read-only views: the dict under one copies ten times
    # faster than the view is read key by key.
    return mapping.copy() if isinstance(mapping, MappingProxyType) else dict(mapping)


def _evolve(timeline: Timeline, changes: _Changes) -> Timeline:
    """``dataclasses.replace`` for the one timeline a decision makes, without the cost of
    its checks (replay makes one per decision recorded). ``changes`` already holds its
    mappings read-only and unshared, as ``Timeline.__post_init__`` would make them; a
    timeline holds nothing but its fields, so copying them is copying it."""
    after = object.__new__(Timeline)
    object.__setattr__(after, "__dict__", timeline.__dict__ | changes)
    return after


def _categories(
    charges_by_subject: Mapping[str, tuple[Charge, ...]],
) -> tuple[CrimeCategory | None, Mapping[str, CrimeCategory]]:
    """The case's category (Timeline.category) and each charged person's own, from each
    subject's heaviest charge.

    ``heaviest`` and ``heaviest_of`` would say the same; one loop saves their cost (a
    ``max`` each) for every subject, as replay asks after every change of charges."""
    category: CrimeCategory | None = None
    by_person: dict[str, CrimeCategory] = {}
    for subject, charges in charges_by_subject.items():
        if not charges:
            continue
        found = charges[0].category if len(charges) == 1 else heaviest(charges)
        if category is None or _SEVERITY[found] > _SEVERITY[category]:
            category = found
        if subject.startswith(_PERSON_PREFIX):
            by_person[subject.removeprefix(_PERSON_PREFIX)] = found
    return category, MappingProxyType(by_person)


_SEVERITY: Mapping[CrimeCategory, int] = MappingProxyType(
    {category: category.severity for category in CrimeCategory}
)


def _numbered(timeline: Timeline, event: Event) -> Event:
    if event.sequence == 0:
        return dataclasses.replace(event, sequence=timeline.last_sequence + 1)
    if event.sequence <= timeline.last_sequence:
        raise InvalidInput(
            f"Số thứ tự {event.sequence} không sau quyết định đã ghi nhận "
            f"(số {timeline.last_sequence}).",
            field="sequence",
        )
    return event


def _check_order(timeline: Timeline, event: Event) -> None:
    previous = timeline.last_date
    if previous is not None and event.date < previous:
        raise InvalidInput(
            f"Ngày của quyết định ({event.date:%d/%m/%Y}) trước ngày của quyết định liền trước "
            f"({previous:%d/%m/%Y}): các quyết định phải được ghi nhận theo thứ tự thời gian.",
            field="date",
            params={"date": event.date.isoformat(), "previous": previous.isoformat()},
        )


def _step(timeline: Timeline, event: Event) -> Timeline:
    target = _UNGUARDED.get((timeline.stage, event.type))
    if target is None:
        target = _resolve(timeline, event.type)
    last = timeline.history[-1].event if timeline.history else None
    if last is None or event.sequence <= last.sequence or event.date < last.date:
        event = _numbered(timeline, event)
        _check_order(timeline, event)
    # else numbered and dated after the last, as replayed decisions are: nothing to check
    return _apply(timeline, event, target)


def _unguarded() -> dict[tuple[Stage | None, EventType], Stage]:
    """Where each decision leads from each stage when nothing but the stage decides: no
    guard, no stage remembered, nothing required to enter the stage it leads to.
    `_resolve` finds the same for these, from any timeline in that stage; replay asks it
    only about the others."""
    moves: list[tuple[tuple[Stage | None, EventType], Stage | Remembered]] = [
        *(((None, kind), stage) for kind, stage in OPENING_EVENTS.items()),
        *TRANSITIONS.items(),
    ]
    return {
        (stage, kind): target
        for (stage, kind), target in moves
        if isinstance(target, Stage)
        and not _GUARDS_OF[(stage, kind)]
        and (target is stage or not STAGE_REQUIREMENTS.get(target, frozenset()) - {kind})
    }


_UNGUARDED: Mapping[tuple[Stage | None, EventType], Stage] = MappingProxyType(_unguarded())


def replay(events: Sequence[Event]) -> Timeline:
    """Fold a case's events, in recording order, into its timeline.

    The same rules as `check_next` apply except who recorded and today's date, which were
    checked when each event was written; a history that breaks them raises.
    """
    timeline = Timeline()
    for event in sorted(events, key=_SEQUENCE):
        timeline = _step(timeline, event)
    return timeline


def check_next(
    timeline: Timeline, event: Event, *, today: dt.date, recorder_kind: AgencyKind
) -> Timeline:
    """Check that ``event`` may be recorded next by an agency of ``recorder_kind`` and
    return the timeline with it. Refuses, in this order: a decision not possible in the
    stage or the case's situation (TransitionNotAllowed) or beyond the law's limit
    (RuleViolation); a recorder that does not make the decision (AccessDenied); a date
    after ``today``, before 1 January 1990 (phoihop.domain.record_dates) or before the
    previous decision (InvalidInput, field "date"); a sequence number not after the last
    (InvalidInput, field "sequence"); malformed parameters (InvalidInput, field
    "charges", "category" or "first_initiated_on")."""
    _resolve(timeline, event.type)
    kinds = recorder_kinds(event.type, timeline.holding_stage)
    if recorder_kind not in kinds:
        raise AccessDenied(
            f"{_event_label(event.type)} do {_kinds_label(kinds)} ghi nhận; "
            f"{AGENCY_KIND_LABELS_VI[recorder_kind]} không được ghi nhận quyết định này.",
            params={
                "event": event.type.value,
                "recorder_kind": recorder_kind.value,
                "allowed_kinds": sorted(kind.value for kind in kinds),
            },
        )
    check_record_date(event.date, today=today, field="date", label="Ngày của quyết định")
    _check_params(event)
    return _step(timeline, event)


TITLE_MAX = 300


def _check_params(event: Event) -> None:
    date_known(event)
    if event.type is E.OTHER_DECISION:
        title = str(event.params.get(PARAM_TITLE) or "").strip()
        if not title:
            raise InvalidInput(
                "Tên quyết định, hoạt động tố tụng: hãy ghi quyết định hay hoạt động gì "
                "(ví dụ «Quyết định tạm hoãn xuất cảnh»).",
                field="title",
            )
        if len(title) > TITLE_MAX:
            raise InvalidInput(
                f"Tên quyết định, hoạt động tố tụng dài quá {TITLE_MAX} ký tự.", field="title"
            )


@dataclass(frozen=True)
class Insertion:
    """A decision placed in a case's history: the timeline after the whole history, the
    events renumbered in date order, and the new decision's place (its sequence). With
    ``unrecorded``, the decisions the law puts before it that the record now holds as
    known but not entered (PARAM_UNRECORDED), placed just before it."""

    timeline: Timeline
    events: tuple[Event, ...]
    sequence: int
    unrecorded: tuple[Event, ...] = ()


# The decisions a later one lets the record infer: those of the ordinary path from the
# conclusion of the investigation to the appellate judgment. Reports name the hearing and
# the judgment, seldom the court's acceptance or its decision to bring the case to trial;
# a hearing proves they were made. Nothing outside this list is ever inferred.
INFERABLE: tuple[EventType, ...] = (
    E.SUSPECT_CHARGED,  # proved by a conclusion proposing prosecution (232)
    E.INVESTIGATION_CONCLUDED,
    E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,  # proved by a supplementary conclusion
    E.INDICTED,
    E.CASE_ACCEPTED_FOR_TRIAL,
    E.TRIAL_SCHEDULED,
    E.HEARING_OPENED,
    E.FIRST_INSTANCE_JUDGMENT,
    E.APPEALED,
    E.APPEAL_ACCEPTED,
    E.APPELLATE_TRIAL_SCHEDULED,
    E.APPELLATE_HEARING_OPENED,
)
_MAX_INFERRED = 4


def _bridge(timeline: Timeline, event: Event) -> tuple[Event, ...] | None:
    """The shortest run of INFERABLE decisions after which ``event`` may be recorded, each
    dated as the event and marked unrecorded; None when there is none (a breadth-first
    search, at most _MAX_INFERRED long). The first found in INFERABLE order is taken, so
    the path is the law's ordinary one. Only a decision of that path, or a supplementary
    conclusion, proves the ones before it; and only the supplementary conclusion proves a
    return for additional investigation (a charge, a transfer or a wanted notice proves
    nothing about the stage, and a return inferred for them would move the case back)."""
    if event.type not in INFERABLE and event.type is not E.ADDITIONAL_INVESTIGATION_CONCLUDED:
        return None
    candidates = tuple(
        inferred
        for inferred in INFERABLE
        if inferred is not E.RETURNED_FOR_ADDITIONAL_INVESTIGATION
        or event.type is E.ADDITIONAL_INVESTIGATION_CONCLUDED
    )
    frontier: list[tuple[Timeline, tuple[Event, ...]]] = [(timeline, ())]
    for _ in range(_MAX_INFERRED):
        following: list[tuple[Timeline, tuple[Event, ...]]] = []
        for state, chain in frontier:
            for inferred in candidates:
                if not _possible(state, inferred):
                    continue
                placeholder = Event(
                    inferred,
                    event.date,
                    {PARAM_UNRECORDED: True, PARAM_DATE_KNOWN: DateKnown.BEFORE.value},
                )
                after = _step(state, placeholder)
                found = (*chain, after.history[-1].event)
                if _possible(after, event.type):
                    return found
                following.append((after, found))
        frontier = following
    return None


def inferable_next(timeline: Timeline, *, recorder_kind: AgencyKind) -> list[EventType]:
    """The INFERABLE decisions ``recorder_kind`` may record next only by bringing in the
    ones before them as unrecorded (the choices offered beside `allowed_events`)."""
    on = timeline.last_date or dt.date.min
    return [
        event_type
        for event_type in (*INFERABLE, E.ADDITIONAL_INVESTIGATION_CONCLUDED)
        if event_type is not E.RETURNED_FOR_ADDITIONAL_INVESTIGATION
        and recorder_kind in recorder_kinds(event_type, None)
        and not _possible(timeline, event_type)
        and _bridge(timeline, Event(event_type, on)) is not None
    ]


def check_insert(
    history: Sequence[Event],
    event: Event,
    *,
    today: dt.date,
    recorder_kind: AgencyKind,
    infer_unrecorded: bool = False,
) -> Insertion:
    """Check that ``event`` may take its place in the history by its date, after every
    decision of the same day or earlier, and that every later decision still follows.

    Real records are entered late and out of order (an extension found in the file after
    the conclusion was entered). The new decision is checked as `check_next` checks the
    next one, against the history before it; each later decision is then replayed after
    it. One that no longer follows refuses the insertion, named with its date and reason
    (TransitionNotAllowed, code "event.breaks_history", field "date"): nothing is placed.

    With ``infer_unrecorded``, a decision the stage refuses only because decisions the law
    puts before it were never entered (a hearing reported without the decision to bring
    the case to trial) takes them along, marked unrecorded (`_bridge`).
    """
    ordered = sorted(history, key=lambda e: e.sequence)
    position = sum(1 for e in ordered if e.date <= event.date)
    if position == 0 and ordered and event.type not in OPENING_EVENTS:
        first = ordered[0]
        raise InvalidInput(
            f"Ngày của quyết định ({event.date:%d/%m/%Y}) trước quyết định đầu tiên của hồ sơ "
            f"({_event_label(first.type)} ngày {first.date:%d/%m/%Y}).",
            field="date",
            params={"date": event.date.isoformat(), "first": first.date.isoformat()},
        )
    before, after = ordered[:position], ordered[position:]
    timeline = replay(before)
    inferred: tuple[Event, ...] = ()
    if infer_unrecorded and not _possible(timeline, event.type):
        inferred = _bridge(timeline, event) or ()
        for placeholder in inferred:
            timeline = _step(timeline, placeholder)
    position += len(inferred)
    placed = dataclasses.replace(event, sequence=position + 1)
    timeline = check_next(timeline, placed, today=today, recorder_kind=recorder_kind)
    later = [dataclasses.replace(e, sequence=position + 2 + i) for i, e in enumerate(after)]
    for following in later:
        try:
            timeline = _step(timeline, following)
        except (TransitionNotAllowed, RuleViolation, InvalidInput) as error:
            raise _breaks(event, following, error) from None
    return Insertion(
        timeline=timeline,
        events=(*before, *inferred, placed, *later),
        sequence=position + 1,
        unrecorded=inferred,
    )


def check_withdraw(
    history: Sequence[Event],
    sequence: int,
    *,
    replacement: Event | None = None,
    today: dt.date,
    recorder_kind: AgencyKind,
) -> Insertion:
    """Check that the decision numbered ``sequence`` may leave the history, alone (a
    withdrawal) or for ``replacement`` (a correction: the same decision with its date,
    number or parameters put right), and that every other decision still follows.

    The history without it is replayed from the start; the replacement is then placed by
    its date as `check_insert` places a new decision. A decision that no longer follows
    refuses the change, named with its date and reason (TransitionNotAllowed, code
    "event.breaks_history"); the first decision of a case can only be corrected into
    another opening decision. The returned sequence is the replacement's, or 0.
    """
    ordered = sorted(history, key=lambda e: e.sequence)
    withdrawn = next((e for e in ordered if e.sequence == sequence), None)
    if withdrawn is None:
        raise InvalidInput("Không có quyết định này trong hồ sơ.", field="sequence")
    if len(ordered) == 1 and replacement is None:
        raise InvalidInput(
            "Không thể rút quyết định duy nhất của hồ sơ; hãy sửa quyết định đó.",
            field="sequence",
        )
    rest = [
        dataclasses.replace(e, sequence=number)
        for number, e in enumerate((e for e in ordered if e is not withdrawn), start=1)
    ]
    timeline = Timeline()
    for following in rest:
        try:
            timeline = _step(timeline, following)
        except (TransitionNotAllowed, RuleViolation, InvalidInput) as error:
            raise _breaks(withdrawn, following, error, withdrawing=True) from None
    if replacement is None:
        return Insertion(timeline=timeline, events=tuple(rest), sequence=0)
    return check_insert(rest, replacement, today=today, recorder_kind=recorder_kind)


def _breaks(
    changed: Event, following: Event, error: DomainError, *, withdrawing: bool = False
) -> TransitionNotAllowed:
    what = "rút" if withdrawing else "thêm"
    return TransitionNotAllowed(
        f"Không thể {what} {_event_label(changed.type)} ngày {changed.date:%d/%m/%Y}: "
        f"quyết định {_event_label(following.type)} ngày {following.date:%d/%m/%Y} "
        f"đã ghi nhận sẽ không còn hợp lệ. {error.message}",
        code="event.breaks_history",
        field="date",
        params={"breaks": following.type.value, "breaks_date": following.date.isoformat()},
    )


__all__ = [
    "INFERABLE",
    "MAX_JUDGE_RETURNS",
    "MAX_PANEL_RETURNS",
    "MAX_PROCURACY_RETURNS",
    "Insertion",
    "Step",
    "Timeline",
    "allowed_events",
    "check_insert",
    "check_next",
    "check_withdraw",
    "inferable_next",
    "replay",
]
