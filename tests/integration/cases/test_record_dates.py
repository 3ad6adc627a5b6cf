"""One rule for the days of the case record (phoihop.domain.record_dates): the forms
refuse a decision or asset date before 1 January 1990 or after today as the API and
the services do, in Vietnamese under the field, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.cases import services
from phoihop.cases.models import CaseEvent
from phoihop.domain.errors import InvalidInput
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

BEFORE = "Ngày không được trước ngày 01/01/1990."
AFTER = "Ngày không được sau ngày hôm nay."


def _asset_page(client, case, day):  # type: ignore[no-untyped-def]
    return client.post(
        f"/cases/{case.pk}/assets/",
        {
            "asset-kind": "seized",
            "asset-amount_vnd": "1000000",
            "asset-date": day,
            "asset-version": case.version,
        },
    )


@pytest.mark.parametrize(("day", "message"), [("01/01/0001", BEFORE), ("31/12/1989", BEFORE)])
def test_the_asset_form_refuses_a_date_before_1990(client, open_case, demo_users, day, message):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = _asset_page(client, case, day)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not case.asset_actions.exists()


def test_the_asset_form_refuses_a_date_after_today(client, open_case, demo_users, today):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = _asset_page(client, case, f"{today + dt.timedelta(days=1):%d/%m/%Y}")

    assert response.status_code == 400
    assert AFTER in response.content.decode()
    assert not case.asset_actions.exists()


def test_the_decision_form_refuses_a_date_before_1990(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/cases/{case.pk}/events/",
        {"type": "expertise_requested", "date": "02/03/0026", "version": case.version},
    )

    assert response.status_code == 400
    assert f"Ngày quyết định: {BEFORE}" in response.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1989, 12, 31)])
def test_the_service_refuses_an_asset_action_before_1990(open_case, demo_users, now, day):
    case = open_case()

    with pytest.raises(InvalidInput) as refusal:
        services.case_record_asset(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=case.version,
            asset={"kind": "seized", "amount_vnd": 1, "date": day},
            now=now,
        )

    assert refusal.value.code == "input.date_before_records"
    assert refusal.value.field == "date"
    assert not case.asset_actions.exists()
