"""The overview's deadline figures count the agency that must act on each clock: a case
in prosecution whose period ran out is the procuracy's overdue case, not the police's or
the court's, though all three take part in it."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.cases import services
from phoihop.cases.models import CaseAgency
from phoihop.clocks.models import Clock
from phoihop.reports.tallies import marks_for
from tests.records import suspect_charge
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_prosecution(open_case, demo_users, now):  # type: ignore[no-untyped-def]
    """Police, procuracy and court on the case; the prosecution period (Art. 240) past."""
    start = now.date() - dt.timedelta(days=200)
    case = open_case(initiated_on=start)
    police = demo_users["dieutra.ag"]
    suspect_charge(case, police, now, "Vũ Thị Lan", on=start, charges="353.3")
    services.case_record_event(
        user=police,
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="investigation_concluded", date=now.date() - dt.timedelta(days=90)
        ),
        now=now,
    )
    return case


def test_an_overdue_prosecution_counts_against_the_procuracy_alone(late_prosecution, registry):
    case = late_prosecution
    agencies = set(CaseAgency.objects.filter(case=case).values_list("agency__code", flat=True))

    marks = marks_for(type(case).objects.filter(pk=case.pk))[case.pk]

    assert {"AG-CSDT", "AG-VKS", "AG-TA"} <= agencies
    assert Clock.objects.get(case=case, code="PROSECUTION").status == "overdue"
    overdue = {m.value for m in marks if m.kind == "overdue"}
    assert overdue == {str(registry["AG-VKS"].pk)}


def test_the_overview_lists_the_case_under_the_procuracy_and_not_the_police(
    client, late_prosecution, demo_users, registry
):
    sign_in(client, demo_users["noichinh.ag"])

    procuracy = client.get(f"/overview/cases/overdue/{registry['AG-VKS'].pk}/")
    police = client.get(f"/overview/cases/overdue/{registry['AG-CSDT'].pk}/")

    assert procuracy.status_code == 200
    assert late_prosecution.title in procuracy.content.decode()
    assert late_prosecution.title not in police.content.decode()
