"""What reading a decision gives: each field a value, how sure the rule is, and where in
the text it was found. A field the text does not give is None (or an empty tuple): the
reader leaves a field empty rather than guess it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from phoihop.domain.procedure.events import EventType

T = TypeVar("T")

Span = tuple[int, int]


@dataclass(frozen=True)
class ReadField(Generic[T]):
    """One value read from the text. ``confidence`` is in [0, 1]: about 0.9 and above
    where the official form's own cue was found where the form puts it, lower where only
    a weaker cue matched. ``span`` is (start, end) in `ReadDecision.text`."""

    value: T
    confidence: float
    span: Span


@dataclass(frozen=True)
class PersonRead:
    full_name: str
    birth_year: int | None


@dataclass(frozen=True)
class ChargeRead:
    """A Penal Code article charged, with its clause when the text names one."""

    article: int
    clause: int | None


@dataclass(frozen=True)
class ReadDecision:
    """The fields read from one decision. ``text`` is the input normalised to NFC, the
    text every span points into."""

    text: str
    event_type: ReadField[EventType] | None
    doc_number: ReadField[str] | None
    signed_on: ReadField[dt.date] | None
    place: ReadField[str] | None
    issuer_lines: tuple[ReadField[str], ...]
    issuer: ReadField[str] | None
    legal_basis: tuple[ReadField[int], ...]  # articles of the Criminal Procedure Code
    persons: tuple[ReadField[PersonRead], ...]
    charges: tuple[ReadField[ChargeRead], ...]
    months: ReadField[int] | None  # the period the decision sets, when given in months
    days: ReadField[int] | None  # ... or in days
    detention_from: ReadField[dt.date] | None
    detention_to: ReadField[dt.date] | None
    case_title: ReadField[str] | None
