"""The inbox: what waits on the user's agency, grouped by case."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phoihop.coordination.forms import InboxFilterForm
from phoihop.coordination.selectors import InboxFilters, inbox_for, inbox_since
from phoihop.coordination.services.inbox import inbox_look_record
from phoihop.core.clock import now, today

CASES_PER_PAGE = 10


def inbox(request: HttpRequest) -> HttpResponse:
    """Opening the inbox (no page, no filter) is a new look: what changed since the one
    before is marked. Paging and filtering keep the marks the inbox was opened with."""
    form = InboxFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    data = form.cleaned_data if form.is_bound and valid else {}
    filters = InboxFilters(
        q=data.get("q", ""), kind=data.get("kind", ""), state=data.get("state", "")
    )
    if request.GET:
        since = inbox_since(request.user)
    else:
        since = inbox_look_record(user=request.user, now=now())
    box = inbox_for(request.user, today=today(), since=since, filters=filters)
    page = Paginator(box.groups, CASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    kind_query = query.copy()
    kind_query.pop("kind", None)
    context = {
        "box": box,
        "form": form,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "kind_query": kind_query.urlencode(),
        "today": today(),
    }
    return render(request, "coordination/inbox.html", context, status=200 if valid else 400)
