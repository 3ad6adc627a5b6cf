"""The clock calculator as plain data, for the CLI, the API and the web page.

``calculate`` never raises for bad input: what cannot be computed comes back as
``{"error": {"code", "message", "field"}}`` with a Vietnamese message naming the
article and the field at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.errors import DomainError, InvalidInput

from .calendar import RestDayCalendar
from .catalog import CATALOG
from .compute import ClockRequest, ClockResult, Recategorisation, compute
from .rules import CountingMode, Duration, Unit

_KEYS = frozenset(
    {
        "id",
        "clock",
        "start",
        "category",
        "national_security",
        "variant",
        "extensions",
        "recategorisations",
        "ordered",
        "deduct_days",
        "calendar",
    }
)
_LENGTH_KEYS = {"months": Unit.MONTHS, "days": Unit.DAYS, "hours": Unit.HOURS}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MINUTE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def calculate(item: Mapping[str, Any], calendar: RestDayCalendar) -> dict[str, Any]:
    """Compute one clock described as a JSON-like object (see the module docstring)."""
    if not isinstance(item, Mapping):
        return _error({}, InvalidInput("Mỗi yêu cầu phải là một đối tượng JSON.", field=""))
    head = {"id": item.get("id"), "clock": item.get("clock")}
    try:
        parser = _Parser(item)
        request = parser.request()
        result = compute(request, parser.calendar(calendar))
    except DomainError as error:
        return _error(head, error)
    except (OverflowError, ValueError):  # dates pushed past year 9999
        problem = InvalidInput(
            "Ngày bắt đầu hoặc độ dài thời hạn vượt ngoài khoảng ngày tính được.",
            code="input.out_of_range",
            field="start",
        )
        return _error(head, problem)
    return head | _result(result)


def _result(result: ClockResult) -> dict[str, Any]:
    return {
        "variant": result.variant,
        "category": None if result.category is None else str(result.category),
        "basis": result.basis.label,
        "nominal_end": result.nominal_end.isoformat(),
        "deadline": result.deadline.isoformat(),
        "deadline_at": _minute(result.deadline_at),
        "extension_request_by": (
            None if result.extension_request_by is None else result.extension_request_by.isoformat()
        ),
        "max_deadline": result.max_deadline.isoformat(),
        "max_deadline_at": _minute(result.max_deadline_at),
        "steps": list(result.steps),
        # The LEGAL.md Appendix A conventions the result relies on, by their IDs; the
        # steps say in words what each one decides.
        "conventions": [str(c) for c in result.conventions],
    }


def _minute(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M")


def _error(head: dict[str, Any], error: DomainError) -> dict[str, Any]:
    return head | {"error": {"code": error.code, "message": error.message, "field": error.field}}


class _Parser:
    """Turns the input object into a ClockRequest, naming the field at fault."""

    def __init__(self, item: Mapping[str, Any]) -> None:
        self.item = item
        clock = item.get("clock")
        if not isinstance(clock, str):
            raise InvalidInput("Thiếu mã thời hạn.", field="clock")
        self.clock = clock
        rule = CATALOG.get(clock)
        self.where = f" ({rule.basis.label})" if rule is not None else ""
        self.hours = rule is not None and rule.counting is CountingMode.HOURS
        unknown = sorted(str(key) for key in item if key not in _KEYS)
        if unknown:
            raise self.invalid(unknown[0], "không phải trường hợp lệ")

    def invalid(self, field: str, problem: str) -> InvalidInput:
        return InvalidInput(f"Trường {field} {problem}{self.where}.", field=field)

    def request(self) -> ClockRequest:
        start_on, start_at = self.start()
        return ClockRequest(
            code=self.clock,
            start_on=start_on,
            start_at=start_at,
            category=self.category(self.item.get("category"), "category"),
            national_security=self.flag("national_security"),
            variant=self.text("variant"),
            extensions=tuple(
                self.length(entry, f"extensions[{index}]")
                for index, entry in enumerate(self.items("extensions"))
            ),
            recategorisations=tuple(
                self.recategorisation(entry, f"recategorisations[{index}]")
                for index, entry in enumerate(self.items("recategorisations"))
            ),
            ordered=(
                None
                if self.item.get("ordered") is None
                else self.length(self.item["ordered"], "ordered")
            ),
            deduct_days=self.count("deduct_days"),
        )

    def calendar(self, calendar: RestDayCalendar) -> RestDayCalendar:
        extra = self.item.get("calendar")
        if extra is None:
            return calendar
        if not isinstance(extra, Mapping) or set(extra) - {"rest_days", "working_days"}:
            raise self.invalid("calendar", "phải có dạng {rest_days: [...], working_days: [...]}")
        return calendar.with_additions(
            rest_days=self.days_off(
                extra.get("rest_days"), "calendar.rest_days", "Ngày nghỉ bổ sung"
            ),
            working_days=self.days_off(
                extra.get("working_days"), "calendar.working_days", "Ngày làm việc bổ sung"
            ),
        )

    def start(self) -> tuple[date, datetime | None]:
        value = self.item.get("start")
        if self.hours:
            if not isinstance(value, str) or not _MINUTE.fullmatch(value):
                raise self.invalid("start", "phải là thời điểm dạng YYYY-MM-DDTHH:MM")
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise self.invalid("start", f"không phải thời điểm có thật: {value}") from None
            return moment.date(), moment
        return self.day(value, "start"), None

    def day(self, value: object, field: str) -> date:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise self.invalid(field, "phải là ngày dạng YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.invalid(field, f"không phải ngày có thật: {value}") from None

    def category(self, value: object, field: str) -> CrimeCategory | None:
        if value is None:
            return None
        if not isinstance(value, str) or value not in CrimeCategory.__members__:
            raise self.invalid(field, "phải là một trong ITN, NT, RNT, DBNT")
        return CrimeCategory(value)

    def flag(self, field: str) -> bool:
        value: object = self.item.get(field, False)
        if not isinstance(value, bool):
            raise self.invalid(field, "phải là true hoặc false")
        return value

    def text(self, field: str) -> str | None:
        value: object = self.item.get(field)
        if value is not None and not isinstance(value, str):
            raise self.invalid(field, "phải là chuỗi")
        return value

    def count(self, field: str) -> int:
        value: object = self.item.get(field, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.invalid(field, "phải là số nguyên không âm")
        return value

    def items(self, field: str) -> list[Any]:
        value: object = self.item.get(field, [])
        if not isinstance(value, list):
            raise self.invalid(field, "phải là một danh sách")
        return value

    def length(self, value: object, field: str) -> Duration:
        if not isinstance(value, Mapping) or len(value) != 1:
            raise self.invalid(field, 'phải có dạng {"months": n} hoặc {"days": n}')
        ((key, amount),) = value.items()
        if key not in _LENGTH_KEYS or isinstance(amount, bool) or not isinstance(amount, int):
            raise self.invalid(field, 'phải có dạng {"months": n} hoặc {"days": n}')
        if amount <= 0:
            raise self.invalid(field, "phải là số nguyên dương")
        return Duration(amount, _LENGTH_KEYS[key])

    def recategorisation(self, value: object, field: str) -> Recategorisation:
        if not isinstance(value, Mapping) or set(value) != {"date", "category"}:
            raise self.invalid(field, 'phải có dạng {"date": "YYYY-MM-DD", "category": "RNT"}')
        category = self.category(value["category"], f"{field}.category")
        if category is None:
            raise self.invalid(f"{field}.category", "phải là một trong ITN, NT, RNT, DBNT")
        return Recategorisation(self.day(value["date"], f"{field}.date"), category)

    def days_off(self, value: object, field: str, default_reason: str) -> dict[date, str]:
        if value is None:
            return {}
        if not isinstance(value, list):
            raise self.invalid(field, "phải là một danh sách ngày")
        found: dict[date, str] = {}
        for index, entry in enumerate(value):
            where = f"{field}[{index}]"
            if isinstance(entry, Mapping):
                reason = entry.get("reason", default_reason)
                if not isinstance(reason, str):
                    raise self.invalid(f"{where}.reason", "phải là chuỗi")
                found[self.day(entry.get("date"), f"{where}.date")] = reason
            else:
                found[self.day(entry, where)] = default_reason
        return found
