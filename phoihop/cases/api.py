"""/api/v1/cases: the case record for agency systems, through the same services and
selectors as the pages (a case outside the caller's scope answers 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from phoihop.accounts.access import actor_for
from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.cases.selectors import CaseFilters, case_get_for, case_list_for
from phoihop.clocks.models import Clock
from phoihop.core.api_errors import ApiError
from phoihop.core.api_types import CleanStr
from phoihop.core.clock import now, today
from phoihop.core.idempotency import idempotent

router = Router(tags=["cases"])

ERRORS = {400: dict, 401: dict, 404: dict, 409: dict, 422: dict}


class CaseOut(Schema):
    id: int
    kind: str
    national_code: str | None
    title: str
    summary: str
    province: str = Field(..., alias="province.code")
    category: str
    classification: int
    monitoring: str
    stage: str
    opened_on: dt.date
    last_event_on: dt.date
    next_deadline: dt.date | None
    version: int


class CasePage(Schema):
    count: int
    page: int
    pages: int
    items: list[CaseOut]


class CaseQuery(Schema):
    q: CleanStr = ""
    province: int | None = None
    stage: CleanStr = ""
    agency: int | None = None
    monitoring: CleanStr = ""
    classification: int | None = Field(None, ge=0, le=3)
    status: CleanStr = ""
    due: CleanStr = ""
    sort: CleanStr = ""
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(25, ge=1, le=100)


class ClockOut(Schema):
    key: str
    code: str
    variant: str
    basis: str
    start_on: dt.date
    deadline: dt.date | None
    extension_request_by: dt.date | None
    max_deadline: dt.date | None
    status: str
    ended_on: dt.date | None
    steps: list[str]


class EventOut(Schema):
    sequence: int
    type: str
    date: dt.date
    agency: str = Field(..., alias="agency.code")
    doc_number: str
    params: dict[str, Any]


class EventIn(Schema):
    type: CleanStr
    date: dt.date
    doc_number: CleanStr = Field("", max_length=80)
    note: CleanStr = Field("", max_length=2000)
    person_id: int | None = None
    months: int | None = Field(None, ge=1, le=12)
    days: int | None = Field(None, ge=1, le=90)
    charges: CleanStr = Field("", max_length=200)
    version: int = Field(..., ge=1)


def _case(request: HttpRequest, case_id: int) -> Case:
    return case_get_for(actor_for(request.user), case_id)


@router.get("", response={200: CasePage, **ERRORS}, summary="Cases the caller may see")
def case_list(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    if query.due and query.due != "overdue" and not query.due.isdigit():
        raise ApiError(400, "input.invalid", "Tham số due phải là overdue hoặc một số ngày.", "due")
    filters = CaseFilters(
        q=query.q,
        province=query.province,
        stage=query.stage,
        agency=query.agency,
        monitoring=query.monitoring,
        classification=query.classification,
        status=query.status,
        due=query.due,
        sort=query.sort,
    )
    cases = case_list_for(actor_for(request.user), filters, today=today())
    count = cases.count()
    start = (query.page - 1) * query.page_size
    return {
        "count": count,
        "page": query.page,
        "pages": max(1, -(-count // query.page_size)),
        "items": list(cases[start : start + query.page_size]),
    }


@router.get("/{case_id}", response={200: CaseOut, **ERRORS}, summary="One case")
def case_get(request: HttpRequest, case_id: int) -> Case:
    case = services.case_open_for(user=request.user, case_id=case_id, now=now())
    return case


@router.get(
    "/{case_id}/clocks", response={200: list[ClockOut], **ERRORS}, summary="Its statutory clocks"
)
def case_clocks(request: HttpRequest, case_id: int) -> Any:
    return Clock.objects.filter(case=_case(request, case_id)).order_by("deadline", "id")


@router.get("/{case_id}/events", response={200: list[EventOut], **ERRORS}, summary="Its decisions")
def case_events(request: HttpRequest, case_id: int) -> Any:
    return _case(request, case_id).events.select_related("agency").order_by("sequence")


@router.post(
    "/{case_id}/events", response={201: EventOut, **ERRORS}, summary="Record a procedural decision"
)
@idempotent
def case_event_record(request: HttpRequest, case_id: int, payload: EventIn) -> Status:
    params: dict[str, Any] = {}
    for name in ("months", "days"):
        if getattr(payload, name):
            params[name] = getattr(payload, name)
    if payload.charges:
        params["charges"] = payload.charges
    record = services.case_record_event(
        user=request.user,
        case_id=_case(request, case_id).pk,
        expected_version=payload.version,
        event=services.EventInput(
            type=payload.type,
            date=payload.date,
            doc_number=payload.doc_number,
            note=payload.note,
            person_id=payload.person_id,
            params=params,
        ),
        now=now(),
    )
    return Status(201, record)
