"""The plan: the date by which a case should reach a stage."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from phoihop.coordination import forms
from phoihop.coordination.services import plans
from phoihop.coordination.services.access import case_for
from phoihop.core.clock import now
from phoihop.core.form_views import submit


def plan_target(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.PlanTargetForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: plans.plan_target_set(
            user=request.user,
            case_id=case_id,
            stage=data["stage"],
            target_on=data["target_on"],
            note=data["note"],
            now=now(),
        ),
        success=_("The plan target was set."),
        redirect_to=lambda target: redirect("cases:detail", pk=case_id),
        template="coordination/plan_form.html",
        context=lambda: {"form": form, "case": case_for(request.user, case_id)},
    )
