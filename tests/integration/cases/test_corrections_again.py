"""A decision changed twice, through the API and the case page: a correction can itself
be corrected or withdrawn; a repeat of a change already made, a change sent from a page
read before another, or a decision no longer on the record is refused with a 4xx
naming why, and changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from phoihop.audit.models import AuditEvent
from phoihop.cases.corrections import Correction, case_event_withdraw
from phoihop.cases.models import Case, WithdrawnEvent
from tests.records import record
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _bearer(username: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _change(client: Client, case: Case, sequence: int, body: dict[str, Any], auth: Any) -> Any:
    return client.post(
        f"/api/v1/cases/{case.pk}/events/{sequence}/withdrawal",
        body,
        content_type="application/json",
        **auth,
    )


def _state(case: Case) -> tuple[Any, ...]:
    """Everything a refused change must leave as it was."""
    case.refresh_from_db()
    return (
        case.version,
        case.stage,
        list(
            case.events.order_by("sequence").values_list("sequence", "type", "date", "doc_number")
        ),
        list(WithdrawnEvent.objects.filter(case=case).values_list("pk", "replaced_by")),
        AuditEvent.objects.filter(action__startswith="case.event.").count(),
    )


@pytest.fixture
def expertise(open_case, demo_users, now):  # type: ignore[no-untyped-def]
    """A police case with a request for expertise recorded with a wrong number."""
    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    wrong = record(
        demo_users["dieutra.ag"],
        case,
        "expertise_requested",
        now.date() - dt.timedelta(days=2),
        now,
    )
    case.refresh_from_db()
    return case, wrong


def test_the_api_withdraws_a_correction_and_the_original_stays_withdrawn(client, expertise, now):
    case, wrong = expertise
    auth = _bearer("dieutra.ag")
    correction = {"date": now.date().isoformat(), "doc_number": "7/QĐ-TCGĐ"}
    corrected = _change(
        client,
        case,
        wrong.sequence,
        {"reason": "Sai số quyết định", "version": case.version, "correction": correction},
        auth,
    )
    case.refresh_from_db()
    again = corrected.json()["corrected"]["sequence"]

    withdrawn = _change(
        client,
        case,
        again,
        {"reason": "Quyết định trưng cầu đã bị hủy", "version": case.version},
        auth,
    )

    assert corrected.status_code == 200, corrected.content
    assert withdrawn.status_code == 200, withdrawn.content
    assert not case.events.filter(type="expertise_requested").exists()
    kept = WithdrawnEvent.objects.filter(case=case).order_by("pk")
    assert [(w.doc_number, w.replaced_by_id) for w in kept] == [("", None), ("7/QĐ-TCGĐ", None)]
    audit = AuditEvent.objects.get(action="case.event.withdrawn")
    assert audit.data["corrects"] == [kept[0].pk]


def test_the_api_corrects_a_correction_and_every_earlier_version_points_to_the_last(
    client, expertise, now
):
    case, wrong = expertise
    auth = _bearer("dieutra.ag")
    first = _change(
        client,
        case,
        wrong.sequence,
        {
            "reason": "Sai số quyết định",
            "version": case.version,
            "correction": {"date": now.date().isoformat(), "doc_number": "7/QĐ-TCGĐ"},
        },
        auth,
    )
    case.refresh_from_db()

    second = _change(
        client,
        case,
        first.json()["corrected"]["sequence"],
        {
            "reason": "Vẫn sai số: 17 chứ không phải 7",
            "version": case.version,
            "correction": {"date": now.date().isoformat(), "doc_number": "17/QĐ-TCGĐ"},
        },
        auth,
    )

    assert first.status_code == 200, first.content
    assert second.status_code == 200, second.content
    last = case.events.get(type="expertise_requested")
    assert last.doc_number == "17/QĐ-TCGĐ"
    assert list(
        WithdrawnEvent.objects.filter(case=case)
        .order_by("pk")
        .values_list("doc_number", "replaced_by")
    ) == [("", last.pk), ("7/QĐ-TCGĐ", last.pk)]


def test_the_only_decision_corrected_twice_is_corrected_and_withdrawing_it_is_refused(
    client, open_case, now
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    auth = _bearer("dieutra.ag")

    def correct(doc_number: str) -> Any:
        case.refresh_from_db()
        body = {
            "reason": "Sai số quyết định khởi tố",
            "version": case.version,
            "correction": {"date": case.opened_on.isoformat(), "doc_number": doc_number},
        }
        return _change(client, case, 1, body, auth)

    first, second = correct("1/QĐ-CSĐT"), correct("11/QĐ-CSĐT")
    before = _state(case)
    withdrawn = _change(client, case, 1, {"reason": "Rút", "version": case.version}, auth)

    assert (first.status_code, second.status_code) == (200, 200), second.content
    assert withdrawn.status_code == 422
    assert withdrawn.json()["field"] == "sequence"
    assert "duy nhất" in withdrawn.json()["message"]
    assert _state(case) == before


def test_the_same_withdrawal_sent_twice_is_refused_as_stale_and_withdraws_nothing_more(
    client, expertise
):
    case, wrong = expertise
    auth = _bearer("dieutra.ag")
    body = {"reason": "Ghi nhầm vào vụ án khác", "version": case.version}
    first = _change(client, case, wrong.sequence, body, auth)
    after_first = _state(case)

    repeated = _change(client, case, wrong.sequence, body, auth)

    assert first.status_code == 200, first.content
    assert repeated.status_code == 409
    assert repeated.json()["code"] == "record.stale"
    assert "đã được người khác thay đổi" in repeated.json()["message"]
    assert _state(case) == after_first


def test_a_decision_no_longer_on_the_record_is_not_found_and_named(client, expertise):
    case, wrong = expertise
    auth = _bearer("dieutra.ag")
    _change(client, case, wrong.sequence, {"reason": "Ghi nhầm", "version": case.version}, auth)
    before = _state(case)

    gone = _change(
        client, case, wrong.sequence, {"reason": "Ghi nhầm", "version": case.version}, auth
    )

    assert gone.status_code == 404
    assert gone.json()["field"] == "sequence"
    assert f"số {wrong.sequence}" in gone.json()["message"]
    assert "không còn trong hồ sơ" in gone.json()["message"]
    assert _state(case) == before


def test_withdrawing_a_decision_a_later_one_depends_on_is_refused_naming_it(
    client, open_case, demo_users, now
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    officer = demo_users["dieutra.ag"]
    suspended = record(
        officer, case, "investigation_suspended", now.date() - dt.timedelta(days=9), now
    )
    record(officer, case, "investigation_resumed", now.date(), now)
    before = _state(case)

    refused = _change(
        client,
        case,
        suspended.sequence,
        {"reason": "Thử rút", "version": case.version},
        _bearer("dieutra.ag"),
    )

    assert refused.status_code == 409
    assert refused.json()["code"] == "event.breaks_history"
    assert "«Phục hồi điều tra»" in refused.json()["message"]
    assert _state(case) == before


def test_the_case_page_withdraws_a_correction_and_refuses_the_same_form_again(
    client, expertise, demo_users, now
):
    case, wrong = expertise
    corrected = case_event_withdraw(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=case.version,
        sequence=wrong.sequence,
        reason="Sai số quyết định",
        correction=Correction(date=now.date(), doc_number="7/QĐ-TCGĐ"),
        now=now,
    )
    assert corrected is not None
    case.refresh_from_db()
    sign_in(client, demo_users["dieutra.ag"])
    url = f"/cases/{case.pk}/events/{corrected.sequence}/change/"
    prefix = f"change-{corrected.sequence}"
    form = {
        f"{prefix}-reason": "Quyết định trưng cầu đã bị hủy",
        f"{prefix}-date": now.date().isoformat(),
        f"{prefix}-version": case.version,
        f"{prefix}-action": "withdraw",
    }

    withdrawn = client.post(url, form)
    after = _state(case)
    # The page as it was read, sent again with another reason (not a copy of the first).
    again = client.post(url, {**form, f"{prefix}-reason": "Gửi lại"})

    assert withdrawn.status_code == 302
    assert not case.events.filter(type="expertise_requested").exists()
    assert list(WithdrawnEvent.objects.filter(case=case).values_list("replaced_by", flat=True)) == [
        None,
        None,
    ]
    assert again.status_code == 409
    assert _state(case) == after
    # Its form is gone with the decision: the refusal is said at the top of the page.
    shown = [str(message) for message in again.context["messages"]]
    assert shown
    assert all(message in again.content.decode() for message in shown)


def test_a_change_from_a_page_read_before_a_correction_is_refused_under_its_form(
    client, expertise, demo_users, now
):
    case, wrong = expertise
    read_at = case.version
    case_event_withdraw(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=read_at,
        sequence=wrong.sequence,
        reason="Sai số quyết định",
        correction=Correction(date=wrong.date, doc_number="7/QĐ-TCGĐ"),
        now=now,
    )
    before = _state(case)
    sign_in(client, demo_users["dieutra.ag"])
    prefix = f"change-{wrong.sequence}"

    stale = client.post(
        f"/cases/{case.pk}/events/{wrong.sequence}/change/",
        {
            f"{prefix}-reason": "Ghi nhầm vào vụ án khác",
            f"{prefix}-date": wrong.date.isoformat(),
            f"{prefix}-version": read_at,
            f"{prefix}-action": "withdraw",
        },
    )

    assert stale.status_code == 409
    assert "đã được người khác thay đổi" in stale.content.decode()
    assert _state(case) == before


def test_the_case_page_answers_404_for_a_decision_no_longer_on_the_record(
    client, expertise, demo_users, now
):
    case, wrong = expertise
    case_event_withdraw(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=case.version,
        sequence=wrong.sequence,
        reason="Ghi nhầm",
        now=now,
    )
    before = _state(case)
    sign_in(client, demo_users["dieutra.ag"])
    prefix = f"change-{wrong.sequence}"

    gone = client.post(
        f"/cases/{case.pk}/events/{wrong.sequence}/change/",
        {
            f"{prefix}-reason": "Ghi nhầm",
            f"{prefix}-date": case.opened_on.isoformat(),
            f"{prefix}-version": case.version,
            f"{prefix}-action": "withdraw",
        },
    )

    assert gone.status_code == 404
    assert _state(case) == before


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_of_one_decision_at_once_let_one_through_and_refuse_the_other(
    expertise,
):
    case, wrong = expertise
    auth = _bearer("dieutra.ag")
    body = {"reason": "Ghi nhầm vào vụ án khác", "version": case.version}
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def withdraw() -> None:
        try:
            barrier.wait()
            answers.append(_change(Client(), case, wrong.sequence, body, auth).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(answers) == [200, 409]
    case.refresh_from_db()
    assert case.version == body["version"] + 1
    assert WithdrawnEvent.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action="case.event.withdrawn").count() == 1
