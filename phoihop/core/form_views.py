"""The one shape of a form page: bind, validate, call one service, then
redirect with a message or show the form again with its errors and a 4xx status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from phoihop.core.errors import NotFound, http_status
from phoihop.domain.errors import DomainError

T = TypeVar("T")


def attempt(form: BaseForm, call: Callable[[], T]) -> tuple[T | None, int]:
    """Run a service; a domain refusal becomes a message on the field it names."""
    try:
        return call(), 200
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return None, http_status(error)


def submit(
    request: HttpRequest,
    form: BaseForm,
    call: Callable[[dict[str, Any]], T],
    *,
    success: str | None,
    redirect_to: Callable[[T], HttpResponse],
    template: str,
    context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """On a POST, validate ``form`` and give its cleaned data to ``call``; on success,
    flash ``success`` (if any) and follow ``redirect_to``. Otherwise render
    ``template``: 200 for a first visit, 400 for an invalid form, the refusal's
    status for a domain error.

    ``context`` is built only when the page is rendered, after the call, so a page
    shown again after a refusal reads the record as it now is. NotFound, from the
    call or from building the page, is a 404."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done, status = attempt(form, lambda: call(form.cleaned_data))
            if done is not None:
                if success is not None:
                    messages.success(request, success)
                return redirect_to(done)
    try:
        page = context()
    except NotFound:
        raise Http404 from None
    return render(request, template, page, status=status)
