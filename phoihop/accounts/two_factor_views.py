"""The second step of signing in: enrol an authenticator, enter its code, keep a set of
one-time backup codes. The enrolment QR code is drawn here, as SVG: the key never
leaves the server for a QR service."""

from __future__ import annotations

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from phoihop.accounts.two_factor import backup_codes_issue, confirmed_totp
from phoihop.audit.services import audit_record
from phoihop.core.clock import now
from phoihop.core.forms import StyledForm


class CodeForm(StyledForm, forms.Form):
    once = False  # a sign-in step writes nothing a second copy could repeat
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


_WRONG_CODE = _("The code is not correct. Enter the current 6-digit code.")
_WAIT = _("Too many wrong codes. Wait a few seconds, then enter the current code.")


def _refusal(device: TOTPDevice) -> str:
    """Why a code was refused: wrong, or the device is throttled after wrong codes
    (django-otp doubles the wait after each failure)."""
    allowed, _detail = device.verify_is_allowed()
    return str(_WRONG_CODE if allowed else _WAIT)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _pending_device(user: object) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled: one key for the whole
    enrolment, so reloading the page does not invalidate the scanned code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if confirmed_totp(request.user) is not None:
        # Re-enrolling needs an administrator's reset, not just a password.
        return redirect("two_factor_verify")
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        refusal = _refusal(device)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = backup_codes_issue(request.user)
                audit_record(actor=request.user, action="auth.second_factor.enrolled", at=now())
            otp_login(request, device)
            return render(
                request,
                "registration/backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", refusal)
        status = 400
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.svg_inline(scale=5, dark="#212529")),  # segno's own markup
        "key": base64.b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_setup.html", context, status=status)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    totp = confirmed_totp(request.user)
    if totp is None:
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        refusal = _refusal(totp)
        device = match_token(request.user, form.cleaned_data["code"]) if form.is_valid() else None
        if device is not None:
            otp_login(request, device)
            audit_record(
                actor=request.user,
                action="auth.second_factor.passed",
                at=now(),
                data={"device": device.__class__.__name__},
            )
            return redirect(_next_url(request))
        audit_record(actor=request.user, action="auth.second_factor.failed", at=now())
        form.add_error("code", refusal)
        status = 400
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@require_POST
@login_required
def backup_codes_renew(request: HttpRequest) -> HttpResponse:
    if confirmed_totp(request.user) is None:
        return redirect("two_factor_setup")
    with transaction.atomic():
        codes = backup_codes_issue(request.user)
        audit_record(actor=request.user, action="auth.backup_codes.issued", at=now())
    return render(
        request,
        "registration/backup_codes.html",
        {"codes": codes, "next": resolve_url(settings.LOGIN_REDIRECT_URL)},
    )
