"""Bad input on the coordination pages: a 4xx, the Vietnamese message on the field
at fault, and nothing written (no record, no file, no audit entry)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html

from phoihop.audit.models import AuditEvent
from phoihop.coordination.models import Request, RequestMessage, TaskReport
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _field_errors(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page = html.fromstring(response.content)
    return {e.get("data-field"): e.text_content() for e in page.xpath("//*[@data-field]")}


@pytest.fixture
def audited() -> int:
    return AuditEvent.objects.count()


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_valuation_request_without_a_due_date_is_refused_on_the_due_date(
    client, case, registry, demo_users
):
    sign_in(client, demo_users["dieutra.ag"])
    before = AuditEvent.objects.count()

    response = client.post(
        f"/coordination/cases/{case.pk}/requests/new/",
        {
            "kind": "valuation",
            "to_agency": registry["AG-HDDG"].pk,
            "subject": "Yêu cầu định giá quyền sử dụng đất",
            "due_on": "",
        },
    )

    assert response.status_code == 400
    error = _field_errors(response)["due_on"]
    assert error.startswith("Hạn trả lời thỏa thuận:")
    assert "Cần nhập hạn trả lời cho yêu cầu định giá tài sản" in error
    assert "due_on" not in error
    assert "Điều 216" in error
    assert not Request.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_decline_without_a_reason_is_refused_on_the_reason(client, send_request, demo_users):
    request = send_request()
    sign_in(client, demo_users["giamdinh.ag"])
    before = AuditEvent.objects.count()

    response = client.post(
        f"/coordination/requests/{request.pk}/move/",
        {"to": "declined", "reason": "  ", "version": request.version},
    )

    assert response.status_code == 400
    error = _field_errors(response)["reason"]
    assert error.startswith("Lý do:")
    assert "Cần nhập lý do từ chối yêu cầu phối hợp." in error
    request.refresh_from_db()
    assert (request.status, request.version) == ("sent", 1)
    assert AuditEvent.objects.count() == before


def test_an_attachment_of_a_forbidden_type_is_refused_and_not_stored(
    client, send_request, demo_users, media
):
    request = send_request()
    sign_in(client, demo_users["dieutra.ag"])
    before = AuditEvent.objects.count()

    response = client.post(
        f"/coordination/requests/{request.pk}/messages/",
        {
            "text": "Gửi kèm chương trình",
            "attachment": SimpleUploadedFile(
                "caidat.exe", b"MZ\x90\x00", "application/octet-stream"
            ),
        },
    )

    assert response.status_code == 400
    error = _field_errors(response)["attachment"]
    assert error.startswith("Tệp đính kèm:")
    assert "Loại tệp .exe không được phép" in error
    assert not RequestMessage.objects.exists()
    assert list(media.rglob("*")) == []
    assert AuditEvent.objects.count() == before


def test_an_attachment_over_the_size_limit_is_refused_and_not_stored(
    client, send_request, demo_users, media
):
    request = send_request()
    sign_in(client, demo_users["dieutra.ag"])
    limit = django_settings.PHOIHOP_ATTACHMENT_MAX_BYTES
    before = AuditEvent.objects.count()

    response = client.post(
        f"/coordination/requests/{request.pk}/messages/",
        {"attachment": SimpleUploadedFile("ho-so.pdf", b"%" * (limit + 1), "application/pdf")},
    )

    assert response.status_code == 400
    error = _field_errors(response)["attachment"]
    assert error.startswith("Tệp đính kèm:")
    assert f"Tệp lớn hơn {limit // (1024 * 1024)} MB" in error
    assert not RequestMessage.objects.exists()
    assert list(media.rglob("*")) == []
    assert AuditEvent.objects.count() == before


def test_a_task_report_at_150_percent_is_refused_on_the_progress(client, task, demo_users):
    sign_in(client, demo_users["dieutra.ag"])
    before = AuditEvent.objects.count()

    response = client.post(
        f"/coordination/tasks/{task.pk}/report/",
        {"percent": 150, "text": "Đã xong", "done": "on", "version": task.version},
    )

    assert response.status_code == 400
    error = _field_errors(response)["percent"]
    assert error.startswith("Tiến độ (%):")
    assert "100" in error
    assert not TaskReport.objects.exists()
    task.refresh_from_db()
    assert (task.done_on, task.version) == (None, 1)
    assert AuditEvent.objects.count() == before
