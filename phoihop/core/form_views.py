"""The one shape of a form page: bind, validate, call one service, then
redirect with a message or show the form again with its errors and a 4xx status."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from phoihop.core.clock import now
from phoihop.core.errors import NotFound, http_status
from phoihop.core.forms import ONCE_FIELD, StyledForm
from phoihop.core.models import IdempotencyRecord
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

    A form carrying a one-time token (``StyledForm.once``) is done at most once per
    token and content: a second submission of the same page is sent where the first
    one went, with a note, and nothing is done again.

    ``context`` is built only when the page is rendered, after the call, so a page
    shown again after a refusal reads the record as it now is. NotFound, from the
    call or from building the page, is a 404."""
    status = 200
    if request.method == "POST":
        status = 400
        repeated = _repeated(request, form)
        if repeated is not None:
            return repeated
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != ONCE_FIELD}
            token = form.once_token() if isinstance(form, StyledForm) else ""
            if token and request.user.is_authenticated:
                answer, status = _once(request, form, token, lambda: call(data), redirect_to)
                if answer is not None:
                    if success is not None and status == 200:
                        messages.success(request, success)
                    return answer
            else:
                done, status = attempt(form, lambda: call(data))
                if done is not None:
                    if success is not None:
                        messages.success(request, success)
                    return redirect_to(done)
    try:
        page = context()
    except NotFound:
        raise Http404 from None
    return render(request, template, page, status=status)


_DONE_ALREADY = 0  # the status ``_once`` gives a repeated submission


def _once(
    request: HttpRequest,
    form: BaseForm,
    token: str,
    call: Callable[[], T],
    redirect_to: Callable[[T], HttpResponse],
) -> tuple[HttpResponse | None, int]:
    """Claim the token and do the call in one transaction. A concurrent copy waits on
    the claim (the unique key on PostgreSQL, the write lock on SQLite) until the first
    commits, then finds it and follows it; a refused first copy leaves no claim, so the
    corrected form may be sent with the same token."""
    key = _key(request, token)
    user: Any = request.user  # signed in: ``submit`` claims only for a signed-in user
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    method="POST",
                    path=request.path,
                    request_sha256=_fingerprint(request),
                    created_at=now(),
                )
        except IntegrityError:
            claim = None
        if claim is None:
            first = IdempotencyRecord.objects.filter(user=user, key=key).first()
            location = (first.response_body or {}).get("location") if first else None
            return _sent_already(request, location or request.path), _DONE_ALREADY
        done, status = attempt(form, call)
        if done is None:
            transaction.set_rollback(True)
            return None, status
        answer = redirect_to(done)
        if claim is not None:
            claim.response_status = answer.status_code
            claim.response_body = {"location": answer.get("Location", "")}
            claim.save(update_fields=["response_status", "response_body"])
        return answer, 200


def _key(request: HttpRequest, token: str) -> str:
    return f"form:{token}:{_fingerprint(request)}"[:200]


def _repeated(request: HttpRequest, form: BaseForm) -> HttpResponse | None:
    """A copy of a submission already done, found before the form is checked again: the
    second copy of a new user's form would otherwise be refused for the name the first
    copy took, instead of being sent where the first went."""
    if not (isinstance(form, StyledForm) and form.once and request.user.is_authenticated):
        return None
    token = request.POST.get(form.add_prefix(ONCE_FIELD), "")
    if not token:
        return None
    user: Any = request.user
    first = IdempotencyRecord.objects.filter(user=user, key=_key(request, token)).first()
    location = (first.response_body or {}).get("location") if first else None
    return _sent_already(request, location) if location else None


def _sent_already(request: HttpRequest, location: str) -> HttpResponse:
    messages.info(request, _("This form had already been sent; it was not done a second time."))
    return HttpResponseRedirect(location)


def _fingerprint(request: HttpRequest) -> str:
    """What was sent, but the per-page CSRF token: the same page sent twice is the same
    submission; the page sent back with other values is a new one."""
    digest = hashlib.sha256()
    for name in sorted(request.POST):
        if name == "csrfmiddlewaretoken":
            continue
        for value in request.POST.getlist(name):
            digest.update(f"{name}\x00{value}\x00".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}\x00{upload.name}\x00{upload.size}\x00".encode())
    return digest.hexdigest()
