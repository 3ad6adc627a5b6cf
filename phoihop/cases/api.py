"""/api/v1/cases: the case record for agency systems, through the same services and
selectors as the pages (a case outside the caller's scope answers 404)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency, Province
from phoihop.cases import participation, services, splitting
from phoihop.cases.corrections import Correction, case_event_withdraw
from phoihop.cases.models import Case, CaseEvent, Monitoring
from phoihop.cases.selectors import CaseFilters, case_get_for, case_list_for
from phoihop.clocks.explanations import explanations
from phoihop.clocks.models import Clock
from phoihop.core.api_errors import ERRORS, WRITE_ERRORS, ApiError
from phoihop.core.api_lists import PageQuery, page_of
from phoihop.core.api_types import (
    AmountVnd,
    AssetDay,
    CleanStr,
    DecisionDay,
    IdField,
    IsoDate,
    Matching,
    OneOf,
    ReceivedDay,
    RecordId,
    omittable,
)
from phoihop.core.calendar_service import current_calendar
from phoihop.core.clock import now, today
from phoihop.core.compiled import RowsByKey, as_prefetched
from phoihop.core.idempotency import idempotent
from phoihop.domain.errors import InvalidInput
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.stages import OPENING_EVENTS, Stage

router = Router(tags=["cases"])


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


# A number of days ahead, 0 to 3650, or one of the named filters.
_DUE = (
    r"^(|overdue|past_maximum|needs_update"
    r"|[0-9]{1,3}|[0-2][0-9]{3}|3[0-5][0-9]{2}|36[0-4][0-9]|3650)$"
)


class CaseQuery(PageQuery):
    q: CleanStr = Field("", max_length=200)
    province: IdField | None = None
    stage: Annotated[str, OneOf("", *Stage)] = ""
    agency: IdField | None = None
    monitoring: Annotated[str, OneOf("", *Monitoring.values)] = ""
    classification: int | None = Field(None, ge=0, le=3)
    status: Annotated[str, OneOf("", "active", "suspended", "closed")] = ""
    due: Annotated[
        str,
        Matching(
            _DUE,
            "phải là overdue, past_maximum, needs_update hoặc một số ngày từ 0 đến 3650",
        ),
    ] = Field("", description="overdue, past_maximum, needs_update, or a number of days ahead")
    sort: Annotated[str, OneOf("", "deadline")] = Field(
        "", description="deadline: nearest deadline first; else the latest decision first"
    )


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
    approximate: bool
    steps: list[str]

    @staticmethod
    def resolve_steps(clock: Clock) -> list[str]:
        return list(getattr(clock, "explained", []))  # said by ``case_clocks``


class EventOut(Schema):
    sequence: int
    type: str
    date: dt.date
    agency: str = Field(..., alias="agency.code")
    doc_number: str
    params: dict[str, Any]


class EventChangeOut(Schema):
    withdrawn: bool
    corrected: EventOut | None


class EventIn(Schema):
    type: Annotated[str, OneOf(*EventType)]
    date: DecisionDay
    doc_number: CleanStr = Field("", max_length=80)
    note: CleanStr = Field("", max_length=2000)
    person_id: IdField | None = None
    months: int | None = Field(None, ge=1, le=12)
    days: int | None = Field(None, ge=1, le=90)
    charges: CleanStr = Field("", max_length=200)
    category: Literal["ITN", "NT", "RNT", "DBNT"] | None = Field(
        None, description="the category of an article charged without its clause (e.g. 324)"
    )
    date_known: Literal["day", "month", "before"] = Field(
        "day",
        description="how the date is known: to the day; only its month (any day of it); "
        "or as made on or before it",
    )
    infer_unrecorded: bool = Field(
        False,
        description="enter the decisions the law puts before this one, never recorded, as "
        "unrecorded (a hearing reported without the decision to bring the case to trial)",
    )
    title: CleanStr = Field("", max_length=300, description="other_decision: what it was")
    received_on: ReceivedDay | None = Field(
        None,
        description="the day the file or request reached the body whose clock runs, where "
        "the law counts from it (e.g. 240(1), 277(2), 346(1)); from 1990-01-01 to today",
    )
    to_agency: CleanStr = Field(
        "", max_length=32, description="case_transferred: registry code of the receiving body"
    )
    force_majeure: bool = Field(
        False,
        description="trial_scheduled: the hearing may open within 30 days, not 15, for force "
        "majeure or an objective obstacle (277(3))",
    )
    issuer: CleanStr = Field(
        "",
        max_length=32,
        description="registry code of the body that made the decision, when a body your "
        "agency succeeded made it",
    )
    version: int = Field(..., ge=1)


class CorrectionIn(Schema):
    date: DecisionDay
    doc_number: CleanStr = Field("", max_length=80)
    note: CleanStr = Field("", max_length=2000)
    months: int | None = Field(None, ge=1, le=12)
    days: int | None = Field(None, ge=1, le=90)


class EventChangeIn(Schema):
    """Withdraw the decision (no `correction`), or replace it by its correction: the
    same decision with its date, number, note or length put right."""

    reason: CleanStr = Field(..., min_length=1, max_length=1000)
    version: int = Field(..., ge=1)
    correction: CorrectionIn | None = None


class FirstEventIn(Schema):
    type: Annotated[str, OneOf(*OPENING_EVENTS)]
    date: DecisionDay
    date_known: Literal["day", "month", "before"] = "day"
    issuer: CleanStr = Field("", max_length=32, description="as for a decision")
    doc_number: CleanStr = Field("", max_length=80)
    note: CleanStr = Field("", max_length=2000)


class CaseIn(Schema):
    """A case as an agency system knows it. The key is `national_code`, else the
    caller's agency's own number `external_id`; an existing case is updated."""

    kind: Literal["criminal_case", "matter"]
    title: CleanStr = Field(..., min_length=1, max_length=300)
    summary: CleanStr = Field("", max_length=10_000)
    province: CleanStr = Field(..., max_length=16, description="province code, e.g. AG")
    national_code: CleanStr | None = Field(None, max_length=40)
    external_id: CleanStr = Field("", max_length=80)
    field: CleanStr = Field("", max_length=32)
    classification: int = Field(0, ge=0, le=3)
    monitoring: Literal["none", "provincial", "central"] = "none"
    agencies: list[CleanStr] = Field(default_factory=list, max_length=20)
    first_event: FirstEventIn
    version: int | None = Field(None, ge=1, description="for an update: the version read")


class CasePatch(Schema):
    """The fields sent change, the others keep their value; null is refused, except for
    `national_code`, where it (like "") removes the code."""

    title: CleanStr = omittable(min_length=1, max_length=300)
    summary: CleanStr = omittable(max_length=10_000)
    national_code: CleanStr | None = Field(None, max_length=40)
    field: CleanStr = omittable(max_length=32)
    classification: int = omittable(ge=0, le=3)
    monitoring: Literal["none", "provincial", "central"] = omittable()
    version: int = Field(..., ge=1)


class SplitIn(Schema):
    date: DecisionDay
    date_known: Literal["day", "month", "before"] = "day"
    title: CleanStr = Field(..., min_length=1, max_length=300, description="the new case's")
    charges: CleanStr = Field("", max_length=200, description="what the new case is for")
    doc_number: CleanStr = Field("", max_length=80)
    note: CleanStr = Field("", max_length=2000)
    version: int = Field(..., ge=1)


class AgencyAddIn(Schema):
    agency: CleanStr = Field(..., min_length=1, max_length=32, description="registry code")
    since: IsoDate = Field(..., description="the day it takes part from")
    version: int = Field(..., ge=1)


class ParticipationOut(Schema):
    agency: str = Field(..., alias="agency.code")
    role: str
    since: dt.date


class PersonOut(Schema):
    id: int
    full_name: str
    role: str
    birth_year: int | None
    is_official: bool
    is_party_member: bool
    position: str


class PersonIn(Schema):
    full_name: CleanStr = Field(..., min_length=1, max_length=150)
    role: Literal["accused", "suspect", "victim", "other"]
    birth_year: int | None = Field(None, ge=1900, le=2100)
    is_official: bool = False
    is_party_member: bool = False
    position: CleanStr = Field("", max_length=255)
    version: int = Field(..., ge=1)


class AssetOut(Schema):
    id: int
    kind: str
    amount_vnd: int
    date: dt.date
    note: str


class AssetIn(Schema):
    kind: Literal["damage", "frozen", "seized", "recovered"]
    amount_vnd: AmountVnd
    date: AssetDay
    note: CleanStr = Field("", max_length=255)
    version: int = Field(..., ge=1)


def _case(request: HttpRequest, case_id: int) -> Case:
    """The case in the caller's scope (else 404); reading a classified one is audited,
    as on its page. A write does not read it first: its service finds the case in the
    caller's scope (else 404), authorises and audits the write, once."""
    case = case_get_for(actor_for(request.user), case_id)
    services.case_view_record(user=request.user, case=case, now=now(), via="api")
    return case


@router.get("", response={200: CasePage, **ERRORS}, summary="Cases the caller may see")
def case_list(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
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
    return page_of(case_list_for(actor_for(request.user), filters, today=today()), query)


def _case_input(payload: CaseIn) -> services.CaseInput:
    province = Province.objects.filter(code=payload.province).first()
    if province is None:
        raise ApiError(
            422, "input.invalid", f"Không có tỉnh, thành phố mã «{payload.province}».", "province"
        )
    codes = set(payload.agencies)
    agencies = dict(Agency.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = sorted(codes - set(agencies))
    if unknown:
        raise ApiError(
            422, "input.invalid", f"Không có cơ quan mã {', '.join(unknown)}.", "agencies"
        )
    first = payload.first_event
    return services.CaseInput(
        kind=payload.kind,
        title=payload.title,
        province_id=province.pk,
        first_event=services.EventInput(
            type=first.type,
            date=first.date,
            doc_number=first.doc_number,
            note=first.note,
            params={"date_known": first.date_known} if first.date_known != "day" else {},
            issuer_id=_issuer_id(first.issuer),
        ),
        summary=payload.summary,
        national_code=payload.national_code or None,
        field=payload.field,
        classification=payload.classification,
        monitoring=payload.monitoring,
        agency_ids=list(agencies.values()),
    )


@router.post(
    "",
    response={200: CaseOut, 201: CaseOut, **WRITE_ERRORS},
    summary="Open a case, or update the one with the same key",
    description=(
        "The key is `national_code`, else the caller's agency's own `external_id`. A new "
        "key opens the case with its first decision (201); a known key updates the "
        "case's header (200; `first_event` is then ignored, decisions go to "
        "`/cases/{case_id}/events`): the fields sent that the caller may edit; a field "
        "left out keeps its value, and the classification is never lowered here (use "
        "PATCH). Sending the same case again changes nothing."
    ),
)
@idempotent
def case_upsert(request: HttpRequest, payload: CaseIn) -> Status:
    result = services.case_upsert(
        user=request.user,
        data=_case_input(payload),
        external_id=payload.external_id,
        expected_version=payload.version,
        # A field left out of the body keeps the case's value (it is not reset to the
        # schema's default).
        given=frozenset(payload.model_fields_set),
        now=now(),
    )
    return Status(201 if result.created else 200, result.case)


@router.patch(
    "/{case_id}", response={200: CaseOut, **WRITE_ERRORS}, summary="Change the case's header"
)
def case_update(request: HttpRequest, case_id: RecordId, payload: CasePatch) -> Case:
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "national_code" in changes:  # an empty code is no code, not a second ""
        changes["national_code"] = (changes["national_code"] or "").strip() or None
    return services.case_edit(
        user=request.user,
        case_id=case_id,
        expected_version=payload.version,
        changes=changes,
        now=now(),
    )


@router.get("/{case_id}", response={200: CaseOut, **ERRORS}, summary="One case")
def case_get(request: HttpRequest, case_id: RecordId) -> Case:
    case = services.case_open_for(user=request.user, case_id=case_id, now=now())
    return case


@router.get(
    "/{case_id}/clocks", response={200: list[ClockOut], **ERRORS}, summary="Its statutory clocks"
)
def case_clocks(request: HttpRequest, case_id: RecordId) -> Any:
    case = _case(request, case_id)
    clocks = _CLOCKS.all(case.pk)
    # The explanations read the decisions through the case.
    as_prefetched(case, "events", _DECISIONS.all(case.pk))
    said = explanations(case, clocks, today=today(), calendar=current_calendar())
    for clock in clocks:
        setattr(clock, "explained", said[clock.pk])  # noqa: B010 - not a model field
    return clocks


@router.get("/{case_id}/events", response={200: list[EventOut], **ERRORS}, summary="Its decisions")
def case_events(request: HttpRequest, case_id: RecordId) -> Any:
    return _DECISIONS_WITH_AGENCY.all(_case(request, case_id).pk)


# A case's clocks and decisions, a quarter of the API's reads: each statement compiled
# once a process (core/compiled.py).
_CLOCKS = RowsByKey(
    lambda case_id: Clock.objects.filter(case_id=case_id).order_by("deadline", "id")
)
_DECISIONS = RowsByKey(
    lambda case_id: CaseEvent.objects.filter(case_id=case_id).order_by("sequence")
)
_DECISIONS_WITH_AGENCY = RowsByKey(
    lambda case_id: (
        CaseEvent.objects.filter(case_id=case_id).select_related("agency").order_by("sequence")
    )
)


@router.post(
    "/{case_id}/split",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Split part of the case off as a case of its own (Art. 170, 242)",
)
@idempotent
def case_split(request: HttpRequest, case_id: RecordId, payload: SplitIn) -> Status:
    new = splitting.case_split(
        user=request.user,
        case_id=case_id,
        expected_version=payload.version,
        split=splitting.SplitInput(
            date=payload.date,
            title=payload.title,
            charges=payload.charges,
            doc_number=payload.doc_number,
            note=payload.note,
            date_known=payload.date_known,
        ),
        now=now(),
    )
    return Status(201, new)


@router.post(
    "/{case_id}/agencies",
    response={201: ParticipationOut, **WRITE_ERRORS},
    summary="Add an agency that handles the case (a court the indictment goes to)",
)
@idempotent
def case_agency_add(request: HttpRequest, case_id: RecordId, payload: AgencyAddIn) -> Status:
    agency_id = Agency.objects.filter(code=payload.agency).values_list("pk", flat=True).first()
    if agency_id is None:
        raise InvalidInput(f"Cơ quan «{payload.agency}» không có trong danh mục.", field="agency")
    added = participation.case_agency_add(
        user=request.user,
        case_id=case_id,
        expected_version=payload.version,
        agency_id=agency_id,
        since=payload.since,
        now=now(),
    )
    return Status(201, added)


@router.get("/{case_id}/persons", response={200: list[PersonOut], **ERRORS}, summary="Its persons")
def case_persons(request: HttpRequest, case_id: RecordId) -> Any:
    return _case(request, case_id).persons.all()


@router.post(
    "/{case_id}/persons", response={201: PersonOut, **WRITE_ERRORS}, summary="Add a person"
)
@idempotent
def case_person_add(request: HttpRequest, case_id: RecordId, payload: PersonIn) -> Status:
    person = services.case_add_person(
        user=request.user,
        case_id=case_id,
        expected_version=payload.version,
        person=payload.dict(exclude={"version"}),
        now=now(),
    )
    return Status(201, person)


@router.get(
    "/{case_id}/assets", response={200: list[AssetOut], **ERRORS}, summary="Its asset actions"
)
def case_assets(request: HttpRequest, case_id: RecordId) -> Any:
    return _case(request, case_id).asset_actions.all()


@router.post(
    "/{case_id}/assets",
    response={201: AssetOut, **WRITE_ERRORS},
    summary="Record damage assessed, assets frozen, seized or recovered",
)
@idempotent
def case_asset_record(request: HttpRequest, case_id: RecordId, payload: AssetIn) -> Status:
    asset = services.case_record_asset(
        user=request.user,
        case_id=case_id,
        expected_version=payload.version,
        asset=payload.dict(exclude={"version"}),
        now=now(),
    )
    return Status(201, asset)


@router.post(
    "/{case_id}/events",
    response={201: EventOut, **WRITE_ERRORS},
    summary="Record a procedural decision",
)
@idempotent
def case_event_record(request: HttpRequest, case_id: RecordId, payload: EventIn) -> Status:
    record = services.case_record_event(
        user=request.user,
        case_id=case_id,
        expected_version=payload.version,
        event=event_input(payload),
        now=now(),
    )
    return Status(201, record)


def event_input(payload: EventIn) -> services.EventInput:
    """The decision sent, as the record service takes it (also for a decision confirmed
    from its document: cases/api_documents.py)."""
    params: dict[str, Any] = {}
    for name in ("months", "days"):
        if getattr(payload, name):
            params[name] = getattr(payload, name)
    if payload.charges:
        params["charges"] = payload.charges
    if payload.charges and payload.category:
        params["category"] = payload.category
    if payload.date_known != "day":
        params["date_known"] = payload.date_known
    _only_for(payload.type, title=payload.title, to_agency=payload.to_agency)
    if payload.title:
        params["title"] = payload.title
    if payload.to_agency:
        params["to"] = _issuer_id(payload.to_agency, field="to_agency")
    if payload.received_on is not None:
        params["received_on"] = payload.received_on.isoformat()
    if payload.force_majeure:
        if payload.type != "trial_scheduled":
            raise InvalidInput(
                "Lý do bất khả kháng chỉ ghi với quyết định đưa vụ án ra xét xử (Điều 277 "
                "khoản 3).",
                field="force_majeure",
            )
        params["variant"] = "FORCE_MAJEURE"
    return services.EventInput(
        type=payload.type,
        date=payload.date,
        doc_number=payload.doc_number,
        note=payload.note,
        person_id=payload.person_id,
        params=params,
        infer_unrecorded=payload.infer_unrecorded,
        issuer_id=_issuer_id(payload.issuer),
    )


# The fields one kind of decision carries, refused on any other.
_ONLY_FOR = {"title": "other_decision", "to_agency": "case_transferred"}


def _only_for(decision: str, **given: str) -> None:
    for name, value in given.items():
        if value and decision != _ONLY_FOR[name]:
            raise InvalidInput(
                f"Trường {name} chỉ ghi với quyết định {_ONLY_FOR[name]}.", field=name
            )


def _issuer_id(code: str, *, field: str = "issuer") -> int | None:
    if not code:
        return None
    found: int | None = Agency.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise InvalidInput(f"Cơ quan «{code}» không có trong danh mục.", field=field)
    return found


@router.post(
    "/{case_id}/events/{sequence}/withdrawal",
    response={200: EventChangeOut, **WRITE_ERRORS},
    summary="Withdraw or correct a decision your agency recorded",
)
@idempotent
def case_event_change(
    request: HttpRequest, case_id: RecordId, sequence: RecordId, payload: EventChangeIn
) -> Status:
    correction = None
    if payload.correction is not None:
        given = payload.correction
        correction = Correction(
            date=given.date,
            doc_number=given.doc_number,
            note=given.note,
            params={k: v for k in ("months", "days") if (v := getattr(given, k))},
        )
    corrected = case_event_withdraw(
        user=request.user,
        case_id=case_id,
        expected_version=payload.version,
        sequence=sequence,
        reason=payload.reason,
        correction=correction,
        now=now(),
    )
    return Status(200, {"withdrawn": True, "corrected": corrected})
