"""An agency corrects or withdraws its own decision with a reason: the original stays on
record as withdrawn, the correction takes its place by date, stage and clocks are derived
again, and a change another decision depends on is refused naming it."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.cases.corrections import Correction, case_event_withdraw
from phoihop.cases.models import WithdrawnEvent
from phoihop.clocks.models import Clock
from phoihop.domain.errors import AccessDenied, InvalidInput, TransitionNotAllowed
from tests.records import record

pytestmark = pytest.mark.django_db


def test_a_wrong_extension_date_is_corrected_and_the_clock_follows(open_case, demo_users, now):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=150), charges="353.2")
    extension = record(
        demo_users["kiemsat.ag"], case, "investigation_extended", now.date(), now, months=2
    )
    typo = Clock.objects.get(case=case, code="INVESTIGATION").deadline

    corrected = case_event_withdraw(
        user=demo_users["kiemsat.ag"],
        case_id=case.pk,
        expected_version=None,
        sequence=extension.sequence,
        reason="Nhập nhầm thời hạn gia hạn: quyết định gia hạn 4 tháng",
        correction=Correction(date=now.date(), doc_number="05/QĐ-VKS", params={"months": 4}),
        now=now,
    )

    assert corrected is not None
    assert corrected.params["months"] == 4
    assert Clock.objects.get(case=case, code="INVESTIGATION").deadline > typo
    kept = WithdrawnEvent.objects.get(case=case)
    assert kept.params["months"] == 2
    assert kept.replaced_by == corrected
    assert "Nhập nhầm" in kept.reason
    audit = AuditEvent.objects.get(action="case.event.corrected")
    assert audit.data["type"] == "investigation_extended"


def test_a_decision_entered_on_the_wrong_case_is_withdrawn_and_the_stage_goes_back(
    open_case, demo_users, now
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    suspended = record(demo_users["dieutra.ag"], case, "investigation_suspended", now.date(), now)
    case.refresh_from_db()
    assert case.stage == "investigation_suspended"

    result = case_event_withdraw(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=case.version,
        sequence=suspended.sequence,
        reason="Ghi nhầm vào vụ án khác",
        now=now,
    )

    case.refresh_from_db()
    assert result is None
    assert case.stage == "investigation"
    assert not case.events.filter(type="investigation_suspended").exists()
    assert WithdrawnEvent.objects.filter(case=case, type="investigation_suspended").exists()


def test_a_withdrawal_a_later_decision_depends_on_is_refused_and_writes_nothing(
    open_case, demo_users, now
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    suspended = record(
        demo_users["dieutra.ag"],
        case,
        "investigation_suspended",
        now.date() - dt.timedelta(days=9),
        now,
    )
    record(demo_users["dieutra.ag"], case, "investigation_resumed", now.date(), now)
    case.refresh_from_db()
    version, count = case.version, case.events.count()

    with pytest.raises(TransitionNotAllowed) as refusal:
        case_event_withdraw(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=None,
            sequence=suspended.sequence,
            reason="Thử rút",
            now=now,
        )

    case.refresh_from_db()
    assert "«Phục hồi điều tra»" in refusal.value.message
    assert (case.version, case.events.count()) == (version, count)
    assert not WithdrawnEvent.objects.exists()


def test_only_the_recording_agency_corrects_and_a_reason_is_required(open_case, demo_users, now):
    case = open_case()
    first = case.events.get(sequence=1)  # the police's initiation

    with pytest.raises(AccessDenied):
        case_event_withdraw(
            user=demo_users["kiemsat.ag"],
            case_id=case.pk,
            expected_version=None,
            sequence=first.sequence,
            reason="Không phải quyết định của Viện kiểm sát",
            now=now,
        )
    with pytest.raises(InvalidInput) as no_reason:
        case_event_withdraw(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=None,
            sequence=first.sequence,
            reason="  ",
            now=now,
        )

    assert no_reason.value.field == "reason"
    assert case.events.count() == 1


def test_the_case_page_corrects_a_decision_and_shows_the_original_struck_through(
    client, open_case, demo_users, now
):
    from tests.signin import sign_in

    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    wrong = record(
        demo_users["dieutra.ag"],
        case,
        "expertise_requested",
        now.date() - dt.timedelta(days=2),
        now,
    )
    case.refresh_from_db()
    sign_in(client, demo_users["dieutra.ag"])
    url = f"/cases/{case.pk}/events/{wrong.sequence}/change/"
    prefix = f"change-{wrong.sequence}"
    form = {
        f"{prefix}-reason": "Sai ngày trên quyết định",
        f"{prefix}-date": (now.date() - dt.timedelta(days=3)).isoformat(),
        f"{prefix}-doc_number": "31/QĐ-TCGĐ",
        f"{prefix}-version": case.version,
    }

    page = client.get(f"/cases/{case.pk}/").content.decode()
    no_reason = client.post(url, {**form, f"{prefix}-reason": "", f"{prefix}-action": "correct"})
    # The browser sends the hidden default, then the button pressed.
    corrected = client.post(url, {**form, f"{prefix}-action": ["withdraw", "correct"]})
    after = client.get(f"/cases/{case.pk}/").content.decode()

    assert f'data-testid="change-event-{wrong.sequence}"' in page
    assert no_reason.status_code == 400
    assert corrected.status_code == 302
    assert 'data-testid="withdrawn"' in after
    assert "Sai ngày trên quyết định" in after
    assert case.events.get(type="expertise_requested").doc_number == "31/QĐ-TCGĐ"


def test_the_api_corrects_a_decision_and_refuses_another_agencys(
    client, open_case, demo_users, now
):
    import io

    from django.core.management import call_command

    def token(username: str) -> str:
        out = io.StringIO()
        call_command("token", "create", username, stdout=out)
        return out.getvalue().strip()

    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    wrong = record(demo_users["dieutra.ag"], case, "expertise_requested", now.date(), now)
    case.refresh_from_db()
    url = f"/api/v1/cases/{case.pk}/events/{wrong.sequence}/withdrawal"
    body = {
        "reason": "Sai số quyết định",
        "version": case.version,
        "correction": {"date": now.date().isoformat(), "doc_number": "7/QĐ-TCGĐ"},
    }

    refused = client.post(
        url,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token('kiemsat.ag')}",
    )
    done = client.post(
        url,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token('dieutra.ag')}",
    )

    assert refused.status_code == 404
    assert done.status_code == 200, done.content
    assert done.json()["corrected"]["doc_number"] == "7/QĐ-TCGĐ"
    assert WithdrawnEvent.objects.filter(case=case, doc_number="").count() == 1
