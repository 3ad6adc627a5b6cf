"""``Idempotency-Key`` on the API's writes: a retry of a request gets the answer the
first one got, never a second write (issue 5, "Idempotency and concurrency").

A route adopts it with one line, under its route decorator::

    @router.post("/{case_id}/events", response={201: EventOut, **ERRORS})
    @idempotent
    def case_event_record(request, case_id, payload): ...

A keyed request runs in one transaction, like ``ATOMIC_REQUESTS``. Two hooks share it,
because django-ninja authenticates inside the operation and renders the answer after
the view returns: the view side knows the authenticated user and inserts the record
before the write; the operation side sees the rendered answer and stores it before the
commit, or rolls everything back when the answer is not a success. A concurrent
duplicate's insert waits on the unique (user, key) constraint (PostgreSQL) or on the
write lock (SQLite, BEGIN IMMEDIATE) and, once the first commits, fails and answers
with what the first stored. Requests without the header are untouched.

Consequences worth knowing: "the same body" means the same bytes (a client that
re-serialises its JSON differently sends another body); a replay answers before the
view runs, so it returns what the caller was already given even if their access has
changed since; and keyed requests on one token take turns on PostgreSQL, since the
token's last-use update is part of the request's transaction. The request's rate
count is not: it commits before the transaction begins, so a refused request counts
too."""

from __future__ import annotations

import hashlib
import inspect
import json
import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja.decorators import decorate_view
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from phoihop.core.api_errors import ApiError
from phoihop.core.api_throttle import request_counted
from phoihop.core.clock import now
from phoihop.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200  # IdempotencyRecord.key
REPLAYED_HEADER = "Idempotent-Replayed"
_CLAIM = "_phoihop_idempotency_claim"
# Control characters, and lone surrogates that no database can store.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})

_HEADER_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Any string of 1 to 200 characters without control characters, unique per "
        "request of the caller. A retry with the same key and the same body gets the "
        "stored answer (header Idempotent-Replayed: true) and writes nothing; the same "
        "key with another body or path answers 422 idempotency.mismatch."
    ),
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_LENGTH,
        "pattern": r"^[^\u0000-\u001F\u007F-\u009F]*$",
    },
}

View = TypeVar("View", bound=Callable[..., Any])


def idempotent(view: View) -> View:
    """Honour ``Idempotency-Key`` on this route; see the module's docstring."""

    @wraps(view)
    def claimed(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        _check_key(key)
        fingerprint = hashlib.sha256(request.body).hexdigest()
        user: Any = request.user  # signed in: the API authenticates before the view
        try:
            with transaction.atomic():
                claim = IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    method=request.method or "",
                    path=request.path,
                    request_sha256=fingerprint,
                    created_at=now(),
                )
        except IntegrityError:
            stored = IdempotencyRecord.objects.get(user=user, key=key)
            return _replay(stored, request, fingerprint)
        setattr(request, _CLAIM, claim)
        return view(request, *args, **kwargs)

    # django-ninja reads the parameters' types through the wrapper, resolving string
    # annotations in the wrapper's module: hand it the view's, already resolved.
    claimed.__signature__ = inspect.signature(view, eval_str=True)
    contribute_operation_callback(claimed, _document_header)
    return cast(View, decorate_view(_answer_stored)(claimed))


def _check_key(key: str) -> None:
    if (
        not key
        or len(key) > MAX_KEY_LENGTH
        or any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in key)
    ):
        raise ApiError(
            400,
            "idempotency.key_invalid",
            f"Khóa Idempotency-Key phải dài từ 1 đến {MAX_KEY_LENGTH} ký tự "
            "và không được chứa ký tự điều khiển.",
            HEADER,
        )


def _replay(stored: IdempotencyRecord, request: HttpRequest, fingerprint: str) -> HttpResponse:
    if (stored.method, stored.path, stored.request_sha256) != (
        request.method,
        request.path,
        fingerprint,
    ):
        raise ApiError(
            422,
            "idempotency.mismatch",
            "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác (khác nội dung "
            "hoặc địa chỉ). Mỗi yêu cầu mới cần một khóa mới; gửi lại đúng yêu cầu cũ "
            "thì dùng lại khóa cũ.",
            HEADER,
        )
    assert stored.response_status is not None  # set before the claiming commit
    content = b"" if stored.response_body is None else json.dumps(stored.response_body)
    response = HttpResponse(
        content, status=stored.response_status, content_type="application/json; charset=utf-8"
    )
    response[REPLAYED_HEADER] = "true"
    return response


class _Refused(Exception):
    """Leaves the request's transaction with a rollback but keeps its answer."""

    def __init__(self, response: HttpResponseBase) -> None:
        super().__init__(response.status_code)
        self.response = response


def _answer_stored(
    run: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Wraps the operation's ``run``: authentication, the view, the rendered answer."""

    @wraps(run)
    def in_one_transaction(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        if HEADER not in request.headers:
            return run(request, **kwargs)
        # The rate count commits by itself, before the transaction: see request_counted.
        request_counted(request)
        try:
            with transaction.atomic():
                response = run(request, **kwargs)
                claim: IdempotencyRecord | None = getattr(request, _CLAIM, None)
                if claim is None:  # refused before the claim, or a replay
                    return response
                if not 200 <= response.status_code < 300:
                    # Only successes are kept: a refusal wrote nothing, and the
                    # corrected request may come back with the same key.
                    raise _Refused(response)
                if not isinstance(response, HttpResponse):
                    raise TypeError("An idempotent route must answer with a plain response.")
                claim.response_status = response.status_code
                claim.response_body = json.loads(response.content) if response.content else None
                claim.save(update_fields=["response_status", "response_body"])
                return response
        except _Refused as refused:
            return refused.response

    return in_one_transaction


def _document_header(operation: Operation) -> None:
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), _HEADER_PARAMETER]
    operation.openapi_extra = extra
