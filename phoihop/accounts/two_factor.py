"""Two-factor login: who must use it, and the gate that holds them until they have.

A user who must use a second factor and has signed in with a password alone reaches
only the pages that finish signing in: enrolling an authenticator, entering a code,
signing out, choosing the language."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
# The public page asks nothing of its visitors, signed in or not.
_OPEN_PATHS = ("/static/", "/i18n/", "/public/")


def two_factor_required(user: Any) -> bool:
    """Every user with a clearance, and the system's administrators; in production
    settings everyone (PHOIHOP_TWO_FACTOR=all)."""
    if settings.PHOIHOP_TWO_FACTOR == "all":
        return True
    return bool(user.clearance) or bool(user.is_superuser)


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_codes_issue(user: Any) -> list[str]:
    """A fresh set of one-time codes; the previous set stops working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def two_factor_reset(user: Any) -> None:
    """The user enrols again at the next sign-in (a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and two_factor_required(user)
            and not user.is_verified()
            and not request.path_info.startswith(_OPEN_PATHS)
        ):
            return self._hold(request)
        return self.get_response(request)

    def _hold(self, request: HttpRequest) -> HttpResponse:
        finishing = {
            reverse("two_factor_setup"),
            reverse("two_factor_verify"),
            reverse("logout"),
        }
        if request.path_info in finishing:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "auth.second_factor",
                    "message": "Cần nhập mã xác thực hai bước trước khi dùng API.",
                    "field": None,
                },
                status=401,
            )
        step = "two_factor_verify" if confirmed_totp(request.user) else "two_factor_setup"
        target = reverse(step)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
