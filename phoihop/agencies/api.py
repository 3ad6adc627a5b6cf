"""/api/v1/agencies: the registry of agencies, for agency systems that map their own
codes to ours (the codes that case records and requests name)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from phoihop.agencies.models import Agency
from phoihop.agencies.selectors import AgencyFilters, agency_get, agency_list
from phoihop.core.api_errors import ERRORS
from phoihop.core.api_lists import PageQuery, page_of
from phoihop.core.api_types import CleanStr, IsoDate, OneOf, RecordId
from phoihop.domain.organisation import AgencyKind

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    province: str | None = Field(None, alias="province.code")
    valid_from: dt.date
    valid_to: dt.date | None


class AgencyPage(Schema):
    count: int
    page: int
    pages: int
    items: list[AgencyOut]


class AgencyQuery(PageQuery):
    q: CleanStr = Field("", max_length=200)
    kind: Annotated[str, OneOf("", *AgencyKind)] = ""
    province: CleanStr = Field("", max_length=16, description="province code, e.g. AG")
    valid_on: IsoDate | None = Field(None, description="only agencies in existence that day")


@router.get("", response={200: AgencyPage, **ERRORS}, summary="The agency registry")
def agency_registry(request: HttpRequest, query: Query[AgencyQuery]) -> dict[str, Any]:
    filters = AgencyFilters(
        q=query.q,
        kind=query.kind,
        province=query.province,
        valid_on=query.valid_on,
    )
    return page_of(agency_list(filters), query)


@router.get("/{agency_id}", response={200: AgencyOut, **ERRORS}, summary="One agency")
def agency_detail(request: HttpRequest, agency_id: RecordId) -> Agency:
    return agency_get(agency_id)
