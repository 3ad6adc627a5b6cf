"""The case page asks in one query which of its lists have any row, and reads only
those (``cases.selectors.records_present``): what it finds must be what each list's own
query finds, and the page must still show every record that is there."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.cases.selectors import records_present
from phoihop.coordination.selectors import coordination_records
from phoihop.publicity.services import publicity_records
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _kinds(case):  # type: ignore[no-untyped-def]
    return {
        "assets": case.asset_actions.all(),
        "withdrawn": case.withdrawn_events.all(),
        **coordination_records(case),
        **publicity_records(case),
    }


def test_a_case_with_no_records_around_it_has_none_present(case) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as asked:
        present = records_present(case, _kinds)

    assert present == frozenset()
    assert len(asked) == 1


def test_what_is_present_is_what_each_list_finds(directive, case, send_request) -> None:  # type: ignore[no-untyped-def]
    send_request()
    kinds = _kinds(case)

    present = records_present(case, _kinds)

    assert present == {kind for kind, rows in kinds.items() if rows.exists()}
    assert {"requests", "meetings", "escalations", "directives"} <= present
    assert "obstacles" not in present


def test_another_cases_records_are_not_present_on_this_one(directive, open_case) -> None:  # type: ignore[no-untyped-def]
    other = open_case("Vụ án khác không có phối hợp")

    assert records_present(other, _kinds) == frozenset()


def test_the_page_shows_the_records_that_are_there(directive, case, demo_users) -> None:  # type: ignore[no-untyped-def]
    browser = Client()
    sign_in(browser, demo_users["noichinh.ag"])

    page = browser.get(f"/cases/{case.pk}/").content.decode()

    assert reverse("coordination:directive", args=[directive.pk]) in page
    assert reverse("coordination:escalation", args=[directive.escalation_id]) in page
