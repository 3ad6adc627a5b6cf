"""Moving a request along over HTTP: the recipient acts, the version guards against
a page that went stale while someone else moved the request."""

from __future__ import annotations

import pytest
from django.db import transaction
from lxml import html

from phoihop.audit.models import AuditEvent
from phoihop.coordination.services.requests import request_move
from phoihop.core.clock import now as clock_now
from phoihop.core.errors import NotFound
from phoihop.domain.errors import DomainError
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_a_move_from_a_stale_page_is_refused_with_409_and_changes_nothing(
    client, send_request, demo_users
):
    request = send_request()
    seen = request.version
    sign_in(client, demo_users["giamdinh.ag"])
    first = client.post(
        f"/coordination/requests/{request.pk}/move/", {"to": "received", "version": seen}
    )
    audited = AuditEvent.objects.count()

    second = client.post(
        f"/coordination/requests/{request.pk}/move/", {"to": "in_progress", "version": seen}
    )

    assert first.status_code == 302
    assert second.status_code == 409
    assert "đã được người khác cập nhật" in second.content.decode()
    request.refresh_from_db()
    assert (request.status, request.version) == ("received", seen + 1)
    assert AuditEvent.objects.count() == audited


def test_the_recipient_answers_and_the_request_leaves_the_inboxes(client, send_request, demo_users):
    request = send_request()
    sign_in(client, demo_users["giamdinh.ag"])

    response = client.post(
        f"/coordination/requests/{request.pk}/move/",
        {"to": "answered", "answer": "Kết luận giám định số 12/KL-PY.", "version": 1},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "answered"
    assert request.answered_on is not None
    inbox = client.get("/coordination/inbox/").content.decode()
    assert request.subject not in inbox


def test_the_sender_may_not_answer_its_own_request(client, send_request, demo_users):
    request = send_request()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/coordination/requests/{request.pk}/move/",
        {"to": "answered", "answer": "Tự trả lời", "version": request.version},
    )

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "sent"


def test_the_page_offers_each_party_only_its_own_moves(client, send_request, demo_users):
    request = send_request()

    buttons = {}
    for username in ("dieutra.ag", "giamdinh.ag", "noichinh.ag"):
        sign_in(client, demo_users[username])
        body = client.get(f"/coordination/requests/{request.pk}/").content.decode()
        buttons[username] = {
            move
            for move in ("received", "answered", "declined", "cancelled", "in_progress")
            if f'name="to" value="{move}"' in body
        }

    assert buttons == {
        "dieutra.ag": {"cancelled"},
        "giamdinh.ag": {"received", "answered", "declined"},
        "noichinh.ag": set(),
    }


def _buttons(client, request) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The moves the request's page offers: {value posted: the button's words}."""
    page = html.fromstring(client.get(f"/coordination/requests/{request.pk}/").content)
    return {
        button.get("value"): " ".join(button.text_content().split())
        for button in page.xpath('//button[@name="to"]')
    }


def test_the_sender_sees_no_answer_box_and_a_button_naming_the_cancellation(
    client, send_request, demo_users
):
    request = send_request()
    sign_in(client, demo_users["dieutra.ag"])

    body = client.get(f"/coordination/requests/{request.pk}/").content.decode()

    assert _buttons(client, request) == {"cancelled": "Hủy yêu cầu"}
    assert 'name="answer"' not in body
    assert "Lý do hủy (không bắt buộc)" in body


def test_the_recipient_sees_the_answer_box_and_buttons_naming_its_actions(
    client, send_request, demo_users
):
    request = send_request()
    sign_in(client, demo_users["giamdinh.ag"])

    body = client.get(f"/coordination/requests/{request.pk}/").content.decode()

    assert _buttons(client, request) == {
        "received": "Xác nhận đã tiếp nhận",
        "answered": "Gửi trả lời",
        "declined": "Từ chối yêu cầu",
    }
    assert 'name="answer"' in body
    assert "Đã hủy" not in body


def test_a_read_only_account_of_the_recipient_sees_no_action_and_may_take_none(
    client, send_request, demo_users
):
    request = send_request()
    reader = demo_users["giamdinh.ag"]
    reader.role = "viewer"
    reader.save(update_fields=["role"])
    sign_in(client, reader)

    body = client.get(f"/coordination/requests/{request.pk}/").content.decode()
    refused = client.post(
        f"/coordination/requests/{request.pk}/move/", {"to": "received", "version": 1}
    )

    assert _buttons(client, request) == {}
    assert 'name="answer"' not in body
    assert 'name="text"' not in body  # no message box either
    assert refused.status_code in (403, 404)
    request.refresh_from_db()
    assert request.status == "sent"


USERS = ("dieutra.ag", "giamdinh.ag", "noichinh.ag", "kiemsat.ag")
STEPS_TO = {
    "sent": [],
    "received": ["received"],
    "in_progress": ["received", "in_progress"],
    "answered": ["answered"],
}


@pytest.mark.parametrize("status", STEPS_TO)
def test_the_page_offers_exactly_the_moves_the_service_accepts(
    client, send_request, demo_users, status
):
    request = send_request()
    for step in STEPS_TO[status]:
        request = request_move(
            user=demo_users["giamdinh.ag"],
            request_id=request.pk,
            expected_version=request.version,
            to=step,
            answer="Kết luận số 3/KL-PY.",
            now=clock_now(),
        )

    for username in USERS:
        sign_in(client, demo_users[username])
        offered = set(_buttons(client, request))
        accepted = set()
        for move in ("received", "in_progress", "answered", "declined", "cancelled"):
            try:
                with transaction.atomic():
                    request_move(
                        user=demo_users[username],
                        request_id=request.pk,
                        expected_version=None,
                        to=move,
                        reason="Lý do.",
                        answer="Kết luận.",
                        now=clock_now(),
                    )
                    accepted.add(move)
                    transaction.set_rollback(True)
            except (DomainError, NotFound):
                pass

        assert offered == accepted, (username, status)
