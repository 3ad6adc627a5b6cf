"""Finishing a draft: the engine computes it (``compute``; nothing here counts days),
what the law refuses is left out or cut and reported, and the clock's status as of
``today`` is said."""

from __future__ import annotations

import re
import weakref
from datetime import date, datetime

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.errors import DomainError, RuleViolation
from phoihop.domain.procedure.events import DateKnown, Event, EventType, date_known
from phoihop.domain.procedure.participation import PARAM_BY_PROCURATOR_GENERAL

from ..calendar import RestDayCalendar
from ..catalog import CATALOG
from ..computation import ClockRequest, ClockResult, Computation, Recategorisation, day_text
from ..compute import compute, result_of
from ..procedural import procedural
from ..rules import PROCURATOR_GENERAL, ClockRule, Duration
from .draft import _Draft, _Reporter
from .model import DUE_SOON_DAYS, CaseClock, ClockStatus
from .params import _decision
from .tables import _SUSPENDABLE, _SUSPENSION_BEFORE_EXPIRY, LAPSING

_E = EventType
# Read for every clock finished: module names read faster than enum members.
_DAY = DateKnown.DAY
_MET = ClockStatus.MET
_MISSED = ClockStatus.MISSED


class _Finish(_Reporter):
    """Turns each draft into a clock as of ``today``, through the engine."""

    def __init__(
        self,
        calendar: RestDayCalendar,
        today: date,
        due_soon_days: int,
        national_security: bool,
        *,
        explaining: bool = True,
    ) -> None:
        super().__init__(explaining=explaining)
        self.calendar = calendar
        self.today = today
        self.due_soon_days = due_soon_days
        # Taken from the charges as they stand (Timeline.national_security): Chapter XIII
        # charges add the Procurator General's extensions (172(3), 173(5)).
        self.national_security = national_security
        # The engine's answers given before (_Unexplained), when not explaining.
        self.known: dict[_Request, ClockResult] | None = (
            None if explaining else _UNEXPLAINED.results_for(calendar)
        )

    def finish(self, draft: _Draft) -> CaseClock | None:
        if draft.unknown_start is not None:
            self._report(
                "clock.start.unknown",
                f"Chưa tính được {draft.rule.label.lower()} ({draft.rule.basis.label}): "
                f"{draft.unknown_start}",
                draft=draft,
            )
            return None
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
        ended = draft.ended
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
            # Without explanation there is nothing before or after the engine's steps.
            steps=(*draft.before, *result.steps, *closing) if self.explaining else result.steps,
            approximate=draft.approximate or (ended is not None and date_known(ended) is not _DAY),
            conventions=result.conventions,
        )

    def _compute(self, draft: _Draft) -> tuple[ClockResult, int] | None:
        """Ask the engine; an extension or an order the law refuses is left out (or cut to
        the maximum the law allows), said in the steps and reported, and the rest counted."""
        extensions: list[Duration] = []
        if draft.extensions:
            self._authorised(draft)
            extensions = [length for length, _ in draft.extensions]
        ordered = draft.ordered
        for _ in range(2 * len(extensions) + 2):
            try:
                return self._ask(draft, tuple(extensions), ordered), len(extensions)
            except RuleViolation as error:
                repaired = self._repair(draft, error, extensions, ordered)
                if repaired is None:
                    self._report(error.code, error.message, draft=draft)
                    return None
                extensions, ordered = repaired
            except DomainError as error:
                self._report(error.code, error.message, draft=draft)
                return None
            except (OverflowError, ValueError):  # dates pushed past year 9999
                self._report(
                    "input.out_of_range",
                    f"{draft.rule.label}: ngày bắt đầu hoặc độ dài vượt ngoài khoảng tính được.",
                    draft=draft,
                )
                return None
        return None

    def _ask(
        self, draft: _Draft, extensions: tuple[Duration, ...], ordered: Duration | None
    ) -> ClockResult:
        """The engine's answer; without explanation, the one it gave before to the same
        request (_Unexplained) where there was one."""
        follows = draft.follows_category
        request = (
            draft.code,
            draft.start_on,
            draft.start_at,
            draft.category if follows else None,
            self.national_security,
            draft.variant,
            extensions,
            tuple(draft.recategorisations) if follows else (),
            ordered,
            draft.deduct_days,
        )
        known = self.known
        if known is not None and CATALOG.get(draft.code) is not draft.rule:
            known = None
        if known is not None:
            result = known.get(request)
            if result is not None:
                return result
        result = _run(draft.rule, ClockRequest(*request), self.calendar, self.explaining)
        if known is not None:
            known[request] = result
        return result

    def _authorised(self, draft: _Draft) -> None:
        """An extension step only the Procurator General grants (172(3), 173(5)-(6)),
        taken by a decision of any other procuracy, is left out, said and reported
        (code "clock.extension.authority"): a provincial procuracy cannot grant the
        fourth extension of an investigation."""
        if not draft.extensions:
            return
        terms, category = draft.terms, draft.current_category
        if terms is None or category is None:
            return
        steps = terms.steps_for(category, self.national_security)
        kept: list[tuple[Duration, Event]] = []
        for length, event in draft.extensions:
            index = len(kept)
            step = steps[index][0] if index < len(steps) else None
            by_general = event.params.get(PARAM_BY_PROCURATOR_GENERAL) is True
            if step is not None and step.granted_by == PROCURATOR_GENERAL and not by_general:
                message = (
                    f"{_decision(event)}: lần gia hạn này ({step.basis.label}) chỉ Viện trưởng "
                    "Viện kiểm sát nhân dân tối cao có thẩm quyền quyết định; quyết định của "
                    "viện kiểm sát khác không được tính."
                )
                self._report("clock.extension.authority", message, draft=draft, event=event)
                self._tell(draft, f"CẢNH BÁO: {message}")
                continue
            kept.append((length, event))
        draft.extensions[:] = kept

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
                self._refuse(draft, event, f"{error.message} Không tính lần gia hạn này.")
            return extensions[:index], ordered
        if error.code == "clock.extension.too_long" and index is not None:
            cap = self._cap(draft, index)
            if cap is None:
                return None
            event = draft.extensions[index][1]
            self._refuse(draft, event, f"{error.message} Chỉ tính {cap.label}.")
            return [*extensions[:index], cap, *extensions[index + 1 :]], ordered
        if error.code == "clock.detention.too_long" and ordered is not None:
            self._refuse(draft, draft.origin, f"{error.message} Tính theo mức tối đa luật cho.")
            return extensions, None
        return None

    def _refuse(self, draft: _Draft, event: Event, text: str) -> None:
        message = f"{_decision(event)}: {text}"
        self._report("clock.derive.refused", message, draft=draft, event=event)
        self._tell(draft, f"CẢNH BÁO: {message}")

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
        status, ended_on, text = open_status(
            draft.code, deadline, result.extension_request_by, today, self.due_soon_days
        )
        return status, ended_on, None, (text,) if self.explaining else ()

    def _ended_status(
        self, draft: _Draft, ended: Event, deadline: date
    ) -> tuple[ClockStatus, date | None, EventType | None, tuple[str, ...]]:
        # A decision dated on the last day is in time: the period runs to 24:00 of that
        # day (Art.134). One dated later is late, suspensions included: 148, 229 and 247
        # let suspension be decided once the period has run out, and we read that as "on
        # its last day at the latest" (the law says no more).
        met = ended.date <= deadline
        status = _MET if met else _MISSED
        if not self.explaining:
            return status, ended.date, ended.type, ()
        verdict = "trong hạn" if met else "sau hạn"
        texts = [f"Kết thúc bằng {_decision(ended)}: {verdict}."]
        if date_known(ended) is not DateKnown.DAY:
            texts.append(
                f"Ngày của quyết định này chỉ biết gần đúng: tính theo ngày muộn nhất có thể, "
                f"{day_text(ended.date)} (GẦN ĐÚNG)."
            )
        if ended.type is _E.CASE_CLOSED:
            texts.append("Hồ sơ vụ án đã kết thúc nên thời hạn không còn chạy.")
        warning = _SUSPENSION_BEFORE_EXPIRY.get(ended.type)
        if warning is not None and ended.date < deadline and draft.code in _SUSPENDABLE:
            texts.append(f"Lưu ý: {warning}")
        return status, ended.date, ended.type, tuple(texts)


_Request = tuple[
    str,
    date,
    datetime | None,
    CrimeCategory | None,
    bool,
    str | None,
    tuple[Duration, ...],
    tuple[Recategorisation, ...],
    Duration | None,
    int,
]


class _Unexplained:
    """The engine's answers without explanation for the calendar last asked about, by
    request (ClockRequest's fields, in its order).

    An answer depends on the request and the calendar alone, and both are immutable;
    recomputing the clocks of many cases asks the same requests again and again (two
    months of detention from the same day, for the same category), so each answer is
    kept. For one calendar at a time, held weakly (a calendar dropped and another built
    in its place never meets the old answers), and forgotten past a bound."""

    LIMIT = 100_000

    def __init__(self) -> None:
        self.calendar: weakref.ref[RestDayCalendar] | None = None
        self.results: dict[_Request, ClockResult] = {}

    def results_for(self, calendar: RestDayCalendar) -> dict[_Request, ClockResult]:
        if self.calendar is None or self.calendar() is not calendar:
            self.calendar, self.results = weakref.ref(calendar), {}
        elif len(self.results) >= self.LIMIT:
            self.results.clear()
        return self.results


_UNEXPLAINED = _Unexplained()

_EXTENSION_FIELD = re.compile(r"extensions\[(\d+)\]")


def _extension_index(field_name: str | None) -> int | None:
    match = _EXTENSION_FIELD.fullmatch(field_name or "")
    return None if match is None else int(match[1])


def _run(
    rule: ClockRule, request: ClockRequest, calendar: RestDayCalendar, explain: bool
) -> ClockResult:
    if CATALOG.get(rule.code) is rule:
        return compute(request, calendar, explain=explain)
    # A rule outside the catalogue (VALUATION) runs through the same procedural counting.
    terms = rule.terms
    assert terms is not None
    run = Computation(rule, None, terms, request, calendar, explaining=explain)
    run.say(lambda: f"{rule.label} — {terms.label} ({terms.basis.label}).")
    return result_of(run, procedural(run))


def open_status(
    code: str,
    deadline: date,
    extension_request_by: date | None,
    today: date,
    due_soon_days: int = DUE_SOON_DAYS,
) -> tuple[ClockStatus, date | None, str]:
    """How a clock no decision has ended stands on ``today``: its status, the day it
    ended (a lapsing clock ends when it runs out) and the sentence that closes its
    explanation. Only this moves with the calendar when nothing is recorded, so the
    nightly refresh asks this alone (``phoihop.clocks.services.clock_statuses_refresh``)."""
    if code in LAPSING and today > deadline:
        text = (
            f"Thời hạn đã hết ngày {day_text(deadline)}; đây là thời hạn dành cho người "
            "tham gia tố tụng nên kết thúc khi hết hạn."
        )
        if code == "JUDGMENT_DELIVERY":
            text = (
                f"Thời hạn đã hết ngày {day_text(deadline)}. Hồ sơ không có quyết định ghi "
                "nhận việc giao bản án nên hệ thống coi thời hạn kết thúc khi hết hạn, không "
                "kiểm tra được việc tuân thủ."
            )
        return ClockStatus.MET, deadline, text
    left = (deadline - today).days
    if left < 0:
        return ClockStatus.OVERDUE, None, f"Đã quá hạn {-left} ngày."
    if extension_request_by is not None and today >= extension_request_by:
        text = f"Còn {left} ngày; đã đến hạn chót đề nghị gia hạn {day_text(extension_request_by)}."
        return ClockStatus.DUE_SOON, None, text
    if left <= due_soon_days:
        return ClockStatus.DUE_SOON, None, f"Còn {left} ngày, sắp đến hạn."
    return ClockStatus.RUNNING, None, f"Còn {left} ngày."
