"""The cases a scope reaches outside a province, asked by their ids
(``scope_filter_outside``): the same cases as the scope without the province."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from phoihop.accounts.access import actor_for
from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.cases.participation import case_agency_add
from phoihop.cases.selectors import scope_filter, scope_filter_outside
from phoihop.domain.access.policy import case_scope

pytestmark = pytest.mark.django_db


def test_the_cases_outside_a_province_are_the_scopes_cases_less_the_provinces(
    demo_users, registry, now
):
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
