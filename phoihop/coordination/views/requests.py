"""Requests between agencies and their thread of messages."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phoihop.accounts.access import actor_for
from phoihop.cases.services import case_view_record
from phoihop.coordination import forms
from phoihop.coordination.labels import REQUEST_MOVE_LABELS
from phoihop.coordination.models import OPEN_REQUEST_STATUSES, Request, RequestMessage
from phoihop.coordination.services import requests as request_services
from phoihop.coordination.services.access import case_for, request_actions, request_get_for
from phoihop.core.clock import now, today
from phoihop.core.errors import NotFound
from phoihop.core.form_views import submit
from phoihop.domain.coordination.requests import RequestStatus


def request_new(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = case_for(request.user, case_id)
    except NotFound:
        raise Http404 from None
    form = forms.RequestForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: request_services.request_send(
            user=request.user,
            case_id=case.pk,
            kind=data["kind"],
            to_agency_id=data["to_agency"].pk,
            subject=data["subject"],
            body=data["body"],
            variant=data["variant"] or None,
            agreed_due_on=data["due_on"],
            now=now(),
        ),
        success=_("The request was sent."),
        redirect_to=lambda created: redirect("coordination:request", pk=created.pk),
        template="coordination/request_new.html",
        context=lambda: {"form": form, "case": case},
    )


# The moves that need nothing typed: one button each.
_PLAIN_MOVES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)
# The moves that close the request with a reason: declining (reason required) and
# cancelling (reason optional); a party has at most one of them.
_REFUSALS = (RequestStatus.DECLINED, RequestStatus.CANCELLED)


def _request_context(request: HttpRequest, item: Request, **extra: Any) -> dict[str, Any]:
    actions = request_actions(actor_for(request.user), item)
    refusal = next((move for move in actions.moves if move in _REFUSALS), None)
    return {
        "item": item,
        "actions": actions,
        "plain_moves": [
            (move.value, REQUEST_MOVE_LABELS[move])
            for move in actions.moves
            if move in _PLAIN_MOVES
        ],
        "refusal": (refusal.value, REQUEST_MOVE_LABELS[refusal]) if refusal else None,
        "answer_label": REQUEST_MOVE_LABELS[RequestStatus.ANSWERED],
        "move_form": extra.get("move_form")
        or forms.RequestMoveForm(initial={"version": item.version}),
        "message_form": extra.get("message_form") or forms.MessageForm(),
        "thread": item.messages.select_related("agency", "author"),
        "overdue": item.status in OPEN_REQUEST_STATUSES and item.due_on < today(),
    }


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = request_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    case_view_record(user=request.user, case=item.case, now=now(), via="request")
    return render(request, "coordination/request_detail.html", _request_context(request, item))


def request_move(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("coordination:request", pk=pk)
    form = forms.RequestMoveForm(request.POST)
    return submit(
        request,
        form,
        lambda data: request_services.request_move(
            user=request.user,
            request_id=pk,
            expected_version=data["version"],
            to=data["to"],
            reason=data["reason"],
            answer=data["answer"],
            now=now(),
        ),
        success=_("The request was updated."),
        redirect_to=lambda moved: redirect("coordination:request", pk=pk),
        template="coordination/request_detail.html",
        context=lambda: _request_context(
            request, request_get_for(request.user, pk), move_form=form
        ),
    )


def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("coordination:request", pk=pk)
    form = forms.MessageForm(request.POST, request.FILES)
    return submit(
        request,
        form,
        lambda data: request_services.request_message_add(
            user=request.user,
            request_id=pk,
            text=data["text"],
            upload=data["attachment"],
            now=now(),
        ),
        success=None,
        redirect_to=lambda added: redirect("coordination:request", pk=pk),
        template="coordination/request_detail.html",
        context=lambda: _request_context(
            request, request_get_for(request.user, pk), message_form=form
        ),
    )


def request_attachment(request: HttpRequest, pk: int, message_id: int) -> FileResponse:
    try:
        item = request_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    message = (
        RequestMessage.objects.filter(pk=message_id, request=item).exclude(attachment="").first()
    )
    if message is None:
        raise Http404
    return FileResponse(
        message.attachment.open("rb"), as_attachment=True, filename=message.attachment_name
    )
