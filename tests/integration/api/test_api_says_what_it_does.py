"""The API says what it does (issue 17): every status an operation answers is in its
OpenAPI description with the error shape; a wrong type or a null where a value is
required is refused with 422 naming the field by its Vietnamese label; a day outside
the record's range (before 1 January 1990, after today) is refused and never stored; a
request without credentials is 401, whatever its method."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from phoihop.cases.models import AssetAction, Case
from phoihop.core.api import api
from phoihop.core.api_errors import MAX_ADDRESS_BYTES
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _auth(username: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _patch(client, case, body, auth):  # type: ignore[no-untyped-def]
    return client.patch(f"/api/v1/cases/{case.pk}", body, "application/json", **auth)


def _asset(client, case, day, auth):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/cases/{case.pk}/assets",
        {"kind": "seized", "amount_vnd": 1_000_000, "date": day, "version": case.version},
        content_type="application/json",
        **auth,
    )


@pytest.mark.parametrize("field", ["title", "summary", "field", "classification", "monitoring"])
def test_null_for_a_field_of_the_header_is_refused_not_taken_as_absent(client, open_case, field):
    case = open_case()

    answer = _patch(client, case, {field: None, "version": case.version}, _auth("dieutra.ag"))

    assert answer.status_code == 422
    assert answer.json()["code"] == "input.invalid"
    assert answer.json()["field"] == field
    assert answer.json()["message"].endswith(f"({field}): không được là null.")
    case.refresh_from_db()
    assert case.version == 1


def test_a_null_national_code_removes_the_code(client, open_case):
    case = open_case()
    Case.objects.filter(pk=case.pk).update(national_code="VA-AG-2026-1")

    answer = _patch(client, case, {"national_code": None, "version": 1}, _auth("dieutra.ag"))

    assert answer.status_code == 200
    assert answer.json()["national_code"] is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"title": 5, "version": 1}, "title", "Tên (title): phải là một chuỗi ký tự."),
        ({"version": "một"}, "version", "Phiên bản hồ sơ (version): phải là số nguyên."),
        ({"title": "Vụ án"}, "version", "Phiên bản hồ sơ (version): bắt buộc phải có."),
        ({"title": "", "version": 1}, "title", "Tên (title): không được để trống."),
        (
            {"monitoring": "all", "version": 1},
            "monitoring",
            "Diện theo dõi (monitoring): phải là một trong: none, provincial, central.",
        ),
    ],
)
def test_a_wrong_type_or_a_missing_field_is_refused_naming_it_in_vietnamese(
    client, open_case, body, field, message
):
    case = open_case()

    answer = _patch(client, case, body, _auth("dieutra.ag"))

    assert answer.status_code == 422
    assert answer.json() == {"code": "input.invalid", "message": message, "field": field}


@pytest.mark.parametrize(
    ("day", "code"),
    [
        ("0001-01-01", "input.date_before_records"),
        ("1989-12-31", "input.date_before_records"),
        ("tomorrow", "input.date_after_today"),
    ],
)
def test_an_asset_action_dated_outside_the_record_is_refused_and_not_stored(
    client, open_case, today, day, code
):
    case = open_case()
    if day == "tomorrow":
        day = (today + dt.timedelta(days=1)).isoformat()

    answer = _asset(client, case, day, _auth("dieutra.ag"))

    assert answer.status_code == 422
    assert answer.json()["code"] == code
    assert answer.json()["field"] == "date"
    assert answer.json()["message"].startswith("Ngày của khoản tiền (")
    assert not AssetAction.objects.exists()


def test_an_asset_action_of_the_first_day_of_1990_is_stored(client, open_case):
    case = open_case()

    answer = _asset(client, case, "1990-01-01", _auth("dieutra.ag"))

    assert answer.status_code == 201


def test_a_decision_dated_before_1990_is_refused_naming_the_date(client, open_case):
    case = open_case()

    answer = client.post(
        f"/api/v1/cases/{case.pk}/events",
        {"type": "expertise_requested", "date": "0026-03-02", "version": case.version},
        content_type="application/json",
        **_auth("dieutra.ag"),
    )

    assert answer.status_code == 422
    assert answer.json()["code"] == "input.date_before_records"
    assert answer.json()["field"] == "date"
    assert "02/03/0026" in answer.json()["message"]
    assert "01/01/1990" in answer.json()["message"]


@pytest.mark.parametrize("cookie", [None, "not-a-session"])
def test_a_write_without_credentials_is_401_not_403(client, open_case, cookie):
    case = open_case()
    if cookie:
        client.cookies["sessionid"] = cookie

    answer = _asset(client, case, "2020-01-01", {})

    assert answer.status_code == 401
    assert answer.json()["code"] == "auth.required"


def test_a_session_write_without_its_csrf_token_is_403_and_with_it_goes_through(
    open_case, demo_users, today
):
    case = open_case()
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, demo_users["dieutra.ag"])
    browser.get(f"/cases/{case.pk}/")  # the page sets the CSRF cookie its scripts read
    token = browser.cookies["csrftoken"].value

    refused = _asset(browser, case, today.isoformat(), {})
    accepted = _asset(browser, case, today.isoformat(), {"HTTP_X_CSRFTOKEN": token})

    assert refused.status_code == 403
    assert refused.json()["code"] == "auth.csrf"
    assert accepted.status_code == 201


def test_an_address_too_long_is_414_in_the_error_shape(client, demo_users):
    long_query = "q=" + "a" * MAX_ADDRESS_BYTES

    answer = client.get(f"/api/v1/cases?{long_query}", **_auth("dieutra.ag"))

    assert answer.status_code == 414
    assert answer.json()["code"] == "uri.too_long"


def test_a_method_a_route_does_not_have_is_405_with_allow_in_the_error_shape(client, demo_users):
    answer = client.delete("/api/v1/cases", **_auth("dieutra.ag"))

    assert answer.status_code == 405
    assert answer.json()["code"] == "method.not_allowed"
    assert set(answer["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_every_operation_documents_each_refusal_with_the_error_shape():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    error = {"$ref": "#/components/schemas/ErrorOut"}

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = {int(status) for status in operation["responses"]}
            expected = {400, 401, 404, 414, 422, 429}
            if method != "get":
                expected.add(403)
            if method != "get" and not path.endswith("/calc"):
                expected.add(409)
            assert expected <= statuses, (method, path)
            for status in expected:
                response = operation["responses"][status]
                assert response["content"]["application/json"]["schema"] == error
                assert response["description"] != "Unknown Status Code", (method, path, status)
            assert "Retry-After" in operation["responses"][429]["headers"]
