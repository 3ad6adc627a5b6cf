"""The record the minutes are drawn from, kept on the meeting page by the chair's
agency: the start and end time, the chair, the secretary and each agency's delegates.
A refusal names the field in Vietnamese and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from phoihop.audit.models import AuditEvent
from phoihop.coordination.models import Meeting, MeetingDelegate
from phoihop.coordination.services import meetings
from phoihop.domain.coordination.meetings import Delegate
from phoihop.domain.errors import InvalidInput
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _form(meeting, **changes):  # type: ignore[no-untyped-def]
    """The record form as the page sends it, with ``changes`` (field names without the
    form's prefix)."""
    meeting.refresh_from_db()
    fields = {
        "start_time": "08:30",
        "end_time": "11:15",
        "chair_name": "Trần Minh Khoa",
        "chair_title": "Phó Trưởng Ban",
        "secretary_name": "Nguyễn Thị Thu Hà",
        "secretary_title": "Chuyên viên",
        "secretary_agency": meeting.chair_agency_id,
        "version": meeting.version,
        **changes,
    }
    return {f"record-{name}": value for name, value in fields.items()}


def _post(client, meeting, data):  # type: ignore[no-untyped-def]
    return client.post(f"/coordination/meetings/{meeting.pk}/details/", data)


def test_the_chair_records_times_secretary_and_delegates_and_the_page_shows_them(
    client, held_meeting, demo_users, registry
):
    police = registry["AG-CSDT"]
    sign_in(client, demo_users["noichinh.ag"])

    response = _post(
        client,
        held_meeting,
        _form(
            held_meeting,
            end_time="11h15",
            **{f"delegates_{police.pk}": "Lê Văn Quyết, Phó Thủ trưởng\n\nHuỳnh Ngọc Ẩn"},
        ),
    )

    assert response.status_code == 302
    held_meeting.refresh_from_db()
    assert (held_meeting.start_time, held_meeting.end_time) == (dt.time(8, 30), dt.time(11, 15))
    assert held_meeting.secretary_agency_id == demo_users["noichinh.ag"].agency_id
    assert list(held_meeting.delegates.values_list("agency__code", "name", "title")) == [
        ("AG-CSDT", "Lê Văn Quyết", "Phó Thủ trưởng"),
        ("AG-CSDT", "Huỳnh Ngọc Ẩn", ""),
    ]
    page = client.get(response["Location"]).content.decode()
    for shown in ("08:30", "11:15", "Nguyễn Thị Thu Hà", "Lê Văn Quyết", "Huỳnh Ngọc Ẩn"):
        assert shown in page
    assert "Trụ sở Ban Nội chính Tỉnh ủy An Giang" in page
    assert AuditEvent.objects.filter(action="meeting.details.recorded").count() == 2


def test_the_secretary_may_not_be_the_chair(client, held_meeting, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    response = _post(client, held_meeting, _form(held_meeting, secretary_name="trần minh  khoa"))

    assert response.status_code == 400
    assert "Thư ký không được là người chủ trì cuộc họp (Trần Minh Khoa)" in (
        response.content.decode()
    )
    held_meeting.refresh_from_db()
    assert held_meeting.secretary_name == "Nguyễn Thị Thu Hà"


def test_the_end_time_must_come_after_the_start_time(client, held_meeting, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    response = _post(client, held_meeting, _form(held_meeting, end_time="08:30"))

    assert response.status_code == 400
    assert "Giờ kết thúc (08:30) phải sau giờ bắt đầu (08:30)." in response.content.decode()
    held_meeting.refresh_from_db()
    assert held_meeting.end_time == dt.time(11, 0)


def test_a_time_that_is_not_one_is_refused_on_its_field(client, held_meeting, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    response = _post(client, held_meeting, _form(held_meeting, start_time="25:00"))

    assert response.status_code == 400
    assert 'data-field="start_time"' in response.content.decode()


def test_a_secretary_needs_an_agency_of_the_meeting(held_meeting, demo_users, registry, now):
    with pytest.raises(InvalidInput, match="Cơ quan của thư ký phải là cơ quan chủ trì"):
        meetings.meeting_details_record(
            user=demo_users["noichinh.ag"],
            meeting_id=held_meeting.pk,
            expected_version=None,
            start_time=dt.time(8, 30),
            end_time=None,
            chair_name="Trần Minh Khoa",
            chair_title="",
            secretary_name="Nguyễn Văn Thư",
            secretary_title="",
            secretary_agency_id=registry["AG-TA"].pk,  # the court was not invited
            delegates=[],
            now=now,
        )


def test_a_delegate_of_an_agency_not_at_the_meeting_is_refused(
    held_meeting, demo_users, registry, now
):
    court = registry["AG-TA"]

    with pytest.raises(InvalidInput) as refused:
        meetings.meeting_details_record(
            user=demo_users["noichinh.ag"],
            meeting_id=held_meeting.pk,
            expected_version=None,
            start_time=dt.time(8, 30),
            end_time=dt.time(11, 0),
            chair_name="Trần Minh Khoa",
            chair_title="",
            secretary_name="Nguyễn Thị Thu Hà",
            secretary_title="",
            secretary_agency_id=held_meeting.chair_agency_id,
            delegates=[Delegate(court.pk, "Đỗ Minh Trí", "Thẩm phán")],
            now=now,
        )

    assert refused.value.message == (
        "Cơ quan của đại biểu Đỗ Minh Trí phải là cơ quan chủ trì hoặc một cơ quan dự họp."
    )
    assert refused.value.field == "delegates"
    assert not MeetingDelegate.objects.exists()


def test_a_participating_agency_may_not_keep_the_record(client, held_meeting, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    response = _post(client, held_meeting, _form(held_meeting, secretary_name="Người khác"))

    assert response.status_code == 404
    held_meeting.refresh_from_db()
    assert held_meeting.secretary_name == "Nguyễn Thị Thu Hà"


def test_a_record_sent_from_a_stale_page_is_refused(client, held_meeting, demo_users):
    sign_in(client, demo_users["noichinh.ag"])
    stale = _form(held_meeting, secretary_name="Người thứ nhất")
    _post(client, held_meeting, _form(held_meeting, secretary_name="Người thứ hai"))

    response = _post(client, held_meeting, {**stale, "record-once": "other"})

    assert response.status_code == 409
    held_meeting.refresh_from_db()
    assert held_meeting.secretary_name == "Người thứ hai"


def test_a_meeting_is_called_with_its_start_time(client, case, demo_users, registry, today):
    sign_in(client, demo_users["noichinh.ag"])
    data = {
        "title": "Họp liên ngành",
        "chair_name": "Phan Văn Lãnh",
        "held_on": today.isoformat(),
        "place": "Trụ sở Ban Nội chính Tỉnh ủy An Giang",
        "participants": [registry["AG-CSDT"].pk],
        "cases": [case.pk],
    }

    refused = client.post("/coordination/meetings/new/", data)
    called = client.post("/coordination/meetings/new/", {**data, "start_time": "14:00"})

    assert refused.status_code == 400
    assert 'data-field="start_time"' in refused.content.decode()
    assert called.status_code == 302
    assert Meeting.objects.get().start_time == dt.time(14, 0)


@pytest.mark.parametrize(
    ("start_time", "end_time"), [(None, dt.time(11, 0)), (dt.time(11, 0), dt.time(10, 0))]
)
def test_the_database_refuses_an_end_without_a_start_before_it(held_meeting, start_time, end_time):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=held_meeting.pk).update(start_time=start_time, end_time=end_time)


def test_the_database_refuses_a_secretary_without_an_agency(held_meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=held_meeting.pk).update(secretary_agency=None)
