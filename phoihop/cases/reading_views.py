"""A decision read from its document, on the case page: the upload, the page where the
officer checks the fields read beside the text they came from and confirms, and the
document itself, behind the case's access check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phoihop.accounts.access import actor_for
from phoihop.cases import reading
from phoihop.cases.derived import domain_events_of
from phoihop.cases.forms import DecisionDocumentForm, EventForm
from phoihop.cases.labels import event_label
from phoihop.cases.models import Case, DecisionDocument
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

# A file too big is 413, one of a kind not read 415; any other refusal (damaged,
# encrypted, too many pages, no text) is the file's fault: 400.
REFUSAL_STATUS = {
    "reading.too_large": 413,
    "reading.wrong_type": 415,
    "reading.type_mismatch": 415,
    "reading.old_word": 415,
}


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
    if request.method != "POST":
        return redirect("cases:detail", pk=pk)
    case, _recordable = _case(request, pk)
    form = DecisionDocumentForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            document = reading.decision_document_read(
                user=request.user, case_id=case.pk, upload=form.cleaned_data["document"], now=now()
            )
        except (NotFound, AccessDenied):
            raise Http404 from None
        except DomainError as error:
            form.add_error("document", error.message)
            status = REFUSAL_STATUS.get(error.code, http_status(error))
        else:
            return redirect("cases:review_document", pk=case.pk, document_id=document.pk)
    context = case_page_context(request, case)
    context["reading_form"] = form
    return render(request, "cases/case_detail.html", context, status=status)


def case_review_document(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """The fields read, prefilled in the case page's decision form, to check and
    confirm; recorded only by the confirmation."""
    case, recordable = _case(request, pk)
    try:
        document = reading.decision_document_unrecorded(
            user=request.user, case_id=case.pk, document_id=document_id
        )
    except (NotFound, AccessDenied):
        raise Http404 from None
    except TransitionNotAllowed as error:
        messages.info(request, error.message)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#timeline")
    review = review_of(
        reading.decision_read(document),
        recordable=recordable,
        persons=[
            CasePerson(*row) for row in case.persons.values_list("pk", "full_name", "birth_year")
        ],
    )
    initial = {**review.initial, "version": case.version}
    if request.method == "POST":
        # Any decision is taken here for the service to judge, as on the case page: its
        # refusal says what is missing, where the list would only say "not a choice".
        form = EventForm(request.POST, allowed=list(EventType), case=case, initial=initial)
    else:
        form = EventForm(allowed=recordable, case=case, initial=initial)

    def record(data: dict[str, Any]) -> Any:
        return reading.case_record_event_from_document(
            user=request.user,
            case_id=case.pk,
            document_id=document.pk,
            expected_version=data["version"],
            event=form.event_input(),
            changed=changed_fields(form, READ_FIELDS),
            now=now(),
        )

    def page() -> dict[str, Any]:
        case.refresh_from_db()
        return _review_context(case, document, form, recordable, review)

    return submit(
        request,
        form,
        record,
        success=_("The decision read from its document was recorded."),
        redirect_to=lambda _: redirect(reverse("cases:detail", args=[case.pk]) + "#timeline"),
        template="cases/decision_review.html",
        context=page,
    )


def _review_context(
    case: Case,
    document: DecisionDocument,
    form: EventForm,
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
