"""What the case page shows of the coordination around the case: plan targets beside
the statutory clocks, and the suspension the law allows when an expertise is still
pending after the investigation period ran out."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from phoihop.clocks.models import Clock
from tests.integration.coordination.conftest import at
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _plan_badges(client, case) -> list[str]:  # type: ignore[no-untyped-def]
    page = html.fromstring(client.get(f"/cases/{case.pk}/").content)
    return [b.get("class").split()[-1] for b in page.xpath('//*[@data-testid="plan"]//span')]


def _set_target(client, case, target_on: dt.date):  # type: ignore[no-untyped-def]
    return client.post(
        f"/coordination/cases/{case.pk}/plan/",
        {"stage": "investigation", "target_on": target_on.isoformat(), "note": "Kế hoạch BCĐ"},
    )


def test_a_plan_target_ahead_shows_on_track(client, case, demo_users, today):
    sign_in(client, demo_users["noichinh.ag"])

    response = _set_target(client, case, today + dt.timedelta(days=20))

    assert response.status_code == 302
    assert _plan_badges(client, case) == ["plan-on_track"]


def test_a_plan_target_passed_before_the_stage_ended_shows_late(client, case, demo_users, today):
    sign_in(client, demo_users["noichinh.ag"])

    response = _set_target(client, case, today - dt.timedelta(days=1))

    assert response.status_code == 302
    assert _plan_badges(client, case) == ["plan-late"]


def test_only_the_oversight_bodies_set_plan_targets(client, case, demo_users, today):
    sign_in(client, demo_users["dieutra.ag"])

    response = _set_target(client, case, today + dt.timedelta(days=20))

    assert response.status_code == 404
    assert not case.plan_targets.exists()


def test_an_expertise_open_after_the_investigation_ran_out_shows_the_suspension_hint(
    client, open_case, send_request, demo_users, today
):
    case = open_case(initiated_on=today - dt.timedelta(days=400))
    investigation = Clock.objects.get(case=case, code="INVESTIGATION")
    assert investigation.deadline < today
    send_request(on_case=case)
    sign_in(client, demo_users["dieutra.ag"])

    page = html.fromstring(client.get(f"/cases/{case.pk}/").content)

    hints = [h.text_content() for h in page.xpath('//*[@data-testid="suspension-hint"]')]
    assert len(hints) == 1
    assert "Trưng cầu giám định chưa có kết quả" in hints[0]
    assert f"{investigation.deadline:%d/%m/%Y}" in hints[0]
    assert "tạm đình chỉ điều tra" in hints[0]
    assert "Điều 229" in hints[0]


def test_no_suspension_hint_while_the_investigation_period_runs(
    client, case, send_request, demo_users
):
    send_request()
    sign_in(client, demo_users["dieutra.ag"])

    page = html.fromstring(client.get(f"/cases/{case.pk}/").content)

    assert page.xpath('//*[@data-testid="suspension-hint"]') == []


def test_the_case_page_lists_the_requests_overdue_first_then_open_then_closed(
    client, case, send_request, demo_users, today
):
    from phoihop.coordination.services import requests as request_services

    later = send_request(subject="Trưng cầu giám định chữ ký")
    late = send_request(
        subject="Trưng cầu giám định sổ sách", sent_on=today - dt.timedelta(days=30)
    )
    done = send_request(
        subject="Trưng cầu giám định con dấu", sent_on=today - dt.timedelta(days=40)
    )
    request_services.request_move(
        user=demo_users["dieutra.ag"],
        request_id=done.pk,
        expected_version=done.version,
        to="cancelled",
        reason="Đã có kết luận từ vụ án khác.",
        now=at(today),
    )
    sign_in(client, demo_users["dieutra.ag"])

    shown = client.get(f"/cases/{case.pk}/").context["coordination"]["requests"]

    assert [r.pk for r in shown] == [late.pk, later.pk, done.pk]
