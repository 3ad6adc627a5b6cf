"""The case API for agency systems: per-user tokens, the web's access policy on every
route that takes a case, version checks, refusals as {code, message, field}."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from phoihop.accounts.models import ApiToken
from phoihop.cases.models import CaseEvent
from phoihop.core.clock import today
from tests.integration.security.scenario import decision_docx
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _token(username: str, *args: str) -> str:
    out = io.StringIO()
    call_command("token", "create", username, *args, stdout=out)
    return out.getvalue().strip()


def _auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def an_giang_case(open_case):  # type: ignore[no-untyped-def]
    return open_case("Vụ án tham nhũng tại Sở Xây dựng tỉnh An Giang")


def test_a_token_is_shown_once_and_only_its_digest_is_stored(demo_users):
    token = _token("dieutra.ag", "--expires", "30")

    stored = ApiToken.objects.get(user=demo_users["dieutra.ag"])
    assert token not in (stored.digest, stored.prefix)
    assert stored.prefix == token[:8]
    assert stored.expires_at is not None


def test_the_list_follows_the_access_policy_and_folds_diacritics(client, an_giang_case, demo_users):
    ag = client.get("/api/v1/cases", {"q": "THAM NHUNG"}, **_auth(_token("noichinh.ag")))
    hn = client.get("/api/v1/cases", {"q": "tham nhung"}, **_auth(_token("dieutra.hn")))

    assert ag.status_code == 200
    assert [c["id"] for c in ag.json()["items"]] == [an_giang_case.pk]
    assert hn.json()["count"] == 0


def test_a_hanoi_token_gets_404_for_an_an_giang_case_on_every_route_that_takes_a_case(
    client, an_giang_case, demo_users, settings, tmp_path
):
    hanoi = _auth(_token("dieutra.hn"))
    officer = _auth(_token("dieutra.ag"))
    settings.MEDIA_ROOT = tmp_path / "files"
    document = client.post(  # a decision's document the case's police gave to be read
        f"/api/v1/cases/{an_giang_case.pk}/documents",
        {"document": SimpleUploadedFile("qd.docx", decision_docx("Quyết định"))},
        **officer,
    ).json()[0]["id"]
    schema = client.get("/api/v1/openapi.json", **officer).json()
    routes = [
        (
            path.replace("{case_id}", str(an_giang_case.pk))
            .replace("{sequence}", "1")
            .replace("{document_id}", str(document)),
            method,
        )
        for path, operations in schema["paths"].items()
        if "{case_id}" in path
        for method in operations
    ]
    on = today().isoformat()
    valid_bodies = {  # a body each write would accept on a case in scope
        "events": {"type": "expertise_requested", "date": on, "version": 1},
        "persons": {"full_name": "Lê Văn C", "role": "suspect", "version": 1},
        "agencies": {"agency": "AG-THADS", "since": on, "version": 1},
        "split": {"date": on, "title": "Vụ án tách", "version": 1},
        "assets": {"kind": "frozen", "amount_vnd": 1, "date": on, "version": 1},
        "withdrawal": {"reason": "Rút", "version": 1},
        "confirm": {"type": "expertise_requested", "date": on, "version": 1},
        str(an_giang_case.pk): {"title": "Đổi tên", "version": 1},
    }

    def ask(path: str, method: str) -> int:
        if method == "get":
            return client.get(path, **hanoi).status_code
        if path.endswith("/documents"):  # a file, in the multipart form the upload takes
            upload = SimpleUploadedFile("qd.docx", decision_docx("Quyết định"))
            return client.post(path, {"document": upload}, **hanoi).status_code
        body = valid_bodies[path.rsplit("/", 1)[-1]]
        send = getattr(client, method)
        return send(path, body, content_type="application/json", **hanoi).status_code

    answers = {(path, method): ask(path, method) for path, method in routes}

    assert len(routes) >= 13
    assert {method for _, method in routes} == {"get", "post", "patch"}
    assert set(answers.values()) == {404}, answers
    assert CaseEvent.objects.filter(case=an_giang_case).count() == 1
    an_giang_case.refresh_from_db()
    assert an_giang_case.title != "Đổi tên"


def test_an_officer_records_a_decision_and_a_stale_version_gets_409(
    client, an_giang_case, demo_users
):
    officer = _auth(_token("dieutra.ag"))
    url = f"/api/v1/cases/{an_giang_case.pk}/events"
    body = {
        "type": "expertise_requested",
        "date": today().isoformat(),
        "doc_number": "15/QĐ-TCGĐ",
        "version": an_giang_case.version,
    }

    first = client.post(url, body, content_type="application/json", **officer)
    second = client.post(  # another decision, from the version read before the first
        url, {**body, "doc_number": "16/QĐ-TCGĐ"}, content_type="application/json", **officer
    )

    assert first.status_code == 201
    assert first.json()["type"] == "expertise_requested"
    assert second.status_code == 409
    assert set(second.json()) == {"code", "message", "field"}
    assert "thay đổi" in second.json()["message"]


def test_a_refused_decision_names_its_stage_in_vietnamese(client, an_giang_case, demo_users):
    prosecutor = _auth(_token("kiemsat.ag"))

    response = client.post(
        f"/api/v1/cases/{an_giang_case.pk}/events",
        {"type": "indicted", "date": today().isoformat(), "version": an_giang_case.version},
        content_type="application/json",
        **prosecutor,
    )

    assert response.status_code == 409
    assert "giai đoạn điều tra" in response.json()["message"]


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"q": "tham\x00nhung"}, 400, "query"),  # the query string cannot be read
        ({"classification": "9"}, 422, "classification"),  # read, and out of range
        ({"page": "0"}, 422, "page"),
        ({"stage": "nowhere"}, 422, "stage"),
    ],
)
def test_bad_query_parameters_are_refused(client, demo_users, query, status, field):
    response = client.get("/api/v1/cases", query, **_auth(_token("noichinh.ag")))

    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "field"}
    assert response.json()["field"] == field


def test_revoked_expired_and_unknown_tokens_get_401(client, demo_users, now):
    revoked = _token("dieutra.ag")
    ApiToken.objects.filter(prefix=revoked[:8]).update(revoked_at=now)
    expired = _token("dieutra.ag", "--expires", "1")
    ApiToken.objects.filter(prefix=expired[:8]).update(expires_at=now - dt.timedelta(minutes=1))

    answers = [
        client.get("/api/v1/cases", **_auth(token)).status_code
        for token in (revoked, expired, "not-a-token")
    ]

    assert answers == [401, 401, 401]


def test_the_docs_page_is_served_offline_to_a_signed_in_user(client, demo_users):
    anonymous = client.get("/api/v1/docs")
    sign_in(client, demo_users["dieutra.ag"])

    page = client.get("/api/v1/docs").content.decode()

    assert anonymous.status_code == 401
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    assert "http://" not in page.replace("http://testserver", "")
    assert "https://" not in page
