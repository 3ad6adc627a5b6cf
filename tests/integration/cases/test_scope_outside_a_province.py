"""The cases a scope reaches outside a province, asked by their ids
(``scope_filter_outside``): the same cases as the scope without the province; and the
scope cut into parts to count a list (``scope_parts``, ``case_list_count``): the same
cases, each once."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from phoihop.accounts.access import actor_for
from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.cases.participation import case_agency_add
from phoihop.cases.selectors import (
    CaseFilters,
    case_list_count,
    case_list_for,
    scope_filter,
    scope_filter_outside,
    scope_parts,
)
from phoihop.domain.access.policy import case_scope

pytestmark = pytest.mark.django_db


def _cases_with_one_taken_part_in_elsewhere(demo_users, registry, now):
    """The demo's cases, and a Hà Nội case An Giang's commission takes part in."""
    call_command("demo_data", "--cases", "300", "--seed", "7", stdout=io.StringIO())
    investigator = demo_users["dieutra.hn"]
    hanoi = services.case_create(
        user=investigator,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án vi phạm quy định về đấu thầu tại Sở Y tế",
            province_id=investigator.agency.province_id,
            first_event=services.EventInput(
                type="case_initiated", date=now.date(), params={"charges": "222.2"}
            ),
        ),
        now=now,
    )
    # An Giang's commission takes part in a Hà Nội case: its scope reaches it.
    case_agency_add(
        user=investigator,
        case_id=hanoi.pk,
        expected_version=None,
        agency_id=registry["AG-NC"].pk,
        since=now.date(),
        now=now,
    )


def test_the_cases_outside_a_province_are_the_scopes_cases_less_the_provinces(
    demo_users, registry, now
):
    _cases_with_one_taken_part_in_elsewhere(demo_users, registry, now)
    provinces = set(Case.objects.values_list("province_id", flat=True))
    reached_outside = 0

    for user in get_user_model().objects.select_related("agency"):
        scope = case_scope(actor_for(user))
        for province in {*provinces, scope.province_id} - {None}:
            expected = set(
                Case.objects.filter(scope_filter(scope))
                .exclude(province_id=province)
                .values_list("pk", flat=True)
            )
            found = set(
                Case.objects.filter(scope_filter_outside(scope, province)).values_list(
                    "pk", flat=True
                )
            )

            assert found == expected, (user.username, province)
            reached_outside += bool(found) and province == scope.province_id

    assert reached_outside  # a province's user whose agency takes part in a case elsewhere


def test_a_list_counted_by_the_scopes_parts_counts_each_case_of_the_scope_once(
    demo_users, registry, now
):
    _cases_with_one_taken_part_in_elsewhere(demo_users, registry, now)
    filter_sets = [
        CaseFilters(),
        CaseFilters(status="active"),
        CaseFilters(classification=0),
        CaseFilters(due="overdue"),
        CaseFilters(agency=registry["AG-NC"].pk),
    ]
    split = 0
    for user in get_user_model().objects.select_related("agency"):
        actor = actor_for(user)
        scope = case_scope(actor)
        parts = [
            set(Case.objects.filter(p).values_list("pk", flat=True)) for p in scope_parts(scope)
        ]
        whole = set(Case.objects.filter(scope_filter(scope)).values_list("pk", flat=True))

        assert set().union(*parts) == whole, user.username
        assert sum(map(len, parts)) == len(whole), user.username  # disjoint
        split += len(parts) > 1
        for filters in filter_sets:
            listed = case_list_for(actor, filters, today=now.date()).count()
            assert case_list_count(actor, filters, today=now.date()) == listed, (
                user.username,
                filters,
            )

    assert split  # some users' scopes are counted in parts
