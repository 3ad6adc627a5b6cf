"""Custody counted to the hour (R1) and detention counted in whole days, the first
day included, a month being 30 days, never moved off a rest day (R4, R5)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from phoihop.domain.errors import InvalidInput, RuleViolation

from .computation import ONE_DAY, Computation, Outcome, day_text, moment_text
from .counting import custody_hours, detention_days
from .extensions import announce_next, granted, latest_request_day, within_cap
from .rules import UNITS_BY_MODE, Convention, CountingMode, Duration, ExtensionStep


def detention(run: Computation) -> Outcome:
    request, basis = run.request, run.terms.basis.label
    start = request.start_on
    ordered = request.ordered or run.base
    if ordered.unit not in UNITS_BY_MODE[CountingMode.DETENTION]:
        raise InvalidInput(
            f"Thời hạn ghi trong lệnh phải tính bằng tháng hoặc ngày ({basis}).", field="ordered"
        )
    if detention_days(ordered) > detention_days(run.base):
        if not run.lighter:
            raise RuleViolation(
                f"Lệnh tạm giam {ordered.label} vượt quá mức tối đa {run.base.label} theo {basis}.",
                code="clock.detention.too_long",
                field="ordered",
            )
        longest = ordered
        run.say(
            lambda: (
                f"Lưu ý: lệnh {longest.label} dài hơn mức {run.base.label} của loại tội "
                f"mới; chỉ tính {run.base.label} (TTLT 04/2018 Điều 14)."
            )
        )
        ordered = run.base
    total = detention_days(ordered) - request.deduct_days
    if total <= 0:
        raise InvalidInput(
            f"Số ngày đã tạm giữ ({request.deduct_days}) không nhỏ hơn thời hạn tạm giam "
            f"{ordered.label} (BLTTHS Điều 118 khoản 4).",
            field="deduct_days",
        )
    run.say(lambda: f"Sự kiện bắt đầu là {run.rule.start_event}: {day_text(start)}.")
    run.apply(
        lambda: (
            f"Tạm giam tính cả ngày bắt đầu là ngày thứ nhất, một tháng là 30 ngày: "
            f"lệnh {ordered.label} = {detention_days(ordered)} ngày"
        ),
        Convention.DETENTION_INCLUSIVE_30D_NOROLL,
    )
    if request.deduct_days:
        run.say(
            lambda: (
                f"Trừ {request.deduct_days} ngày đã tạm giữ (BLTTHS Điều 118 khoản 4): "
                f"còn {total} ngày."
            )
        )
    first_end = end = start + timedelta(days=total - 1)
    run.say(lambda: f"Ngày kết thúc: {day_text(start)} + {total} − 1 ngày = {day_text(first_end)}.")
    used = 0
    for index, step, cap, requested in granted(run):
        longer = detention_days(requested) > detention_days(cap)
        length = within_cap(run, index, step, cap, requested, longer)
        end, used = _extend_detention(run, end, index, step, cap, length), used + 1
    last_end = end
    run.apply(
        lambda: (
            f"Hạn tạm giam hết 24 giờ ngày {day_text(last_end)}, không chuyển sang ngày "
            "làm việc dù là ngày nghỉ"
        ),
        Convention.DETENTION_INCLUSIVE_30D_NOROLL,
    )
    run.say(
        "Ngày kết thúc ghi trong lệnh tạm giam là căn cứ; nếu khác ngày tính ở đây "
        "cần kiểm tra lại."
    )
    next_step = announce_next(run, used)
    request_by = latest_request_day(run, next_step, end)
    max_end = end + timedelta(days=sum(detention_days(cap) for _, cap in run.available[used:]))
    if max_end != end:
        run.say(
            lambda: (
                "Nếu được gia hạn tối đa các lần còn lại: hạn tạm giam đến hết ngày "
                f"{day_text(max_end)}."
            )
        )
    return Outcome(end, end, max_end, request_by)


def _extend_detention(
    run: Computation, end: date, index: int, step: ExtensionStep, cap: Duration, length: Duration
) -> date:
    """R5: an extension starts the day after the previous period's last day."""
    new_end = end + timedelta(days=detention_days(length))
    run.apply(
        lambda: (
            f"Gia hạn lần {index + 1}: {length.label} (tối đa {cap.label}, "
            f"{step.granted_by}, {step.basis.label}) bắt đầu từ ngày {day_text(end + ONE_DAY)}: "
            f"{day_text(end)} + {detention_days(length)} ngày = {day_text(new_end)}"
        ),
        Convention.DETENTION_EXT_STARTS_NEXT_DAY,
    )
    return new_end


def custody(run: Computation) -> Outcome:
    start_at = run.request.start_at
    if start_at is None:
        raise InvalidInput(
            f"Tạm giữ tính theo giờ ({run.terms.basis.label}): cần cả giờ bắt đầu.",
            field="start",
        )
    first_end = end_at = start_at + timedelta(hours=custody_hours(run.base))
    run.apply(
        lambda: (
            f"Tạm giữ tính theo giờ từ {moment_text(start_at)}: + {run.base.label} "
            f"({custody_hours(run.base)} giờ) = {moment_text(first_end)}, không chuyển ngày nghỉ"
        ),
        Convention.TAM_GIU_HOURS,
    )
    used = 0
    for index, step, cap, requested in granted(run):
        longer = custody_hours(requested) > custody_hours(cap)
        length = within_cap(run, index, step, cap, requested, longer)
        end_at, used = _extend_custody(run, end_at, index, step, cap, length), used + 1
    announce_next(run, used)
    max_at = end_at + timedelta(hours=sum(custody_hours(cap) for _, cap in run.available[used:]))
    return Outcome(
        nominal_end=_last_day(end_at),
        deadline=_last_day(end_at),
        max_deadline=_last_day(max_at),
        deadline_at=end_at,
        max_deadline_at=max_at,
    )


def _extend_custody(
    run: Computation,
    end_at: datetime,
    index: int,
    step: ExtensionStep,
    cap: Duration,
    length: Duration,
) -> datetime:
    new_end = end_at + timedelta(hours=custody_hours(length))
    run.apply(
        lambda: (
            f"Gia hạn lần {index + 1}: {length.label} (tối đa {cap.label}, "
            f"{step.granted_by}, {step.basis.label}): {moment_text(end_at)} → "
            f"{moment_text(new_end)}"
        ),
        Convention.TAM_GIU_HOURS,
    )
    return new_end


def _last_day(moment: datetime) -> date:
    """A period ending at 00:00 ends at 24:00 of the day before."""
    return (moment - timedelta(microseconds=1)).date()
