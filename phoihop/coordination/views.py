"""Coordination pages. Views translate only: parse, one service or selector call,
errors → field messages and 4xx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phoihop.coordination import forms
from phoihop.coordination.models import OPEN_REQUEST_STATUSES, AgendaItem, Request, RequestMessage
from phoihop.coordination.selectors import inbox_for
from phoihop.coordination.services import directives, meetings, obstacles, plans
from phoihop.coordination.services import requests as request_services
from phoihop.coordination.services.access import (
    case_for,
    meeting_get_for,
    meetings_visible_to,
    request_get_for,
)
from phoihop.core.clock import now, today
from phoihop.core.errors import NotFound, http_status
from phoihop.domain.coordination.obstacles import (
    OBSTACLE_STATUS_LABELS_VI,
    ObstacleStatus,
    durations,
)
from phoihop.domain.coordination.requests import (
    REQUEST_STATUS_LABELS_VI,
    RequestParty,
    RequestStatus,
    allowed_request_moves,
)
from phoihop.domain.errors import DomainError


def _attempt(form: Any, call: Callable[[], Any]) -> tuple[Any, int]:
    """Run a service; a domain refusal becomes a message on the field it names."""
    try:
        return call(), 200
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return None, http_status(error)


def inbox(request: HttpRequest) -> HttpResponse:
    box = inbox_for(request.user, today=today())
    return render(
        request, "coordination/inbox.html", {"box": box, "counts": box.counts(), "today": today()}
    )


def request_new(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = case_for(request.user, case_id)
    except NotFound:
        raise Http404 from None
    form = forms.RequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            created, status = _attempt(
                form,
                lambda: request_services.request_send(
                    user=request.user,
                    case_id=case.pk,
                    kind=data["kind"],
                    to_agency_id=data["to_agency"].pk,
                    subject=data["subject"],
                    body=data["body"],
                    variant=data["variant"] or None,
                    agreed_due_on=data["due_on"],
                    now=now(),
                ),
            )
            if created is not None:
                messages.success(request, _("The request was sent."))
                return redirect("coordination:request", pk=created.pk)
    return render(
        request, "coordination/request_new.html", {"form": form, "case": case}, status=status
    )


def _request_context(request: HttpRequest, item: Request, **extra: Any) -> dict[str, Any]:
    party = None
    if request.user.agency_id == item.to_agency_id:
        party = RequestParty.RECIPIENT
    elif request.user.agency_id == item.from_agency_id:
        party = RequestParty.SENDER
    moves = allowed_request_moves(RequestStatus(item.status), party) if party else ()
    return {
        "item": item,
        "status_label": REQUEST_STATUS_LABELS_VI[RequestStatus(item.status)],
        "moves": [(m.value, REQUEST_STATUS_LABELS_VI[m]) for m in moves],
        "move_form": extra.get("move_form")
        or forms.RequestMoveForm(initial={"version": item.version}),
        "message_form": extra.get("message_form") or forms.MessageForm(),
        "thread": item.messages.select_related("agency", "author"),
        "overdue": item.status in OPEN_REQUEST_STATUSES and item.due_on < today(),
        "can_write": party is not None,
    }


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = request_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    return render(request, "coordination/request_detail.html", _request_context(request, item))


def request_move(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("coordination:request", pk=pk)
    form = forms.RequestMoveForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        moved, status = _attempt(
            form,
            lambda: request_services.request_move(
                user=request.user,
                request_id=pk,
                expected_version=data["version"],
                to=data["to"],
                reason=data["reason"],
                answer=data["answer"],
                now=now(),
            ),
        )
        if moved is not None:
            messages.success(request, _("The request was updated."))
            return redirect("coordination:request", pk=pk)
    try:
        item = request_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "coordination/request_detail.html",
        _request_context(request, item, move_form=form),
        status=status,
    )


def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("coordination:request", pk=pk)
    form = forms.MessageForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        added, status = _attempt(
            form,
            lambda: request_services.request_message_add(
                user=request.user,
                request_id=pk,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["attachment"],
                now=now(),
            ),
        )
        if added is not None:
            return redirect("coordination:request", pk=pk)
    try:
        item = request_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "coordination/request_detail.html",
        _request_context(request, item, message_form=form),
        status=status,
    )


def request_attachment(request: HttpRequest, pk: int, message_id: int) -> FileResponse:
    try:
        item = request_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    message = (
        RequestMessage.objects.filter(pk=message_id, request=item).exclude(attachment="").first()
    )
    if message is None:
        raise Http404
    return FileResponse(
        message.attachment.open("rb"), as_attachment=True, filename=message.attachment_name
    )


def obstacle_new(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.ObstacleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, status = _attempt(
            form,
            lambda: obstacles.obstacle_raise(
                user=request.user,
                case_id=case_id,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                now=now(),
            ),
        )
        if created is not None:
            messages.success(request, _("The obstacle was recorded."))
            return redirect("cases:detail", pk=case_id)
    else:
        status = 400 if request.method == "POST" else 200
    try:
        case = case_for(request.user, case_id)
    except NotFound:
        raise Http404 from None
    return render(
        request, "coordination/obstacle_form.html", {"form": form, "case": case}, status=status
    )


def obstacle_move(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = obstacles.obstacle_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    form = forms.ObstacleMoveForm(request.POST or None, initial={"version": found.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            moved, status = _attempt(
                form,
                lambda: obstacles.obstacle_move(
                    user=request.user,
                    obstacle_id=pk,
                    expected_version=form.cleaned_data["version"],
                    to=form.cleaned_data["to"],
                    resolution=form.cleaned_data["resolution"],
                    now=now(),
                ),
            )
            if moved is not None:
                messages.success(request, _("The obstacle was updated."))
                return redirect("cases:detail", pk=found.case_id)
    history = [(ObstacleStatus(c.status), c.at) for c in found.changes.all()]
    spent = durations(history, now=now()) if history else {}
    return render(
        request,
        "coordination/obstacle_form.html",
        {
            "form": form,
            "case": found.case,
            "obstacle": found,
            "durations": [(OBSTACLE_STATUS_LABELS_VI[k], v) for k, v in spent.items()],
        },
        status=status,
    )


def meeting_list(request: HttpRequest) -> HttpResponse:
    items = (
        meetings_visible_to(request.user).select_related("chair_agency").order_by("-held_on", "-pk")
    )
    return render(request, "coordination/meeting_list.html", {"meetings": items})


def meeting_new(request: HttpRequest) -> HttpResponse:
    form = forms.MeetingForm(
        request.POST or None, initial={"held_on": today(), "cases": request.GET.get("case", "")}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            created, status = _attempt(
                form,
                lambda: meetings.meeting_create(
                    user=request.user,
                    title=data["title"],
                    chair_name=data["chair_name"],
                    held_on=data["held_on"],
                    place=data["place"],
                    sites=data["sites"].splitlines(),
                    participant_ids=[a.pk for a in data["participants"]],
                    case_ids=data["cases"],
                    now=now(),
                ),
            )
            if created is not None:
                messages.success(request, _("The meeting was called."))
                return redirect("coordination:meeting", pk=created.pk)
    return render(request, "coordination/meeting_new.html", {"form": form}, status=status)


def meeting_context(request: HttpRequest, meeting: Any, **extra: Any) -> dict[str, Any]:
    from phoihop.accounts.access import actor_for
    from phoihop.cases.selectors import visible_cases

    visible = set(visible_cases(actor_for(request.user)).values_list("pk", flat=True))
    agenda = [
        a
        for a in AgendaItem.objects.filter(meeting=meeting)
        .select_related("case")
        .prefetch_related("positions__agency")
        if a.case_id in visible
    ]
    agency_id = request.user.agency_id
    return {
        "meeting": meeting,
        "agenda": agenda,
        "participants": meeting.participants.all(),
        "sites": [s for s in meeting.sites.splitlines() if s.strip()],
        "is_chair": agency_id == meeting.chair_agency_id,
        "takes_part": agency_id == meeting.chair_agency_id
        or meeting.participants.filter(pk=agency_id).exists(),
        "position_form": extra.get("position_form") or forms.PositionForm(),
        "conclude_form": extra.get("conclude_form") or forms.ConcludeForm(),
        "error_item": extra.get("error_item"),
    }


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        meeting = meeting_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    return render(request, "coordination/meeting_detail.html", meeting_context(request, meeting))


def _meeting_action(
    request: HttpRequest, pk: int, action: Callable[[], Any], message: str
) -> HttpResponse:
    if request.method != "POST":
        return redirect("coordination:meeting", pk=pk)
    form = forms.PositionForm()
    done, status = _attempt(form, action)
    if done is not None:
        messages.success(request, message)
        return redirect("coordination:meeting", pk=pk)
    try:
        meeting = meeting_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "coordination/meeting_detail.html",
        meeting_context(request, meeting, position_form=form),
        status=status,
    )


def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_action(
        request,
        pk,
        lambda: meetings.meeting_hold(
            user=request.user, meeting_id=pk, expected_version=None, now=now()
        ),
        _("The meeting is marked as held."),
    )


def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_action(
        request,
        pk,
        lambda: meetings.meeting_close(
            user=request.user, meeting_id=pk, expected_version=None, now=now()
        ),
        _("The meeting was closed."),
    )


def _agenda_item(request: HttpRequest, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=item_id).first()
    if item is None:
        raise Http404
    try:
        meeting_get_for(request.user, item.meeting_id)
    except NotFound:
        raise Http404 from None
    return item


def position_record(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _agenda_item(request, item_id)
    if request.method != "POST":
        return redirect("coordination:meeting", pk=item.meeting_id)
    form = forms.PositionForm(request.POST)
    status = 400
    if form.is_valid():
        done, status = _attempt(
            form,
            lambda: meetings.position_record(
                user=request.user, agenda_item_id=item.pk, text=form.cleaned_data["text"], now=now()
            ),
        )
        if done is not None:
            messages.success(request, _("The position was recorded."))
            return redirect("coordination:meeting", pk=item.meeting_id)
    meeting = meeting_get_for(request.user, item.meeting_id)
    return render(
        request,
        "coordination/meeting_detail.html",
        meeting_context(request, meeting, position_form=form, error_item=item.pk),
        status=status,
    )


def agenda_conclude(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _agenda_item(request, item_id)
    if request.method != "POST":
        return redirect("coordination:meeting", pk=item.meeting_id)
    form = forms.ConcludeForm(request.POST)
    status = 400
    if form.is_valid():
        done, status = _attempt(
            form,
            lambda: meetings.agenda_conclude(
                user=request.user,
                agenda_item_id=item.pk,
                agreed=form.cleaned_data["agreed"],
                text=form.cleaned_data["text"],
                now=now(),
            ),
        )
        if done is not None:
            messages.success(request, _("The outcome was recorded."))
            return redirect("coordination:meeting", pk=item.meeting_id)
    meeting = meeting_get_for(request.user, item.meeting_id)
    return render(
        request,
        "coordination/meeting_detail.html",
        meeting_context(request, meeting, conclude_form=form, error_item=item.pk),
        status=status,
    )


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


def directive_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """A directive issued after a review of the case (not the answer to an escalation),
    by a Steering Committee or its standing body."""
    try:
        case = case_for(request.user, case_id)
    except NotFound:
        raise Http404 from None
    form = forms.DirectiveForm(request.POST or None, initial={"issued_on": today()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            created, status = _attempt(
                form,
                lambda: directives.directive_issue(
                    user=request.user,
                    escalation_id=None,
                    case_id=case.pk,
                    doc_number=data["doc_number"],
                    issued_on=data["issued_on"],
                    content=data["content"],
                    tasks=_tasks_of(data),
                    now=now(),
                ),
            )
            if created is not None:
                messages.success(request, _("The directive was recorded."))
                return redirect("coordination:directive", pk=created.pk)
    return render(
        request, "coordination/directive_new.html", {"form": form, "case": case}, status=status
    )


def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        escalation = directives.escalation_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    can_answer = meetings.is_authority_member(request.user, escalation) and not hasattr(
        escalation, "directive"
    )
    form = (
        forms.DirectiveForm(request.POST or None, initial={"issued_on": today()})
        if can_answer
        else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            tasks = _tasks_of(data)
            created, status = _attempt(
                form,
                lambda: directives.directive_issue(
                    user=request.user,
                    escalation_id=escalation.pk,
                    case_id=None,
                    doc_number=data["doc_number"],
                    issued_on=data["issued_on"],
                    content=data["content"],
                    tasks=tasks,
                    now=now(),
                ),
            )
            if created is not None:
                messages.success(request, _("The directive was recorded."))
                return redirect("coordination:directive", pk=created.pk)
    return render(
        request,
        "coordination/escalation_detail.html",
        {"escalation": escalation, "form": form},
        status=status,
    )


def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from phoihop.coordination.models import Directive

    directive = Directive.objects.select_related("case", "issuing_agency").filter(pk=pk).first()
    if directive is None:
        raise Http404
    try:
        case_for(request.user, directive.case_id)
    except NotFound:
        raise Http404 from None
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
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            done, status = _attempt(
                form,
                lambda: directives.task_report(
                    user=request.user,
                    task_id=pk,
                    expected_version=data["version"],
                    percent=data["percent"],
                    text=data["text"],
                    done=data["done"],
                    now=now(),
                ),
            )
            if done is not None:
                messages.success(request, _("The report was recorded."))
                return redirect("coordination:directive", pk=task.directive_id)
    return render(
        request, "coordination/task_report.html", {"task": task, "form": form}, status=status
    )


def plan_target(request: HttpRequest, case_id: int) -> HttpResponse:
    form = forms.PlanTargetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            done, status = _attempt(
                form,
                lambda: plans.plan_target_set(
                    user=request.user,
                    case_id=case_id,
                    stage=data["stage"],
                    target_on=data["target_on"],
                    note=data["note"],
                    now=now(),
                ),
            )
            if done is not None:
                messages.success(request, _("The plan target was set."))
                return redirect("cases:detail", pk=case_id)
    try:
        case = case_for(request.user, case_id)
    except NotFound:
        raise Http404 from None
    return render(
        request, "coordination/plan_form.html", {"form": form, "case": case}, status=status
    )
