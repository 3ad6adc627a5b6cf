"""Reads of the case record, always through the access policy."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Exists, F, Q, QuerySet

from phoihop.cases.models import Case, CaseAgency
from phoihop.cases.search import AmongIds, ProvinceWords, WordsMatch
from phoihop.clocks.models import Clock
from phoihop.clocks.selectors import needing_update, past_maximum
from phoihop.core.compiled import ReadByKey
from phoihop.core.errors import NotFound
from phoihop.domain.access.classification import Classification
from phoihop.domain.access.policy import Actor, CaseFacts, CaseScope, case_scope
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.text import search_terms

SUSPENDED_STAGES = frozenset(
    {Stage.VERIFICATION_SUSPENDED, Stage.INVESTIGATION_SUSPENDED, Stage.SUSPENDED}
)
CLOSED_STAGES = frozenset({Stage.CLOSED})


def scope_filter(scope: CaseScope) -> Q:
    """The queryset twin of ``CaseScope.admits``; a test holds the two together."""
    if scope.sees_nothing:
        return Q(pk__in=[])
    where = Q()
    if not scope.all_provinces:
        reach = Q(pk__in=[])
        if scope.province_id is not None:
            reach |= Q(province_id=scope.province_id)
        if scope.agency_id is not None:
            # A subquery, not a join: a join ORed with the province needs DISTINCT and
            # makes PostgreSQL read every participation (the national benchmark: a
            # province's dashboard 255 ms → 22 ms). Its ids computed once (AmongIds),
            # not checked row by row: ORed with the province, PostgreSQL then reads both
            # through their indexes in one bitmap instead of every case (a province
            # coordinator's list count on 100,000 cases 85 ms → 10 ms).
            taking_part = CaseAgency.objects.filter(agency_id=scope.agency_id)
            reach |= Q(AmongIds(taking_part.values("case_id")))
        where &= reach
    return where & within_clearance(scope)


def within_clearance(scope: CaseScope) -> Q:
    """The classifications the scope reaches. None asked of the top clearance, which
    reaches them all (the table's check constraint holds every case at or under it):
    PostgreSQL then counts a province's cases from its index alone, without reading
    each case to check a condition that cannot fail."""
    if scope.max_classification >= max(Classification):
        return Q()
    return Q(classification__lte=int(scope.max_classification))


def scope_parts(scope: CaseScope) -> list[Q]:
    """``scope_filter(scope)`` cut into disjoint parts, each read through an index of its
    own: a province's cases, then those its agency takes part in elsewhere. The two ORed
    make PostgreSQL read every case of the province from the table to count them (a
    province overseer's list on 100,000 cases: 6.7 ms); counted apart, the province's
    part is read from its index (0.2 ms). A test holds the parts' union equal to the
    scope."""
    if scope.sees_nothing or scope.all_provinces or scope.province_id is None:
        return [scope_filter(scope)]
    home = Q(province_id=scope.province_id) & within_clearance(scope)
    return [home, scope_filter_outside(scope, scope.province_id)]


def visible_cases(actor: Actor) -> QuerySet[Case]:
    return Case.objects.filter(scope_filter(case_scope(actor)))


def scope_filter_outside(scope: CaseScope, province_id: int) -> Q:
    """``scope_filter(scope)`` less the cases of the province ``province_id``, asked so
    that PostgreSQL reads only the cases the scope reaches elsewhere. A scope bound to
    that province reaches out only through its agency's participations: those few cases
    are read by their ids, rather than the province's thousands read to be set aside (a
    province overseer's dashboard on 100,000 cases: 8.6 ms of the database's → 0.2).
    A test holds the result equal to ``scope_filter(scope)`` without the province."""
    outside = ~Q(province_id=province_id)
    if scope.sees_nothing or scope.all_provinces or scope.province_id != province_id:
        return scope_filter(scope) & outside
    if scope.agency_id is None:
        return Q(pk__in=[])
    taking_part = CaseAgency.objects.filter(agency_id=scope.agency_id).values("case_id")
    return Q(AmongIds(taking_part)) & outside & within_clearance(scope)


def searched_in_scope(scope: CaseScope, q: str, province: int | None = None) -> Q:
    """``scope_filter(scope)`` and the search ``q`` (within ``province`` when the list
    is filtered to one), asked so that PostgreSQL reads a province's matches from the
    province's own index entries rather than every match in the nation.

    A province's overseers see its cases or the cases their agency takes part in: the
    province's matches come from its entries, the agency's cases (few: an overseer takes
    part in a case when asked to) by their ids, and each row found is then checked
    against the whole query. A test holds the result equal to ``scope_filter(scope)``
    and the search.
    """
    checked = Q(WordsMatch(q, indexed=False))
    if province is not None:
        return scope_filter(scope) & Q(ProvinceWords(q, province)) & checked
    if scope.sees_nothing or scope.all_provinces or scope.province_id is None:
        return scope_filter(scope) & Q(WordsMatch(q))
    reach = Q(ProvinceWords(q, scope.province_id))
    if scope.agency_id is not None:
        taking_part = CaseAgency.objects.filter(agency_id=scope.agency_id).values("case_id")
        reach |= Q(AmongIds(taking_part))
    return reach & checked & within_clearance(scope)


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    province: int | None = None
    stage: str = ""
    agency: int | None = None
    monitoring: str = ""
    classification: int | None = None
    status: str = ""  # active | suspended | closed
    due: str = ""  # "" | "overdue" | "past_maximum" | "needs_update" | a number of days
    sort: str = ""  # "" (latest decision first) | "deadline" (nearest deadline first)


def case_list_for(
    actor: Actor, filters: CaseFilters, *, today: dt.date | None = None
) -> QuerySet[Case]:
    """The cases ``actor`` may see that pass ``filters``, latest decision first.

    The search (``filters.q``) reads the beginnings of words, with or without
    diacritics, in a case's national code, title, summary and persons' names. Text and
    query are folded alike (tone marks off, "đ" → "d"), then cut into words: runs of
    letters and digits, any other character ending one. So a syllable is a word, and so
    is each part of a number or code ("01/2024" → 01, 2024; "AG-2024-000123" → ag,
    2024, 000123; "Nguyễn Văn Phước" → nguyen, van, phuoc).

    Each piece of the query between spaces must match:

    - one word matches a word beginning with it: "tham nhung" finds "tham nhũng",
      "phuoc" finds "Phước" and "Phước Long", "ngu" finds "Nguyễn"; but "hung" does not
      find "nhũng": no match inside a word;
    - a piece with punctuation inside, as numbers and codes are typed, matches its words
      in a row, each whole but the last, which may be a beginning: "01/2024" finds
      "01/2024/QĐ", "AG-2024-0001" and "2024-000123" find "AG-2024-000123", "1/2024"
      does not find "01/2024" (nor "123" "000123": a number is typed as written);
    - a piece with no letter or digit in it ("-", "…") asks nothing.

    Only the first 100,000 characters of a case's text are read (a summary that long
    is the only text that reaches it).
    """
    scope = case_scope(actor)
    if search_terms(filters.q):
        where = searched_in_scope(scope, filters.q, filters.province)
    else:
        where = scope_filter(scope)
    cases = filtered_cases(Case.objects.filter(where), filters, today=today)
    cases = cases.select_related("province")
    if filters.sort == "deadline":
        return cases.order_by(F("next_deadline").asc(nulls_last=True), "-id")
    return cases.order_by("-last_event_on", "-id")


def case_list_count(actor: Actor, filters: CaseFilters, *, today: dt.date | None = None) -> int:
    """How many cases ``case_list_for`` lists without a search, counted by the scope's
    parts (`scope_parts`) in one statement."""
    parts = [
        filtered_cases(Case.objects.filter(part), filters, today=today).order_by().values("pk")
        for part in scope_parts(case_scope(actor))
    ]
    if len(parts) == 1:
        return int(parts[0].count())
    return int(parts[0].union(*parts[1:], all=True).count())


def filtered_cases(
    cases: QuerySet[Case], filters: CaseFilters, *, today: dt.date | None = None
) -> QuerySet[Case]:
    """``cases`` narrowed by the list's filters but the search."""
    if filters.province is not None:
        cases = cases.filter(province_id=filters.province)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.agency is not None:
        cases = cases.filter(participations__agency_id=filters.agency)
    if filters.monitoring:
        cases = cases.filter(monitoring=filters.monitoring)
    if filters.classification is not None:
        cases = cases.filter(classification=filters.classification)
    if filters.status == "closed":
        cases = cases.filter(stage__in=CLOSED_STAGES)
    elif filters.status == "suspended":
        cases = cases.filter(stage__in=SUSPENDED_STAGES)
    elif filters.status == "active":
        cases = cases.exclude(stage__in=SUSPENDED_STAGES | CLOSED_STAGES)
    if filters.due and today is not None:
        if filters.due == "overdue":
            cases = cases.filter(next_deadline__lt=today)
        elif filters.due == "past_maximum":
            past = Clock.objects.filter(past_maximum(dt.date.min, today))
            past = past.exclude(needing_update(today))
            cases = cases.filter(pk__in=past.values("case_id"))
        elif filters.due == "needs_update":
            stale = Clock.objects.filter(needing_update(today))
            cases = cases.filter(pk__in=stale.values("case_id"))
        else:
            cases = cases.filter(
                next_deadline__gte=today,
                next_deadline__lte=today + dt.timedelta(days=int(filters.due)),
            )
    return cases


def case_facts(case: Case) -> CaseFacts:
    return facts_of(case, case.participations.values_list("agency_id", "role"))


def facts_of(case: Case, participations: Iterable[tuple[int, str]]) -> CaseFacts:
    """What the access policy reads of a case, its (agency, role) rows given."""
    rows = list(participations)
    return CaseFacts(
        province_id=case.province_id,
        classification=Classification(case.classification),
        participant_agency_ids=frozenset(agency for agency, _ in rows),
        handling_agency_ids=frozenset(agency for agency, role in rows if role == "handling"),
    )


# A key no case has: the statement `records_present` asks is compiled once with it in
# the case's place, then run with the case's own.
_STAND_IN = -7_301_001


def records_present(
    case: Case, kinds_of: Callable[[Case], Mapping[str, QuerySet[Any]]]
) -> frozenset[str]:
    """Which kinds of record about the case have any row, asked in one statement.

    A case page lists a dozen kinds of record (requests, obstacles, withdrawn decisions,
    releases…) and most cases have none of most: one EXISTS each, in one query, spares
    the page a query for every empty list. ``kinds_of(case)`` gives each kind's rows
    about the case, before any access filter: an absent kind has nothing the filter
    could let through.

    The statement is the same for every case but for its key: compiled by the ORM once
    a process (`_presence_statement`), it is then sent as it is. Compiling a dozen
    subqueries cost twenty times what the database takes to answer them."""
    alias = router.db_for_read(Case)
    sql, params, kinds = _presence_statement(kinds_of, alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [case.pk if value == _STAND_IN else value for value in params])
        row = cursor.fetchone() or ()
    return frozenset(kind for kind, present in zip(kinds, row, strict=False) if present)


@functools.lru_cache(maxsize=16)
def _presence_statement(
    kinds_of: Callable[[Case], Mapping[str, QuerySet[Any]]], alias: str
) -> tuple[str, tuple[Any, ...], tuple[str, ...]]:
    stand_in = Case(pk=_STAND_IN)
    querysets = kinds_of(stand_in)
    kinds = tuple(querysets)
    # Named by position: a kind's name may be a relation of the case ("requests").
    found = Case.objects.filter(pk=stand_in.pk).values(
        **{f"present_{index}": Exists(querysets[kind]) for index, kind in enumerate(kinds)}
    )
    sql, params = found.query.get_compiler(using=alias).as_sql()
    return sql, tuple(params), kinds


# Read on nearly every request about a case: its statement compiled once (core/compiled.py).
_CASE_WITH_PROVINCE = ReadByKey(Case, "pk", related="province")


def case_get_for(actor: Actor, case_id: Any) -> Case:
    """The case, or NotFound when it does not exist or the actor may not see it.

    Read by its key and admitted by ``CaseScope.admits``, the policy ``scope_filter``
    turns into a filter: one plain query, and a second only when the actor's agency
    taking part decides (the filter, built and compiled for one row, cost more than
    the page's other work)."""
    try:
        case = _CASE_WITH_PROVINCE.get(int(case_id))
    except (ValueError, TypeError, OverflowError):
        case = None
    if case is None:
        raise NotFound("Không tìm thấy vụ án.")
    scope = case_scope(actor)
    facts = facts_of(case, ())
    if not scope.admits(facts) and scope.agency_id is not None:
        taking_part = CaseAgency.objects.filter(case=case, agency_id=scope.agency_id)
        facts = facts_of(case, taking_part.values_list("agency_id", "role")[:1])
    if not scope.admits(facts):
        raise NotFound("Không tìm thấy vụ án.")
    return case
