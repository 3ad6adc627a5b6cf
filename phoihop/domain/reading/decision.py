"""Read a procedural decision's fields from its text."""

from __future__ import annotations

import unicodedata

from phoihop.domain.procedure.events import EventType
from phoihop.domain.reading import citations, header, periods
from phoihop.domain.reading.dates import find_dates
from phoihop.domain.reading.folded import FoldedText, fold_with_offsets
from phoihop.domain.reading.kinds import best_cue
from phoihop.domain.reading.model import ReadDecision, ReadField
from phoihop.domain.reading.persons import read_persons

# A decision type found only in the body (no title read) is a guess from its words.
_BODY_CUE_CONFIDENCE = 0.5
_AMBIGUOUS_BODY_CUE_CONFIDENCE = 0.35


def read_decision(text: str) -> ReadDecision:
    """The fields of the decision ``text`` (a .docx's paragraphs, a PDF's text layer or
    a scan's OCR), each with its confidence and span; spans point into the text
    normalised to NFC, which the result carries."""
    normalised = unicodedata.normalize("NFC", text)
    folded = fold_with_offsets(normalised)
    dates = find_dates(folded.folded)
    title = header.find_title(folded)
    head_end = header.header_end(folded, title)
    doc_number = header.read_doc_number(folded, head_end)
    place, signed_on = header.read_place_and_date(folded, dates, head_end)
    issuer_lines, issuer = header.read_issuer(folded, head_end)
    refs = citations.references(folded)
    months, days = periods.read_lengths(folded, dates)
    detention_from, detention_to = periods.read_detention(folded, dates)
    return ReadDecision(
        text=normalised,
        event_type=_event_type(folded, title, doc_number),
        doc_number=doc_number,
        signed_on=signed_on,
        place=place,
        issuer_lines=issuer_lines,
        issuer=issuer,
        legal_basis=citations.legal_basis(refs),
        persons=read_persons(folded, dates),
        charges=citations.charges(refs),
        months=months,
        days=days,
        detention_from=detention_from,
        detention_to=detention_to,
        case_title=periods.read_case_title(folded),
    )


def _event_type(
    folded: FoldedText, title: header.Title | None, doc_number: ReadField[str] | None
) -> ReadField[EventType] | None:
    """From the title; failing that, from a judgment's number; failing that, from the
    words of the body, with the confidence of a guess."""
    if title is not None and title.event_type is not None:
        return title.event_type
    by_number = header.number_event_type(doc_number, folded)
    if by_number is not None:
        return by_number
    positions = [i for i, char in enumerate(folded.folded) if not char.isspace()]
    compact = "".join(folded.folded[i] for i in positions)
    match = best_cue(compact)
    if match is None:
        return None
    confidence = _AMBIGUOUS_BODY_CUE_CONFIDENCE if match.ambiguous else _BODY_CUE_CONFIDENCE
    span = folded.span(positions[match.start], positions[match.end - 1] + 1)
    return ReadField(match.cue.event_type, confidence, span)
