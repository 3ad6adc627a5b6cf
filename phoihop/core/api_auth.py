"""API authentication: a per-user bearer token (agency systems) or the web session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from phoihop.accounts.tokens import token_user
from phoihop.core.api_errors import ApiError
from phoihop.core.clock import now


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token, now=now())
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The web session. django-ninja's own checks the CSRF token first, so a write with
    no credentials at all was answered 403; here a request without a signed-in session
    is 401 whatever its method, and only a signed-in session's write without its CSRF
    token is 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        if not request.user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise ApiError(
                403,
                "auth.csrf",
                "Thiếu mã CSRF của phiên đăng nhập: một yêu cầu ghi bằng phiên đăng nhập "
                "phải gửi kèm mã này (hệ thống của cơ quan dùng mã API thì không cần).",
            )
        return request.user
