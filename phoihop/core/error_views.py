"""The error pages inside the application: the menu, what happened in Vietnamese (or
English when chosen), and a way back, instead of Django's bare English pages. The 500
page is a template of its own that needs neither the database nor the request: it is
shown when something failed, possibly the database itself."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _back(request: HttpRequest) -> str:
    """The page the user came from, when it is one of ours (never another site)."""
    referer = request.META.get("HTTP_REFERER", "")
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return ""
    path = parts.path or ""
    if not path.startswith("/") or path == request.path:
        return ""
    return path + (f"?{parts.query}" if parts.query else "")


# The public pages (published releases) show nothing of the internal application: not
# the menu, not the signed-in user, not an internal address.
_PUBLIC = "/public/"


def _page(request: HttpRequest, status: int, heading: str, explanation: str) -> HttpResponse:
    if request.path.startswith(_PUBLIC):
        context = {"status": status, "heading": heading}
        return render(request, "public/error.html", context, status=status)
    context = {
        "status": status,
        "heading": heading,
        "explanation": explanation,
        "back": _back(request),
    }
    return render(request, "error_page.html", context, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("The request could not be read"),
        _("Something in what was sent is not valid; nothing was changed. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("Not allowed"),
        _("Your account may not do this. Ask your agency's administrator if you need it."),
    )


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("Page not found"),
        _(
            "This page does not exist, or it concerns a case your agency does not take part "
            "in. Check the address, or find the case in the list."
        ),
    )
