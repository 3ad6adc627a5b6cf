"""/api/v1/clocks: the calculator over HTTP (the same JSON as the CLI), and the open
statutory clocks of the cases the caller may see."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import F
from django.http import HttpRequest
from ninja import Body, Field, Query, Router, Schema

from phoihop.accounts.access import actor_for
from phoihop.cases.selectors import visible_cases
from phoihop.clocks.calculator import MAX_ITEMS, calculate_many
from phoihop.clocks.models import OPEN_STATUSES, Clock, ClockStatus
from phoihop.core.api_errors import ERRORS, ApiError, ErrorOut
from phoihop.core.api_lists import PageQuery, page_of
from phoihop.core.api_types import OneOf

router = Router(tags=["clocks"])

STATUS_FILTERS = (ClockStatus.OVERDUE.value, ClockStatus.DUE_SOON.value)
# The calculator writes nothing, but it is a POST: a session without its CSRF token is 403.
CALC_ERRORS = {**ERRORS, 403: ErrorOut}


class OpenClockOut(Schema):
    case: int = Field(..., alias="case_id")
    case_title: str = Field(..., alias="case.title")
    key: str
    code: str
    variant: str
    basis: str
    deadline: dt.date | None
    extension_request_by: dt.date | None
    status: str


class OpenClockPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OpenClockOut]


class OpenClockQuery(PageQuery):
    status: Annotated[str, OneOf("", *STATUS_FILTERS)] = Field(
        "", description="overdue or due_soon; every open clock when empty"
    )


@router.get(
    "",
    response={200: OpenClockPage, **ERRORS},
    summary="Open clocks of the cases the caller may see",
    description="Nearest deadline first. The status is the one the nightly refresh (or "
    "the case's latest decision) computed, as on the case page.",
)
def clock_list(request: HttpRequest, query: Query[OpenClockQuery]) -> dict[str, Any]:
    status = query.status
    clocks = Clock.objects.filter(
        case__in=visible_cases(actor_for(request.user)).values("pk"),
        status__in=[status] if status else OPEN_STATUSES,
    )
    return page_of(
        clocks.select_related("case").order_by(F("deadline").asc(nulls_last=True), "pk"), query
    )


@router.post(
    "/calc",
    response={200: list[dict[str, Any]], **CALC_ERRORS},
    summary="Compute statutory deadlines",
    description=(
        "A list of calculator requests (or one request object); returns a list of results "
        "in the same order, each with the request's `id`. A request the law does not allow "
        "comes back with `error: {code, message, field}` in its place."
    ),
)
def calc(request: HttpRequest, payload: Any = Body(...)) -> list[dict[str, Any]]:  # noqa: B008
    items = payload if isinstance(payload, list) else [payload]
    if len(items) > MAX_ITEMS:
        raise ApiError(422, "input.too_many", f"Tối đa {MAX_ITEMS} yêu cầu mỗi lần.", "body")
    return calculate_many(items)
