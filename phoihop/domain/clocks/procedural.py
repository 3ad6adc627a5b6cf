"""Procedural clocks: days (R2), months (R3), working days (R8), extension chaining
(R6), the effective day of a judgment (R11) and resumption (R12)."""

from __future__ import annotations

from datetime import date

from phoihop.domain.errors import RuleViolation

from .computation import (
    ONE_DAY,
    Computation,
    Outcome,
    Text,
    day_text,
    note_worked_weekend,
    rest_list,
    written,
)
from .counting import add_months, add_procedural
from .extensions import announce_next, granted, latest_request_day, too_many, within_cap
from .rules import Convention, CountingMode, Duration, ExtensionStep, StartRule, Unit

_R2_START = "BLTTHS Điều 134; BLDS Điều 147"
_R2_ROLL = "BLTTHS Điều 134; BLDS Điều 148"
_R3 = "BLTTHS Điều 134"


def procedural(run: Computation) -> Outcome:
    start = _effective_start(run)
    _announce_term_conventions(run, start)
    if run.rule.counting is CountingMode.WORKING_DAYS:
        return _working_days(run, start)
    # R2 DAYS_EXCLUSIVE_ROLL (CONVENTION): BLTTHS is silent on the start day; the Civil
    # Code (Art.147) excludes it, and so do the courts' own guides.
    run.apply(
        lambda: f"Ngày bắt đầu {day_text(start)} không tính",
        Convention.DAYS_EXCLUSIVE_ROLL,
        _R2_START,
    )
    base = run.base
    nominal = _advance(run, start, base, lambda: f"Thời hạn {base.label}")
    used, last_unit = 0, base.unit
    # R6 EXT_CHAIN_FROM_NOMINAL_END (CONVENTION): each extension runs from the un-rolled
    # end of the previous period (TTLT 01/2017 Art.11(2)); only the last end is rolled.
    for index, step, cap, requested in granted(run):
        longer = add_procedural(nominal, requested) > add_procedural(nominal, cap)
        length = within_cap(run, index, step, cap, requested, longer)
        nominal = _extend(run, nominal, index, step, cap, length)
        used, last_unit = used + 1, length.unit
    _alternative_reading(run, start, nominal)
    deadline = _roll_forward(run, nominal, last_unit)
    next_step = announce_next(run, used)
    request_by = latest_request_day(run, next_step, nominal)
    max_nominal = nominal
    for _, cap in run.available[used:]:
        max_nominal = add_procedural(max_nominal, cap)
    max_deadline = run.calendar.next_work(max_nominal)
    run.consult(max_nominal, max_deadline)
    if max_deadline != deadline:
        run.say(
            lambda: f"Nếu được gia hạn tối đa các lần còn lại: hạn cuối {day_text(max_deadline)}."
        )
    return Outcome(nominal, deadline, max_deadline, request_by)


def _extend(
    run: Computation,
    nominal: date,
    index: int,
    step: ExtensionStep,
    cap: Duration,
    length: Duration,
) -> date:
    """The period after one more extension, chained from the nominal end (R6)."""
    run.apply(
        lambda: (
            f"Gia hạn lần {index + 1}: {length.label} (tối đa {cap.label}, "
            f"{step.granted_by}, {step.basis.label}), cộng tiếp từ ngày hết hạn danh nghĩa "
            f"{day_text(nominal)}"
        ),
        Convention.EXT_CHAIN_FROM_NOMINAL_END,
    )
    return _advance(run, nominal, length, lambda: f"Sau gia hạn lần {index + 1}")


def _advance(run: Computation, anchor: date, length: Duration, label: Text) -> date:
    if length.unit is Unit.MONTHS:
        end, clamped = add_months(anchor, length.amount)

        def months_text() -> str:
            detail = ""
            if clamped:
                detail = f", tháng {end:%m/%Y} không có ngày {anchor.day} nên lấy ngày cuối tháng"
            return (
                f"{written(label)}: kết thúc vào ngày cùng số của tháng tương ứng, "
                f"{day_text(anchor)} + {length.label} = {day_text(end)}{detail}"
            )

        run.apply(months_text, Convention.MONTHS_CORRESPONDING_CLAMP_ROLL, _R3)
        return end
    end = add_procedural(anchor, length)
    run.apply(
        lambda: f"{written(label)}: {day_text(anchor)} + {length.label} = {day_text(end)}",
        Convention.DAYS_EXCLUSIVE_ROLL,
        _R2_START,
    )
    return end


def _roll_forward(run: Computation, nominal: date, unit: Unit) -> date:
    deadline = run.calendar.next_work(nominal)
    run.consult(nominal, deadline)
    if deadline == nominal:
        run.say(
            lambda: (
                f"Ngày {day_text(nominal)} là ngày làm việc: hạn cuối là hết 24 giờ ngày "
                f"{day_text(nominal)}."
            )
        )
    else:
        convention, citation = (
            (Convention.MONTHS_CORRESPONDING_CLAMP_ROLL, _R3)
            if unit is Unit.MONTHS
            else (Convention.DAYS_EXCLUSIVE_ROLL, _R2_ROLL)
        )
        run.apply(
            lambda: (
                f"Ngày {rest_list(run, nominal, deadline - ONE_DAY)} là ngày nghỉ: hạn cuối "
                f"chuyển sang ngày làm việc tiếp theo, hết 24 giờ ngày {day_text(deadline)}"
            ),
            convention,
            citation,
        )
    note_worked_weekend(run, deadline)
    return deadline


def _working_days(run: Computation, start: date) -> Outcome:
    """R8 WORKING_DAYS_EXCLUSIVE (CONVENTION): only working days are counted, the start
    day excluded; THADS Art.36 says "ngày làm việc" and no more."""
    counted, day = [], start
    for _ in range(run.base.amount):
        day = run.calendar.next_work(day + ONE_DAY)
        counted.append(day)
    run.consult(start, day)
    run.apply(
        lambda: (
            f"Ngày bắt đầu {day_text(start)} không tính; {run.base.label} là "
            f"{', '.join(day_text(d) for d in counted)}: hạn cuối hết 24 giờ ngày {day_text(day)}"
        ),
        Convention.WORKING_DAYS_EXCLUSIVE,
        run.terms.basis.label,
    )
    for worked in counted:
        note_worked_weekend(run, worked)
    if run.request.extensions:  # no working-day clock can be extended
        raise RuleViolation(
            too_many(run, 0), code="clock.extension.not_allowed", field="extensions[0]"
        )
    return Outcome(day, day, day)


def _effective_start(run: Computation) -> date:
    """R11 EFFECTIVE_DAY_AFTER_LAST_PROTEST_DAY (CONVENTION): Art.343 makes a judgment
    effective "from the end of" the appeal and protest periods; we take the day after the
    last day of the longest one and show the other reading (one day earlier)."""
    start, terms = run.request.start_on, run.terms
    after = terms.effective_after
    if terms.start_rule is not StartRule.EFFECTIVE_AFTER_PROTEST or after is None:
        run.say(lambda: f"Sự kiện bắt đầu là {run.rule.start_event}: {day_text(start)}.")
        return start
    nominal = add_procedural(start, after)
    last = run.calendar.next_work(nominal)
    run.consult(nominal, last)
    run.apply(
        lambda: (
            f"Ngày tuyên án {day_text(start)}; thời hạn kháng nghị dài nhất là "
            f"{after.label} của Viện kiểm sát cấp trên (BLTTHS Điều 337 khoản 1): "
            f"{day_text(start)} + {after.label} = {day_text(nominal)}, ngày cuối là "
            f"{day_text(last)}"
        ),
        Convention.DAYS_EXCLUSIVE_ROLL,
        _R2_ROLL,
    )
    effective = last + ONE_DAY
    run.apply(
        lambda: f"Bản án có hiệu lực pháp luật từ ngày {day_text(effective)}",
        Convention.EFFECTIVE_DAY_AFTER_LAST_PROTEST_DAY,
    )
    other = run.calendar.next_work(add_procedural(last, run.base))
    run.say(
        lambda: (
            f"Cách đọc khác: nếu bản án có hiệu lực ngay ngày {day_text(last)} thì hạn cuối "
            f"là {day_text(other)}."
        )
    )
    return effective


def _announce_term_conventions(run: Computation, start: date) -> None:
    if Convention.RESUMPTION_STARTS_FRESH_PERIOD in run.terms.conventions:
        run.apply(
            lambda: (
                f"Thời hạn mới tính từ quyết định phục hồi ngày {day_text(start)}, không "
                "cộng phần còn lại của thời hạn cũ"
            ),
            Convention.RESUMPTION_STARTS_FRESH_PERIOD,
            run.terms.basis.label,
        )
    if Convention.HALF_MAXIMUM_AS_DAYS in run.terms.conventions and run.available:
        run.apply(
            lambda: (
                f"Gia hạn tối đa một nửa thời hạn tối đa {run.base.label}, tức "
                f"{run.available[0][1].label}"
            ),
            Convention.HALF_MAXIMUM_AS_DAYS,
        )


def _alternative_reading(run: Computation, start: date, chained: date) -> None:
    """R6: month clamping can make chaining differ from counting all months from the start."""
    lengths = [run.base, *run.request.extensions]
    if run.lighter or len(lengths) < 2 or any(length.unit is not Unit.MONTHS for length in lengths):
        return
    total = sum(length.amount for length in lengths)
    anchored = add_months(start, total)[0]
    if anchored != chained:
        run.say(
            f"Cách đọc khác: tính thẳng {total} tháng từ ngày bắt đầu cho {day_text(anchored)}; "
            f"hệ thống dùng ngày {day_text(chained)} theo cách cộng nối tiếp."
        )
