"""A decision read from its own document: the file kept and read (nothing recorded),
then, once the officer has checked and confirmed the fields, the decision recorded
through the case page's own service with the document linked to it.

The reading runs in the request: a .docx or a PDF's text layer takes milliseconds, a
scanned page about a second and a half of Tesseract, and `MAX_PAGES` bounds a file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.audit.services import audit_record
from phoihop.cases import services
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.cases.reading_issuer import issuer_choices
from phoihop.cases.reading_review import CasePerson, Review, review_of
from phoihop.cases.selectors import case_facts, case_get_for
from phoihop.coordination.services.requests import safe_filename
from phoihop.core.errors import NotFound
from phoihop.documents.reading import ExtractedText, ReadingRefused, document_text
from phoihop.documents.reading.extracted import refused
from phoihop.domain.access.policy import may_record_events
from phoihop.domain.errors import AccessDenied, TransitionNotAllowed
from phoihop.domain.procedure.events import EventType
from phoihop.domain.reading import ReadDecision, doubted, read_decision

# The forms `document_text` reads; the name's suffix is checked before a byte is read,
# the content's kind by the reader itself.
READABLE_SUFFIXES = (".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
UPLOAD_FIELD = "document"
# A file too big is 413, one of a kind not read 415, on the page and through the API;
# any other refusal (damaged, encrypted, too many pages, no text) is the file's fault.
REFUSAL_STATUS = {
    "reading.too_large": 413,
    "reading.wrong_type": 415,
    "reading.type_mismatch": 415,
    "reading.old_word": 415,
}


def case_to_record_on(user: Any, case_id: int) -> Case:
    """The case, for a user whose agency may record decisions on it: one document or a
    batch of them is read only there."""
    actor = actor_for(user)
    case = case_get_for(actor, case_id)
    if not may_record_events(actor, case_facts(case)):
        raise AccessDenied("Cơ quan của bạn không tham gia giải quyết vụ án này.")
    return case


def decision_document_read(
    *, user: Any, case_id: int, upload: Any, now: dt.datetime
) -> DecisionDocument:
    """Keep ``upload`` on the case with the text read from it. A file that cannot be
    read (`ReadingRefused`, naming the upload field) is not kept. Outside the write's
    transaction while it reads: a scan's OCR takes seconds, and SQLite's write lock
    would hold every other writer for as long."""
    return decision_documents_read(user=user, case_id=case_id, uploads=[upload], now=now)[0]


def decision_documents_read(
    *, user: Any, case_id: int, uploads: Sequence[Any], now: dt.datetime
) -> list[DecisionDocument]:
    """Keep every one of ``uploads`` as `decision_document_read` keeps one, or none:
    each is read before any is kept, and the first that cannot be read is refused
    (`ReadingRefused`, naming the upload field, its ``params["file"]`` the name the file
    was sent with)."""
    case = case_to_record_on(user, case_id)
    read = []
    for upload in uploads:
        try:
            read.append(_read(upload))
        except ReadingRefused as error:
            error.params["file"] = os.path.basename(str(upload.name or "").replace("\\", "/"))
            raise
    return decision_documents_keep(user=user, case=case, read=read, now=now)


def decision_documents_keep(
    *,
    user: Any,
    case: Case,
    read: Sequence[tuple[str, bytes, ExtractedText]],
    now: dt.datetime,
) -> list[DecisionDocument]:
    """Keep the files read (`decision_document_text`) on the case, all or none, each
    audited; for a user the caller has found may record on it."""
    documents = [
        DecisionDocument(
            case=case,
            name=name,
            size=len(data),
            text=extracted.text,
            reading=reading_figures(extracted),
            uploaded_by=user,
            uploaded_at=now,
        )
        for name, data, extracted in read
    ]
    saved: list[DecisionDocument] = []
    try:
        for document, (name, data, _extracted) in zip(documents, read, strict=True):
            document.file.save(name, ContentFile(data), save=False)
            saved.append(document)
        with transaction.atomic():
            for document in documents:
                document.save()
                audit_record(
                    actor=user,
                    action="case.document.read",
                    at=now,
                    target=case,
                    data={
                        "document": document.pk,
                        "name": document.name,
                        **_audited(document.reading),
                    },
                )
    except BaseException:
        for document in saved:
            document.file.delete(save=False)
        raise
    return documents


def decision_document_text(upload: Any) -> tuple[str, bytes, ExtractedText]:
    """The upload's safe name, its bytes and their text, kept by nothing; `ReadingRefused`
    naming the upload field when it cannot be read."""
    return _read(upload)


def _read(upload: Any) -> tuple[str, bytes, ExtractedText]:
    """The upload's safe name, its bytes and their text; `ReadingRefused` naming the
    upload field when it cannot be read."""
    name = safe_filename(upload.name)
    if os.path.splitext(name)[1].lower() not in READABLE_SUFFIXES:
        raise _on_field(refused("reading.wrong_type"))
    limit = settings.PHOIHOP_ATTACHMENT_MAX_BYTES
    data = upload.read(limit + 1)  # one byte past the limit: the reader refuses it
    try:
        extracted = document_text(data, name, max_bytes=limit)
    except ReadingRefused as error:
        raise _on_field(error) from None
    return name, data, extracted


def _on_field(error: ReadingRefused) -> ReadingRefused:
    error.field = UPLOAD_FIELD
    return error


def reading_figures(extracted: ExtractedText) -> dict[str, Any]:
    figures: dict[str, Any] = {"method": extracted.method.value, "pages": extracted.pages}
    if extracted.ocr_confidence is not None:
        figures["ocr_confidence"] = round(extracted.ocr_confidence, 3)
        figures["ocr_seconds_per_page"] = extracted.ocr_seconds_per_page
        figures["dpi"] = extracted.dpi
    figures["doubtful"] = [list(span) for span in extracted.doubtful]
    figures["warnings"] = [warning.value for warning in extracted.warnings]
    return figures


def _audited(reading: dict[str, Any]) -> dict[str, Any]:
    """The figures an audit entry carries: not the spans, which only the page needs."""
    keys = ("method", "pages", "ocr_confidence", "dpi")
    return {key: reading[key] for key in keys if reading.get(key) is not None}


def decision_document_unrecorded(*, user: Any, case_id: int, document_id: int) -> DecisionDocument:
    """A document of the case that the user's agency gave, not yet confirmed as a
    decision, for a user who may record on the case: each agency enters its own
    decisions. NotFound otherwise (a confirmed one: `TransitionNotAllowed`)."""
    document = decision_document_given(user=user, case_id=case_id, document_id=document_id)
    if document.recorded_at is not None:
        raise _recorded_already()
    return document


def decision_document_given(*, user: Any, case_id: int, document_id: int) -> DecisionDocument:
    """A document of the case that the user's agency gave, confirmed or not, for a user
    who may record on the case; NotFound otherwise."""
    case = case_to_record_on(user, case_id)
    document = (
        DecisionDocument.objects.filter(
            case=case, pk=document_id, uploaded_by__agency_id=user.agency_id
        )
        .select_related("event__agency")
        .first()
    )
    if document is None:
        raise NotFound("Không tìm thấy văn bản.")
    document.case = case
    return document


def _recorded_already() -> TransitionNotAllowed:
    return TransitionNotAllowed(
        "Văn bản này đã được xác nhận và ghi nhận thành quyết định.",
        code="reading.recorded_already",
    )


def decision_read(document: DecisionDocument) -> ReadDecision:
    """The fields read from the document's text, those OCR doubted lowered."""
    spans = [(int(a), int(b)) for a, b in document.reading.get("doubtful", [])]
    return doubted(read_decision(document.text), spans)


def document_review(
    document: DecisionDocument, *, recordable: Sequence[EventType], recorder: Agency
) -> Review:
    """What the review shows of the document: the fields read, matched to the case's
    persons and the issuing body to ``recorder`` (the agency recording the decision) or
    a body it succeeded, the type offered only when it is one of ``recordable``."""
    persons = document.case.persons.values_list("pk", "full_name", "birth_year")
    return review_of(
        decision_read(document),
        recordable=recordable,
        persons=[CasePerson(*row) for row in persons],
        issuers=issuer_choices(recorder),
    )


def case_record_event_from_document(
    *,
    user: Any,
    case_id: int,
    document_id: int,
    expected_version: int | None,
    event: services.EventInput,
    changed: Sequence[str],
    now: dt.datetime,
) -> CaseEvent:
    """Record the decision the officer confirmed, as the case page's form does
    (`services.case_record_event`: the version the page showed, the same checks), link
    the document to it, and audit where it came from: how the text was read and which
    fields the officer changed from what was read."""
    with transaction.atomic():
        document = decision_document_unrecorded(user=user, case_id=case_id, document_id=document_id)
        record = services.case_record_event(
            user=user,
            case_id=case_id,
            expected_version=expected_version,
            event=dataclasses.replace(event, person_required=True),
            now=now,
        )
        # The one confirmation: a second one, sent at the same moment, finds it taken
        # and rolls back its decision.
        taken = DecisionDocument.objects.filter(pk=document.pk, recorded_at__isnull=True).update(
            event=record, recorded_at=now
        )
        if not taken:
            raise _recorded_already()
        audit_record(
            actor=user,
            action="case.event.read",
            at=now,
            target=document.case,
            data={
                "event": record.pk,
                "type": record.type,
                "document": document.pk,
                "name": document.name,
                **_audited(document.reading),
                "changed": sorted(changed),
            },
        )
    return record
