"""Which body of the registry a decision's header names: the recording agency, or one of
the bodies it succeeded (the 2025 reform closed the police, procuracy and court of each
merged province; their successors enter the decisions those bodies made).

Names are compared word for word, folded as search folds them (case, tone and vowel
marks, đ, punctuation aside): "CƠ QUAN CẢNH SÁT ĐIỀU TRA CÔNG AN TỈNH KIÊN GIANG" is the
registry's "Cơ quan Cảnh sát điều tra Công an tỉnh Kiên Giang". Nothing is matched on a
near spelling: the registry's names of one kind differ by one syllable ("Hà Giang",
"Hậu Giang"; "khu vực 1", "khu vực 11"), so an unread or misread name leaves the
recording agency, marked for the officer to check, rather than a neighbour.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from phoihop.domain.reading.model import ReadField, Span
from phoihop.domain.text import search_words

# How sure a match is, by how it was found. The issuer the reader composed from the head
# naming a body exactly is the form's own cue. A body found only in one of the head's
# other lines, or in the lines in another order, may be the superior body printed above
# the one that decided (a high court's head starts with the Supreme Court): to check.
# So is a name the header's words hold with more around it ("CỤC THI HÀNH ÁN DÂN SỰ …"
# for the registry's "Thi hành án dân sự …").
EXACT = 0.95
EXACT_IN_LINES = 0.7
CONTAINED = 0.65
CONTAINED_IN_LINES = 0.55
# A body named by the header that did not exist on the decision's date: the date or the
# body is misread, or the document is not what it seems.
NOT_EXISTING = 0.5
DEFAULTED = 0.0  # the recording agency, taken for want of a body named

# "TP." in a scan's or a typist's header for "Thành phố".
_ABBREVIATIONS = {"tp": ("thanh", "pho")}


class IssuerOutcome(StrEnum):
    MATCHED = "matched"  # one body of the candidates named
    AMBIGUOUS = "ambiguous"  # several of one name, the date telling none of them apart
    UNMATCHED = "unmatched"  # a body read that is none of the candidates
    UNREAD = "unread"  # no body read in the head


@dataclass(frozen=True)
class IssuerCandidate:
    """A body the decision may be entered as made by, as the registry names it."""

    key: int
    name: str
    valid_from: dt.date
    valid_to: dt.date | None

    def existed_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class IssuerMatch:
    """The body proposed (the recording agency unless ``outcome`` is MATCHED), how sure,
    and the words of the head it was found in (None when no body was read)."""

    candidate: IssuerCandidate
    confidence: float
    span: Span | None
    outcome: IssuerOutcome


def match_issuer(
    issuer: ReadField[str] | None,
    issuer_lines: Sequence[ReadField[str]],
    *,
    recorder: IssuerCandidate,
    predecessors: Sequence[IssuerCandidate],
    on: ReadField[dt.date] | None,
) -> IssuerMatch:
    """The candidate (``recorder`` or one of its ``predecessors``) the header names.
    Several named alike (a body and its pre-reform namesake: "Tòa án nhân dân tỉnh An
    Giang" before and after 1 July 2025) are told apart by the decision's date ``on``;
    when it does not, or nothing matches, the recorder, with no confidence."""
    if issuer is None and not issuer_lines:
        return IssuerMatch(recorder, DEFAULTED, None, IssuerOutcome.UNREAD)
    forms = _forms(issuer, issuer_lines)
    candidates = [recorder, *(p for p in predecessors if p.key != recorder.key)]
    scored: list[tuple[float, IssuerCandidate, ReadField[str]]] = []
    for candidate in candidates:
        found = _best(_words(candidate.name), forms)
        if found is not None:
            scored.append((found[0], candidate, found[1]))
    read_span = issuer.span if issuer is not None else issuer_lines[-1].span
    if not scored:
        return IssuerMatch(recorder, DEFAULTED, read_span, IssuerOutcome.UNMATCHED)
    best = max(score for score, _candidate, _form in scored)
    tied = [(candidate, form) for score, candidate, form in scored if score == best]
    confidence = best
    if len(tied) > 1 and on is not None:
        tied = [(candidate, form) for candidate, form in tied if candidate.existed_on(on.value)]
        confidence = min(confidence, on.confidence)
    if len(tied) != 1:
        return IssuerMatch(recorder, DEFAULTED, read_span, IssuerOutcome.AMBIGUOUS)
    [(candidate, form)] = tied
    if on is not None and not candidate.existed_on(on.value):
        confidence = min(confidence, NOT_EXISTING)
    return IssuerMatch(
        candidate, min(confidence, form.confidence), form.span, IssuerOutcome.MATCHED
    )


@dataclass(frozen=True)
class _Form:
    """A way the head's words may name the body, and how sure a match through it is."""

    words: tuple[str, ...]
    read: ReadField[str]
    exact: float
    contained: float


def _forms(issuer: ReadField[str] | None, lines: Sequence[ReadField[str]]) -> list[_Form]:
    forms: list[_Form] = []
    if issuer is not None:
        forms.append(_Form(_words(issuer.value), issuer, EXACT, CONTAINED))
    # Each line alone, and each two adjacent in either order: a unit under its parent
    # ("CÔNG AN TỈNH … / CƠ QUAN CẢNH SÁT ĐIỀU TRA") whatever order a scan gave them in.
    pieces = list(lines)
    for upper, lower in itertools.pairwise(lines):
        span = (upper.span[0], lower.span[1])
        confidence = min(upper.confidence, lower.confidence)
        pieces.append(ReadField(f"{lower.value} {upper.value}", confidence, span))
        pieces.append(ReadField(f"{upper.value} {lower.value}", confidence, span))
    forms.extend(_Form(_words(p.value), p, EXACT_IN_LINES, CONTAINED_IN_LINES) for p in pieces)
    return forms


def _best(name: tuple[str, ...], forms: Sequence[_Form]) -> tuple[float, ReadField[str]] | None:
    best: tuple[float, ReadField[str]] | None = None
    for form in forms:
        if form.words == name:
            score = form.exact
        elif _contains(form.words, name):
            score = form.contained
        else:
            continue
        if best is None or score > best[0]:
            best = (score, form.read)
    return best


def _contains(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    size = len(name)
    return 0 < size < len(words) and any(
        words[at : at + size] == name for at in range(len(words) - size + 1)
    )


def _words(text: str) -> tuple[str, ...]:
    words: list[str] = []
    for word in search_words(text):
        words.extend(_ABBREVIATIONS.get(word, (word,)))
    return tuple(words)
