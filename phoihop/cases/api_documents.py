"""/api/v1/cases/{case_id}/documents: a decision read from its own document, for agency
systems, as on the case page (cases/reading_views.py): the upload keeps the file and
the fields read from it and records nothing; the confirmation records the decision the
caller sends, through the same service, with the document linked and the reading
audited. Who may do what is the page's: a writer of an agency handling the case uploads
while it may record a decision; the agency that gave a document reviews and confirms it.

The upload takes no Idempotency-Key, as the page's form takes no one-time token:
reading records nothing, and a retry only keeps the file a second time, unconfirmed.
(Keyed, the request would also run in one transaction, holding SQLite's write lock for
the seconds a scan's OCR takes.) The confirmation, which records, takes one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status, UploadedFile

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.cases import reading, services
from phoihop.cases.api import EventIn, EventOut, event_input
from phoihop.cases.derived import domain_events_of
from phoihop.cases.models import Case, DecisionDocument
from phoihop.cases.reading_review import READ_FIELDS, Review, changed_values
from phoihop.cases.selectors import case_get_for
from phoihop.cases.views import recordable_events
from phoihop.core.api_errors import ERRORS, WRITE_ERRORS, ApiError, ErrorOut, api_status
from phoihop.core.api_types import RecordId
from phoihop.core.api_validation import FIELD_LABELS
from phoihop.core.clock import now
from phoihop.core.errors import NotFound
from phoihop.core.idempotency import idempotent
from phoihop.documents.reading import ReadingRefused
from phoihop.documents.reading.extracted import MIN_DPI, WARNING_MESSAGES, ReadingWarning
from phoihop.domain.procedure.events import EventType

router = Router(tags=["cases"])

# A few documents a request: every file is read (a scan's page in a second or two)
# before the answer. A case's history of many documents is for the batch mode.
MAX_FILES = 10
UPLOAD_FIELD = reading.UPLOAD_FIELD
UPLOAD_LABEL = FIELD_LABELS[UPLOAD_FIELD]

# A field read, by the name the review gives it (`READ_FIELDS`) → the name of `EventIn`
# that sends it back: the same but for the person, sent as an id.
SENT_AS = {name: name for name in READ_FIELDS} | {"person": "person_id"}

Documents = Annotated[
    list[UploadedFile], File(min_length=1, max_length=MAX_FILES, description="the files")
]

_FILE_REFUSALS = {
    413: {
        "description": "A file is larger than the attachment limit (10 MB by default): "
        "`reading.too_large`, naming the file. Nothing is kept."
    },
    415: {
        "description": "A file is not a .docx, a PDF or a scan (PNG, JPEG, TIFF), or its "
        "name's suffix does not match its content: `reading.wrong_type`, "
        "`reading.type_mismatch`, `reading.old_word`, naming the file. Nothing is kept."
    },
}


class ReadingWarningOut(Schema):
    code: str
    message: str


class ReadingOut(Schema):
    method: str  # docx, pdf_text, ocr
    pages: int | None  # None for a .docx, which has no pages until laid out
    ocr_confidence: float | None  # a scan's: the recogniser's mean word confidence, 0-1
    dpi: int | None  # a scan's resolution
    warnings: list[ReadingWarningOut]


class FieldReadOut(Schema):
    name: str  # as `EventIn` names it: type, date, doc_number, person_id, charges, issuer…
    value: Any  # as `EventIn` takes it; null where nothing is proposed (see `note`)
    # The value as a person reads it where `value` is a registry code: for `issuer` (the
    # code of the body that made the decision), that body's name; else empty.
    label: str
    quote: str  # the words it was read from; empty when the document gives none
    span: tuple[int, int]  # where they are in `text`: [start, end)
    confidence: float
    doubtful: bool  # confidence below 0.8: to be checked against the text
    note: str


class DocumentOut(Schema):
    id: int
    name: str
    size: int
    uploaded_at: dt.datetime
    recorded_at: dt.datetime | None  # when it was confirmed as a decision
    event: EventOut | None  # that decision (none once it is withdrawn)
    reading: ReadingOut
    text: str
    type_note: str  # why no decision type is proposed, when none is
    fields: list[FieldReadOut]


def _values(review: Review) -> dict[str, Any]:
    """The values proposed, as `EventIn` takes them: the issuing body by its code."""
    values = dict(review.initial)
    if review.issuer is not None:
        values["issuer"] = review.issuer.code
    return values


def _case_to_record_on(request: HttpRequest, case_id: int) -> tuple[Case, list[EventType]]:
    """The case and what the caller may record on it now; 404 when they may record
    nothing (or may not see it), as on the page."""
    case = case_get_for(actor_for(request.user), case_id)
    recordable = recordable_events(request, case, domain_events_of(case.events.all()))
    if not recordable:
        raise NotFound("Không tìm thấy vụ án.")
    return case, recordable


def _recorder(request: HttpRequest) -> Agency:
    """The caller's agency, which records the decision (whoever may record has one)."""
    agency = request.user.agency
    if agency is None:
        raise NotFound("Không tìm thấy vụ án.")
    return agency


def _described(
    document: DecisionDocument, recordable: list[EventType], recorder: Agency
) -> dict[str, Any]:
    """The document for the caller: the fields as the review page proposes them, the
    type only where ``recordable`` has it; once confirmed, every field as read. The
    issuing body is proposed among ``recorder`` and the bodies it succeeded, by its
    registry code, which the confirmation takes back as `issuer`."""
    if document.recorded_at is not None:
        recordable = list(EventType)
    review = reading.document_review(document, recordable=recordable, recorder=recorder)
    values = _values(review)
    labels = {"issuer": review.issuer.name} if review.issuer is not None else {}
    figures = document.reading
    return {
        "id": document.pk,
        "name": document.name,
        "size": document.size,
        "uploaded_at": document.uploaded_at,
        "recorded_at": document.recorded_at,
        "event": document.event,
        "reading": {
            "method": figures.get("method", ""),
            "pages": figures.get("pages"),
            "ocr_confidence": figures.get("ocr_confidence"),
            "dpi": figures.get("dpi"),
            "warnings": [
                {
                    "code": code,
                    "message": WARNING_MESSAGES[ReadingWarning(code)].format(min_dpi=MIN_DPI),
                }
                for code in figures.get("warnings", [])
            ],
        },
        "text": document.text,
        "type_note": review.type_note,
        "fields": [
            {
                "name": SENT_AS[name],
                "value": values.get(name),
                "label": labels.get(name, ""),
                "quote": found.quote,
                "span": found.span,
                "confidence": found.confidence,
                "doubtful": found.unsure,
                "note": found.note,
            }
            for name, found in review.fields.items()
        ],
    }


@router.post(
    "/{case_id}/documents",
    response={201: list[DocumentOut], 413: ErrorOut, 415: ErrorOut, **WRITE_ERRORS},
    summary="Give decisions' own documents to be read (nothing is recorded)",
    description=(
        "One or more files in the multipart field `document` (at most "
        f"{MAX_FILES}): a .docx, a PDF with its text, or a scan (PDF, PNG, JPEG, TIFF; "
        "read by character recognition, a second or two a page). Each is read and kept on "
        "the case with the fields read from it, to be checked and confirmed "
        "(`POST …/documents/{document_id}/confirm`); nothing is recorded before. All or "
        "nothing: when one file cannot be read, none is kept, and the refusal names it "
        "(413 too large, 415 not a kind read, 422 damaged, encrypted, too many pages or "
        "without text). For a writer of an agency handling the case, while it may record "
        "a decision. No Idempotency-Key: a retry keeps the files again, unconfirmed."
    ),
    openapi_extra={"responses": _FILE_REFUSALS},
)
def case_documents_read(
    request: HttpRequest,
    case_id: RecordId,
    document: Documents,
) -> Status:
    case, recordable = _case_to_record_on(request, case_id)
    try:
        kept = reading.decision_documents_read(
            user=request.user, case_id=case.pk, uploads=document, now=now()
        )
    except ReadingRefused as error:
        raise ApiError(
            reading.REFUSAL_STATUS.get(error.code) or api_status(error),
            error.code,
            f"{UPLOAD_LABEL} ({UPLOAD_FIELD}), tệp «{error.params.get('file', '')}»: "
            f"{error.message}",
            UPLOAD_FIELD,
        ) from None
    for each in kept:
        each.case = case
    return Status(201, [_described(each, recordable, _recorder(request)) for each in kept])


@router.get(
    "/{case_id}/documents/{document_id}",
    response={200: DocumentOut, **ERRORS},
    summary="A document given to be read: the fields read, and the decision it was confirmed as",
    description=(
        "For the agency that gave it, while it handles the case (a writer who may record "
        "on it); 404 for anyone else."
    ),
)
def case_document_get(request: HttpRequest, case_id: RecordId, document_id: RecordId) -> Any:
    document = reading.decision_document_given(
        user=request.user, case_id=case_id, document_id=document_id
    )
    services.case_view_record(user=request.user, case=document.case, now=now(), via="api")
    recordable = recordable_events(
        request, document.case, domain_events_of(document.case.events.all())
    )
    return _described(document, recordable, _recorder(request))


@router.post(
    "/{case_id}/documents/{document_id}/confirm",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Record the decision a document was read as, checked and corrected by the caller",
    description=(
        "The decision as `POST /cases/{case_id}/events` takes it, with the case's "
        "`version`: the fields read (GET the document) as they are, or corrected; among "
        "them `issuer`, the registry code of the body the header names, when it is one "
        "your agency succeeded (a body closed in the 2025 reform), else your agency's "
        "own, marked `doubtful` when the header names neither. It is "
        "recorded as that route records it, the document linked to it, and the audit "
        "entry `case.event.read` names the fields sent otherwise than read. Once: a "
        "second confirmation answers 409 `reading.recorded_already`. For the agency that "
        "gave the document, while it may record a decision."
    ),
)
@idempotent
def case_document_confirm(
    request: HttpRequest, case_id: RecordId, document_id: RecordId, payload: EventIn
) -> Status:
    case, recordable = _case_to_record_on(request, case_id)
    document = reading.decision_document_unrecorded(
        user=request.user, case_id=case.pk, document_id=document_id
    )
    recorder = _recorder(request)
    read = _values(reading.document_review(document, recordable=recordable, recorder=recorder))
    sent = {name: getattr(payload, SENT_AS[name]) for name in READ_FIELDS}
    sent["issuer"] = sent["issuer"] or recorder.code  # none named: the recording agency
    reading.case_record_event_from_document(
        user=request.user,
        case_id=case.pk,
        document_id=document.pk,
        expected_version=payload.version,
        event=event_input(payload),
        changed=changed_values(read, sent),
        now=now(),
    )
    document.refresh_from_db()
    document.case = case
    return Status(201, _described(document, recordable, recorder))
