"""A decision read from its document, on the case page: the upload, the page where the
officer checks the fields read beside the text they came from and confirms, and the
document itself, behind the case's access check. Several documents sent at once are a
batch (reading_batch.py): read by the worker, then reviewed on the same page one after
another, in the order of their dates."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phoihop.accounts.access import actor_for
from phoihop.cases import reading, reading_batch
from phoihop.cases.derived import domain_events_of
from phoihop.cases.forms import DecisionDocumentForm, DecisionReviewForm
from phoihop.cases.labels import event_label
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.cases.reading_batch import BatchDocument, ReadingBatch
from phoihop.cases.reading_issuer import issuer_choices
from phoihop.cases.reading_review import (
    READ_FIELDS,
    CasePerson,
    Review,
    changed_fields,
    reading_summary,
    review_of,
)
from phoihop.cases.selectors import case_get_for
from phoihop.cases.views import case_page_context, recordable_events
from phoihop.core.clock import now
from phoihop.core.errors import NotFound, http_status
from phoihop.core.form_views import submit
from phoihop.documents.reading.extracted import MIN_DPI, WARNING_MESSAGES, ReadingWarning
from phoihop.domain.errors import AccessDenied, DomainError, TransitionNotAllowed
from phoihop.domain.procedure.events import EventType


def _case(request: HttpRequest, pk: int) -> tuple[Case, list[EventType]]:
    """The case and what the user may record on it now; 404 when they may record
    nothing (or may not see it)."""
    try:
        case = case_get_for(actor_for(request.user), pk)
    except NotFound:
        raise Http404 from None
    recordable = recordable_events(request, case, domain_events_of(case.events.all()))
    if not recordable:
        raise Http404
    return case, recordable


def case_read_document(request: HttpRequest, pk: int) -> HttpResponse:
    """One file is read here and its review follows; several go to the worker, and the
    browser to the job's page."""
    if request.method != "POST":
        return redirect("cases:detail", pk=pk)
    case, _recordable = _case(request, pk)
    form = DecisionDocumentForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        uploads = form.cleaned_data["document"]
        try:
            if len(uploads) > 1:
                job = reading_batch.reading_batch_enqueue(
                    user=request.user, case_id=case.pk, uploads=uploads, now=now()
                )
                return redirect("jobs:job", job.pk)
            document = reading.decision_document_read(
                user=request.user, case_id=case.pk, upload=uploads[0], now=now()
            )
        except (NotFound, AccessDenied):
            raise Http404 from None
        except DomainError as error:
            form.add_error("document", error.message)
            status = reading.REFUSAL_STATUS.get(error.code, http_status(error))
        else:
            return redirect("cases:review_document", pk=case.pk, document_id=document.pk)
    context = case_page_context(request, case)
    context["reading_form"] = form
    return render(request, "cases/case_detail.html", context, status=status)


def case_review_document(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """The fields read, prefilled in the case page's decision form, to check and
    confirm; recorded only by the confirmation. Within a batch (``?batch=`` its job),
    the page says which of the batch it is, and the confirmation leads to the next."""
    case, recordable = _case(request, pk)
    batch = _batch_asked(request, case, document_id)
    try:
        document = reading.decision_document_unrecorded(
            user=request.user, case_id=case.pk, document_id=document_id
        )
    except (NotFound, AccessDenied):
        raise Http404 from None
    except TransitionNotAllowed as error:
        messages.info(request, error.message)
        if batch is not None:
            return redirect(_batch_url(batch))
        return redirect(reverse("cases:detail", args=[case.pk]) + "#timeline")
    if request.user.agency is None:  # none records without an agency (`_case`)
        raise Http404
    # The recording agency alone has nothing to choose: no field, and no words marked.
    issuers = issuer_choices(request.user.agency)
    review = review_of(
        reading.decision_read(document),
        recordable=recordable,
        persons=[
            CasePerson(*row) for row in case.persons.values_list("pk", "full_name", "birth_year")
        ],
        issuers=issuers if len(issuers) > 1 else (),
    )
    initial = {**review.initial, "version": case.version}
    choices = [(choice.pk, choice.label) for choice in review.issuer_choices]
    if request.method == "POST":
        # Any decision is taken here for the service to judge, as on the case page: its
        # refusal says what is missing, where the list would only say "not a choice".
        form = DecisionReviewForm(
            request.POST, allowed=list(EventType), case=case, initial=initial, issuers=choices
        )
    else:
        form = DecisionReviewForm(allowed=recordable, case=case, initial=initial, issuers=choices)

    def record(data: dict[str, Any]) -> Any:
        return reading.case_record_event_from_document(
            user=request.user,
            case_id=case.pk,
            document_id=document.pk,
            expected_version=data["version"],
            event=form.event_input(person_required=True),
            changed=changed_fields(form, READ_FIELDS),
            now=now(),
        )

    def page() -> dict[str, Any]:
        case.refresh_from_db()
        context = _review_context(case, document, form, recordable, review)
        if batch is not None:
            context.update(_batch_context(batch, document))
        return context

    def recorded(record: CaseEvent) -> HttpResponse:
        if batch is None:
            return redirect(reverse("cases:detail", args=[case.pk]) + "#timeline")
        return _after_confirmation(request, batch, document, record)

    return submit(
        request,
        form,
        record,
        success=_("The decision read from its document was recorded."),
        redirect_to=recorded,
        template="cases/decision_review.html",
        context=page,
    )


def _review_context(
    case: Case,
    document: DecisionDocument,
    form: DecisionReviewForm,
    recordable: list[EventType],
    review: Review,
) -> dict[str, Any]:
    choices = [(t.value, event_label(t.value)) for t in recordable]
    if "type" not in review.initial:
        choices.insert(0, ("", "—"))  # the officer chooses: nothing is taken for them
    form.fields["type"].choices = choices
    for name, found in review.fields.items():
        if found.unsure and name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} reading-unsure".strip()
    warnings = [
        WARNING_MESSAGES[ReadingWarning(code)].format(min_dpi=MIN_DPI)
        for code in document.reading.get("warnings", [])
    ]
    return {
        "case": case,
        "document": document,
        "summary": reading_summary(document.reading),
        "warnings": warnings,
        "form": form,
        "rows": [(field, review.fields.get(field.name)) for field in form.visible_fields()],
        "type_note": review.type_note,
        "segments": review.segments,
    }


# A batch -------------------------------------------------------------------------------

BATCH_PARAM = "batch"


def case_reading_batch(request: HttpRequest, pk: int, job_id: uuid.UUID) -> HttpResponse:
    """The documents of a batch in the order of review, each recorded or not, with the
    way to the next one to review."""
    case, _recordable = _case(request, pk)
    try:
        batch = reading_batch.reading_batch_for(user=request.user, case_id=case.pk, job_id=job_id)
    except NotFound:
        raise Http404 from None
    following = batch.next_unrecorded()
    rows = [
        (
            position,
            document,
            event_label(document.read_type) if document.read_type else "",
            _review_url(batch, document),
        )
        for position, document in enumerate(batch.documents, start=1)
    ]
    return render(
        request,
        "cases/reading_batch.html",
        {
            "case": case,
            "batch": batch,
            "rows": rows,
            "next_url": _review_url(batch, following) if following else "",
        },
    )


def _batch_asked(request: HttpRequest, case: Case, document_id: int) -> ReadingBatch | None:
    """The batch the review was opened from, if any: 404 when it is not the user's, not
    the case's, or the document is not of it."""
    asked = request.GET.get(BATCH_PARAM)
    if asked is None:
        return None
    try:
        batch = reading_batch.reading_batch_for(
            user=request.user, case_id=case.pk, job_id=uuid.UUID(asked)
        )
    except (ValueError, NotFound):
        raise Http404 from None
    if not batch.position(document_id):
        raise Http404
    return batch


def _batch_url(batch: ReadingBatch) -> str:
    return reverse("cases:reading_batch", args=[batch.case_id, batch.job_id])


def _review_url(batch: ReadingBatch, document: BatchDocument) -> str:
    page = reverse("cases:review_document", args=[batch.case_id, document.document_id])
    return f"{page}?{BATCH_PARAM}={batch.job_id}"


def _batch_context(batch: ReadingBatch, document: DecisionDocument) -> dict[str, Any]:
    position = batch.position(document.pk)
    following = batch.next_unrecorded(after=position)
    read_on = batch.documents[position - 1].read_on
    return {
        "batch": batch,
        "batch_position": position,
        "batch_count": len(batch.documents),
        "batch_url": _batch_url(batch),
        "batch_skip_url": _review_url(batch, following) if following else _batch_url(batch),
        "batch_earlier": batch.earlier_unrecorded(read_on, besides=document.pk),
    }


def _after_confirmation(
    request: HttpRequest, batch: ReadingBatch, document: DecisionDocument, record: CaseEvent
) -> HttpResponse:
    """On to the next document of the batch not yet recorded; with a warning when the
    decision just recorded is dated after documents of the batch still unrecorded."""
    batch = reading_batch.reading_batch_for(
        user=request.user, case_id=batch.case_id, job_id=batch.job_id
    )
    earlier = batch.earlier_unrecorded(record.date, besides=document.pk)
    if earlier:
        messages.warning(request, _earlier_warning(earlier))
    following = batch.next_unrecorded(after=batch.position(document.pk))
    if following is not None:
        return redirect(_review_url(batch, following))
    if batch.unrecorded:
        return redirect(_batch_url(batch))
    messages.info(request, _("Every document of the batch is recorded."))
    return redirect(reverse("cases:detail", args=[batch.case_id]) + "#timeline")


def _earlier_warning(earlier: list[BatchDocument]) -> str:
    documents = "; ".join(
        f"«{d.name}» ({d.read_on:%d/%m/%Y})" for d in earlier if d.read_on is not None
    )
    return _(
        "Documents of this batch dated earlier are not recorded yet: %(documents)s. Record "
        "decisions in the order of their dates: one dated before decisions already recorded "
        "is put in by its date, and refused if the history after it would no longer follow."
    ) % {"documents": documents}


def case_document_file(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A decision's document, to whoever may see the case."""
    try:
        case = case_get_for(actor_for(request.user), pk)
    except NotFound:
        raise Http404 from None
    document = DecisionDocument.objects.filter(case=case, pk=document_id).first()
    if document is None:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)
