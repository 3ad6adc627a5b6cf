"""Every coordination page answers every demo user: the page, or 404 when the record
is out of the user's reach; never a server error."""

from __future__ import annotations

import pytest

from phoihop.coordination.services import obstacles
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

USERS = (
    "noichinh.ag",
    "bcd.ag",
    "dieutra.ag",
    "kiemsat.ag",
    "toaan.ag",
    "giamdinh.ag",
    "noichinh.tw",
    "dieutra.hn",
)


@pytest.fixture
def pages(case, send_request, task, demo_users, now):  # type: ignore[no-untyped-def]
    request = send_request()
    obstacle = obstacles.obstacle_raise(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        category="expertise",
        description="Chưa có kết luận giám định.",
        now=now,
    )
    directive = task.directive
    meeting_id = directive.escalation.agenda_item.meeting_id
    return {
        "/coordination/inbox/": False,  # False: not a page of the case
        "/coordination/meetings/": False,
        "/coordination/meetings/new/": False,
        f"/coordination/meetings/{meeting_id}/": True,
        f"/coordination/cases/{case.pk}/requests/new/": True,
        f"/coordination/requests/{request.pk}/": True,
        f"/coordination/cases/{case.pk}/obstacles/new/": True,
        f"/coordination/obstacles/{obstacle.pk}/": True,
        f"/coordination/cases/{case.pk}/plan/": True,
        f"/coordination/escalations/{directive.escalation_id}/": True,
        f"/coordination/directives/{directive.pk}/": True,
        f"/coordination/tasks/{task.pk}/report/": True,
        f"/cases/{case.pk}/": True,
    }


@pytest.mark.parametrize("username", USERS)
def test_every_page_answers_with_the_page_or_404(client, pages, demo_users, username):
    sign_in(client, demo_users[username])

    statuses = {url: client.get(url).status_code for url in pages}

    assert set(statuses.values()) <= {200, 404}, statuses
    if username == "dieutra.hn":
        assert {statuses[url] for url, of_case in pages.items() if of_case} == {404}
