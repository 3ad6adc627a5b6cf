"""Moving a request along over HTTP: the recipient acts, the version guards against
a page that went stale while someone else moved the request."""

from __future__ import annotations

import pytest

from phoihop.audit.models import AuditEvent
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
