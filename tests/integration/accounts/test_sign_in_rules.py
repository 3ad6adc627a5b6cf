"""The rules of signing in that a browser journey would test only slowly: who must give
a second factor, what an unfinished sign-in reaches, lockout keyed on username and
address together, session limits, sign-out on the server, cookies, passwords, and
the audit entries each step leaves."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.sessions.models import Session

from phoihop.accounts.sessions import SEEN_AT, SIGNED_IN_AT
from phoihop.audit.models import AuditEvent
from tests.signin import authenticator_for, current_code, sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "phoihop-demo"


def _password(client, username: str, password: str = PASSWORD, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_cleared_user_reaches_no_page_and_no_api_before_the_second_step(client, demo_users):
    response = _password(client, "dieutra.ag")
    assert response.status_code == 302

    page = client.get("/", REMOTE_ADDR="10.0.0.1")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/two-factor/")
    api = client.get("/api/v1/cases", REMOTE_ADDR="10.0.0.1")
    assert api.status_code == 401
    assert api.json()["code"] == "auth.second_factor"


def test_the_code_of_the_users_authenticator_finishes_signing_in(client, demo_users):
    device = authenticator_for(demo_users["dieutra.ag"])
    _password(client, "dieutra.ag")

    wrong = client.post("/accounts/two-factor/code/", {"code": "12345"})
    assert wrong.status_code == 400
    time.sleep(1.1)  # the device's throttle after one wrong code
    right = client.post("/accounts/two-factor/code/", {"code": current_code(device)})

    assert right.status_code == 302
    assert client.get("/").status_code == 200
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-3:] == [
        "auth.signed_in",
        "auth.second_factor.failed",
        "auth.second_factor.passed",
    ]


def test_a_user_without_clearance_needs_no_second_factor_unless_production_says_all(
    client, demo_users, settings
):
    viewer = demo_users["toaan.ag"]
    viewer.clearance = 0
    viewer.save()

    _password(client, "toaan.ag")
    assert client.get("/").status_code == 200

    settings.PHOIHOP_TWO_FACTOR = "all"
    held = client.get("/")
    assert held.status_code == 302
    assert "/accounts/two-factor/" in held["Location"]


def test_a_backup_code_signs_in_once(client, demo_users):
    from phoihop.accounts.two_factor import backup_codes_issue

    authenticator_for(demo_users["kiemsat.ag"])
    codes = backup_codes_issue(demo_users["kiemsat.ag"])

    _password(client, "kiemsat.ag")
    assert client.post("/accounts/two-factor/code/", {"code": codes[3]}).status_code == 302
    client.post("/accounts/logout/")
    _password(client, "kiemsat.ag")
    assert client.post("/accounts/two-factor/code/", {"code": codes[3]}).status_code == 400


def test_lockout_is_keyed_on_username_and_address_together(client, demo_users):
    for _ in range(5):
        _password(client, "dieutra.ag", "wrong-password", address="10.0.0.7")

    locked = _password(client, "dieutra.ag", address="10.0.0.7")
    assert locked.status_code == 429
    assert "15 phút" in locked.content.decode()
    # The same username from another address, and another username from this one,
    # still sign in: neither the address nor the username alone is locked.
    assert _password(client, "dieutra.ag", address="10.0.0.8").status_code == 302
    client.post("/accounts/logout/")
    assert _password(client, "kiemsat.ag", address="10.0.0.7").status_code == 302


def test_an_unknown_username_gets_the_same_answers_as_a_known_one(client, demo_users):
    def answer(username: str) -> str:
        body = _password(client, username, "wrong-password").content.decode()
        body = re.sub(r"\b[A-Za-z0-9]{64}\b", "", body)  # the page's CSRF tokens
        return body.replace(username, "X")

    assert answer("dieutra.ag") == answer("khong.co.ai")

    for _ in range(5):
        _password(client, "khong.co.ai", "wrong-password")
    for _ in range(4):
        _password(client, "dieutra.ag", "wrong-password")
    assert _password(client, "khong.co.ai").status_code == 429
    assert _password(client, "dieutra.ag").status_code == 429


def test_failed_sign_ins_are_audited_with_the_username_typed_and_never_the_password(
    client, demo_users
):
    _password(client, "dieutra.ag", "secret-guess-1")

    event = AuditEvent.objects.filter(action="auth.sign_in_failed").latest("seq")
    assert event.data == {"username": "dieutra.ag", "address": "10.0.0.1"}
    assert "secret-guess-1" not in str(AuditEvent.objects.values_list("data", flat=True))


def test_the_session_ends_after_fifteen_idle_minutes_or_twelve_hours(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])
    assert client.get("/").status_code == 200
    key = client.session.session_key

    session = client.session
    session[SEEN_AT] = time.time() - 14 * 60
    session.save()
    assert client.get("/").status_code == 200  # 14 minutes idle: still signed in

    session = client.session
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    assert client.get("/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_sign_out_deletes_the_session_on_the_server(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])
    cookie = client.cookies["sessionid"].value

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=cookie).exists()
    client.cookies["sessionid"] = cookie  # a copied cookie replayed
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.signed_out").exists()


def test_cookies_are_http_only_and_same_site(client, demo_users):
    response = _password(client, "dieutra.ag")
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.get("/accounts/login/").cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Strict"


def test_a_password_shorter_than_twelve_characters_is_refused(client, demo_users):
    admin = demo_users["admin"]
    sign_in(client, admin)
    before = AuditEvent.objects.count()

    response = client.post(
        "/accounts/users/new/",
        {
            "username": "can.bo.moi",
            "agency": admin.agency_id,
            "role": "officer",
            "clearance": "0",
            "is_active": "on",
            "password": "Ng4n-qua!!",
        },
    )

    assert response.status_code == 400
    assert "12" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_an_administrator_resets_a_users_two_step_sign_in(client, demo_users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = demo_users["dieutra.ag"]
    authenticator_for(officer)
    sign_in(client, demo_users["admin"])

    response = client.post(
        f"/accounts/users/{officer.pk}/",
        {
            "username": officer.username,
            "full_name": officer.full_name,
            "agency": officer.agency_id,
            "role": officer.role,
            "clearance": officer.clearance,
            "is_active": "on",
            "reset_two_factor": "on",
        },
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert AuditEvent.objects.filter(
        action="auth.second_factor.reset", target_id=str(officer.pk)
    ).exists()
