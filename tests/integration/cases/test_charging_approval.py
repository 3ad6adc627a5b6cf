"""The procuracy answers the charging of a suspect (BLTTHS Art. 179(4)) from its own
agency: approval through the API, annulment through the services, which takes that
suspect's charges off the case."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from phoihop.cases import services
from phoihop.cases.models import CaseEvent
from tests.records import suspect_charge

pytestmark = pytest.mark.django_db


def _token(username: str) -> str:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def charged(open_case, demo_users, now):  # type: ignore[no-untyped-def]
    """A case opened for 353.3, whose second suspect is charged under 356.2."""
    case = open_case(charges="353.3")
    person = suspect_charge(
        case, demo_users["dieutra.ag"], now, "Phạm Thị Hoa", on=now.date(), charges="356.2"
    )
    return case, person


def test_the_procuracy_approves_the_charging_through_the_api(client, charged, now):
    case, person = charged

    answer = client.post(
        f"/api/v1/cases/{case.pk}/events",
        {
            "type": "suspect_charging_approved",
            "date": now.date().isoformat(),
            "person_id": person.pk,
            "version": case.version,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token('kiemsat.ag')}",
    )

    assert answer.status_code == 201, answer.content
    recorded = CaseEvent.objects.get(case=case, type="suspect_charging_approved")
    assert recorded.agency.code == "AG-VKS"
    assert recorded.person_id == person.pk


def test_the_police_cannot_approve_their_own_charging(client, charged, now):
    case, _ = charged

    answer = client.post(
        f"/api/v1/cases/{case.pk}/events",
        {
            "type": "suspect_charging_approved",
            "date": now.date().isoformat(),
            "version": case.version,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token('dieutra.ag')}",
    )

    assert answer.status_code == 404
    assert answer.json()["code"] == "access.denied"


def test_an_annulled_charging_takes_the_suspects_charges_off_the_case(charged, demo_users, now):
    case, person = charged
    assert {"article": 356, "clause": 2} in case.charges

    services.case_record_event(
        user=demo_users["kiemsat.ag"],
        case_id=case.pk,
        expected_version=case.version,
        event=services.EventInput(
            type="suspect_charging_annulled", date=now.date(), person_id=person.pk
        ),
        now=now,
    )

    case.refresh_from_db()
    assert case.charges == [{"article": 353, "clause": 3}]
    assert case.stage == "investigation"
