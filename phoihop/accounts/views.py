from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from phoihop.accounts.access import actor_for
from phoihop.accounts.forms import UserForm
from phoihop.accounts.two_factor import two_factor_reset
from phoihop.audit.services import audit_record
from phoihop.core.clock import now
from phoihop.core.form_views import submit
from phoihop.domain.access.policy import may_administer_users

User = get_user_model()


def _require_admin(request: HttpRequest) -> None:
    if not may_administer_users(actor_for(request.user)):
        raise Http404


def _managed_users(request: HttpRequest):  # type: ignore[no-untyped-def]
    users = User.objects.select_related("agency").order_by("username")
    if not request.user.is_superuser:
        # An agency's admin manages its officers, never a system administrator.
        users = users.filter(agency=request.user.agency, is_superuser=False, is_staff=False)
    return users


def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return render(request, "accounts/user_list.html", {"users": _managed_users(request)})


def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    instance = _managed_users(request).filter(pk=pk).first() if pk is not None else None
    if pk is not None and instance is None:
        raise Http404
    form = UserForm(request.POST or None, instance=instance, admin_user=request.user)

    def save(data: dict[str, Any]) -> Any:
        with transaction.atomic():
            user = form.save()
            if data.get("reset_two_factor"):
                two_factor_reset(user)
                audit_record(
                    actor=request.user, action="auth.second_factor.reset", at=now(), target=user
                )
            audit_record(
                actor=request.user,
                action="user.edited" if instance else "user.created",
                at=now(),
                target=user,
                data={"username": user.username, "role": user.role, "clearance": user.clearance},
            )
        return user

    return submit(
        request,
        form,
        save,
        success=None,
        redirect_to=lambda user: redirect("accounts:users"),
        template="accounts/user_form.html",
        context=lambda: {"form": form},
    )
