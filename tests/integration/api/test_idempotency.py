"""Retries through the API write nothing twice: a POST with an Idempotency-Key gets the
first answer again, a key reused for another request or a malformed key is refused, two
copies racing each other run the service once; and a numbered decision is recorded
once for its case, type and date, with or without a key (issue 5, item 3)."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.models import Case, CaseEvent
from phoihop.core.clock import today
from phoihop.core.models import IdempotencyRecord
from phoihop.domain.errors import TransitionNotAllowed

pytestmark = pytest.mark.django_db

DOC_NUMBER = "15/QĐ-TCGĐ"


def _token(username: str) -> str:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip()


def _decision(case: Case, **changes: Any) -> dict[str, Any]:
    case.refresh_from_db()
    return {
        "type": "expertise_requested",
        "date": today().isoformat(),
        "doc_number": DOC_NUMBER,
        "version": case.version,
        **changes,
    }


def _post(client: Client, case: Case, body: dict[str, Any], *, token: str, key: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        f"/api/v1/cases/{case.pk}/events", body, content_type="application/json", **headers
    )


def _writes(case: Case) -> tuple[int, int, int, int]:
    case.refresh_from_db()
    return (
        CaseEvent.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
        case.version,
        IdempotencyRecord.objects.count(),
    )


@pytest.fixture
def case(open_case):  # type: ignore[no-untyped-def]
    return open_case("Vụ án tham nhũng tại Sở Xây dựng tỉnh An Giang")


@pytest.fixture
def service_calls(monkeypatch):  # type: ignore[no-untyped-def]
    """Each run of the recording service, seen from the API (which calls it by name)."""
    calls: list[services.EventInput] = []
    record = services.case_record_event

    def counted(**kwargs: Any) -> CaseEvent:
        calls.append(kwargs["event"])
        return record(**kwargs)

    monkeypatch.setattr(services, "case_record_event", counted)
    return calls


# Idempotency-Key


def test_a_retry_with_the_same_key_gets_the_first_answer_and_writes_nothing(
    client, case, service_calls
):
    token = _token("dieutra.ag")
    body = _decision(case)
    first = _post(client, case, body, token=token, key="lo-2026-03-02/0001")
    after_first = _writes(case)

    retry = _post(client, case, body, token=token, key="lo-2026-03-02/0001")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert len(service_calls) == 1
    assert _writes(case) == after_first


def test_a_key_belongs_to_the_user_not_to_one_of_their_tokens(client, case, service_calls):
    body = _decision(case)
    first = _post(client, case, body, token=_token("dieutra.ag"), key="k-1")

    retry = _post(client, case, body, token=_token("dieutra.ag"), key="k-1")

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert len(service_calls) == 1


def test_another_user_may_use_the_same_key_for_their_own_request(client, case, service_calls):
    _post(client, case, _decision(case), token=_token("dieutra.ag"), key="k-1")

    theirs = _post(
        client,
        case,
        _decision(case, doc_number="07/QĐ-VKS"),
        token=_token("kiemsat.ag"),
        key="k-1",
    )

    assert theirs.status_code == 201
    assert len(service_calls) == 2


def test_the_same_key_with_another_body_is_refused_with_422_in_vietnamese(
    client, case, service_calls
):
    token = _token("dieutra.ag")
    _post(client, case, _decision(case), token=token, key="k-1")
    after_first = _writes(case)

    other = _post(client, case, _decision(case, doc_number="16/QĐ-TCGĐ"), token=token, key="k-1")

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency.mismatch"
    assert other.json()["field"] == "Idempotency-Key"
    assert "khóa mới" in other.json()["message"]
    assert len(service_calls) == 1
    assert _writes(case) == after_first


def test_the_same_key_on_another_case_is_refused_with_422(client, case, open_case, service_calls):
    token = _token("dieutra.ag")
    other_case = open_case("Vụ án buôn lậu tại cửa khẩu Tịnh Biên")
    body = _decision(case)
    _post(client, case, body, token=token, key="k-1")

    elsewhere = _post(client, other_case, body, token=token, key="k-1")

    assert elsewhere.status_code == 422
    assert elsewhere.json()["code"] == "idempotency.mismatch"
    assert len(service_calls) == 1
    assert CaseEvent.objects.filter(case=other_case).count() == 1


def test_a_refused_request_keeps_no_record_and_its_key_serves_the_corrected_one(
    client, case, service_calls
):
    token = _token("dieutra.ag")
    stale = _post(client, case, _decision(case, version=99), token=token, key="k-1")
    assert stale.status_code == 409
    assert IdempotencyRecord.objects.count() == 0

    corrected = _post(client, case, _decision(case), token=token, key="k-1")

    assert corrected.status_code == 201
    assert IdempotencyRecord.objects.get().response_status == 201


@pytest.mark.parametrize(
    "key",
    ["x" * 201, "", "lô\x01hàng", "lô\nhàng", "abc\x7f", "abc\x9b", "abc\ud800"],
    ids=["201 characters", "empty", "SOH", "newline", "DEL", "C1 control", "lone surrogate"],
)
def test_a_key_too_long_or_with_control_characters_is_refused_with_400(
    client, case, service_calls, key
):
    token = _token("dieutra.ag")
    before = _writes(case)

    response = _post(client, case, _decision(case), token=token, key=key)

    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "field"}
    assert response.json()["code"] == "idempotency.key_invalid"
    assert service_calls == []
    assert _writes(case) == before


def test_a_key_of_200_characters_is_accepted(client, case):
    response = _post(client, case, _decision(case), token=_token("dieutra.ag"), key="k" * 200)

    assert response.status_code == 201
    assert len(IdempotencyRecord.objects.get().key) == 200


def test_the_api_description_documents_the_header_on_the_recording_route(client, demo_users):
    schema = client.get(
        "/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {_token('dieutra.ag')}"
    ).json()

    parameters = schema["paths"]["/api/v1/cases/{case_id}/events"]["post"]["parameters"]

    assert sorted((p["in"], p["name"]) for p in parameters) == [
        ("header", "Idempotency-Key"),
        ("path", "case_id"),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_copies_racing_each_other_run_the_service_once(case, demo_users, monkeypatch):
    """Two tokens of one user, so that neither waits on the other's token row: the
    second copy waits on the (user, key) constraint, or on SQLite's write lock."""
    tokens = [_token("dieutra.ag"), _token("dieutra.ag")]
    body = _decision(case)
    calls: list[str] = []
    record = services.case_record_event

    def slow(**kwargs: Any) -> CaseEvent:
        calls.append(threading.current_thread().name)
        time.sleep(0.3)  # the first copy holds its claim while the second arrives
        return record(**kwargs)

    monkeypatch.setattr(services, "case_record_event", slow)
    barrier = threading.Barrier(2)
    answers: dict[str, tuple[int, Any]] = {}

    def send(token: str) -> None:
        try:
            barrier.wait()
            response = _post(Client(), case, body, token=token, key="k-race")
            answers[token] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    first, second = answers.values()
    assert first == second
    assert first[0] == 201
    assert len(calls) == 1
    assert CaseEvent.objects.filter(case=case).count() == 2
    assert IdempotencyRecord.objects.count() == 1


# One numbered decision, once


def test_a_second_identical_decision_without_a_key_is_refused_with_409_naming_its_number(
    client, case
):
    token = _token("dieutra.ag")
    body = _decision(case)
    assert _post(client, case, body, token=token).status_code == 201
    after_first = _writes(case)

    again = _post(client, case, body, token=token)

    assert again.status_code == 409
    assert again.json()["code"] == "event.duplicate"
    assert again.json()["field"] == "doc_number"
    assert DOC_NUMBER in again.json()["message"]
    assert "đã được ghi nhận" in again.json()["message"]
    assert _writes(case) == after_first


def test_a_second_copy_sent_with_the_current_version_is_refused_too(client, case):
    token = _token("dieutra.ag")
    _post(client, case, _decision(case), token=token)
    after_first = _writes(case)

    again = _post(client, case, _decision(case), token=token)  # the version after the first

    assert again.status_code == 409
    assert again.json()["code"] == "event.duplicate"
    assert _writes(case) == after_first


@pytest.mark.parametrize(
    "second",
    [
        {"doc_number": "16/QĐ-TCGĐ"},
        {"type": "valuation_requested"},
        {"date": today().isoformat()},
    ],
    ids=["another number", "another type", "a later date"],
)
def test_a_decision_differing_in_number_type_or_date_is_recorded(client, case, second):
    token = _token("dieutra.ag")
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    _post(client, case, _decision(case, date=yesterday), token=token)

    response = _post(client, case, _decision(case, **{"date": yesterday, **second}), token=token)

    assert response.status_code == 201
    assert CaseEvent.objects.filter(case=case).count() == 3


def test_decisions_without_a_number_may_repeat(client, case):
    token = _token("dieutra.ag")
    _post(client, case, _decision(case, doc_number=""), token=token)

    response = _post(client, case, _decision(case, doc_number=""), token=token)

    assert response.status_code == 201
    assert CaseEvent.objects.filter(case=case).count() == 3


def test_the_rule_lives_in_the_service_that_pages_and_api_share(case, demo_users, now):
    def record() -> CaseEvent:
        case.refresh_from_db()
        return services.case_record_event(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=case.version,
            event=services.EventInput(
                type="expertise_requested", date=now.date(), doc_number=DOC_NUMBER
            ),
            now=now,
        )

    record()

    with pytest.raises(TransitionNotAllowed) as refusal:
        record()

    assert refusal.value.code == "event.duplicate"
    assert DOC_NUMBER in refusal.value.message
