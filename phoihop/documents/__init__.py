"""Official documents as .docx: pure functions from frozen dataclasses to bytes.

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
    FollowUpLetter,
    StatutoryBasis,
    follow_up_letter_docx,
)
from phoihop.documents.minutes import (
    AgendaCase,
    MeetingMinutes,
    Outcome,
    Participant,
    Position,
    meeting_minutes_docx,
)

__all__ = [
    "AgendaCase",
    "CaseReference",
    "DocumentInputError",
    "DocumentNumber",
    "DocumentVariant",
    "FollowUpLetter",
    "MeetingMinutes",
    "Outcome",
    "Participant",
    "Position",
    "Signer",
    "StatutoryBasis",
    "follow_up_letter_docx",
    "meeting_minutes_docx",
    "place_and_date",
]
