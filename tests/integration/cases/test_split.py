"""A case split (Art. 170, 242) through the API and the case page, on the real database:
the new case opens linked to the old one, with its agencies; the decision to split is
recorded on the old one; a split the stage refuses writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from phoihop.cases.models import Case, CaseAgency, CaseEvent
from phoihop.clocks.explanations import explanations
from phoihop.clocks.models import Clock
from phoihop.core.calendar_service import current_calendar
from phoihop.core.clock import today as clock_today
from tests.integration.cases.test_known_dates import _event, _official, _open, _post
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def bidding(client, registry):  # type: ignore[no-untyped-def]
    _, police = _official("HN-CSDT")
    _, procuracy = _official("HN-VKS")
    case = _open(client, police, "2024-02-05")
    charged = _event(
        client, police, case, type="suspect_charged", date="2024-02-06", charges="222.3"
    )
    assert charged.status_code == 201
    return case, police, procuracy


def _split(client, auth, case, **body):  # type: ignore[no-untyped-def]
    case.refresh_from_db()
    return _post(
        client,
        auth,
        f"/api/v1/cases/{case.pk}/split",
        {
            "version": case.version,
            "date": "2024-06-10",
            "title": "Vụ án nhận hối lộ (tách)",
            **body,
        },
    )


def test_a_split_opens_a_linked_case_whose_investigation_runs_from_the_first_initiation(
    client, bidding
):  # type: ignore[no-untyped-def]
    case, police, _ = bidding

    answer = _split(client, police, case, charges="354.2", doc_number="12/QĐ-CSĐT")

    assert answer.status_code == 201, answer.json()
    new = Case.objects.get(pk=answer.json()["id"])
    first = new.events.get(sequence=1)
    assert (first.type, first.date, first.params["split_from"]) == (
        "case_initiated",
        dt.date(2024, 6, 10),
        case.pk,
    )
    split = CaseEvent.objects.get(case=case, type="case_split")
    assert split.params["split_case"] == new.pk
    assert new.province_id == case.province_id
    assert set(CaseAgency.objects.filter(case=new).values_list("agency__code", flat=True)) >= {
        "HN-CSDT",
        "HN-VKS",
    }
    investigation = Clock.objects.get(case=new, code="INVESTIGATION")
    assert investigation.start_on == dt.date(2024, 2, 5)
    said = explanations(new, [investigation], today=clock_today(), calendar=current_calendar())
    assert any("tách từ vụ án" in step for step in said[investigation.pk])
    case.refresh_from_db()
    assert case.stage == "investigation"  # the old case goes on
    withdrawn = _post(
        client,
        police,
        f"/api/v1/cases/{case.pk}/events/{split.sequence}/withdrawal",
        {"reason": "Nhầm", "version": case.version},
    )
    assert withdrawn.status_code == 422
    assert "không sửa hoặc rút được" in withdrawn.json()["message"]


def test_a_split_the_stage_refuses_writes_nothing(client, bidding):  # type: ignore[no-untyped-def]
    case, police, procuracy = bidding
    assert (
        _event(client, police, case, type="investigation_concluded", date="2024-05-20").status_code
        == 201
    )
    assert _event(client, procuracy, case, type="indicted", date="2024-06-03").status_code == 201
    cases, events = Case.objects.count(), CaseEvent.objects.count()

    answer = _split(client, procuracy, case)

    assert answer.status_code == 409
    assert "Tách vụ án" in answer.json()["message"]
    assert (Case.objects.count(), CaseEvent.objects.count()) == (cases, events)


def test_a_split_cannot_be_recorded_as_a_bare_decision(client, bidding):  # type: ignore[no-untyped-def]
    case, police, _ = bidding

    answer = _event(client, police, case, type="case_split", date="2024-06-10")

    assert answer.status_code == 422
    assert answer.json()["field"] == "type"
    assert "/split" in answer.json()["message"]


def test_the_case_page_splits_and_links_both_cases(client, bidding):  # type: ignore[no-untyped-def]
    case, _, _ = bidding
    case.refresh_from_db()
    sign_in(client, get_user_model().objects.get(username="known.hn-csdt"))

    page = client.get(f"/cases/{case.pk}/")
    answer = client.post(
        f"/cases/{case.pk}/split/",
        {
            "split-date": "10/06/2024",
            "split-title": "Vụ án lợi dụng chức vụ (tách)",
            "split-version": case.version,
        },
    )

    assert 'data-testid="split-form"' in page.content.decode()
    assert answer.status_code == 302
    new = Case.objects.get(title="Vụ án lợi dụng chức vụ (tách)")
    old_page = client.get(f"/cases/{case.pk}/").content.decode()
    new_page = client.get(f"/cases/{new.pk}/").content.decode()
    assert f'href="/cases/{new.pk}/"' in old_page
    assert f'href="/cases/{case.pk}/"' in new_page


def test_a_transfer_moves_the_case_to_the_receiving_body_from_its_date(client, bidding):  # type: ignore[no-untyped-def]
    case, police, _ = bidding
    _, ministry = _official("BCA-C03")

    wrong_kind = _event(
        client, police, case, type="case_transferred", date="2024-04-01", to_agency="HN-VKS"
    )
    moved = _event(
        client, police, case, type="case_transferred", date="2024-04-01", to_agency="BCA-C03"
    )
    after = _event(client, police, case, type="wanted_notice", date="2024-04-15")
    by_receiver = _event(client, ministry, case, type="wanted_notice", date="2024-04-15")

    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["field"] == "to"
    assert moved.status_code == 201, moved.json()
    rows = {
        row.agency.code: row
        for row in CaseAgency.objects.filter(case=case).select_related("agency")
    }
    assert (rows["HN-CSDT"].role, rows["HN-CSDT"].until) == ("transferred", dt.date(2024, 4, 1))
    assert (rows["BCA-C03"].role, rows["BCA-C03"].since) == ("handling", dt.date(2024, 4, 1))
    assert after.json()["code"] == "access.denied"  # sees the case, records no more
    from phoihop.reports.tallies import deadline_agencies

    acting = deadline_agencies({case.pk: [("overdue", "INVESTIGATION", "")]})[case.pk]
    assert acting["overdue"] == {rows["BCA-C03"].agency_id}  # the investigation is C03's now
    withdrawn = _post(
        client,
        ministry,
        f"/api/v1/cases/{case.pk}/events/{moved.json()['sequence']}/withdrawal",
        {"reason": "Nhầm", "version": Case.objects.get(pk=case.pk).version},
    )
    assert withdrawn.json()["code"] == "access.denied"  # undone by a transfer back
    assert by_receiver.status_code == 201, by_receiver.json()
    case.refresh_from_db()
    assert case.stage == "investigation"
    sign_in(client, get_user_model().objects.get(username="known.hn-csdt"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    shown = page[page.find("transfer-to") : page.find("transfer-to") + 200]
    assert "Cục Cảnh sát điều tra tội phạm về tham nhũng" in shown, shown
