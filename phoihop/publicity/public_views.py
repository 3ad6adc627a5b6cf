"""The public page: no sign-in, its own URL space (/public/), read-only, cached and
limited per client address. It shows only what phoihop.publicity.public returns."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from phoihop.accounts.sessions import client_address
from phoihop.core.forms import DateInput, StyledForm
from phoihop.core.rate_limit import over_limit
from phoihop.core.replicas import heavy_read
from phoihop.publicity.public import (
    PUBLIC_PIN,
    as_public,
    province_figures,
    public_generation,
    public_provinces,
    published_release,
    published_releases,
)

View = Callable[..., HttpResponse]
# The query parameters a page reads; any other is ignored, so it cannot multiply the
# cached copies of a page.
_PARAMETERS = ("province", "since", "until", "page")


def public_page(view: View) -> View:
    """Open to anyone, GET only, at most PHOIHOP_PUBLIC_RATE requests per address, and
    served from the cache while no release has been published since. Rendered, it is a
    heavy read (a read replica may answer), but never while a publication is recent."""
    render_page = heavy_read(view, pins=(PUBLIC_PIN,))

    @login_not_required
    @require_safe
    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = over_limit(
            client_address(request), settings.PHOIHOP_PUBLIC_RATE, setting="PHOIHOP_PUBLIC_RATE"
        )
        if wait is not None:
            response = render(request, "public/too_many.html", status=429)
            response["Retry-After"] = str(wait)
            return response
        asked = "&".join(f"{name}={request.GET.get(name, '')}" for name in _PARAMETERS)
        digest = hashlib.sha256(f"{request.path}?{asked}".encode()).hexdigest()
        key = f"public-page:{public_generation()}:{get_language()}:{digest}"
        kept = cache.get(key)
        if kept is not None:
            status, content_type, content = kept
            response = HttpResponse(content, status=status, content_type=content_type)
        else:
            response = render_page(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(
                    key,
                    (response.status_code, response["Content-Type"], response.content),
                    settings.PHOIHOP_PUBLIC_CACHE_SECONDS,
                )
        patch_cache_control(response, public=True, max_age=60)
        return response

    return page


class PublicFilter(StyledForm, forms.Form):
    once = False  # read with GET
    province = forms.ChoiceField(label=_("Province"), required=False)
    since = forms.DateField(label=_("Published from"), required=False, widget=DateInput())
    until = forms.DateField(
        label=pgettext_lazy("date range", "to"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["province"]).choices = [
            ("", _("All provinces")),
            *public_provinces(),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data


@public_page
def releases(request: HttpRequest) -> HttpResponse:
    form = PublicFilter(request.GET or None)
    status, found = 200, published_releases().none()
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        found = published_releases(
            province=data.get("province", ""), since=data.get("since"), until=data.get("until")
        )
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    items = [as_public(row) for row in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/releases.html",
        {"form": form, "page": page, "releases": items, "query": query.urlencode()},
        status=status,
    )


@public_page
def release(request: HttpRequest, ref: str) -> HttpResponse:
    found = published_release(ref)
    if found is None:
        raise Http404
    return render(request, "public/release.html", {"release": found})


@public_page
def province(request: HttpRequest, code: str) -> HttpResponse:
    figures = province_figures(code)
    if figures is None:
        raise Http404
    latest = [as_public(row) for row in published_releases(province=figures.province_code)[:10]]
    return render(request, "public/province.html", {"figures": figures, "releases": latest})
