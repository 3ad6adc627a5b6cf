"""The hearing opened, first instance and appeal (BLTTHS Art. 277(3), 346(1)): recorded
by the court through the API, it ends the clock that asks the hearing to open, so a long
trial opened in time is not shown as missed while its judgment is still weeks away."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from phoihop.clocks.models import Clock
from tests.records import record, suspect_charge

pytestmark = pytest.mark.django_db


def _token(username: str) -> str:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def trial_case(open_case, demo_users, now, today):  # type: ignore[no-untyped-def]
    """A case brought to trial 40 days ago through the real services, by each agency."""
    start = today - dt.timedelta(days=200)
    case = open_case(initiated_on=start)
    police, procuracy, court = (demo_users[u] for u in ("dieutra.ag", "kiemsat.ag", "toaan.ag"))
    suspect_charge(
        case, police, now, "Lê Văn Bình", on=start + dt.timedelta(days=2), charges="353.3"
    )
    record(police, case, "investigation_concluded", start + dt.timedelta(days=100), now)
    record(procuracy, case, "indicted", start + dt.timedelta(days=120), now, charges="353.3")
    record(court, case, "case_accepted_for_trial", start + dt.timedelta(days=125), now)
    record(court, case, "trial_scheduled", today - dt.timedelta(days=40), now)
    case.refresh_from_db()
    return case


def _hearing_clock(case) -> Clock:  # type: ignore[no-untyped-def]
    return Clock.objects.get(case=case, code="HEARING_OPENING")


def test_the_court_records_the_hearing_opened_through_the_api_and_the_clock_is_met(
    client, trial_case, today
):
    opened_on = today - dt.timedelta(days=30)
    before = _hearing_clock(trial_case)

    answer = client.post(
        f"/api/v1/cases/{trial_case.pk}/events",
        {"type": "hearing_opened", "date": opened_on.isoformat(), "version": trial_case.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token('toaan.ag')}",
    )

    after = _hearing_clock(trial_case)
    assert before.status == "overdue"
    assert answer.status_code == 201, answer.content
    assert after.status == "met"
    assert after.ended_on == opened_on


def test_the_procuracy_cannot_record_the_hearing_opened(client, trial_case, today):
    answer = client.post(
        f"/api/v1/cases/{trial_case.pk}/events",
        {"type": "hearing_opened", "date": today.isoformat(), "version": trial_case.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token('kiemsat.ag')}",
    )

    assert answer.status_code == 404  # a refusal looks like not found (DESIGN §5)
    assert answer.json()["code"] == "access.denied"
    assert "Tòa án" in answer.json()["message"]
    assert _hearing_clock(trial_case).status != "met"


def test_an_appellate_hearing_opened_through_the_services_ends_the_appellate_clock(
    trial_case, demo_users, today, now
):
    court = demo_users["toaan.ag"]
    record(court, trial_case, "hearing_opened", today - dt.timedelta(days=35), now)
    record(court, trial_case, "first_instance_judgment", today - dt.timedelta(days=30), now)
    record(court, trial_case, "appealed", today - dt.timedelta(days=25), now)
    record(court, trial_case, "appeal_accepted", today - dt.timedelta(days=20), now)
    record(court, trial_case, "appellate_trial_scheduled", today - dt.timedelta(days=10), now)

    record(court, trial_case, "appellate_hearing_opened", today - dt.timedelta(days=2), now)

    clock = Clock.objects.get(case=trial_case, code="APPELLATE_HEARING")
    assert clock.status == "met"
    assert clock.ended_on == today - dt.timedelta(days=2)


def test_an_appeal_accepted_by_the_supreme_court_gets_its_longer_periods(
    trial_case, demo_users, registry, today, now
):
    from django.contrib.auth import get_user_model

    from phoihop.cases.participation import case_agency_add

    court = demo_users["toaan.ag"]
    supreme = get_user_model().objects.create_user(
        "toaan.tc", agency=registry["TATC"], role="officer", clearance=1
    )
    record(court, trial_case, "hearing_opened", today - dt.timedelta(days=35), now)
    record(court, trial_case, "first_instance_judgment", today - dt.timedelta(days=30), now)
    record(court, trial_case, "appealed", today - dt.timedelta(days=25), now)
    case_agency_add(
        user=court,
        case_id=trial_case.pk,
        expected_version=None,
        agency_id=registry["TATC"].pk,
        since=today - dt.timedelta(days=20),
        now=now,
    )

    record(supreme, trial_case, "appeal_accepted", today - dt.timedelta(days=20), now)

    decision = Clock.objects.get(case=trial_case, code="APPELLATE_DECISION")
    assert decision.variant == "SUPREME"
    assert (decision.deadline - decision.start_on).days >= 75


def test_a_postponed_hearing_is_reopened_through_the_api_within_thirty_days(
    client, trial_case, demo_users, today, now
):
    court = demo_users["toaan.ag"]
    record(court, trial_case, "hearing_opened", today - dt.timedelta(days=30), now)
    record(court, trial_case, "hearing_postponed", today - dt.timedelta(days=20), now)
    running = Clock.objects.get(case=trial_case, code="HEARING_REOPENING")
    trial_case.refresh_from_db()

    answer = client.post(
        f"/api/v1/cases/{trial_case.pk}/events",
        {
            "type": "hearing_opened",
            "date": (today - dt.timedelta(days=2)).isoformat(),
            "version": trial_case.version,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token('toaan.ag')}",
    )

    assert running.status in ("running", "due_soon")
    assert running.deadline >= today
    assert answer.status_code == 201, answer.content
    assert Clock.objects.get(case=trial_case, code="HEARING_REOPENING").status == "met"


def test_after_a_court_return_the_procuracy_sends_a_new_indictment_through_the_api(
    client, open_case, demo_users, today, now
):
    start = today - dt.timedelta(days=200)
    case = open_case(initiated_on=start)
    police, procuracy, court = (demo_users[u] for u in ("dieutra.ag", "kiemsat.ag", "toaan.ag"))
    suspect_charge(
        case, police, now, "Đỗ Văn Hùng", on=start + dt.timedelta(days=2), charges="353.3"
    )
    record(police, case, "investigation_concluded", start + dt.timedelta(days=100), now)
    record(procuracy, case, "indicted", start + dt.timedelta(days=120), now, charges="353.3")
    record(court, case, "case_accepted_for_trial", start + dt.timedelta(days=125), now)
    record(
        court, case, "returned_for_additional_investigation", start + dt.timedelta(days=140), now
    )
    record(police, case, "additional_investigation_concluded", start + dt.timedelta(days=170), now)
    case.refresh_from_db()

    answer = client.post(
        f"/api/v1/cases/{case.pk}/events",
        {
            "type": "indicted",
            "date": (start + dt.timedelta(days=175)).isoformat(),
            "charges": "353.4",
            "version": case.version,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token('kiemsat.ag')}",
    )

    case.refresh_from_db()
    assert answer.status_code == 201, answer.content
    assert case.stage == "first_instance"
    assert case.charges == [{"article": 353, "clause": 4}]


def test_the_investigating_body_records_a_wanted_notice_for_its_suspect(open_case, demo_users, now):
    case = open_case()

    record(demo_users["dieutra.ag"], case, "wanted_notice", now.date(), now)

    case.refresh_from_db()
    assert case.stage == "investigation"
    assert case.events.filter(type="wanted_notice", agency__code="AG-CSDT").exists()
