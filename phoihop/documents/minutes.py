"""Minutes of an inter-agency meeting (BIÊN BẢN HỌP LIÊN NGÀNH).

For each case on the agenda the minutes record every agency's position in its own
words and the outcome: agreed (thống nhất), or not agreed, in which case the meeting
proposes to ask the competent authority (kiến nghị xin ý kiến …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from phoihop.documents.layout import (
    DocumentInputError,
    DocumentNumber,
    DocumentVariant,
    OfficialDocument,
    Signer,
    Span,
    place_and_date,
)

MINUTES_TYPE_NAME = "Biên bản họp liên ngành"
# The content ends with "./." after its last full stop: not in LEGAL.md, recalled – verify.
_CLOSING_MARK = "/."


class Outcome(StrEnum):
    AGREED = "agreed"  # thống nhất
    NOT_AGREED = "not_agreed"  # chưa thống nhất → xin ý kiến cấp có thẩm quyền


@dataclass(frozen=True)
class Participant:
    agency: str
    people: Sequence[str] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(self.people))
        if not self.agency.strip():
            raise DocumentInputError("A participant needs an agency.")


@dataclass(frozen=True)
class Position:
    agency: str
    position_text: str

    def __post_init__(self) -> None:
        if not self.agency.strip() or not self.position_text.strip():
            raise DocumentInputError("A position needs the agency and its text.")


@dataclass(frozen=True)
class AgendaCase:
    title: str
    code: str | None
    positions: Sequence[Position]
    outcome: Outcome
    conclusion: str
    escalated_to: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", tuple(self.positions))
        try:
            object.__setattr__(self, "outcome", Outcome(self.outcome))
        except ValueError:
            raise DocumentInputError(
                f"Unknown outcome {self.outcome!r}: use 'agreed' or 'not_agreed'."
            ) from None
        if not self.positions:
            raise DocumentInputError(f"Case {self.title!r} has no agency positions.")
        agencies = [position.agency for position in self.positions]
        if len(set(agencies)) != len(agencies):
            raise DocumentInputError(f"Case {self.title!r} has two positions of one agency.")
        if self.outcome is Outcome.NOT_AGREED and not (self.escalated_to or "").strip():
            raise DocumentInputError(
                f"Case {self.title!r} was not agreed: name the authority asked to decide."
            )
        if self.outcome is Outcome.AGREED and self.escalated_to:
            raise DocumentInputError(f"Case {self.title!r} was agreed: nothing to escalate.")


@dataclass(frozen=True)
class MeetingMinutes:
    issuing_agency: str
    superior_agency: str | None
    party_document: bool
    number: DocumentNumber
    place: str  # the place name of the date line ("An Giang")
    date: dt.date
    title: str  # the summary line under "BIÊN BẢN HỌP LIÊN NGÀNH"
    chair: str
    secretary: str
    sites: Sequence[str]  # điểm cầu; the first is the main one
    participants: Sequence[Participant]
    cases: Sequence[AgendaCase]
    recipients: Sequence[str]
    signers: Sequence[Signer]  # left to right: usually the secretary, then the chair
    started_at: dt.time | None = None
    ended_at: dt.time | None = None
    filed_at: Sequence[str] = field(default=("VT",))  # "Lưu: VT, …"

    def __post_init__(self) -> None:
        for name in ("sites", "participants", "cases", "recipients", "signers", "filed_at"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.cases:
            raise DocumentInputError("The minutes need at least one case.")
        if not self.sites:
            raise DocumentInputError("The minutes need the meeting's site.")
        if not self.signers:
            raise DocumentInputError("The minutes need their signers.")
        present = {participant.agency for participant in self.participants}
        for case in self.cases:
            absent = [p.agency for p in case.positions if p.agency not in present]
            if absent:
                raise DocumentInputError(
                    f"Case {case.title!r}: positions of agencies not listed as participants: "
                    + ", ".join(absent)
                )


def _time_text(moment: dt.time) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


def _case_heading(index: int, case: AgendaCase) -> str:
    code = f" (mã {case.code})" if case.code else ""
    return f"{index}. {case.title}{code}"


def meeting_minutes_docx(minutes: MeetingMinutes) -> bytes:
    """The minutes as a .docx in the official layout (state or Party variant)."""
    document = OfficialDocument(
        variant=DocumentVariant.for_party(minutes.party_document),
        title=f"{MINUTES_TYPE_NAME} - {minutes.title}",
        author=minutes.issuing_agency,
    )
    document.header(
        superior_agency=minutes.superior_agency,
        issuing_agency=minutes.issuing_agency,
        number=minutes.number,
        place=minutes.place,
        on=minutes.date,
    )
    document.title(MINUTES_TYPE_NAME, minutes.title)

    document.heading("I. THỜI GIAN, ĐỊA ĐIỂM")
    when = place_and_date(minutes.place, minutes.date).split(", ", 1)[1]
    if minutes.started_at is not None:
        when = f"bắt đầu lúc {_time_text(minutes.started_at)}, {when}"
    document.paragraph([Span("Thời gian: ", bold=True), Span(f"{when}.")])
    if len(minutes.sites) == 1:
        document.paragraph([Span("Địa điểm: ", bold=True), Span(_sentence(minutes.sites[0]))])
    else:
        document.paragraph(
            [Span("Địa điểm: ", bold=True), Span(f"họp tại {len(minutes.sites)} điểm cầu:")]
        )
        for index, site in enumerate(minutes.sites):
            main = " (điểm cầu chính)" if index == 0 else ""
            end = "." if index == len(minutes.sites) - 1 else ";"
            document.paragraph(f"- {site}{main}{end}")

    document.heading("II. THÀNH PHẦN")
    document.paragraph([Span("Chủ trì: ", bold=True), Span(_sentence(minutes.chair))])
    document.paragraph([Span("Thư ký: ", bold=True), Span(_sentence(minutes.secretary))])
    if minutes.participants:
        document.paragraph([Span("Đại biểu các cơ quan tham dự:", bold=True)])
        for index, participant in enumerate(minutes.participants):
            end = "." if index == len(minutes.participants) - 1 else ";"
            people = ", ".join(participant.people)
            spans = [Span(f"- {participant.agency}", bold=True)]
            spans.append(Span(f": {people}{end}" if people else end))
            document.paragraph(spans)

    document.heading("III. NỘI DUNG")
    for index, case in enumerate(minutes.cases, start=1):
        document.heading(_case_heading(index, case))
        document.paragraph([Span("a) Ý kiến của các cơ quan:", italic=True)], keep_with_next=True)
        for position in case.positions:
            document.paragraph(
                [Span(f"- {position.agency}: ", bold=True), Span(_sentence(position.position_text))]
            )
        if case.outcome is Outcome.AGREED:
            result = [Span("b) Kết quả: ", italic=True), Span("Thống nhất. ", bold=True)]
            result.append(Span(_sentence(case.conclusion)))
        else:
            result = [Span("b) Kết quả: ", italic=True), Span("Chưa thống nhất. ", bold=True)]
            if case.conclusion.strip():
                result.append(Span(_sentence(case.conclusion) + " "))
            result.append(Span(f"Kiến nghị xin ý kiến {case.escalated_to}.", bold=True))
        last = index == len(minutes.cases) and minutes.ended_at is None
        if last:
            result.append(Span(_CLOSING_MARK))
        document.paragraph(result)

    if minutes.ended_at is not None:
        document.paragraph(
            f"Cuộc họp kết thúc lúc {_time_text(minutes.ended_at)} cùng ngày.{_CLOSING_MARK}"
        )

    document.signatures(minutes.signers)
    document.recipients(minutes.recipients, minutes.filed_at)
    return document.to_bytes()
