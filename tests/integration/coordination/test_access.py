"""Every coordination record follows its case's access: an agency outside the case
gets 404 on each page and file, exactly as for a record that does not exist."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.coordination.services import requests as request_services
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path, send_request, task, demo_users, now):  # type: ignore[no-untyped-def]
    """One of each: a request with an attached file, the meeting, its escalation, the
    directive answering it and its task."""
    settings.MEDIA_ROOT = tmp_path
    request = send_request()
    message = request_services.request_message_add(
        user=demo_users["dieutra.ag"],
        request_id=request.pk,
        text="Gửi kèm quyết định trưng cầu giám định.",
        upload=SimpleUploadedFile("quyết định trưng cầu.pdf", b"%PDF-1.4 ...", "application/pdf"),
        now=now,
    )
    directive = task.directive
    escalation = directive.escalation
    return {
        "request": f"/coordination/requests/{request.pk}/",
        "meeting": f"/coordination/meetings/{escalation.agenda_item.meeting_id}/",
        "escalation": f"/coordination/escalations/{escalation.pk}/",
        "directive": f"/coordination/directives/{directive.pk}/",
        "task report": f"/coordination/tasks/{task.pk}/report/",
        "minutes": f"/documents/meetings/{escalation.agenda_item.meeting_id}/minutes.docx",
        "attachment": f"/coordination/requests/{request.pk}/messages/{message.pk}/file/",
    }


@pytest.mark.parametrize(
    "record",
    ["request", "meeting", "escalation", "directive", "task report", "minutes", "attachment"],
)
def test_an_agency_outside_the_case_gets_404(client, records, demo_users, record):
    sign_in(client, demo_users["dieutra.hn"])

    response = client.get(records[record])

    assert response.status_code == 404


@pytest.mark.parametrize(
    "record",
    ["request", "meeting", "escalation", "directive", "task report", "minutes", "attachment"],
)
def test_the_agencies_of_the_case_get_the_same_pages(client, records, demo_users, record):
    sign_in(client, demo_users["dieutra.ag"])

    response = client.get(records[record])

    assert response.status_code == 200


def test_the_attachment_comes_back_as_sent_under_a_safe_name(client, records, demo_users):
    sign_in(client, demo_users["giamdinh.ag"])

    response = client.get(records["attachment"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ..."
    assert 'filename="quyet_dinh_trung_cau.pdf"' in response["Content-Disposition"]


def test_an_agency_outside_the_case_may_not_post_a_position_or_a_report(
    client, records, held_meeting, task, demo_users
):
    sign_in(client, demo_users["dieutra.hn"])
    item = held_meeting.agenda.get()

    position = client.post(f"/coordination/agenda/{item.pk}/position/", {"text": "Ý kiến lạ"})
    report = client.post(
        f"/coordination/tasks/{task.pk}/report/",
        {"percent": 100, "text": "Xong", "done": "on", "version": task.version},
    )

    assert position.status_code == report.status_code == 404
    assert item.positions.count() == 2
    assert task.reports.count() == 0


def test_a_meeting_whose_cases_are_above_a_participants_clearance_is_not_shown_to_them(
    client, held_meeting, demo_users
):
    case = held_meeting.agenda.get().case
    case.classification = 2  # Tối mật; dieutra.ag holds Mật, his agency takes part
    case.save(update_fields=["classification"])
    sign_in(client, demo_users["dieutra.ag"])

    page = client.get(f"/coordination/meetings/{held_meeting.pk}/")
    listed = client.get("/coordination/meetings/")
    close = client.post(f"/coordination/meetings/{held_meeting.pk}/close/")

    assert page.status_code == close.status_code == 404
    assert held_meeting.title not in listed.content.decode()
    assert held_meeting.title not in close.content.decode()
