"""A directive issued after a review (no escalation), and the time an obstacle spent
in each status."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.coordination.models import Directive, Obstacle, Task
from phoihop.coordination.services import obstacles
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_the_steering_committee_issues_a_review_directive_with_a_task(
    client, case, demo_users, today
):
    sign_in(client, demo_users["bcd.ag"])
    police = demo_users["dieutra.ag"].agency

    response = client.post(
        f"/coordination/cases/{case.pk}/directives/new/",
        {
            "doc_number": "21-KL/BCĐ",
            "issued_on": today.isoformat(),
            "content": "Khẩn trương hoàn thành giám định, báo cáo Ban Chỉ đạo.",
            "task_agency": police.pk,
            "task_description": "Hoàn thành giám định trong tháng.",
            "task_due_on": (today + dt.timedelta(days=20)).isoformat(),
        },
    )

    assert response.status_code == 302
    directive = Directive.objects.get(doc_number="21-KL/BCĐ")
    assert directive.escalation is None
    assert Task.objects.get(directive=directive).agency == police


def test_the_police_cannot_issue_a_directive(client, case, demo_users, today):
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/coordination/cases/{case.pk}/directives/new/",
        {
            "doc_number": "1",
            "issued_on": today.isoformat(),
            "content": "x",
            "task_agency": demo_users["dieutra.ag"].agency_id,
            "task_description": "x",
            "task_due_on": today.isoformat(),
        },
    )

    assert response.status_code == 404
    assert not Directive.objects.exists()


def test_the_obstacle_page_shows_the_time_spent_in_each_status(client, case, demo_users, now):
    police = demo_users["dieutra.ag"]
    obstacle = obstacles.obstacle_raise(
        user=police,
        case_id=case.pk,
        category="valuation",
        description="Hội đồng định giá chưa trả lời.",
        now=now - dt.timedelta(days=6),
    )
    obstacles.obstacle_move(
        user=police,
        obstacle_id=obstacle.pk,
        expected_version=None,
        to="being_resolved",
        now=now - dt.timedelta(days=2),
    )
    sign_in(client, police)

    body = client.get(f"/coordination/obstacles/{obstacle.pk}/").content.decode()

    assert 'data-testid="durations"' in body
    assert "4 ngày" in body  # open for four days
    assert Obstacle.objects.get(pk=obstacle.pk).status == "being_resolved"
