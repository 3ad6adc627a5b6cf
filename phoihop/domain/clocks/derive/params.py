"""The decisions as the clocks read them: their parameters, and how a message names them.

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
from datetime import date, datetime, time
from typing import Final

from phoihop.domain.errors import InvalidInput
from phoihop.domain.procedure.events import EVENT_LABELS_VI, PARAM_PERSON, Event

from ..computation import day_text
from ..rules import Duration, Unit

PARAM_MONTHS: Final = "months"
PARAM_DAYS: Final = "days"
PARAM_HOURS: Final = "hours"
PARAM_AT: Final = "at"
PARAM_VARIANT: Final = "variant"
PARAM_RECEIVED_ON: Final = "received_on"
PARAM_DEDUCT_DAYS: Final = "deduct_days"
PARAM_REQUEST: Final = "request"


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
