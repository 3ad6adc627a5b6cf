"""The calculator page and the rest-day calendar page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phoihop.clocks.calculator import calculate_many
from phoihop.clocks.forms import CalculatorForm
from phoihop.core.calendar_service import current_calendar
from phoihop.core.clock import today


def calculator(request: HttpRequest) -> HttpResponse:
    form = CalculatorForm(request.GET or None)
    result = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            result = calculate_many([form.request_item()])[0]
            if "error" in result:
                error = result["error"]
                form.add_error(form.field_named(error.get("field")), error["message"])
                status = 400
                result = None
            else:
                result = _with_dates(result)
        else:
            status = 400
    return render(
        request, "clocks/calculator.html", {"form": form, "result": result}, status=status
    )


def _with_dates(result: dict[str, Any]) -> dict[str, Any]:
    """The calculator's ISO dates as dates, for the page to show them dd/mm/yyyy."""
    shown = dict(result)
    for key in ("nominal_end", "deadline", "extension_request_by", "max_deadline"):
        if shown.get(key):
            shown[key] = dt.date.fromisoformat(shown[key])
    for key in ("deadline_at", "max_deadline_at"):
        if shown.get(key):
            shown[key] = dt.datetime.fromisoformat(shown[key])
    return shown


def calendar_year(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", today().year))
    except ValueError:
        year = today().year
    year = min(max(year, 2020), 2030)
    calendar = current_calendar()
    months: list[dict[str, Any]] = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        days = []
        day = first
        while day.month == month:
            days.append(
                {
                    "date": day,
                    "rest": calendar.is_rest(day),
                    "reason": calendar.reason(day),
                    "worked_weekend": calendar.is_worked_weekend(day),
                }
            )
            day += dt.timedelta(days=1)
        months.append({"first": first, "lead": range(first.weekday()), "days": days})
    special = [
        d
        for m in months
        for d in m["days"]
        if d["reason"] and (d["date"].weekday() < 5 or d["worked_weekend"])
    ]
    return render(
        request,
        "clocks/calendar.html",
        {
            "year": year,
            "months": months,
            "special": special,
            "provisional": year in calendar.provisional_years,
            "years": range(2024, 2029),
        },
    )
