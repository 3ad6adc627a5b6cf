"""Minutes of an inter-agency meeting (BIÊN BẢN HỌP LIÊN NGÀNH).

I. When and where: the start time and date, the venue where the meeting sat (the main
site, điểm cầu chính) and the other sites joined online (điểm cầu). II. Who: the chair
and the secretary by name, title and agency, then each agency's delegates by name and
title. III. For each case on the agenda, every agency's position in its own words and
the outcome: agreed (thống nhất), or not agreed, in which case the meeting proposes to
ask the competent authority (kiến nghị xin ý kiến …). The minutes close with the end
time. The secretary and the chair sign them, so they are two people.
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
from phoihop.documents.marks import SecretMark, copies_note

MINUTES_TYPE_NAME = "Biên bản họp liên ngành"
# The content ends with "./." after its last full stop: not in LEGAL.md, recalled – verify.
_CLOSING_MARK = "/."


class Outcome(StrEnum):
    AGREED = "agreed"  # thống nhất
    NOT_AGREED = "not_agreed"  # chưa thống nhất → xin ý kiến cấp có thẩm quyền


def _same_name(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


@dataclass(frozen=True)
class Delegate:
    """Someone who attended for an agency: the name, and the title if known."""

    name: str
    title: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise DocumentInputError("A delegate needs a name.")

    def text(self) -> str:
        return f"{self.name}, {self.title}" if self.title.strip() else self.name


@dataclass(frozen=True)
class Attendee:
    """The chair or the secretary: name, agency and (if known) title."""

    name: str
    agency: str
    title: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.agency.strip():
            raise DocumentInputError("The chair and the secretary need a name and an agency.")

    def text(self) -> str:
        title = f", {self.title}" if self.title.strip() else ""
        return f"đồng chí {self.name}{title}, {self.agency}"


@dataclass(frozen=True)
class Participant:
    """An agency at the meeting with the delegates who attended for it."""

    agency: str
    people: Sequence[Delegate] = ()

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
    chair: Attendee
    secretary: Attendee
    started_at: dt.time | None  # required: None only to be refused with a message
    ended_at: dt.time | None  # required, the same day
    venue: str  # where the meeting sat: the main site (điểm cầu chính)
    bridge_sites: Sequence[str]  # the other sites joined online (điểm cầu)
    participants: Sequence[Participant]
    cases: Sequence[AgendaCase]
    recipients: Sequence[str]
    signers: Sequence[Signer]  # left to right: usually the secretary, then the chair
    filed_at: Sequence[str] = field(default=("VT",))  # "Lưu: VT, …"
    # The highest state-secret level among the agenda's cases (``marks``); the drafter.
    secret_mark: SecretMark | None = None
    drafter: str = ""

    def __post_init__(self) -> None:
        for name in ("bridge_sites", "participants", "cases", "recipients", "signers", "filed_at"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        # The venue is the main site, never one of the bridge sites besides it.
        bridges = [s.strip() for s in self.bridge_sites if s.strip()]
        bridges = [s for s in dict.fromkeys(bridges) if not _same_name(s, self.venue)]
        object.__setattr__(self, "bridge_sites", tuple(bridges))
        if not self.cases:
            raise DocumentInputError("The minutes need at least one case.")
        if not self.venue.strip():
            raise DocumentInputError("The minutes need the meeting's venue.")
        if not self.signers:
            raise DocumentInputError("The minutes need their signers.")
        if _same_name(self.secretary.name, self.chair.name):
            raise DocumentInputError("The secretary and the chair must be two people.")
        if self.started_at is None or self.ended_at is None:
            raise DocumentInputError("The minutes need the meeting's start and end time.")
        if self.ended_at <= self.started_at:
            raise DocumentInputError("The meeting must end after it starts.")
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
        secret_mark=minutes.secret_mark,
    )
    document.title(MINUTES_TYPE_NAME, minutes.title)

    document.heading("I. THỜI GIAN, ĐỊA ĐIỂM")
    day = place_and_date(minutes.place, minutes.date).split(", ", 1)[1]
    started_at, ended_at = minutes.started_at, minutes.ended_at
    assert started_at is not None  # both checked in __post_init__
    assert ended_at is not None
    when = f"Bắt đầu lúc {_time_text(started_at)}, {day} tại {minutes.venue.strip()}"
    if not minutes.bridge_sites:
        document.paragraph(_sentence(when))
    else:
        document.paragraph(
            f"{when} (điểm cầu chính), kết nối trực tuyến với "
            f"{len(minutes.bridge_sites):02d} điểm cầu:",
            keep_with_next=True,
        )
        for index, site in enumerate(minutes.bridge_sites):
            end = "." if index == len(minutes.bridge_sites) - 1 else ";"
            document.paragraph(f"- {site}{end}")

    document.heading("II. THÀNH PHẦN")
    document.paragraph([Span("Chủ trì: ", bold=True), Span(_sentence(minutes.chair.text()))])
    document.paragraph([Span("Thư ký: ", bold=True), Span(_sentence(minutes.secretary.text()))])
    if minutes.participants:
        document.paragraph([Span("Đại biểu các cơ quan tham dự:", bold=True)], keep_with_next=True)
        for index, participant in enumerate(minutes.participants):
            last_agency = index == len(minutes.participants) - 1
            if not participant.people:
                document.paragraph(
                    [Span(f"- {participant.agency}", bold=True), Span("." if last_agency else ";")]
                )
                continue
            document.paragraph([Span(f"- {participant.agency}:", bold=True)], keep_with_next=True)
            for number, person in enumerate(participant.people):
                last = last_agency and number == len(participant.people) - 1
                document.paragraph(f"+ Đồng chí {person.text()}{'.' if last else ';'}")

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
        document.paragraph(result)

    document.paragraph(f"Cuộc họp kết thúc lúc {_time_text(ended_at)} cùng ngày.{_CLOSING_MARK}")

    document.signatures(minutes.signers)
    note = None
    if minutes.secret_mark is not None:
        copies = len(minutes.recipients) + len(minutes.filed_at)
        note = copies_note(copies, minutes.drafter or minutes.secretary.name)
    document.recipients(minutes.recipients, minutes.filed_at, note=note)
    return document.to_bytes()
