"""The oversight dashboard (Tổng quan) and the list of cases behind each figure.

Every page here is a heavy read (phoihop/core/replicas.py): a read replica answers it
when one is fresh enough and the user has not just written."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.translation import gettext as _

from phoihop.agencies.models import Agency, Province
from phoihop.cases.labels import STAGE_LABELS
from phoihop.cases.models import AssetKind
from phoihop.coordination.models import ObstacleCategory, RequestKind
from phoihop.core.clock import now, today
from phoihop.core.errors import NotFound
from phoihop.core.replicas import heavy_read
from phoihop.domain.clocks.derive import clock_label
from phoihop.domain.fields import field_label
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.risk import RiskLevel
from phoihop.reports.figures import Dashboard, Figure, dashboard_for, figure_cases
from phoihop.reports.files import CONTENT_TYPES, file_name, report_files
from phoihop.reports.forms import ReportForm
from phoihop.reports.report_jobs import report_enqueue, report_goes_to_worker
from phoihop.reports.risk import at_risk_for

# What ``reverse`` leaves unquoted in a path: RFC 3986's ``pchar``.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
# The levels the early-warning list can be narrowed to; a low score is not listed.
RISK_LEVEL_FILTERS = {"high": RiskLevel.HIGH, "medium": RiskLevel.MEDIUM}


def _province(request: HttpRequest) -> int | None:
    value = request.GET.get("province", "")
    if not value:
        return None
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if not (value.isdecimal() and len(value) <= 9):
        raise Http404
    if not Province.objects.filter(pk=int(value)).exists():
        raise Http404
    return int(value)


def figure_url(figure: Figure, province: int | None) -> str:
    query = {"province": province} if province is not None else {}
    url = reverse("reports:figure", args=[figure.kind, figure.value])
    return f"{url}?{urlencode(query)}" if query else url


class FigureLinks:
    """``figure_url`` of many figures for one province (or none). The overview links a
    few hundred (each part of each month's bar is one), and ``reverse`` is most of the
    cost of a link: it runs once here, for where the lists live, and each figure's kind
    and value are put in as it would put them (a test holds the two equal)."""

    def __init__(self, province: int | None) -> None:
        self._head = reverse("reports:figure", args=["kind", "value"]).removesuffix("kind/value/")
        self._query = f"?{urlencode({'province': province})}" if province is not None else ""

    def url(self, kind: str, value: str) -> str:
        if not kind or not value or "/" in kind or "/" in value:
            # Not a part of an address: ``reverse`` refuses it, as it refused it before.
            return figure_url(Figure(kind, value, 0), None)
        return f"{self._head}{_path_part(kind)}/{_path_part(value)}/{self._query}"


@functools.lru_cache(maxsize=4096)
def _path_part(text: str) -> str:
    # A pure function of its text: every page asks for the same months, fields and codes.
    return quote(text, PATH_SAFE)


def figure_label(kind: str, value: str) -> str:
    """What a figure counts, in words, for the list's title."""
    if kind == "stage":
        return str(STAGE_LABELS.get(Stage(value), value))
    if kind in ("overdue", "due_soon", "past_maximum"):
        agency = Agency.objects.filter(pk=int(value)).first()
        name = agency.short_name or agency.name if agency else value
        titles = {
            "overdue": _("Overdue — %(agency)s"),
            "due_soon": _("Due soon — %(agency)s"),
            "past_maximum": _("Past the legal maximum — %(agency)s"),
        }
        return titles[kind] % {"agency": name}
    if kind == "needs_update":
        return _("Time limits open only because a later decision was not entered")
    if kind == "waiting":
        return _("Waiting on a request: %(kind)s") % {"kind": RequestKind(value).label}
    if kind == "obstacle":
        return _("Unresolved obstacle: %(category)s") % {"category": ObstacleCategory(value).label}
    if kind == "escalated":
        return _("Disagreements awaiting the competent authority")
    if kind == "tasks_overdue":
        return _("Directive tasks overdue")
    if kind == "assets":
        return str(AssetKind(value).label)
    if kind == "clock":
        return _("Running: %(period)s") % {"period": clock_label(value)}
    if kind == "opened":
        month, _bar, field = value.partition("|")
        opened = {"month": f"{month[5:7]}/{month[:4]}", "field": field_label(field)}
        if _bar:
            return _("Opened in %(month)s, field: %(field)s") % opened
        return _("Opened in %(month)s") % opened
    raise ValueError(kind)


def _panels(board: Dashboard, links: FigureLinks) -> dict[str, Any]:
    """Each panel's rows, flat: what the template shows of a figure read once here
    rather than through its attributes in every row. The count is written as the
    template writes a whole number (no thousands separator in these settings), without
    localising each of a few hundred."""

    def link(
        figures: list[Figure], label_of: Callable[[Figure], Any] | None = None
    ) -> list[dict[str, Any]]:
        return [
            {
                "figure": f,
                "url": links.url(f.kind, f.value),
                "label": label_of(f) if label_of else f.label or figure_label(f.kind, f.value),
                "count": str(f.count),
                "median_days": f.extra.get("median_days"),
            }
            for f in figures
        ]

    return {
        "stages": link(board.stages),
        "overdue": link(board.overdue),
        "due_soon": link(board.due_soon),
        "past_maximum": link(board.past_maximum),
        "needs_update": link([board.needs_update])[0],
        "waiting": link(board.waiting, lambda f: RequestKind(f.value).label),
        "obstacles": link(board.obstacles, lambda f: ObstacleCategory(f.value).label),
        "escalated": link([board.escalated])[0],
        "tasks_overdue": link([board.tasks_overdue])[0],
        "assets": link(
            [board.assets[k.value] for k in AssetKind if k.value in board.assets],
            lambda f: AssetKind(f.value).label,
        ),
        "opened": link(board.opened),
        "periods": link(board.periods, lambda f: clock_label(f.value)),
    }


def _opened_by_field(months: list[Figure], links: FigureLinks) -> dict[str, Any]:
    """New cases per month, one stacked series per field; each bar part opens the
    cases of that month and field."""
    fields = sorted({field for month in months for field in month.extra["fields"]})
    return {
        "months": [f"{month.value[5:7]}/{month.value[:4]}" for month in months],
        "series": [
            {
                "name": field_label(field),
                "data": [month.extra["fields"].get(field, 0) for month in months],
                "urls": [links.url("opened", f"{month.value}|{field}") for month in months],
            }
            for field in fields
        ],
    }


@heavy_read
def dashboard(request: HttpRequest) -> HttpResponse:
    province = _province(request)
    on = today()
    board = dashboard_for(request.user, today=on, province=province)
    links = FigureLinks(province)
    panels = _panels(board, links)
    chart = {
        "stages": [
            {"name": row["label"], "value": row["figure"].count, "url": row["url"]}
            for row in panels["stages"]
        ],
        "opened": _opened_by_field(board.opened, links),
    }
    context = {
        "board": board,
        "panels": panels,
        "chart": chart,
        "province": province,
        "provinces": [
            {"pk": str(pk), "name": name, "selected": pk == province}
            for pk, name in Province.objects.valid_on(on).values_list("pk", "name")
        ],
        "today": on,
    }
    return render(request, "reports/dashboard.html", context)


@heavy_read
def figure_list(request: HttpRequest, kind: str, value: str) -> HttpResponse:
    province = _province(request)
    on = today()
    try:
        cases = figure_cases(request.user, kind, value, today=on, province=province)
        title = figure_label(kind, value)
    except (NotFound, ValueError, KeyError):
        raise Http404 from None
    page = Paginator(cases.select_related("province").order_by("-last_event_on", "-id"), 25)
    query = {"province": province} if province is not None else {}
    context = {
        "title": title,
        "page": page.get_page(request.GET.get("page")),
        "query": urlencode(query),
        "province": province,
        "today": on,
    }
    return render(request, "reports/figure_list.html", context)


@heavy_read
def report_page(request: HttpRequest) -> HttpResponse:
    """The periodic report: a period, a province, a file to download. Its author's
    agency issues it, so an account without one (an administrator) has no report."""
    if getattr(request.user, "agency_id", None) is None:
        raise Http404
    on = today()
    form = ReportForm(request.POST or None, today=on, agency=getattr(request.user, "agency", None))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            period = form.chosen_period()
            province = form.cleaned_data["province"]
            fmt = form.cleaned_data["format"]
            if report_goes_to_worker(user=request.user, period=period, province=province):
                job = report_enqueue(
                    user=request.user,
                    form_data=request.POST,
                    label=file_name(period, province, fmt),
                    today=on,
                    now=now(),
                )
                return redirect("jobs:job", job.pk)
            _data, files = report_files(
                user=request.user,
                period=period,
                province=province,
                formats=[fmt],
                now=now(),
                today=on,
                proposals=form.cleaned_data["proposals"].splitlines(),
                signing=form.signing(),
            )
            response = HttpResponse(files[fmt], content_type=CONTENT_TYPES[fmt])
            name = file_name(period, province, fmt)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "reports/report.html", {"form": form}, status=status)


@heavy_read
def risk_list(request: HttpRequest) -> HttpResponse:
    """The early warning (Dự báo sớm): open clocks at risk of being missed, worst first."""
    province = _province(request)
    level = request.GET.get("level", "")
    if level and level not in RISK_LEVEL_FILTERS:
        raise Http404
    on = today()
    rows = at_risk_for(
        request.user, today=on, province=province, level=RISK_LEVEL_FILTERS.get(level)
    )
    query = {key: value for key, value in (("province", province), ("level", level)) if value}
    context = {
        "page": Paginator(rows, 25).get_page(request.GET.get("page")),
        "query": urlencode(query),
        "province": province,
        "level": level,
        "provinces": Province.objects.valid_on(on),
        "today": on,
    }
    return render(request, "reports/risk_list.html", context)
