"""Persons and asset actions on the case page."""

from __future__ import annotations

import pytest

from phoihop.audit.models import AuditEvent
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_an_officer_adds_an_accused_person(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/cases/{case.pk}/persons/",
        {
            "person-full_name": "Lê Thị Hồng",
            "person-role": "accused",
            "person-birth_year": "1975",
            "person-position": "Giám đốc Sở Y tế",
            "person-is_official": "on",
            "person-version": case.version,
        },
    )

    assert response.status_code == 302
    person = case.persons.get()
    assert person.full_name == "Lê Thị Hồng"
    assert person.is_official
    case.refresh_from_db()
    assert "le thi hong" in case.search_text
    assert AuditEvent.objects.filter(action="case.person.added").count() == 1


def test_an_impossible_year_of_birth_is_refused_in_vietnamese(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/cases/{case.pk}/persons/",
        {
            "person-full_name": "Lê Thị Hồng",
            "person-role": "accused",
            "person-birth_year": "1800",
            "person-version": case.version,
        },
    )

    assert response.status_code == 400
    assert "Năm sinh" in response.content.decode()
    assert not case.persons.exists()


def test_a_negative_amount_is_refused_and_nothing_is_written(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/cases/{case.pk}/assets/",
        {
            "asset-kind": "seized",
            "asset-amount_vnd": "-5",
            "asset-date": case.opened_on.isoformat(),
            "asset-version": case.version,
        },
    )

    assert response.status_code == 400
    assert "Số tiền (đồng)" in response.content.decode()
    assert not case.asset_actions.exists()


def test_a_recovered_amount_is_recorded_and_totalled(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    client.post(
        f"/cases/{case.pk}/assets/",
        {
            "asset-kind": "recovered",
            "asset-amount_vnd": "1500000000",
            "asset-date": case.opened_on.isoformat(),
            "asset-version": case.version,
        },
    )

    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "1.500.000.000 đ" in page


def test_the_commission_cannot_add_persons_to_a_case_it_oversees(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["noichinh.ag"])

    response = client.post(
        f"/cases/{case.pk}/persons/",
        {"person-full_name": "X", "person-role": "accused", "person-version": case.version},
    )

    assert response.status_code == 404
    assert not case.persons.exists()
