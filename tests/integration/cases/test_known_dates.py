"""Entering a case from what is known, through the API and the services on the real
database: decisions inferred as unrecorded, dates known to the month or "by" a day, the
body that made a decision (which must have existed on its date, or be named by its
successor), other procedural acts, and a handling agency adding another."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from phoihop.agencies.models import Agency
from phoihop.cases import services
from phoihop.cases.models import Case, CaseAgency, CaseEvent
from phoihop.clocks.models import Clock

pytestmark = pytest.mark.django_db

d = dt.date


def _official(code: str) -> tuple[Any, dict[str, str]]:
    agency = Agency.objects.get(code=code)
    user = get_user_model().objects.create(
        username=f"known.{code.lower()}", agency=agency, role="officer", clearance=3
    )
    out = io.StringIO()
    call_command("token", "create", user.username, stdout=out)
    return user, {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _post(client: Any, auth: dict[str, str], url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json", **auth)


def _open(client: Any, auth: dict[str, str], on: str, **first: Any) -> Case:
    answer = _post(
        client,
        auth,
        "/api/v1/cases",
        {
            "kind": "criminal_case",
            "title": "Vụ án vi phạm quy định về đấu thầu tại Sở Y tế",
            "province": "HN",
            "external_id": f"KD-{on}",
            "first_event": {"type": "case_initiated", "date": on, **first},
        },
    )
    assert answer.status_code == 201, answer.json()
    return Case.objects.get(pk=answer.json()["id"])


def _event(client: Any, auth: dict[str, str], case: Case, **body: Any) -> Any:
    case.refresh_from_db()
    return _post(client, auth, f"/api/v1/cases/{case.pk}/events", {"version": case.version, **body})


@pytest.fixture
def hanoi(client, registry):  # type: ignore[no-untyped-def]
    """A Hà Nội case of 2024 up to its indictment, the city court added to it."""
    _, police = _official("HN-CSDT")
    _, procuracy = _official("HN-VKS")
    _, court = _official("HN-TA")
    case = _open(client, police, "2024-02-05")
    steps = [
        (police, {"type": "suspect_charged", "date": "2024-02-06", "charges": "222.3"}),
        (police, {"type": "investigation_concluded", "date": "2024-05-20"}),
        (procuracy, {"type": "indicted", "date": "2024-06-14"}),
    ]
    for auth, body in steps:
        assert _event(client, auth, case, **body).status_code == 201
    assert CaseAgency.objects.filter(case=case, agency__code="HN-TA").exists()
    return case, {"police": police, "procuracy": procuracy, "court": court}


def test_a_hearing_learnt_alone_is_refused_unless_its_predecessors_come_in_unrecorded(
    client, hanoi
):  # type: ignore[no-untyped-def]
    case, auth = hanoi
    hearing = {"type": "hearing_opened", "date": "2024-08-12"}

    refused = _event(client, auth["court"], case, **hearing)
    accepted = _event(client, auth["court"], case, **hearing, infer_unrecorded=True)

    assert refused.status_code == 409
    assert accepted.status_code == 201
    inferred = CaseEvent.objects.filter(case=case, params__unrecorded=True).order_by("sequence")
    assert [(e.type, e.date, e.agency.code) for e in inferred] == [
        ("case_accepted_for_trial", d(2024, 8, 12), "HN-TA"),
        ("trial_scheduled", d(2024, 8, 12), "HN-TA"),
    ]
    assert not Clock.objects.filter(case=case, code="HEARING_OPENING").exists()
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code in (200, 302)


def test_a_month_known_date_is_kept_as_the_months_last_day_and_its_clocks_approximate(
    client, hanoi
):  # type: ignore[no-untyped-def]
    case, auth = hanoi

    answer = _event(
        client,
        auth["court"],
        case,
        type="case_accepted_for_trial",
        date="2024-06-03",
        date_known="month",
    )

    assert answer.status_code == 201, answer.json()
    assert answer.json()["date"] == "2024-06-30"
    assert answer.json()["params"]["date_known"] == "month"
    clocks = client.get(f"/api/v1/cases/{case.pk}/clocks", **auth["court"]).json()
    preparation = next(c for c in clocks if c["code"] == "TRIAL_PREPARATION")
    assert preparation["approximate"] is True
    assert preparation["start_on"] == "2024-06-01"  # the month's first day: the earliest it can be


def test_a_body_created_in_2025_cannot_have_decided_in_2024_its_predecessor_is_named(
    client, registry
):  # type: ignore[no-untyped-def]
    _, police = _official("HCM-CSDT")
    case = _open(client, police, "2025-08-04")
    refused = _post(
        client,
        police,
        "/api/v1/cases",
        {
            "kind": "criminal_case",
            "title": "Vụ án nhận hối lộ tại trung tâm đăng kiểm",
            "province": "HCM",
            "external_id": "KD-old",
            "first_event": {"type": "case_initiated", "date": "2023-03-01"},
        },
    )

    assert case.pk
    assert refused.status_code == 422
    body = refused.json()
    assert body["field"] == "date"
    assert "Cơ quan Cảnh sát điều tra Công an Thành phố Hồ Chí Minh" in body["message"]
    assert "01/07/2025" in body["message"]


def test_a_successor_enters_its_predecessors_decision_naming_it(client, hanoi):  # type: ignore[no-untyped-def]
    case, auth = hanoi
    _, supreme = _official("TATC")
    procuracy = auth["procuracy"]
    for body in (
        {"type": "case_accepted_for_trial", "date": "2024-06-20"},
        {"type": "trial_scheduled", "date": "2024-07-30"},
        {"type": "hearing_opened", "date": "2024-08-12"},
        {"type": "first_instance_judgment", "date": "2024-08-20"},
        {"type": "appealed", "date": "2024-08-28"},
    ):
        assert _event(client, auth["court"], case, **body).status_code == 201
    case.refresh_from_db()
    added = _post(
        client,
        procuracy,
        f"/api/v1/cases/{case.pk}/agencies",
        {"agency": "TATC", "since": "2025-07-01", "version": case.version},
    )
    assert added.status_code == 201, added.json()

    not_a_predecessor = _event(
        client, supreme, case, type="appeal_accepted", date="2024-09-16", issuer="HN-TA"
    )
    named = _event(
        client, supreme, case, type="appeal_accepted", date="2024-09-16", issuer="TACC-HN"
    )

    assert not_a_predecessor.status_code == 422
    assert not_a_predecessor.json()["field"] == "issuer"
    assert named.status_code == 201, named.json()
    assert named.json()["agency"] == "TACC-HN"
    case.refresh_from_db()
    corrected = _post(
        client,
        supreme,
        f"/api/v1/cases/{case.pk}/events/{named.json()['sequence']}/withdrawal",
        {
            "reason": "Sai ngày thụ lý",
            "version": case.version,
            "correction": {"date": "2024-09-17"},
        },
    )
    assert corrected.status_code == 200, corrected.json()  # the successor that entered it
    assert corrected.json()["corrected"]["agency"] == "TACC-HN"


def test_an_other_act_needs_its_title_and_moves_no_clock(client, hanoi):  # type: ignore[no-untyped-def]
    case, auth = hanoi
    before = sorted(Clock.objects.filter(case=case).values_list("code", "status", "deadline"))

    untitled = _event(client, auth["police"], case, type="other_decision", date="2024-06-20")
    titled = _event(
        client,
        auth["police"],
        case,
        type="other_decision",
        date="2024-06-20",
        title="Quyết định tạm hoãn xuất cảnh",
    )

    assert untitled.status_code == 422
    assert untitled.json()["field"] == "title"
    assert "Tên quyết định" in untitled.json()["message"]
    assert titled.status_code == 201
    assert titled.json()["params"]["title"] == "Quyết định tạm hoãn xuất cảnh"
    after = sorted(Clock.objects.filter(case=case).values_list("code", "status", "deadline"))
    assert after == before


def test_adding_an_unknown_body_is_refused_naming_the_field(client, hanoi):  # type: ignore[no-untyped-def]
    case, auth = hanoi
    answer = _post(
        client,
        auth["procuracy"],
        f"/api/v1/cases/{case.pk}/agencies",
        {"agency": "XX-TA", "since": "2024-06-14", "version": case.version},
    )
    assert answer.status_code == 422
    assert answer.json()["field"] == "agency"


def test_the_service_refuses_a_date_the_recording_body_did_not_exist(registry, now):  # type: ignore[no-untyped-def]
    police, _ = _official("HCM-CSDT")
    case = services.case_create(
        user=police,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án tham ô tài sản",
            province_id=police.agency.province_id,
            first_event=services.EventInput(type="case_initiated", date=d(2025, 7, 15)),
        ),
        now=now,
    )
    from phoihop.domain.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        services.case_record_event(
            user=police,
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(type="suspect_charged", date=d(2025, 6, 30)),
            now=now,
        )
    assert refused.value.field == "date"
    assert "01/07/2025" in refused.value.message
    assert list(case.events.values_list("type", flat=True)) == ["case_initiated"]


def test_only_the_supreme_procuracy_grants_the_fourth_extension(client, registry):  # type: ignore[no-untyped-def]
    _, police = _official("HN-CSDT")
    _, city = _official("HN-VKS")
    _, supreme = _official("VKSTC")
    case = _open(client, police, "2024-01-08")
    charged = _event(
        client, police, case, type="suspect_charged", date="2024-01-09", charges="353.4"
    )
    assert charged.status_code == 201
    for on in ("2024-04-22", "2024-08-22", "2024-12-20"):
        assert (
            _event(client, city, case, type="investigation_extended", date=on, months=4).status_code
            == 201
        )
    case.refresh_from_db()
    added = _post(
        client,
        city,
        f"/api/v1/cases/{case.pk}/agencies",
        {"agency": "VKSTC", "since": "2025-04-01", "version": case.version},
    )
    assert added.status_code == 201

    by_city = _event(client, city, case, type="investigation_extended", date="2025-04-21", months=4)
    by_general = _event(
        client, supreme, case, type="investigation_extended", date="2025-04-21", months=4
    )

    assert by_city.status_code == 422
    assert by_city.json()["code"] == "clock.extension.authority"
    assert "Viện trưởng Viện kiểm sát nhân dân tối cao" in by_city.json()["message"]
    assert by_general.status_code == 201, by_general.json()
    assert by_general.json()["params"]["by_procurator_general"] is True
    assert Clock.objects.get(case=case, code="INVESTIGATION").extensions_used == 4


def test_the_file_received_and_force_majeure_move_the_clocks_that_count_from_them(client, hanoi):  # type: ignore[no-untyped-def]
    case, auth = hanoi
    court = auth["court"]
    accepted = _event(client, court, case, type="case_accepted_for_trial", date="2024-06-20")
    wrong = _event(
        client,
        court,
        case,
        type="trial_preparation_extended",
        date="2024-07-01",
        months=1,
        force_majeure=True,
    )
    scheduled = _event(
        client, court, case, type="trial_scheduled", date="2024-07-30", force_majeure=True
    )

    assert accepted.status_code == 201, accepted.json()
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "force_majeure"
    assert scheduled.status_code == 201, scheduled.json()
    opening = Clock.objects.get(case=case, code="HEARING_OPENING")
    assert opening.variant == "FORCE_MAJEURE"
    assert opening.deadline == d(2024, 8, 29)  # 30 days from 30/07/2024


def test_the_procuracys_period_counts_from_the_day_it_received_the_file(client, registry):  # type: ignore[no-untyped-def]
    _, police = _official("HN-CSDT")
    case = _open(client, police, "2024-03-01")
    _event(client, police, case, type="suspect_charged", date="2024-03-02", charges="222.3")

    concluded = _event(
        client,
        police,
        case,
        type="investigation_concluded",
        date="2024-05-20",
        received_on="2024-05-23",
    )

    assert concluded.status_code == 201, concluded.json()
    assert Clock.objects.get(case=case, code="PROSECUTION").start_on == d(2024, 5, 23)
