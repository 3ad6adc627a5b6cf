"""The case page's timeline of decisions and its table of time limits, each row's text
worked out here, once, from the records.

Most of the page's rendering was the template engine reading records row by row: each
lookup on a model instance or a dataclass tries it as a dictionary first and fails
before it reads the attribute, and each date is a filter call. The template reads these
plain dictionaries instead; its markup stays in the template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from phoihop.cases.labels import event_label
from phoihop.clocks.selectors import ClockView

# Who may print the follow-up letter of an overdue time limit.
LETTER_WRITERS = ("leader", "coordinator")


def day_text(value: dt.date | None) -> str:
    """As the ``date:"d/m/Y"`` filter writes it ('' for none)."""
    return f"{value.day:02}/{value.month:02}/{value.year:04}" if value else ""


def addresses(name: str, *args: Any) -> Callable[[Any], str]:
    """The address of ``name`` for a last argument given later, reversed once a page:
    ``name`` with ``args`` and a stand-in, cut around it."""
    stand_in = 987654321
    before, after = reverse(name, args=[*args, stand_in]).rsplit(str(stand_in), 1)
    return lambda last: f"{before}{last}{after}"


def timeline_rows(
    case_id: int, records: Iterable[Any], change_form: Callable[[Any], Any]
) -> list[dict[str, Any]]:
    """One dictionary per decision, as listed (latest first is the caller's order);
    ``change_form(record)`` is the record's correction form, or None."""
    case_page = addresses("cases:detail")
    document_file = addresses("cases:document_file", case_id)
    change = addresses("cases:change_event", case_id)
    rows = []
    for record in records:
        params = record.params
        document = getattr(record, "document", None)  # reverse one-to-one: absent raises
        rows.append(
            {
                "label": event_label(record.type),
                "title": params.get("title") or "",
                "unrecorded": bool(params.get("unrecorded")),
                "date_known": params.get("date_known"),
                "day": day_text(record.date),
                "month": f"{record.date.month:02}/{record.date.year:04}",
                "agency": str(record.agency),
                "doc_number": record.doc_number,
                "person": record.person.full_name if record.person_id else "",
                "months": params.get("months"),
                "days": params.get("days"),
                "transferred": bool(params.get("to")),
                "transfer_to_name": getattr(record, "transfer_to_name", ""),
                "split_case": params.get("split_case"),
                "split_case_url": case_page(params["split_case"])
                if params.get("split_case")
                else "",
                "split_from": params.get("split_from"),
                "split_from_url": case_page(params["split_from"])
                if params.get("split_from")
                else "",
                "note": record.note,
                "document_name": document.name if document else "",
                "document_url": document_file(document.pk) if document else "",
                "sequence": record.sequence,
                "change_url": change(record.sequence),
                "change_form": change_form(record),
            }
        )
    return rows


def clock_rows(views: Iterable[ClockView], *, role: str) -> list[dict[str, Any]]:
    """One dictionary per time limit, in the order given."""
    letter = addresses("documents:clock_letter")
    rows = []
    for view in views:
        clock = view.clock
        deadline = clock.deadline
        rows.append(
            {
                "code": clock.code,
                "deadline_iso": deadline.isoformat() if deadline else "",
                "is_open": view.is_open,
                "label": view.label,
                "variant_label": view.variant_label,
                "person": clock.person.full_name if clock.person_id else "",
                "basis": clock.basis,
                "steps": view.steps,
                "deadline": day_text(deadline) or "—",
                "deadline_at": timezone.localtime(clock.deadline_at).strftime("%H:%M %d/%m")
                if clock.deadline_at
                else "",
                "extension_request_by": day_text(clock.extension_request_by)
                if view.is_open
                else "",
                "days_left": view.days_left,
                "working_days_left": view.working_days_left,
                "status": clock.status,
                "status_label": clock.get_status_display(),
                "ended_on": day_text(clock.ended_on),
                "approximate": clock.approximate,
                "past_maximum_days": view.past_maximum_days,
                "needs_update": view.needs_update,
                "letter_url": letter(clock.pk)
                if clock.status == "overdue" and not view.needs_update and role in LETTER_WRITERS
                else "",
            }
        )
    return rows
