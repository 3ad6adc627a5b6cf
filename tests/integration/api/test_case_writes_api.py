"""Agency systems write through the API: a case upserted by its national code or by
the agency's own case number, its header changed with a version check, persons and
asset actions added; and one token cannot flood the server."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import Case, CaseReference
from phoihop.core.clock import today

pytestmark = pytest.mark.django_db


def _auth(username: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _case_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "criminal_case",
        "title": "Vụ án vi phạm quy định về đấu thầu tại Sở Y tế tỉnh An Giang",
        "province": "AG",
        "external_id": "HS-2026-0042",
        "first_event": {
            "type": "case_initiated",
            "date": (today() - dt.timedelta(days=3)).isoformat(),
            "doc_number": "42/QĐ-CSĐT",
        },
    }
    return {**body, **changes}


def _post(client, url, body, auth, **headers):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json", **auth, **headers)


def test_a_new_key_opens_the_case_and_the_same_case_again_changes_nothing(client, demo_users):
    officer = _auth("dieutra.ag")

    first = _post(client, "/api/v1/cases", _case_body(), officer)
    entries = AuditEvent.objects.count()
    again = _post(client, "/api/v1/cases", _case_body(), officer)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["version"] == first.json()["version"]
    assert Case.objects.count() == 1
    assert AuditEvent.objects.count() == entries
    assert CaseReference.objects.get().external_id == "HS-2026-0042"


def test_a_known_key_updates_the_header_and_a_stale_version_gets_409(client, demo_users):
    officer = _auth("dieutra.ag")
    created = _post(client, "/api/v1/cases", _case_body(), officer).json()

    renamed = _post(
        client, "/api/v1/cases", _case_body(title="Tên mới", version=created["version"]), officer
    )
    stale = _post(
        client, "/api/v1/cases", _case_body(title="Tên khác", version=created["version"]), officer
    )

    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Tên mới"
    assert renamed.json()["version"] == created["version"] + 1
    assert stale.status_code == 409
    assert Case.objects.get().title == "Tên mới"


def test_the_national_code_finds_the_case_another_agency_opened(client, demo_users):
    police = _auth("dieutra.ag")
    procuracy = _auth("kiemsat.ag")
    body = _case_body(national_code="VA-AG-2026-000123", agencies=["AG-VKS"])
    created = _post(client, "/api/v1/cases", body, police).json()

    seen = _post(client, "/api/v1/cases", {**body, "external_id": "VKS-77"}, procuracy)

    assert seen.status_code == 200
    assert seen.json()["id"] == created["id"]
    assert set(CaseReference.objects.values_list("external_id", flat=True)) == {
        "HS-2026-0042",
        "VKS-77",
    }


def test_a_key_taken_by_a_case_out_of_scope_is_refused_without_showing_it(client, demo_users):
    _post(client, "/api/v1/cases", _case_body(national_code="VA-AG-2026-9"), _auth("dieutra.ag"))

    answer = _post(
        client,
        "/api/v1/cases",
        _case_body(national_code="VA-AG-2026-9", province="HN"),
        _auth("dieutra.hn"),
    )

    assert answer.status_code == 409
    assert answer.json()["field"] == "national_code"
    assert "Sở Y tế" not in answer.content.decode()
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"province": "XX"}, "province"),
        ({"agencies": ["NO-SUCH"]}, "agencies"),
        ({"external_id": "", "national_code": None}, "external_id"),
        ({"first_event": {"type": "indicted", "date": "2026-01-05"}}, None),
        ({"title": "a\x00b"}, "title"),
    ],
)
def test_a_bad_case_is_refused_with_its_field_and_nothing_is_written(
    client, demo_users, changes, field
):
    answer = _post(client, "/api/v1/cases", _case_body(**changes), _auth("dieutra.ag"))

    assert 400 <= answer.status_code < 500
    assert set(answer.json()) == {"code", "message", "field"}
    if field:
        assert field in answer.json()["field"]
    assert Case.objects.count() == 0


def test_patch_changes_the_header_once_per_version(client, demo_users, open_case):
    case = open_case()
    officer = _auth("dieutra.ag")
    url = f"/api/v1/cases/{case.pk}"

    first = client.patch(
        url, {"title": "Đổi tên", "version": case.version}, "application/json", **officer
    )
    second = client.patch(
        url, {"summary": "Tóm tắt", "version": case.version}, "application/json", **officer
    )

    assert first.status_code == 200
    assert first.json()["title"] == "Đổi tên"
    assert second.status_code == 409
    case.refresh_from_db()
    assert case.summary == ""


def test_persons_and_assets_are_added_and_listed(client, demo_users, open_case):
    case = open_case()
    officer = _auth("dieutra.ag")
    base = f"/api/v1/cases/{case.pk}"

    person = _post(
        client,
        f"{base}/persons",
        {"full_name": "Trần Văn B", "role": "accused", "birth_year": 1970, "version": 1},
        officer,
    )
    asset = _post(
        client,
        f"{base}/assets",
        {"kind": "frozen", "amount_vnd": 2_500_000_000, "date": "2026-01-05", "version": 2},
        officer,
    )
    future = _post(
        client,
        f"{base}/assets",
        {"kind": "seized", "amount_vnd": 1, "date": "2099-01-01", "version": 3},
        officer,
    )

    assert person.status_code == 201
    assert asset.status_code == 201
    assert future.status_code == 422
    assert future.json()["field"] == "date"
    assert [p["full_name"] for p in client.get(f"{base}/persons", **officer).json()] == [
        "Trần Văn B"
    ]
    assert [a["amount_vnd"] for a in client.get(f"{base}/assets", **officer).json()] == [
        2_500_000_000
    ]


@override_settings(PHOIHOP_API_RATE="3/min")
def test_a_token_past_its_rate_gets_429_with_retry_after_and_others_are_not_slowed(
    client, demo_users
):
    greedy = _auth("dieutra.ag")
    other = _auth("kiemsat.ag")

    answers = [client.get("/api/v1/cases", **greedy) for _ in range(4)]
    neighbour = client.get("/api/v1/cases", **other)

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert "thử lại sau" in answers[-1].json()["message"]
    assert neighbour.status_code == 200


def test_a_resent_case_keeps_what_it_leaves_out_and_never_lowers_the_classification(
    client, demo_users
):
    leader = demo_users["dieutra.ag"]
    leader.clearance, leader.role = 2, "leader"  # a leader may change the classification
    leader.save(update_fields=["clearance", "role"])
    officer = _auth("dieutra.ag")
    created = _post(client, "/api/v1/cases", _case_body(classification=1), officer).json()

    left_out = _post(client, "/api/v1/cases", _case_body(), officer)
    lowered = _post(client, "/api/v1/cases", _case_body(classification=0), officer)
    raised = _post(client, "/api/v1/cases", _case_body(classification=2), officer)

    assert left_out.json()["classification"] == 1
    assert left_out.json()["version"] == created["version"]
    assert lowered.json()["classification"] == 1
    assert raised.json()["classification"] == 2


def test_an_agency_resending_its_copy_does_not_undo_a_supervisors_monitoring(client, demo_users):
    police = _auth("dieutra.ag")
    created = _post(client, "/api/v1/cases", _case_body(), police).json()
    Case.objects.filter(pk=created["id"]).update(monitoring="provincial")

    again = _post(client, "/api/v1/cases", _case_body(monitoring="none"), police)

    assert again.status_code == 200
    assert Case.objects.get(pk=created["id"]).monitoring == "provincial"


def test_an_oversight_body_cannot_attach_its_own_number_to_a_case_it_does_not_handle(
    client, demo_users
):
    body = _case_body(national_code="VA-AG-2026-77")
    _post(client, "/api/v1/cases", body, _auth("dieutra.ag"))

    answer = _post(client, "/api/v1/cases", {**body, "external_id": "BNC-1"}, _auth("noichinh.ag"))

    assert answer.status_code == 404
    assert not CaseReference.objects.filter(external_id="BNC-1").exists()


def test_an_empty_national_code_is_no_code_for_every_case(client, demo_users, open_case):
    officer = _auth("dieutra.ag")
    first, second = open_case("Vụ án thứ nhất"), open_case("Vụ án thứ hai")

    answers = [
        client.patch(
            f"/api/v1/cases/{case.pk}",
            {"national_code": "", "version": case.version},
            "application/json",
            **officer,
        ).status_code
        for case in (first, second)
    ]

    assert answers == [200, 200]
    assert list(Case.objects.values_list("national_code", flat=True)) == [None, None]


@pytest.mark.parametrize("due", ["²", "100000000", "-1", "3651"])
def test_a_bad_due_filter_is_refused_with_422_naming_it(client, demo_users, due):
    answer = client.get("/api/v1/cases", {"due": due}, **_auth("dieutra.ag"))

    assert answer.status_code == 422
    assert answer.json()["field"] == "due"
    assert answer.json()["message"].startswith("Thời hạn (due): phải là overdue")


def test_reading_a_classified_case_through_the_api_is_audited(client, demo_users, open_case):
    case = open_case("Vụ án mật", classification=1)
    officer = _auth("dieutra.ag")

    client.get(f"/api/v1/cases/{case.pk}/persons", **officer)
    client.get(f"/api/v1/cases/{case.pk}/requests", **officer)

    viewed = AuditEvent.objects.filter(action="case.viewed", target_id=str(case.pk))
    assert [event.data["via"] for event in viewed] == ["api", "api"]
