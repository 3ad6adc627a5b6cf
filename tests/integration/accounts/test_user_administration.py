"""An agency's administrator manages the users of that agency only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from phoihop.audit.models import AuditEvent
from tests.signin import sign_in

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def agency_admin(demo_users):  # type: ignore[no-untyped-def]
    admin = demo_users["kiemsat.ag"]
    admin.role = "admin"
    admin.save()
    return admin


def test_an_agency_admin_creates_a_user_of_the_agency(client, agency_admin):
    sign_in(client, agency_admin)

    response = client.post(
        "/accounts/users/new/",
        {
            "username": "ksv.nguyen",
            "full_name": "Nguyễn Thị Lan",
            "agency": agency_admin.agency_id,
            "role": "officer",
            "clearance": "1",
            "is_active": "on",
            "password": "mat-khau-dai-2026",
        },
    )

    assert response.status_code == 302
    created = User.objects.get(username="ksv.nguyen")
    assert created.agency == agency_admin.agency
    assert created.check_password("mat-khau-dai-2026")
    assert AuditEvent.objects.filter(action="user.created").count() == 1


def test_an_agency_admin_cannot_place_a_user_in_another_agency(client, agency_admin, demo_users):
    sign_in(client, agency_admin)

    response = client.post(
        "/accounts/users/new/",
        {
            "username": "x",
            "agency": demo_users["dieutra.hn"].agency_id,
            "role": "officer",
            "clearance": "0",
            "password": "mat-khau-dai-2026",
        },
    )

    assert response.status_code == 400
    assert "Cơ quan" in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_an_admin_cannot_grant_more_clearance_than_their_own(client, agency_admin):
    sign_in(client, agency_admin)

    response = client.post(
        "/accounts/users/new/",
        {
            "username": "y",
            "agency": agency_admin.agency_id,
            "role": "officer",
            "clearance": "3",
            "password": "mat-khau-dai-2026",
        },
    )

    assert response.status_code == 400
    assert "Không thể cấp độ mật cao hơn" in response.content.decode()


def test_the_user_list_shows_only_the_admins_agency(client, agency_admin):
    sign_in(client, agency_admin)

    body = client.get("/accounts/users/").content.decode()

    assert "kiemsat.ag" in body
    assert "dieutra.hn" not in body


def test_an_officer_has_no_user_administration(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    assert client.get("/accounts/users/").status_code == 404
