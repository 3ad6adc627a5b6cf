"""Cached columns of a case, derived from its record the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from phoihop.core.search import fold
from phoihop.domain import crimes
from phoihop.domain.procedure.events import Event, EventType


def charges_as_rows(text: str) -> list[dict[str, int]]:
    """ "353.3, 354.2" → [{"article": 353, "clause": 3}, ...] for display and filters."""
    if not text:
        return []
    return [{"article": c.article, "clause": c.clause} for c in crimes.parse_charges(text)]


def search_text_for(case: Any, person_names: str) -> str:
    """What the diacritic-blind search looks in: code, title, summary, persons."""
    return fold(" ".join([case.national_code or "", case.title, case.summary, person_names]))


def domain_events_of(records: Iterable[Any]) -> list[Event]:
    """CaseEvent rows → the domain's events, in recording order, for replay."""
    return [
        Event(type=EventType(r.type), date=r.date, params=r.params, sequence=r.sequence)
        for r in sorted(records, key=lambda r: r.sequence)
    ]
