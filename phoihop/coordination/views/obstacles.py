"""Obstacles raised on a case, and their moves until resolved."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from phoihop.cases.services import case_view_record
from phoihop.coordination import forms
from phoihop.coordination.services import obstacles
from phoihop.coordination.services.access import case_for
from phoihop.core.clock import now
from phoihop.core.errors import NotFound
from phoihop.core.form_views import submit
from phoihop.domain.coordination.obstacles import (
    OBSTACLE_STATUS_LABELS_VI,
    ObstacleStatus,
    durations,
)


def obstacle_new(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.ObstacleForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: obstacles.obstacle_raise(
            user=request.user,
            case_id=case_id,
            category=data["category"],
            description=data["description"],
            now=now(),
        ),
        success=_("The obstacle was recorded."),
        redirect_to=lambda created: redirect("cases:detail", pk=case_id),
        template="coordination/obstacle_form.html",
        context=lambda: {"form": form, "case": case_for(request.user, case_id)},
    )


def obstacle_move(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = obstacles.obstacle_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    case_view_record(user=request.user, case=found.case, now=now(), via="obstacle")
    form = forms.ObstacleMoveForm(request.POST or None, initial={"version": found.version})

    def page() -> dict[str, Any]:
        history = [(ObstacleStatus(c.status), c.at) for c in found.changes.all()]
        spent = durations(history, now=now()) if history else {}
        return {
            "form": form,
            "case": found.case,
            "obstacle": found,
            "durations": [(OBSTACLE_STATUS_LABELS_VI[k], v) for k, v in spent.items()],
        }

    return submit(
        request,
        form,
        lambda data: obstacles.obstacle_move(
            user=request.user,
            obstacle_id=pk,
            expected_version=data["version"],
            to=data["to"],
            resolution=data["resolution"],
            now=now(),
        ),
        success=_("The obstacle was updated."),
        redirect_to=lambda moved: redirect("cases:detail", pk=found.case_id),
        template="coordination/obstacle_form.html",
        context=page,
    )
