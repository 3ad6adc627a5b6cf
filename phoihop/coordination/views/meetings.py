"""Inter-agency meetings: calling one, holding and closing it, the positions of the
agencies and the outcome of each agenda item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phoihop.cases.services import case_view_record
from phoihop.coordination import forms
from phoihop.coordination.models import AgendaItem
from phoihop.coordination.services import meetings
from phoihop.coordination.services.access import meeting_get_for, meetings_visible_to
from phoihop.core.clock import now, today
from phoihop.core.errors import NotFound
from phoihop.core.form_views import attempt, submit
from phoihop.domain.coordination.meetings import minutes_missing


def meeting_list(request: HttpRequest) -> HttpResponse:
    items = (
        meetings_visible_to(request.user).select_related("chair_agency").order_by("-held_on", "-pk")
    )
    return render(request, "coordination/meeting_list.html", {"meetings": items})


def meeting_new(request: HttpRequest) -> HttpResponse:
    picked = (
        request.POST.getlist("cases") if request.method == "POST" else [request.GET.get("case", "")]
    )
    form = forms.MeetingForm(
        request.POST or None,
        initial={"held_on": today(), "cases": [p for p in picked if p.isdigit()]},
        case_choices=_case_choices(request, picked),
    )
    return submit(
        request,
        form,
        lambda data: meetings.meeting_create(
            user=request.user,
            title=data["title"],
            chair_name=data["chair_name"],
            chair_title=data["chair_title"],
            held_on=data["held_on"],
            start_time=data["start_time"],
            place=data["place"],
            sites=data["sites"].splitlines(),
            participant_ids=[a.pk for a in data["participants"]],
            case_ids=data["cases"],
            now=now(),
        ),
        success=_("The meeting was called."),
        redirect_to=lambda created: redirect("coordination:meeting", pk=created.pk),
        template="coordination/meeting_new.html",
        context=lambda: {"form": form},
    )


def _case_choices(request: HttpRequest, picked: list[str]) -> list[tuple[int, str]]:
    """The chosen cases the user may see, labelled as the search labels them; a number
    the user may not see stays unlabelled (and the service refuses it)."""
    from phoihop.accounts.access import actor_for
    from phoihop.cases.selectors import visible_cases

    ids = [int(p) for p in picked if p.isdigit()]
    if not ids:
        return []
    rows = visible_cases(actor_for(request.user)).filter(pk__in=ids)
    labels = {
        pk: f"{title} ({code or f'#{pk}'})"
        for pk, title, code in rows.values_list("pk", "title", "national_code")
    }
    return [(pk, labels.get(pk, f"#{pk}")) for pk in ids]


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
    participants = list(meeting.participants.all())
    delegates = list(meeting.delegates.all())
    is_chair = agency_id == meeting.chair_agency_id
    return {
        "meeting": meeting,
        "agenda": agenda,
        "participants": participants,
        "sites": [s for s in meeting.sites.splitlines() if s.strip()],
        "delegations": [
            (agency, [d for d in delegates if d.agency_id == agency.pk])
            for agency in [meeting.chair_agency, *participants]
        ],
        "record_missing": minutes_missing(meetings.meeting_record_of(meeting)),
        "is_chair": is_chair,
        "takes_part": is_chair or any(a.pk == agency_id for a in participants),
        "position_form": extra.get("position_form") or forms.PositionForm(),
        "conclude_form": extra.get("conclude_form") or forms.ConcludeForm(),
        "record_form": extra.get("record_form")
        or (forms.MeetingRecordForm(meeting=meeting) if is_chair else None),
        "error_item": extra.get("error_item"),
    }


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        meeting = meeting_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    context = meeting_context(request, meeting)
    for item in context["agenda"]:
        case_view_record(user=request.user, case=item.case, now=now(), via="meeting")
    return render(request, "coordination/meeting_detail.html", context)


def _meeting_action(
    request: HttpRequest, pk: int, action: Callable[[], Any], message: str
) -> HttpResponse:
    # A button with nothing to fill in: no form to validate, so not `submit`; an
    # empty bound position form only carries a refusal back to the page.
    if request.method != "POST":
        return redirect("coordination:meeting", pk=pk)
    form = forms.PositionForm(data={"text": "-"})
    form.is_valid()
    done, status = attempt(form, action)
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


def meeting_details(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's agency records what the minutes state: times, chair, secretary and
    each agency's delegates (the form on the meeting page)."""
    if request.method != "POST":
        return redirect("coordination:meeting", pk=pk)
    try:
        meeting = meeting_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    form = forms.MeetingRecordForm(request.POST, meeting=meeting)
    return submit(
        request,
        form,
        lambda data: meetings.meeting_details_record(
            user=request.user,
            meeting_id=meeting.pk,
            expected_version=data["version"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            chair_name=data["chair_name"],
            chair_title=data["chair_title"],
            secretary_name=data["secretary_name"],
            secretary_title=data["secretary_title"],
            secretary_agency_id=data["secretary_agency"].pk if data["secretary_agency"] else None,
            delegates=data["delegates"],
            now=now(),
        ),
        success=_("The meeting's times and attendance were recorded."),
        redirect_to=lambda recorded: redirect("coordination:meeting", pk=meeting.pk),
        template="coordination/meeting_detail.html",
        context=lambda: meeting_context(
            request, meeting_get_for(request.user, meeting.pk), record_form=form
        ),
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
    return submit(
        request,
        form,
        lambda data: meetings.position_record(
            user=request.user, agenda_item_id=item.pk, text=data["text"], now=now()
        ),
        success=_("The position was recorded."),
        redirect_to=lambda position: redirect("coordination:meeting", pk=item.meeting_id),
        template="coordination/meeting_detail.html",
        context=lambda: meeting_context(
            request,
            meeting_get_for(request.user, item.meeting_id),
            position_form=form,
            error_item=item.pk,
        ),
    )


def agenda_conclude(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _agenda_item(request, item_id)
    if request.method != "POST":
        return redirect("coordination:meeting", pk=item.meeting_id)
    form = forms.ConcludeForm(request.POST)
    return submit(
        request,
        form,
        lambda data: meetings.agenda_conclude(
            user=request.user,
            agenda_item_id=item.pk,
            agreed=data["agreed"],
            text=data["text"],
            now=now(),
        ),
        success=_("The outcome was recorded."),
        redirect_to=lambda concluded: redirect("coordination:meeting", pk=item.meeting_id),
        template="coordination/meeting_detail.html",
        context=lambda: meeting_context(
            request,
            meeting_get_for(request.user, item.meeting_id),
            conclude_form=form,
            error_item=item.pk,
        ),
    )
