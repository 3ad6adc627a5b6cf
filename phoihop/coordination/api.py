"""/api/v1: the coordination around a case (requests, obstacles, meetings, directives)
and the requests of the caller's agency, read-only, through the same access as the
pages: a case outside the caller's scope answers 404 on every route that takes one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import BooleanField, Prefetch, Q, QuerySet, Value, When
from django.db.models import Case as Conditional
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from phoihop.cases.models import Case
from phoihop.cases.services import case_view_record
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    AgendaItem,
    Directive,
    Meeting,
    MeetingDelegate,
    Obstacle,
    Request,
    RequestStatus,
)
from phoihop.coordination.services.access import case_for, meetings_visible_to, requests_visible_to
from phoihop.core.api_errors import ERRORS
from phoihop.core.api_lists import PageQuery, page_of
from phoihop.core.api_types import OneOf, RecordId
from phoihop.core.clock import now, today

router = Router(tags=["coordination"])  # mounted at /cases
requests_router = Router(tags=["coordination"])  # mounted at /requests

DIRECTIONS = ("incoming", "outgoing")
# "open" is every status still waiting on an agency (sent, received, in progress).
REQUEST_STATUSES = ("open", *RequestStatus.values)


class RequestOut(Schema):
    id: int
    case: int = Field(..., alias="case_id")
    case_title: str = Field(..., alias="case.title")
    kind: str
    variant: str
    from_agency: str = Field(..., alias="from_agency.code")
    to_agency: str = Field(..., alias="to_agency.code")
    subject: str
    body: str
    sent_on: dt.date
    due_on: dt.date
    due_basis: str
    status: str
    overdue: bool
    answer: str
    answered_on: dt.date | None
    version: int


class RequestPage(Schema):
    count: int
    page: int
    pages: int
    items: list[RequestOut]


class RequestQuery(PageQuery):
    direction: Annotated[str, OneOf("", *DIRECTIONS)] = Field(
        "", description="incoming or outgoing; both when empty"
    )
    status: Annotated[str, OneOf("", *REQUEST_STATUSES)] = Field(
        "", description="open, or one status: sent, received, …"
    )


class ObstacleOut(Schema):
    id: int
    category: str
    description: str
    raised_by_agency: str = Field(..., alias="raised_by_agency.code")
    status: str
    resolution: str
    created_at: dt.datetime
    version: int


class PositionOut(Schema):
    agency: str = Field(..., alias="agency.code")
    text: str
    at: dt.datetime


class AgendaItemOut(Schema):
    id: int
    question: str
    outcome: str
    conclusion: str
    positions: list[PositionOut]


class SecretaryOut(Schema):
    name: str
    title: str
    agency: str = Field(..., description="the agency's registry code")


class DelegateOut(Schema):
    agency: str = Field(..., alias="agency.code")
    name: str
    title: str


class MeetingOut(Schema):
    id: int
    title: str
    chair_agency: str = Field(..., alias="chair_agency.code")
    chair_name: str
    chair_title: str
    held_on: dt.date
    start_time: dt.time | None = Field(..., description="on held_on, Vietnam's time")
    end_time: dt.time | None = Field(..., description="empty until recorded")
    place: str = Field(..., description="where the meeting sits: the main site")
    sites: list[str] = Field(..., description="the other sites joined online")
    secretary: SecretaryOut | None = Field(..., description="who keeps the minutes")
    delegates: list[DelegateOut] = Field(..., description="who attended for each agency")
    status: str
    agenda: list[AgendaItemOut] = Field(..., alias="case_agenda")

    @staticmethod
    def resolve_sites(meeting: Meeting) -> list[str]:
        return [site.strip() for site in meeting.sites.splitlines() if site.strip()]

    @staticmethod
    def resolve_secretary(meeting: Meeting) -> dict[str, str] | None:
        agency = meeting.secretary_agency
        if not meeting.secretary_name or agency is None:
            return None
        return {
            "name": meeting.secretary_name,
            "title": meeting.secretary_title,
            "agency": agency.code,
        }

    @staticmethod
    def resolve_delegates(meeting: Meeting) -> list[MeetingDelegate]:
        return list(meeting.delegates.all())


class TaskOut(Schema):
    id: int
    agency: str = Field(..., alias="agency.code")
    description: str
    due_on: dt.date
    done_on: dt.date | None
    version: int


class DirectiveOut(Schema):
    id: int
    doc_number: str
    issuing_agency: str = Field(..., alias="issuing_agency.code")
    issued_on: dt.date
    content: str
    escalation: int | None = Field(None, alias="escalation_id")
    tasks: list[TaskOut]


def _with_overdue(requests: QuerySet[Request], on: dt.date) -> QuerySet[Request]:
    overdue = Conditional(
        When(status__in=OPEN_REQUEST_STATUSES, due_on__lt=on, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        requests.annotate(overdue=overdue)
        .select_related("case", "from_agency", "to_agency")
        .order_by("due_on", "pk")
    )


def _case(request: HttpRequest, case_id: int) -> Case:
    """The case in the caller's scope (else 404); reading a classified one is audited."""
    case = case_for(request.user, case_id)
    case_view_record(user=request.user, case=case, now=now(), via="api")
    return case


@router.get(
    "/{case_id}/requests",
    response={200: list[RequestOut], **ERRORS},
    summary="Its coordination requests the caller's agency sent or received",
    description="An oversight body (Steering Committee, Internal Affairs) sees every "
    "request of the case, as on the case page.",
)
def case_requests(request: HttpRequest, case_id: RecordId) -> Any:
    case = _case(request, case_id)
    return _with_overdue(requests_visible_to(request.user).filter(case=case), today())


@router.get(
    "/{case_id}/obstacles", response={200: list[ObstacleOut], **ERRORS}, summary="Its obstacles"
)
def case_obstacles(request: HttpRequest, case_id: RecordId) -> Any:
    case = _case(request, case_id)
    return Obstacle.objects.filter(case=case).select_related("raised_by_agency")


@router.get(
    "/{case_id}/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="Inter-agency meetings on it, with each agency's position",
    description="Meetings the caller's agency chairs or takes part in (an oversight body: "
    "every meeting on the case); `agenda` holds only this case's item.",
)
def case_meetings(request: HttpRequest, case_id: RecordId) -> Any:
    case = _case(request, case_id)
    agenda = AgendaItem.objects.filter(case=case).prefetch_related("positions__agency")
    meetings: QuerySet[Meeting] = meetings_visible_to(request.user).filter(agenda__case=case)
    return (
        meetings.select_related("chair_agency", "secretary_agency")
        .prefetch_related(
            Prefetch("agenda", queryset=agenda, to_attr="case_agenda"), "delegates__agency"
        )
        .order_by("-held_on", "-pk")
    )


@router.get(
    "/{case_id}/directives",
    response={200: list[DirectiveOut], **ERRORS},
    summary="Directives on it, each with its tasks",
)
def case_directives(request: HttpRequest, case_id: RecordId) -> Any:
    case = _case(request, case_id)
    return (
        Directive.objects.filter(case=case)
        .select_related("issuing_agency")
        .prefetch_related("tasks__agency")
        .order_by("-issued_on", "-pk")
    )


@requests_router.get(
    "",
    response={200: RequestPage, **ERRORS},
    summary="Requests to or from the caller's agency",
    description="On the cases the caller may see, nearest due date first.",
)
def request_list(request: HttpRequest, query: Query[RequestQuery]) -> dict[str, Any]:
    direction, status = query.direction, query.status
    agency_id = request.user.agency_id
    if direction == "incoming":
        mine = Q(to_agency_id=agency_id)
    elif direction == "outgoing":
        mine = Q(from_agency_id=agency_id)
    else:
        mine = Q(to_agency_id=agency_id) | Q(from_agency_id=agency_id)
    requests = requests_visible_to(request.user).filter(mine)
    if status == "open":
        requests = requests.filter(status__in=OPEN_REQUEST_STATUSES)
    elif status:
        requests = requests.filter(status=status)
    return page_of(_with_overdue(requests, today()), query)
