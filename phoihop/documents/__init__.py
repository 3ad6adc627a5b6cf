"""Official documents as .docx (and the periodic report also as .xlsx and .pdf): pure
functions from frozen dataclasses to bytes.

Not a Django app and no models: callers (services, views, the CLI) turn records into
these dataclasses. The layout follows Decree 30/2020/NĐ-CP for state bodies and the
Party's rules (HD 36-HD/VPTW) for Ban Nội chính and the Steering Committees.
"""

from phoihop.documents.layout import (
    DocumentInputError,
    DocumentNumber,
    DocumentVariant,
    Signer,
    place_and_date,
)
from phoihop.documents.letters import (
    CaseReference,
    DirectiveReference,
    FollowUpLetter,
    StatutoryBasis,
    TimeLimit,
    follow_up_letter_docx,
)
from phoihop.documents.minutes import (
    AgendaCase,
    Attendee,
    Delegate,
    MeetingMinutes,
    Outcome,
    Participant,
    Position,
    meeting_minutes_docx,
)
from phoihop.documents.periodic import report_docx, report_html, report_pdf, report_xlsx
from phoihop.documents.report_data import (
    CaseRef,
    Figure,
    OverdueRow,
    Period,
    ReportData,
    Section,
)

__all__ = [
    "AgendaCase",
    "Attendee",
    "CaseRef",
    "CaseReference",
    "Delegate",
    "DirectiveReference",
    "DocumentInputError",
    "DocumentNumber",
    "DocumentVariant",
    "Figure",
    "FollowUpLetter",
    "MeetingMinutes",
    "Outcome",
    "OverdueRow",
    "Participant",
    "Period",
    "Position",
    "ReportData",
    "Section",
    "Signer",
    "StatutoryBasis",
    "TimeLimit",
    "follow_up_letter_docx",
    "meeting_minutes_docx",
    "place_and_date",
    "report_docx",
    "report_html",
    "report_pdf",
    "report_xlsx",
]
