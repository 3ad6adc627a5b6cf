"""API authentication: a per-user bearer token (agency systems) or the web session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from phoihop.accounts.tokens import token_user
from phoihop.core.clock import now


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token, now=now())
        if user is not None:
            request.user = user
        return user
