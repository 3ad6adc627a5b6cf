"""Computes one statutory clock and explains every step in Vietnamese.

Each step that applies a counting rule names its LEGAL.md Appendix A id and the
text it rests on; rules the law does not spell out (CONVENTION) and facts not yet
verified (UNCONFIRMED) are repeated to the user at the end of the explanation.
"""

from __future__ import annotations

from datetime import date

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.errors import InvalidInput

from .calendar import RestDayCalendar
from .catalog import CATALOG
from .computation import (
    CATEGORY_NAMES,
    ClockRequest,
    ClockResult,
    Computation,
    Outcome,
    Recategorisation,
    Text,
    day_text,
)
from .measures import custody, detention
from .procedural import procedural
from .rules import ClockRule, Convention, CountingMode, Terms

__all__ = ["ClockRequest", "ClockResult", "Recategorisation", "compute", "result_of"]


def compute(
    request: ClockRequest, calendar: RestDayCalendar, *, explain: bool = True
) -> ClockResult:
    """The deadline of one clock; raises InvalidInput or RuleViolation (with a
    Vietnamese message naming the article and the field) for what cannot be computed.
    With ``explain`` False the result is the same but for its ``steps``, left empty."""
    rule = _rule(request.code)
    variant, terms = _terms(rule, request.variant)
    run = Computation(rule, variant, terms, request, calendar, explaining=explain)
    _check_fields(run)
    run.say(lambda: f"{_heading(rule, terms)} ({terms.basis.label}).")
    run.category, run.lighter = _category(run)
    if rule.counting is CountingMode.HOURS:
        outcome = custody(run)
    elif rule.counting is CountingMode.DETENTION:
        outcome = detention(run)
    else:
        outcome = procedural(run)
    return result_of(run, outcome)


def result_of(run: Computation, outcome: Outcome) -> ClockResult:
    """What the engine answers once a computation has its outcome: the deadlines, and the
    explanation with its closing caveats."""
    return ClockResult(
        code=run.rule.code,
        variant=run.variant,
        category=run.category,
        basis=run.terms.basis,
        nominal_end=outcome.nominal_end,
        deadline=outcome.deadline,
        deadline_at=outcome.deadline_at,
        extension_request_by=outcome.request_by,
        max_deadline=outcome.max_deadline,
        max_deadline_at=outcome.max_deadline_at,
        steps=run.finish(),  # before the conventions: the closing caveats add to them
        conventions=tuple(run.conventions),
    )


def _heading(rule: ClockRule, terms: Terms) -> str:
    return f"{rule.label} — {terms.label}" if terms.label else rule.label


def _rule(code: str) -> ClockRule:
    if code not in CATALOG:
        raise InvalidInput(
            f"Không có thời hạn '{code}'; các mã hợp lệ: {', '.join(CATALOG)}.",
            code="clock.unknown",
            field="clock",
        )
    return CATALOG[code]


def _terms(rule: ClockRule, variant: str | None) -> tuple[str | None, Terms]:
    if rule.terms is not None:
        if variant is not None:
            raise InvalidInput(
                f"{rule.label} ({rule.basis.label}) không chia trường hợp; trường hợp "
                f"'{variant}' không áp dụng.",
                code="clock.variant.unknown",
                field="variant",
            )
        return None, rule.terms
    choices = ", ".join(rule.variants)
    chosen = variant or rule.default_variant
    if chosen is None:
        raise InvalidInput(
            f"{rule.label} ({rule.basis.label}) cần chọn trường hợp: {choices}.",
            code="clock.variant.required",
            field="variant",
        )
    if chosen not in rule.variants:
        raise InvalidInput(
            f"{rule.label} ({rule.basis.label}) không có trường hợp '{chosen}'; "
            f"các trường hợp: {choices}.",
            code="clock.variant.unknown",
            field="variant",
        )
    return chosen, rule.variants[chosen]


def _check_fields(run: Computation) -> None:
    request, basis = run.request, run.terms.basis.label
    detention = run.rule.counting is CountingMode.DETENTION
    if not detention and request.ordered is not None:
        raise InvalidInput(
            f"Thời hạn ghi trong lệnh chỉ dùng cho thời hạn tạm giam, không áp dụng cho {basis}.",
            field="ordered",
        )
    if not detention and request.deduct_days:
        raise InvalidInput(
            f"Số ngày đã tạm giữ chỉ trừ vào thời hạn tạm giam, không áp dụng cho {basis}.",
            field="deduct_days",
        )
    if request.deduct_days < 0:
        raise InvalidInput(
            f"Số ngày đã tạm giữ không được âm ({basis}, Điều 118 khoản 4).", field="deduct_days"
        )


def _category(run: Computation) -> tuple[CrimeCategory | None, bool]:
    """R10 RECATEGORISE_FROM_ORIGINAL_START (CONVENTION, TTLT 04/2018 Art.14): the last
    category charged decides the table, counted from the original start."""
    request, terms = run.request, run.terms
    if not terms.depends_on_category:
        if request.recategorisations:
            raise InvalidInput(
                f"{terms.basis.label} không phụ thuộc loại tội; việc chuyển loại tội không áp "
                "dụng.",
                field="recategorisations",
            )
        return None, False
    if request.category is None:
        raise InvalidInput(
            f"{run.rule.label} phụ thuộc loại tội ({terms.basis.label}); cần cho biết tội phạm "
            "ít nghiêm trọng, nghiêm trọng, rất nghiêm trọng hay đặc biệt nghiêm trọng.",
            code="clock.category.required",
            field="category",
        )
    category, heaviest, since = request.category, request.category, request.start_on
    run.say(lambda: f"Loại tội: {CATEGORY_NAMES[category]}.")
    for index, change in enumerate(request.recategorisations):
        if change.on < since:
            raise InvalidInput(
                f"Ngày chuyển loại tội {day_text(change.on)} sớm hơn ngày bắt đầu hoặc lần chuyển "
                "trước (TTLT 04/2018 Điều 14).",
                field=f"recategorisations[{index}].date",
            )
        run.apply(
            _recategorised(change, category, request.start_on),
            Convention.RECATEGORISE_FROM_ORIGINAL_START,
        )
        category, since = change.category, change.on
        heaviest = max(heaviest, category, key=lambda c: c.severity)
    if request.national_security:
        run.say("Tội xâm phạm an ninh quốc gia (Bộ luật Hình sự Chương XIII).")
    return category, category.severity < heaviest.severity


def _recategorised(change: Recategorisation, before: CrimeCategory, start: date) -> Text:
    return lambda: (
        f"Ngày {day_text(change.on)} chuyển từ tội {CATEGORY_NAMES[before]} sang tội "
        f"{CATEGORY_NAMES[change.category]}: tính lại từ ngày bắt đầu {day_text(start)} theo "
        "bảng của loại tội mới"
    )
