"""The inbox (/coordination/inbox/): each count is the count of the very list shown,
for every kind of agency."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from phoihop.coordination.selectors import inbox_for
from phoihop.coordination.services import directives
from phoihop.coordination.services import requests as request_services
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

LISTS = {
    "reminders": "reminder-row",
    "tasks": "task-row",
    "escalations": "escalation-row",
    "incoming": "request-row",
    "outgoing": "request-row",
}
USERS = ("dieutra.ag", "giamdinh.ag", "kiemsat.ag", "bcd.ag", "noichinh.ag", "dieutra.hn")


@pytest.fixture
def busy_case(case, send_request, escalation, demo_users, registry, now, today):  # type: ignore[no-untyped-def]
    """Requests open, overdue and answered; a pending escalation; a review directive
    with tasks for the police and the procuracy; the reminders of one sweep."""
    send_request(sent_on=case.opened_on)  # overdue at the forensic centre
    send_request("documents", to="AG-VKS", variant=None, due_on=today + dt.timedelta(days=30))
    send_request("opinion", to="AG-VKS", variant=None, due_on=today + dt.timedelta(days=3))
    answered = send_request(subject="Giám định chữ ký trên hợp đồng")
    request_services.request_move(
        user=demo_users["giamdinh.ag"],
        request_id=answered.pk,
        expected_version=answered.version,
        to="answered",
        answer="Kết luận giám định số 7/KL-PY.",
        now=now,
    )
    directives.directive_issue(
        user=demo_users["noichinh.ag"],
        escalation_id=None,
        case_id=case.pk,
        doc_number="42-KL/BNCTU",
        issued_on=today,
        content="Kết luận rà soát vụ án: đẩy nhanh giám định, định giá.",
        tasks=[
            directives.TaskInput(registry["AG-CSDT"].pk, "Hoàn thành giám định.", today),
            directives.TaskInput(
                registry["AG-VKS"].pk, "Kiểm sát việc giám định.", today + dt.timedelta(5)
            ),
        ],
        now=now,
    )
    call_command("sweep", stdout=io.StringIO())
    return case


def _rendered(client, user) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """For each list: (the count in its badge, the rows shown)."""
    sign_in(client, user)
    response = client.get("/coordination/inbox/")
    assert response.status_code == 200
    page = html.fromstring(response.content)
    shown = {}
    for name, row in LISTS.items():
        badge = page.xpath(f'//*[@data-testid="count-{name}"]')
        rows = page.xpath(f'//*[@data-testid="list-{name}"]//*[@data-testid="{row}"]')
        shown[name] = (int(badge[0].text_content()) if badge else 0, len(rows))
    return shown


@pytest.mark.parametrize("username", USERS)
def test_every_inbox_count_is_the_number_of_rows_shown(
    client, busy_case, demo_users, today, username
):
    user = demo_users[username]
    box = inbox_for(user, today=today)

    shown = _rendered(client, user)

    for name in LISTS:
        listed = len(list(getattr(box, name)))
        assert shown[name] == (listed, listed), (username, name)
        assert box.counts()[name] == listed, (username, name)


def test_the_inboxes_show_what_each_agency_must_act_on(client, busy_case, demo_users, today):
    counts = {u: inbox_for(demo_users[u], today=today).counts() for u in USERS}

    assert counts["giamdinh.ag"]["incoming"] == 1  # the answered request is gone
    assert counts["giamdinh.ag"]["reminders"] >= 1
    assert counts["dieutra.ag"]["outgoing"] == 3
    assert counts["dieutra.ag"]["tasks"] == 1
    assert counts["kiemsat.ag"]["incoming"] == 2
    assert counts["kiemsat.ag"]["tasks"] == 1
    assert counts["bcd.ag"]["escalations"] == 1
    assert set(counts["dieutra.hn"].values()) == {0}


def test_the_standing_body_finds_the_escalation_to_its_committee(busy_case, demo_users, today):
    box = inbox_for(demo_users["noichinh.ag"], today=today)

    assert [e.question for e in box.escalations] == [busy_case.escalations.get().question]


def test_the_overdue_request_comes_first_and_is_marked(client, busy_case, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    page = html.fromstring(client.get("/coordination/inbox/").content)

    rows = page.xpath('//*[@data-testid="list-outgoing"]//*[@data-testid="request-row"]')
    assert "quá hạn" in rows[0].text_content()
    assert all("quá hạn" not in row.text_content() for row in rows[1:])


def test_the_inbox_runs_a_fixed_number_of_queries(client, case, send_request, demo_users):
    sign_in(client, demo_users["giamdinh.ag"])
    send_request(sent_on=case.opened_on)
    call_command("sweep", stdout=io.StringIO())
    client.get("/coordination/inbox/")
    with CaptureQueriesContext(connection) as few:
        client.get("/coordination/inbox/")
    for number in range(5):
        send_request(subject=f"Trưng cầu giám định số {number}", sent_on=case.opened_on)
    call_command("sweep", stdout=io.StringIO())

    with CaptureQueriesContext(connection) as many:
        response = client.get("/coordination/inbox/")

    assert response.status_code == 200
    assert len(many) == len(few)
