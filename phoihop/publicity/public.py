"""What the public page may show, and nothing else: the published releases (their
title, text, issuing agency, province and date) and a province's aggregate figures.

Every value leaves this module as a plain dataclass built from named columns, so a
template of the public page cannot reach a case, a person or a user through a model's
relations. Releases are addressed by their public reference, never by a database id.

The aggregate figures count the cases whose initiation was decided (a report still
under verification names no case to the public) and which carry no classification:
the existence of a classified case is not public. They are read afresh at most every
few minutes (the page is cached), not from the overview's tallies, which count by
stage alone and cannot tell an initiated case from a report closed unheard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from phoihop.agencies.models import Province
from phoihop.cases.labels import stage_label
from phoihop.cases.models import AssetAction, AssetKind, Case, Person
from phoihop.core.clock import today
from phoihop.core.generations import advance, generation
from phoihop.core.money import MoneySum
from phoihop.core.replicas import pin_to_primary
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.publicity.releases import ReleaseStatus
from phoihop.publicity.models import PressRelease

PUBLIC_GENERATION = "public-page"
# While set, the public page is rendered from the primary (phoihop/core/replicas.py).
PUBLIC_PIN = "public-page"


def public_generation() -> str:
    """A number that changes whenever the public page's content does (a release is
    published), so cached pages are keyed by it and never outlive a publication."""
    return generation(PUBLIC_GENERATION)


def public_changed() -> None:
    # The pin first: a page rendered under the new generation must not come from a
    # replica that has not replayed the publication yet, or the cache would keep it
    # for minutes. A request that read the old generation stores under the old key.
    pin_to_primary(PUBLIC_PIN)
    advance(PUBLIC_GENERATION)


@dataclass(frozen=True)
class PublicRelease:
    ref: str
    title: str
    body: str
    agency: str
    province: str
    province_code: str
    published_on: dt.date


_COLUMNS = (
    "public_ref",
    "title",
    "body",
    "agency__name",
    "case__province__name",
    "case__province__code",
    "published_at",
)


def as_public(row: tuple[Any, ...]) -> PublicRelease:
    ref, title, body, agency, province, code, published_at = row
    on = timezone.localtime(published_at).date()
    return PublicRelease(ref, title, body, agency, province, code, on)


def _published() -> QuerySet[PressRelease]:
    return PressRelease.objects.filter(
        status=ReleaseStatus.PUBLISHED, public_ref__isnull=False, published_at__isnull=False
    )


def published_releases(
    *, province: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[PressRelease, tuple[Any, ...]]:
    """The published releases' public columns (``as_public`` reads a row), newest
    first, of one province (by its code) and within the dates given."""
    rows = _published()
    if province:
        rows = rows.filter(case__province__code=province)
    if since:
        rows = rows.filter(published_at__date__gte=since)
    if until:
        rows = rows.filter(published_at__date__lte=until)
    return rows.order_by("-published_at", "-id").values_list(*_COLUMNS)


def published_release(ref: str) -> PublicRelease | None:
    row = _published().filter(public_ref=ref).values_list(*_COLUMNS).first()
    return as_public(row) if row else None


def public_provinces() -> list[tuple[str, str]]:
    """(code, name) of the provinces in force, for the page's filter."""
    return list(Province.objects.valid_on(today()).order_by("name").values_list("code", "name"))


@dataclass(frozen=True)
class PublicFigures:
    province: str
    province_code: str
    cases: int
    by_stage: list[tuple[str, int]]
    accused: int
    damage_vnd: int
    recovered_vnd: int


_BEFORE_INITIATION = (Stage.VERIFICATION, Stage.VERIFICATION_SUSPENDED)


def province_figures(code: str) -> PublicFigures | None:
    province = Province.objects.filter(code=code).values_list("pk", "name", "code").first()
    if province is None:
        return None
    pk, name, code = province
    cases = Case.objects.filter(
        province_id=pk,
        classification=0,
        events__type=EventType.CASE_INITIATED.value,
    ).exclude(stage__in=[s.value for s in _BEFORE_INITIATION])
    case_ids = cases.values("pk")
    stages = dict(
        Case.objects.filter(pk__in=case_ids).values_list("stage").annotate(n=Count("pk")).order_by()
    )
    amounts = AssetAction.objects.filter(case__in=case_ids).aggregate(
        damage=MoneySum("amount_vnd", filter=Q(kind=AssetKind.DAMAGE)),
        recovered=MoneySum("amount_vnd", filter=Q(kind=AssetKind.RECOVERED)),
    )
    return PublicFigures(
        province=name,
        province_code=code,
        cases=sum(stages.values()),
        by_stage=[(stage_label(s.value), stages[s.value]) for s in Stage if stages.get(s.value)],
        accused=Person.objects.filter(case__in=case_ids, role="accused").count(),
        damage_vnd=int(amounts["damage"] or 0),
        recovered_vnd=int(amounts["recovered"] or 0),
    )
