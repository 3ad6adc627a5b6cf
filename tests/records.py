"""A case's record filled through the real services, for tests that need figures a
release can state: the accused, and amounts of damage and recovery."""

from __future__ import annotations

import datetime as dt
from typing import Any

from phoihop.cases import services


def add_accused(case: Any, officer: Any, now: dt.datetime, name: str, **details: Any) -> Any:
    """Add ``name`` to the case as accused, with any other ``details`` of the person
    (birth_year, position), as ``officer``; the person added."""
    return services.case_add_person(
        user=officer,
        case_id=case.pk,
        expected_version=None,
        person={"full_name": name, "role": "accused", **details},
        now=now,
    )


def record_fill(
    case: Any,
    officer: Any,
    now: dt.datetime,
    *,
    accused: tuple[str, ...] = (),
    amounts: tuple[tuple[str, int], ...] = (),
    position: str = "",
    note: str = "",
) -> None:
    """Add each accused person, then each (kind, amount) asset action, as ``officer``."""
    for name in accused:
        add_accused(case, officer, now, name, position=position)
    for kind, amount in amounts:
        services.case_record_asset(
            user=officer,
            case_id=case.pk,
            expected_version=None,
            asset={"kind": kind, "amount_vnd": amount, "date": case.opened_on, "note": note},
            now=now,
        )


def suspect_charge(
    case: Any, officer: Any, now: dt.datetime, name: str, *, on: dt.date, charges: str
) -> Any:
    """Add ``name`` as accused and record the decision charging them, as ``officer``."""
    person = add_accused(case, officer, now, name)
    case.refresh_from_db()
    services.case_record_event(
        user=officer,
        case_id=case.pk,
        expected_version=case.version,
        event=services.EventInput(
            type="suspect_charged", date=on, person_id=person.pk, params={"charges": charges}
        ),
        now=now,
    )
    case.refresh_from_db()
    return person


def initiated_nearest_deadline(today: dt.date, *, charges: str) -> dt.date:
    """The earliest initiation day whose investigation deadline is still today or later:
    a case in the last days of its period, whatever calendar today falls in. Rest days
    move a deadline by days (by a week and more at Tết), so the day is found with the
    product's own engine rather than counted back."""
    from phoihop.core.calendar_service import current_calendar
    from phoihop.domain.clocks.derive import clocks_for
    from phoihop.domain.procedure import Event, EventType

    calendar = current_calendar()
    found = None
    for back in range(1, 400):
        start = today - dt.timedelta(days=back)
        initiation = Event(EventType.CASE_INITIATED, start, {"charges": charges}, sequence=1)
        derived = clocks_for([initiation], calendar, today=today)
        if next(c for c in derived.clocks if c.code == "INVESTIGATION").deadline < today:
            break
        found = start
    assert found is not None
    return found


def record(user: Any, case: Any, kind: str, on: dt.date, now: dt.datetime, **params: Any) -> Any:
    """Record decision ``kind`` on ``on`` as ``user``, through the service, at the case's
    current version."""
    case.refresh_from_db()
    return services.case_record_event(
        user=user,
        case_id=case.pk,
        expected_version=case.version,
        event=services.EventInput(type=kind, date=on, params=params),
        now=now,
    )


def detain(
    case: Any, officer: Any, now: dt.datetime, person: Any, *, on: dt.date, months: int = 2
) -> None:
    """Record the order detaining ``person`` on ``on`` for ``months``, as ``officer``."""
    services.case_record_event(
        user=officer,
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="detention_ordered", date=on, person_id=person.pk, params={"months": months}
        ),
        now=now,
    )
