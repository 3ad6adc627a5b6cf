"""Extensions: which step of the law each granted extension uses, its cap, and the
latest day to ask for the next one (R6 chaining is applied by the callers; R9 here)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from phoihop.domain.errors import InvalidInput, RuleViolation

from .computation import (
    CATEGORY_NAMES,
    ONE_DAY,
    Computation,
    Text,
    day_text,
    note_worked_weekend,
    rest_list,
)
from .rules import UNITS_BY_MODE, Convention, Duration, ExtensionStep


def granted(run: Computation) -> Iterator[tuple[int, ExtensionStep, Duration, Duration]]:
    """Pairs each granted extension with the step of the law it uses, refusing a step
    the law does not have. After a move to a lighter category (R10) an extension
    granted under the heavier table is not refused but left out, with a note."""
    available = run.available
    allowed_units = UNITS_BY_MODE[run.rule.counting]
    for index, requested in enumerate(run.request.extensions):
        if requested.unit not in allowed_units:
            raise InvalidInput(
                f"Gia hạn lần {index + 1} ({requested.label}) không tính được theo cách tính "
                f"của {run.terms.basis.label}.",
                field=f"extensions[{index}]",
            )
        if index < len(available):
            step, cap = available[index]
            yield index, step, cap, requested
            continue
        if run.lighter:
            run.say(_left_out(index, requested))
            continue
        raise RuleViolation(
            too_many(run, index), code="clock.extension.not_allowed", field=f"extensions[{index}]"
        )


def _left_out(index: int, requested: Duration) -> Text:
    return lambda: (
        f"Lưu ý: gia hạn lần {index + 1} ({requested.label}) vượt số lần bảng loại tội mới "
        "cho phép nên không được tính (TTLT 04/2018 Điều 14)."
    )


def too_many(run: Computation, index: int) -> str:
    available = run.available
    who = ""
    if run.category is not None:
        who = f" đối với tội {CATEGORY_NAMES[run.category]}"
    if not available:
        return f"{run.rule.label} ({run.terms.basis.label}) không được gia hạn{who}."
    last = available[-1][0].basis.label
    return (
        f"{run.rule.label}{who} chỉ được gia hạn tối đa {len(available)} lần ({last}); "
        f"lần gia hạn thứ {index + 1} không được phép."
    )


def within_cap(
    run: Computation,
    index: int,
    step: ExtensionStep,
    cap: Duration,
    requested: Duration,
    longer: bool,
) -> Duration:
    if not longer:
        return requested
    if run.lighter:
        run.say(
            lambda: (
                f"Lưu ý: gia hạn lần {index + 1} ({requested.label}) dài hơn mức "
                f"{cap.label} của loại tội mới; chỉ tính {cap.label} (TTLT 04/2018 Điều 14)."
            )
        )
        return cap
    raise RuleViolation(
        f"Gia hạn lần {index + 1} ({requested.label}) vượt quá mức tối đa {cap.label} theo "
        f"{step.basis.label}.",
        code="clock.extension.too_long",
        field=f"extensions[{index}]",
    )


def announce_next(run: Computation, used: int) -> ExtensionStep | None:
    available = run.available
    if used < len(available):
        step, cap = available[used]
        run.say(
            lambda: (
                f"Còn có thể gia hạn lần {used + 1}: tối đa {cap.label}, do "
                f"{step.granted_by} quyết định ({step.basis.label})."
            )
        )
        return step
    if available or run.terms.extensions:
        run.say("Đã dùng hết số lần gia hạn luật cho phép.")
    return None


def latest_request_day(
    run: Computation, step: ExtensionStep | None, nominal_end: date
) -> date | None:
    """R9: the latest day to ask for the next extension, counted back from the nominal
    end (BACKWARD_FROM_NOMINAL_END) and moved back off rest days (BACKWARD_PREV_WORKDAY);
    both are CONVENTIONS, the law has no rollover for backward periods."""
    if step is None or step.request_lead_days is None:
        return None
    raw = nominal_end - timedelta(days=step.request_lead_days)
    latest = run.calendar.prev_work(raw)
    run.consult(raw, latest)
    run.apply(
        lambda: (
            f"Đề nghị gia hạn chậm nhất {step.request_lead_days} ngày trước ngày hết hạn "
            f"danh nghĩa {day_text(nominal_end)}: {day_text(raw)}"
        ),
        Convention.BACKWARD_FROM_NOMINAL_END,
        step.basis.label,
    )
    if latest != raw:
        run.apply(
            lambda: (
                f"Ngày {rest_list(run, raw, latest + ONE_DAY, backward=True)} là ngày nghỉ: "
                f"lùi về ngày làm việc liền trước {day_text(latest)}"
            ),
            Convention.BACKWARD_PREV_WORKDAY,
        )
    note_worked_weekend(run, latest)
    return latest
