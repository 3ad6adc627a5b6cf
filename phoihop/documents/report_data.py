"""What a periodic oversight report says, as plain values: the input of the .docx,
.xlsx and .pdf builders (``phoihop.documents.periodic``), built from the live record
by ``phoihop.reports.periodic``. Every figure carries the cases behind it, listed in
the appendix, so each number in the report can be traced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from phoihop.documents.layout import DocumentNumber, DocumentVariant, Signer
from phoihop.documents.marks import SecretMark


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str  # "quý III năm 2026", "tháng 10 năm 2026", "từ 01/01/2026 đến 15/03/2026"


@dataclass(frozen=True)
class CaseRef:
    """A case named in the appendix."""

    key: str  # national case code, else "#<id>"
    title: str
    province: str


@dataclass(frozen=True)
class Figure:
    """One number of the report and the cases behind it (empty for sums of money)."""

    label: str
    value: int
    cases: Sequence[CaseRef] = ()  # the cases listed, the most recently registered first
    unit: str = "vụ"  # "vụ", "người", "đồng", "yêu cầu", "ngày"
    # How many distinct cases are behind the figure, when more than are listed (a
    # national report cannot print a quarter of a million names); None: all listed.
    cases_total: int | None = None


@dataclass(frozen=True)
class Section:
    """A numbered part of the report: its heading, the sentences that open it, and its
    figures (shown as a table)."""

    heading: str
    paragraphs: Sequence[str] = ()
    figures: Sequence[Figure] = ()
    chart: bool = False  # drawn as a bar chart in the workbook (the cases by stage)


@dataclass(frozen=True)
class OverdueRow:
    case: CaseRef
    clock: str  # the clock's name
    deadline: dt.date
    days_overdue: int
    agencies: str  # the agencies handling the case


@dataclass(frozen=True)
class ReportData:
    variant: DocumentVariant  # STATE (Decree 30/2020) or PARTY (HD 36-HD/VPTW)
    superior_agency: str | None  # "TỈNH ỦY AN GIANG" above the issuing body, if any
    issuing_agency: str  # "BAN NỘI CHÍNH"
    number: DocumentNumber
    place: str
    issued_on: dt.date
    title: str  # the summary under "BÁO CÁO"
    scope: str  # "tỉnh An Giang" / "toàn quốc"
    period: Period
    sections: Sequence[Section]  # overview, stages, new cases and accused, …
    overdue: Sequence[OverdueRow]  # the longest overdue first
    proposals: Sequence[str]  # the "Đề xuất, kiến nghị" section; blank lines when empty
    signer: Signer
    recipients: Sequence[str]
    generated_at: dt.datetime
    notes: Sequence[str] = field(default_factory=tuple)  # e.g. how figures were counted
    overdue_total: int | None = None  # how many overdue clocks, when more than listed
    # The highest state-secret level among the cases the report names or counts.
    secret_mark: SecretMark | None = None
    drafter: str = ""  # who drew it up: a secret document's recipients name them
