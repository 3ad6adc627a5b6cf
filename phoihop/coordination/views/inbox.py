"""The inbox: what waits on the user's agency."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phoihop.coordination.selectors import inbox_for
from phoihop.core.clock import today


def inbox(request: HttpRequest) -> HttpResponse:
    box = inbox_for(request.user, today=today())
    return render(
        request, "coordination/inbox.html", {"box": box, "counts": box.counts(), "today": today()}
    )
