"""The JSON API under /api/v1 with its OpenAPI description at /api/v1/openapi.json.

Authentication: a per-user bearer token (agency systems) or the web session. The
interactive docs page (/api/v1/docs) uses django-ninja's own copy of Swagger UI,
served with our static files: nothing is loaded from a CDN."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from phoihop.accounts.tokens import token_user
from phoihop.agencies.api import router as agencies_router
from phoihop.cases.api import router as cases_router
from phoihop.cases.api_documents import router as case_documents_router
from phoihop.clocks.api import router as clocks_router
from phoihop.coordination.api import requests_router
from phoihop.coordination.api import router as coordination_router
from phoihop.core.api_auth import SessionAuth, TokenAuth
from phoihop.core.api_errors import ApiError, api_status, describe_errors, unauthenticated
from phoihop.core.api_throttle import TokenRateThrottle
from phoihop.core.api_validation import refusal
from phoihop.core.clock import now
from phoihop.domain.errors import DomainError


def _signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API description is for signed-in users only, like the API itself."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bearer = request.headers.get("Authorization", "")
        if bearer.lower().startswith("bearer ") and token_user(bearer[7:].strip(), now=now()):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            body, challenge = unauthenticated(bearer)
            response = JsonResponse(body, status=401)
            response["WWW-Authenticate"] = challenge
            return response
        return view(request, *args, **kwargs)

    return guarded


class PhoihopAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return describe_errors(super().get_openapi_schema(*args, **kwargs))

    def validation_error_from_error_contexts(self, error_contexts: Any) -> ValidationError:
        """django-ninja's, keeping whether the value refused was null (it drops the
        value itself), so that the answer can say so."""
        error = super().validation_error_from_error_contexts(error_contexts)
        given = [
            item.get("input", ...)
            for context in error_contexts
            for item in context.pydantic_validation_error.errors(include_url=False)
        ]
        for item, value in zip(error.errors, given, strict=True):
            item["null"] = value is None
        return error


api = PhoihopAPI(
    title="phoihop API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    docs_decorator=_signed_in,
    throttle=TokenRateThrottle(),
)
api.add_router("/clocks", clocks_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", coordination_router)
api.add_router("/cases", case_documents_router)
api.add_router("/requests", requests_router)
api.add_router("/agencies", agencies_router)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": error.code, "message": error.message, "field": error.field},
        status=error.status,
    )


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": error.code, "message": error.message, "field": error.field},
        status=api_status(error),
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    body, challenge = unauthenticated(request.headers.get("Authorization", ""))
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, refusal(error.errors), status=422)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    wait = getattr(request, "_phoihop_retry_after", 60)
    response = api.create_response(
        request,
        {
            "code": "rate.limited",
            "message": f"Gửi quá nhiều yêu cầu; hãy thử lại sau {wait} giây.",
            "field": None,
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    message = (
        "Nội dung gửi lên không phải JSON hợp lệ."
        if error.status_code == 400
        else f"Yêu cầu không thực hiện được ({error.status_code})."
    )
    return api.create_response(
        request,
        {"code": f"http.{error.status_code}", "message": message, "field": "body"},
        status=error.status_code,
    )
