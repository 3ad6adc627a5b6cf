"""Directives, whether answering an escalation or issued after a review of the case,
and the reports on their tasks."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phoihop.cases.services import case_view_record
from phoihop.coordination import forms
from phoihop.coordination.services import directives, meetings
from phoihop.coordination.services.access import case_for
from phoihop.core.clock import now, today
from phoihop.core.errors import NotFound
from phoihop.core.form_views import submit


def _tasks_of(data: dict[str, Any]) -> list[directives.TaskInput]:
    tasks = [
        directives.TaskInput(data["task_agency"].pk, data["task_description"], data["task_due_on"])
    ]
    if data["task2_agency"] and data["task2_description"] and data["task2_due_on"]:
        tasks.append(
            directives.TaskInput(
                data["task2_agency"].pk, data["task2_description"], data["task2_due_on"]
            )
        )
    return tasks


def _issue_directive(
    request: HttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    escalation_id: int | None = None,
    case_id: int | None = None,
) -> HttpResponse:
    """The directive form, answering an escalation or issued after a review."""
    form = forms.DirectiveForm(request.POST or None, initial={"issued_on": today()})
    return submit(
        request,
        form,
        lambda data: directives.directive_issue(
            user=request.user,
            escalation_id=escalation_id,
            case_id=case_id,
            doc_number=data["doc_number"],
            issued_on=data["issued_on"],
            content=data["content"],
            tasks=_tasks_of(data),
            now=now(),
        ),
        success=_("The directive was recorded."),
        redirect_to=lambda created: redirect("coordination:directive", pk=created.pk),
        template=template,
        context=lambda: {**context, "form": form},
    )


def directive_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """A directive issued after a review of the case (not the answer to an escalation),
    by a Steering Committee or its standing body."""
    try:
        case = case_for(request.user, case_id)
    except NotFound:
        raise Http404 from None
    return _issue_directive(
        request, case_id=case.pk, template="coordination/directive_new.html", context={"case": case}
    )


def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        escalation = directives.escalation_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    case_view_record(user=request.user, case=escalation.case, now=now(), via="escalation")
    can_answer = meetings.is_authority_member(request.user, escalation) and not hasattr(
        escalation, "directive"
    )
    if not can_answer:
        if request.method == "POST":
            raise Http404
        return render(
            request,
            "coordination/escalation_detail.html",
            {"escalation": escalation, "form": None},
        )
    return _issue_directive(
        request,
        escalation_id=escalation.pk,
        template="coordination/escalation_detail.html",
        context={"escalation": escalation},
    )


def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from phoihop.coordination.models import Directive

    directive = Directive.objects.select_related("case", "issuing_agency").filter(pk=pk).first()
    if directive is None:
        raise Http404
    try:
        case = case_for(request.user, directive.case_id)
    except NotFound:
        raise Http404 from None
    case_view_record(user=request.user, case=case, now=now(), via="directive")
    tasks = directive.tasks.select_related("agency").prefetch_related("reports")
    return render(
        request,
        "coordination/directive_detail.html",
        {
            "directive": directive,
            "tasks": tasks,
            "today": today(),
            "report_form": forms.TaskReportForm(),
        },
    )


def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        task = directives.task_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    form = forms.TaskReportForm(request.POST or None, initial={"version": task.version})
    return submit(
        request,
        form,
        lambda data: directives.task_report(
            user=request.user,
            task_id=pk,
            expected_version=data["version"],
            percent=data["percent"],
            text=data["text"],
            done=data["done"],
            now=now(),
        ),
        success=_("The report was recorded."),
        redirect_to=lambda report: redirect("coordination:directive", pk=task.directive_id),
        template="coordination/task_report.html",
        context=lambda: {"task": task, "form": form},
    )
