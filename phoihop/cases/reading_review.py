"""What the review page shows of a decision read from its document: the decision form's
values as read, how sure each is and the words it came from, and the text cut at those
words so the page can mark them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from phoihop.cases.labels import event_label
from phoihop.cases.reading_issuer import IssuerChoice
from phoihop.domain.procedure.events import EventType
from phoihop.domain.reading import ReadDecision, ReadField
from phoihop.domain.reading.issuer_match import IssuerOutcome, match_issuer
from phoihop.domain.text import fold

# Below this a field is marked for the officer to check; the reader's own cues give
# 0.9 and above where the form put them, OCR's doubted words 0.5.
SURE = 0.8
_QUOTE_LIMIT = 160

# The decisions whose charges the record takes (timeline._charges_after): elsewhere the
# articles a document cites describe the case, and would restate its charges.
CHARGING = frozenset(
    {
        EventType.CASE_INITIATED,
        EventType.SUSPECT_CHARGED,
        EventType.CHARGES_CHANGED,
        EventType.INDICTED,
        EventType.CASES_JOINED,
    }
)


@dataclass(frozen=True)
class FieldRead:
    """How one field of the form was filled from the document."""

    confidence: float
    quote: str  # the words it came from
    anchor: str  # the id of those words in the text shown
    note: str = ""
    span: tuple[int, int] = (0, 0)  # where those words are in the text: [start, end)

    @property
    def unsure(self) -> bool:
        return self.confidence < SURE


@dataclass(frozen=True)
class Review:
    initial: dict[str, Any]
    fields: dict[str, FieldRead]
    type_note: str  # why the read type is not offered, when it is not
    segments: list[tuple[str, str, bool]]  # (text, anchor or "", unsure)
    # The body proposed as having made the decision, among those it may be entered as
    # made by (the recording agency first); None and () when none were given.
    issuer: IssuerChoice | None = None
    issuer_choices: tuple[IssuerChoice, ...] = ()


@dataclass(frozen=True)
class CasePerson:
    pk: int
    full_name: str
    birth_year: int | None


def review_of(
    read: ReadDecision,
    *,
    recordable: Sequence[EventType],
    persons: Sequence[CasePerson],
    issuers: Sequence[IssuerChoice] = (),
) -> Review:
    """The form's values as read. ``issuers`` are the bodies the decision may be entered
    as made by, the recording agency first (`reading_issuer.issuer_choices`): the one
    the header names is proposed, else the recording agency, marked to check."""
    initial: dict[str, Any] = {}
    fields: dict[str, FieldRead] = {}
    spans: list[tuple[tuple[int, int], str, bool]] = []

    def take(
        name: str, found: ReadField[Any], value: Any, *, note: str = "", sure: bool = True
    ) -> None:
        confidence = found.confidence if sure else min(found.confidence, SURE / 2)
        anchor = f"read-{name}"
        fields[name] = FieldRead(
            confidence, _quote(read.text, found.span), anchor, note, span=found.span
        )
        spans.append((found.span, anchor, fields[name].unsure))
        if value is not None:
            initial[name] = value

    type_note = ""
    if read.event_type is None:
        type_note = _("No decision was recognised in the document: choose it.")
    elif read.event_type.value not in recordable:
        type_note = _(
            "The document reads as «%(decision)s», which your agency cannot record on this "
            "case now: choose the decision to record."
        ) % {"decision": event_label(read.event_type.value)}
        take("type", read.event_type, None, sure=False)
    else:
        take("type", read.event_type, read.event_type.value.value)
    if read.signed_on is not None:
        take("date", read.signed_on, read.signed_on.value)
    if read.doc_number is not None:
        take("doc_number", read.doc_number, read.doc_number.value)
    if read.persons:
        _take_person(read, persons, take)
    event_type = read.event_type.value if read.event_type is not None else None
    if read.charges and event_type in CHARGING:
        span = (min(c.span[0] for c in read.charges), max(c.span[1] for c in read.charges))
        value = ", ".join(
            f"{c.value.article}.{c.value.clause}" if c.value.clause else str(c.value.article)
            for c in read.charges
        )
        take(
            "charges",
            ReadField(value, min(c.confidence for c in read.charges), span),
            value,
        )
    for name in ("months", "days"):
        period: ReadField[int] | None = getattr(read, name)
        if period is not None:
            take(name, period, period.value)
    issuer = _take_issuer(read, issuers, take) if issuers else None
    return Review(initial, fields, type_note, _segments(read.text, spans), issuer, tuple(issuers))


def _take_issuer(read: ReadDecision, issuers: Sequence[IssuerChoice], take: Any) -> IssuerChoice:
    """The body the header names among ``issuers`` (the recording agency first), or the
    recording agency, marked to check, with why."""
    by_key = {choice.pk: choice for choice in issuers}
    match = match_issuer(
        read.issuer,
        read.issuer_lines,
        recorder=issuers[0].candidate,
        predecessors=[choice.candidate for choice in issuers[1:]],
        on=read.signed_on,
    )
    chosen = by_key[match.candidate.key]
    named = read.issuer.value if read.issuer is not None else ""
    note = ""
    if match.outcome is IssuerOutcome.UNREAD:
        note = _("No issuing body was read in the document's header: check it.")
    elif match.outcome is IssuerOutcome.UNMATCHED:
        note = _(
            "«%(name)s» is neither your agency nor a body it succeeded: check the issuing body."
        ) % {"name": named}
    elif match.outcome is IssuerOutcome.AMBIGUOUS:
        note = _(
            "«%(name)s» may be more than one body of the registry: choose the one that "
            "made the decision."
        ) % {"name": named}
    elif chosen.valid_to is not None:
        note = _(
            "A former body, in operation until %(date)s: the decision is entered as its own."
        ) % {"date": f"{chosen.valid_to:%d/%m/%Y}"}
    take(
        "issuer", ReadField(chosen.pk, match.confidence, match.span or (0, 0)), chosen.pk, note=note
    )
    return chosen


def _take_person(read: ReadDecision, persons: Sequence[CasePerson], take: Any) -> None:
    """The first person named who is one of the case's, by name folded (tone marks, case
    and spacing aside) and year of birth where both give one."""
    by_name: dict[str, list[CasePerson]] = {}
    for person in persons:
        by_name.setdefault(fold(person.full_name), []).append(person)
    names = [found.value.full_name for found in read.persons]
    for found in read.persons:
        matches = [
            person
            for person in by_name.get(fold(found.value.full_name), [])
            if None in (person.birth_year, found.value.birth_year)
            or person.birth_year == found.value.birth_year
        ]
        if len(matches) == 1:
            others = [name for name in names if name != found.value.full_name]
            note = (
                _("The document also names %(names)s: one decision for each person.")
                % {"names": ", ".join(others)}
                if others
                else ""
            )
            take("person", found, matches[0].pk, note=note)
            return
    first = read.persons[0]
    take(
        "person",
        first,
        None,
        note=_(
            "«%(name)s» is not one of the case's persons: add them on the case page first, "
            "or choose."
        )
        % {"name": first.value.full_name},
        sure=False,
    )


def _quote(text: str, span: tuple[int, int]) -> str:
    words = " ".join(text[span[0] : span[1]].split())
    return words if len(words) <= _QUOTE_LIMIT else words[: _QUOTE_LIMIT - 1] + "…"


def _segments(
    text: str, spans: list[tuple[tuple[int, int], str, bool]]
) -> list[tuple[str, str, bool]]:
    """The text in pieces, each field's words a piece of their own; where two fields
    came from overlapping words, the first one's piece holds them."""
    pieces: list[tuple[str, str, bool]] = []
    at = 0
    for (start, end), anchor, unsure in sorted(spans, key=lambda s: s[0]):
        if start < at or end <= start:
            continue
        if start > at:
            pieces.append((text[at:start], "", False))
        pieces.append((text[start:end], anchor, unsure))
        at = end
    pieces.append((text[at:], "", False))
    return pieces


def changed_fields(form: Any, names: Sequence[str]) -> list[str]:
    """Which of the fields filled from the document the officer changed."""
    return [name for name in form.changed_data if name in names]


def reading_summary(reading: dict[str, Any]) -> str:
    """How the text was read, in a line: the method, the pages, OCR's mean confidence."""
    method = {
        "docx": _("Word file (.docx)"),
        "pdf_text": _("PDF with its own text"),
        "ocr": _("scan read by character recognition"),
    }.get(reading.get("method", ""), reading.get("method", ""))
    parts = [str(method)]
    if reading.get("pages"):
        parts.append(_("%(pages)s page(s)") % {"pages": reading["pages"]})
    if reading.get("ocr_confidence") is not None:
        parts.append(
            _("mean recognition confidence %(percent)s%%")
            % {"percent": round(100 * reading["ocr_confidence"])}
        )
    return " · ".join(parts)


READ_FIELDS = ("type", "date", "doc_number", "person", "charges", "months", "days", "issuer")


def changed_values(initial: Mapping[str, Any], sent: Mapping[str, Any]) -> list[str]:
    """Which of the fields filled from the document (`READ_FIELDS`, named as ``initial``
    names them) were sent otherwise: the counterpart of `changed_fields` for values sent
    without the form (the API). A field neither read nor sent is no change."""

    def given(value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
        return None if value in ("", None) else value

    return [name for name in READ_FIELDS if given(sent.get(name)) != given(initial.get(name))]
