"""The walk: one pass over the replayed history of a case that opens, extends and ends a
draft for each clock as LEGAL.md §1.11 says; ``clocks_for`` then has the drafts finished."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from types import MappingProxyType

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.errors import DomainError, InvalidInput
from phoihop.domain.procedure.events import (
    PARAM_FIRST_INITIATED_ON,
    PARAM_SPLIT_FROM,
    DateKnown,
    Event,
    EventType,
    date_known,
    is_unrecorded,
)
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.procedure.timeline import Step, Timeline, replay

from ..calendar import RestDayCalendar
from ..catalog import CATALOG
from ..computation import Recategorisation, day_text
from ..rules import ClockRule, Duration
from .draft import _Draft, _Reporter
from .finish import _Finish
from .model import DUE_SOON_DAYS, ClockProblem, DerivedClocks
from .params import (
    PARAM_DEDUCT_DAYS,
    PARAM_RECEIVED_ON,
    PARAM_REQUEST,
    _count_param,
    _date_param,
    _decision,
    _length_param,
    _person,
    _time_param,
    _variant_param,
)
from .tables import _AFTER_JUDGMENT, _ANSWERED, _PER_PERSON, ENDED_BY, EXTENDED_BY, LAPSING
from .valuation import VALUATION, _valuation_rule

_E = EventType


def clocks_for(
    events: Sequence[Event],
    calendar: RestDayCalendar,
    *,
    today: date,
    due_soon_days: int = DUE_SOON_DAYS,
    explain: bool = True,
    replayed: Timeline | None = None,
) -> DerivedClocks:
    """Every statutory clock of one case as of ``today``, in the order they started.

    Decisions dated after ``today`` are not yet known and are left out, so a past
    ``today`` shows the clocks as they stood that day. A history the stage machine
    refuses yields no clocks and one problem (code "clock.derive.history").

    With ``explain`` False the clocks, problems and statuses are the same, but no
    explanation is written: every clock's ``steps`` is empty (recomputing in bulk,
    where the explanation is written again when a page asks for it).

    ``replayed`` is the timeline of these same decisions when the caller has it (a
    checked insertion, an import's plan): they are not replayed again. It is used only
    when every decision is known as of ``today``, as the replay here would read them."""
    known = [event for event in events if event.date <= today]
    try:
        if replayed is not None and len(known) == len(events) == len(replayed.history):
            timeline = replayed
        else:
            timeline = replay(known)
    except DomainError as error:
        problem = ClockProblem(
            "clock.derive.history",
            f"Không tính được thời hạn vì lịch sử quyết định của vụ án không hợp lệ: "
            f"{error.message}",
        )
        return DerivedClocks(problems=(problem,))
    walk = _Walk(explaining=explain)
    for step in timeline.history:
        walk.step(step)
    finishing = _Finish(
        calendar, today, due_soon_days, timeline.national_security, explaining=explain
    )
    clocks = tuple(clock for draft in walk.drafts if (clock := finishing.finish(draft)) is not None)
    return DerivedClocks(clocks, (*walk.problems, *finishing.problems))


_Handler = Callable[["_Walk", Step], None]
# The clocks kept open until the conclusion that answers the request (_Walk._answer).
_REQUESTED = ("EXPERTISE", VALUATION)
_DAY = DateKnown.DAY  # asked of every decision walked: a module name reads faster


class _Walk(_Reporter):
    """One pass over the replayed history: opens, extends and ends the drafts."""

    def __init__(self, *, explaining: bool = True) -> None:
        super().__init__(explaining=explaining)
        self.drafts: list[_Draft] = []
        self.requests: dict[str, list[tuple[int, _Draft | None]]] = {
            code: [] for code in _REQUESTED
        }
        self.judged = False  # a first-instance judgment in the current round
        self.appeal_accepted = False
        self.last_judgment: EventType | None = None
        # Of the decision being walked (_place): how its day is known, the earliest it
        # can have been made.
        self.known = _DAY
        self.earliest: date | None = None

    # one decision

    def step(self, step: Step) -> None:
        """Ends, recategorises, extends, starts and remembers, in this order, each of
        these the decision's type does (_PHASES)."""
        self._place(step.event)
        for phase in _PHASES[step.event.type]:
            phase(self, step)

    def _place(self, event: Event) -> None:
        """The earliest day the decision can have been made: its own day, the first of
        its month, or none known (made "by" a day). Not the day of the decision recorded
        before it: a decision known by its month may have come before one dated in that
        month (a detention before a search of the 20th), so the month's first day is the
        only bound that keeps the deadline shown no later than the real one."""
        self.known = known = date_known(event)
        if known is _DAY:
            self.earliest = event.date
        elif known is DateKnown.MONTH:
            self.earliest = event.date.replace(day=1)
        else:
            self.earliest = None

    def _remember(self, step: Step) -> None:
        kind = step.event.type
        if kind is _E.FIRST_INSTANCE_JUDGMENT:
            self.judged = True
        if kind is _E.APPEAL_ACCEPTED:
            self.appeal_accepted = True
        if kind in _FINAL_JUDGMENTS:
            self.last_judgment = kind
        if kind in _APPEAL_SETTLED:
            self.appeal_accepted = False
        if kind in _QUASHED:
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

    def _close(self, step: Step) -> None:
        for draft in self._open():
            if draft.code not in LAPSING:
                draft.ended = step.event

    def _end(self, step: Step) -> None:
        event = step.event
        ends = _ENDS[event.type]
        if ends:
            for draft in self.drafts:
                if draft.ended is None and draft.code in ends and _concerns(draft, event):
                    draft.ended = event
        for code in _ANSWERS[event.type]:
            queue = self.requests[code]
            if queue:
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
        on = step.event.date
        for draft in self.drafts:
            if draft.ended is not None or not draft.follows_category:
                continue
            category = _category_of(step, draft.person)
            if category is None:
                continue
            if draft.category is None or on < draft.start_on:
                draft.category = category
                draft.recategorisations.clear()
            elif category is not draft.current_category:
                draft.recategorisations.append(Recategorisation(on, category))

    # extending

    def _extend(self, step: Step) -> None:
        event = step.event
        if event.type is _E.REPORT_SETTLEMENT_PROLONGED:
            self._prolong(event)
            return
        codes = EXTENDED_BY[event.type]
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
            self._tell(
                draft,
                lambda: (
                    f"CẢNH BÁO: {_decision(event)} không ghi độ dài gia hạn nên không được tính."
                ),
            )
            return
        draft.extensions.append((length, event))
        self._tell(draft, lambda: f"{_decision(event)}: gia hạn {length.label}.")

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
        draft.change_rule("DENUNCIATION_PROLONGED", CATALOG["DENUNCIATION_PROLONGED"])
        self._tell(
            draft,
            lambda: (
                f"{_decision(event)}: kéo dài thời hạn đến 2 tháng kể từ ngày tiếp nhận, thay cho "
                "20 ngày (Điều 147 khoản 2)."
            ),
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
            category=_category_of(step, person),
        )
        if self.explaining:  # every clock starts here: not even the lambda is made otherwise
            self._tell(draft, lambda: f"Bắt đầu từ {_decision(event)}.")
        if self.known is not _DAY:
            self._start_approximately(draft, event)
        if from_receipt:
            self._start_from_receipt(draft, event)
        self.drafts.append(draft)
        return draft

    def _start_approximately(self, draft: _Draft, event: Event) -> None:
        """A clock started by a decision known only by its month counts from the month's
        first day, so the deadline shown is never later than the real one. One known only
        as made "by" a day, or inferred and never entered, has no such day: its clock is
        not computed."""
        if is_unrecorded(event):
            draft.unknown_start = (
                f"{_decision(event)} chưa được ghi nhận (chỉ biết đã có, không muộn hơn "
                f"ngày {day_text(event.date)}), nên không biết ngày bắt đầu tính."
            )
            return
        if self.known is DateKnown.BEFORE or self.earliest is None:
            draft.unknown_start = (
                f"Chỉ biết {_decision(event)} không muộn hơn ngày {day_text(event.date)}, "
                "không biết ngày ra quyết định, nên không biết ngày bắt đầu tính."
            )
            return
        draft.start_on = self.earliest
        draft.approximate = True
        self._tell(
            draft,
            lambda: (
                f"Ngày của quyết định chỉ biết gần đúng ({_known_text(event)}): tính từ ngày sớm "
                f"nhất có thể, {day_text(self.earliest)}, nên hạn hiển thị không muộn hơn hạn thật "
                "(GẦN ĐÚNG)."
            ),
        )

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
            if self.explaining:  # most clocks counted from receipt have no receipt recorded
                self._tell(
                    draft,
                    lambda: (
                        f"Chưa ghi ngày nhận hồ sơ, yêu cầu: tính từ ngày ra quyết định "
                        f"{day_text(event.date)}, ngày sớm nhất có thể."
                    ),
                )
            return
        draft.start_on = received
        self._tell(draft, lambda: f"Ngày nhận hồ sơ, yêu cầu: {day_text(received)}.")

    def _length(self, event: Event, draft: _Draft | None = None) -> Duration | None:
        try:
            return _length_param(event)
        except InvalidInput as error:
            self._report(error.code, f"{_decision(event)}: {error.message}", draft=draft)
            return None

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
        if any(draft.key == "INVESTIGATION" for draft in self.drafts):
            return
        draft = self._new(step, "INVESTIGATION", key="INVESTIGATION")
        event = step.event
        if event.params.get(PARAM_SPLIT_FROM) is None:
            return
        # AMBIGUITY (UNCONFIRMED): LEGAL.md says nothing of a split case (170). As for a
        # joined one (TTLT 04/2018 Art.14(1)), its investigation is read as running from
        # the first initiation of the case it left: the earlier, safer deadline.
        try:
            first = _date_param(event, PARAM_FIRST_INITIATED_ON)
        except InvalidInput as error:
            self._report(error.code, f"{_decision(event)}: {error.message}", draft=draft)
            return
        if first is not None and (first < draft.start_on or draft.unknown_start is not None):
            # The start is the first case's initiation, known to the day even when the
            # split's own date is not.
            draft.start_on, draft.unknown_start, draft.approximate = first, None, False
            self._tell(
                draft,
                lambda: (
                    f"Vụ án được tách từ vụ án khởi tố ngày {day_text(first)}: thời hạn điều tra "
                    "tính từ ngày khởi tố ban đầu, như với vụ án được nhập (TTLT 04/2018 Điều 14 "
                    "khoản 1; cách hiểu của hệ thống, CHƯA XÁC NHẬN)."
                ),
            )

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
            self._tell(
                draft,
                lambda: (
                    f"{_decision(event)}: vụ án được nhập khởi tố ngày {day_text(first)}, thời hạn "
                    "điều tra tính từ ngày khởi tố đầu tiên (TTLT 04/2018 Điều 14 khoản 1)."
                ),
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
            self._tell(
                draft,
                "CHƯA XÁC NHẬN: sau điều tra bổ sung, thời hạn truy tố tính lại từ ngày Viện "
                "kiểm sát nhận lại hồ sơ (cách hiểu Điều 240 khoản 1).",
            )  # the reading LEGAL.md §1.3 takes
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
        self._tell(
            draft,
            "Phục hồi vụ án: thời hạn mới tính đầy đủ từ quyết định phục hồi, không cộng phần "
            "còn lại (RESUMPTION_STARTS_FRESH_PERIOD, BLTTHS Điều 249, 283).",
        )

    def _accepted_for_trial(self, step: Step) -> None:
        self._new(step, "TRIAL_PREPARATION")  # 277(1): from thụ lý

    def _trial_scheduled(self, step: Step) -> None:
        self._new(step, "HEARING_OPENING", variant=_variant_param(step.event))  # 277(3)

    def _hearing_postponed(self, step: Step) -> None:
        self._new(step, "HEARING_REOPENING")  # 297(2)

    def _appellate_hearing_postponed(self, step: Step) -> None:
        self._new(step, "APPELLATE_HEARING_REOPENING")  # 352(2) → 297(2)

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
            self._tell(
                draft, "Chưa ghi giờ bắt đầu tạm giữ (at): tính từ 00:00 ngày ra quyết định."
            )
        draft.start_at = datetime.combine(event.date, at or time(0, 0))

    def _detention(self, step: Step) -> None:
        event = step.event
        person = _person(event)
        variant, note = self._detention_variant(step)
        draft = self._new(step, "DETENTION", variant=variant, person=person)
        if note is not None:
            self._tell(draft, note)
        draft.ordered = self._length(event, draft)
        if draft.ordered is None:
            self._tell(draft, "Lệnh không ghi thời hạn: tính theo thời hạn tối đa luật cho.")
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
            self._tell(
                draft,
                lambda: (
                    f"Người này bị tạm giữ từ {day_text(custody.start_on)}: trừ {days} ngày "
                    "tạm giữ vào thời hạn tạm giam (Điều 118 khoản 4)."
                ),
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


# What the walk remembers of the history (_remember), and the decisions that end a clock.
_FINAL_JUDGMENTS = frozenset({_E.JUDGMENT_FINAL, _E.APPELLATE_JUDGMENT})
_QUASHED = frozenset({_E.JUDGMENT_QUASHED_FOR_REINVESTIGATION, _E.JUDGMENT_QUASHED_FOR_RETRIAL})
_APPEAL_SETTLED = frozenset({_E.APPELLATE_JUDGMENT, *_QUASHED})
_REMEMBERED = frozenset(
    {_E.FIRST_INSTANCE_JUDGMENT, _E.APPEAL_ACCEPTED, *_FINAL_JUDGMENTS, *_APPEAL_SETTLED}
)
# The clocks each decision ends outright (ENDED_BY read the other way); a request is
# ended by the conclusion that answers it instead (_answer).
_ENDS: Mapping[EventType, frozenset[str]] = MappingProxyType(
    {
        kind: frozenset(
            code for code, kinds in ENDED_BY.items() if kind in kinds and code not in _ANSWERED
        )
        for kind in EventType
        if any(kind in kinds for kinds in ENDED_BY.values())
    }
)

# The requests each decision answers (ENDED_BY of EXPERTISE and VALUATION).
_ANSWERS: Mapping[EventType, tuple[str, ...]] = MappingProxyType(
    {kind: tuple(code for code in _REQUESTED if kind in ENDED_BY[code]) for kind in EventType}
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
        _E.HEARING_POSTPONED: _Walk._hearing_postponed,
        _E.APPELLATE_HEARING_POSTPONED: _Walk._appellate_hearing_postponed,
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


def _phases(kind: EventType) -> tuple[_Handler, ...]:
    """What the walk does for a decision of this type, in order: most decisions end,
    extend, start or change nothing but the category, and are spared the asking."""
    phases: list[_Handler] = []
    if kind is _E.CASE_CLOSED:
        phases.append(_Walk._close)
    elif kind in _ENDS:
        phases.append(_Walk._end)
    phases.append(_Walk._recategorise)
    if kind is _E.REPORT_SETTLEMENT_PROLONGED or kind in EXTENDED_BY:
        phases.append(_Walk._extend)
    if kind in _HANDLERS:
        phases.append(_HANDLERS[kind])
    if kind in _REMEMBERED:
        phases.append(_Walk._remember)
    return tuple(phases)


_PHASES: Mapping[EventType, tuple[_Handler, ...]] = MappingProxyType(
    {kind: _phases(kind) for kind in EventType}
)


def _category_of(step: Step, person: str | None) -> CrimeCategory | None:
    """The category a clock follows: a detained or held person's own charges where the
    record holds them (173, 118), else the case's heaviest charge."""
    if person is not None and person in step.person_categories:
        return step.person_categories[person]
    return step.category


def _known_text(event: Event) -> str:
    if date_known(event) is DateKnown.MONTH:
        return f"tháng {event.date:%m/%Y}"
    return f"không muộn hơn ngày {day_text(event.date)}"


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
