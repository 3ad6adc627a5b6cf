"""The record the minutes are drawn from: times, chair, secretary, delegates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from phoihop.domain.coordination import (
    AgendaCase,
    Delegate,
    Meeting,
    MeetingRecord,
    MeetingStatus,
    check_meeting_times,
    minutes_missing,
    record_meeting_details,
)
from phoihop.domain.errors import AccessDenied, InvalidInput

CHAIR, POLICE, OUTSIDER = 1, 2, 99

MEETING = Meeting(
    status=MeetingStatus.HELD,
    chair_agency_id=CHAIR,
    participant_agency_ids=frozenset({POLICE}),
    agenda=(AgendaCase(10),),
)
RECORD = MeetingRecord(
    start_time=dt.time(8, 30),
    end_time=dt.time(11, 15),
    chair_name="Phan Văn Lãnh",
    chair_title="Trưởng Ban",
    secretary_name="Nguyễn Thị Thu Hà",
    secretary_title="Chuyên viên",
    secretary_agency_id=CHAIR,
    delegates=(Delegate(POLICE, " Lê Văn Quyết ", " Phó Thủ trưởng "),),
)


def test_a_complete_record_is_kept_with_its_texts_trimmed() -> None:
    # when
    kept = record_meeting_details(MEETING, RECORD, agency_id=CHAIR)

    # then
    assert kept.delegates == (Delegate(POLICE, "Lê Văn Quyết", "Phó Thủ trưởng"),)
    assert minutes_missing(kept) == ()


@pytest.mark.parametrize("status", list(MeetingStatus))
def test_the_record_may_be_kept_in_any_status(status: MeetingStatus) -> None:
    # when
    kept = record_meeting_details(replace(MEETING, status=status), RECORD, agency_id=CHAIR)

    # then
    assert kept.secretary_name == "Nguyễn Thị Thu Hà"


def test_only_the_chairs_agency_keeps_the_record() -> None:
    with pytest.raises(AccessDenied):
        record_meeting_details(MEETING, RECORD, agency_id=POLICE)


def test_the_secretary_may_not_be_the_chair_whatever_the_spacing_and_case() -> None:
    # given
    record = replace(RECORD, secretary_name="  phan văn   LÃNH ")

    # when
    with pytest.raises(InvalidInput) as refused:
        record_meeting_details(MEETING, record, agency_id=CHAIR)

    # then
    assert refused.value.field == "secretary_name"
    assert refused.value.message.startswith("Thư ký không được là người chủ trì cuộc họp")


@pytest.mark.parametrize("end", [dt.time(8, 30), dt.time(7, 0)])
def test_the_end_time_comes_after_the_start_time(end: dt.time) -> None:
    with pytest.raises(InvalidInput, match=r"Giờ kết thúc .* phải sau giờ bắt đầu") as refused:
        check_meeting_times(dt.time(8, 30), end)

    assert refused.value.field == "end_time"


def test_a_meeting_needs_its_start_time_and_not_yet_its_end_time() -> None:
    check_meeting_times(dt.time(8, 30), None)

    with pytest.raises(InvalidInput, match="giờ bắt đầu") as refused:
        check_meeting_times(None, None)

    assert refused.value.field == "start_time"


def test_a_secretary_named_needs_an_agency_of_the_meeting() -> None:
    for agency_id, field in ((None, "secretary_agency"), (OUTSIDER, "secretary_agency")):
        with pytest.raises(InvalidInput) as refused:
            record_meeting_details(
                MEETING, replace(RECORD, secretary_agency_id=agency_id), agency_id=CHAIR
            )

        assert refused.value.field == field


def test_no_secretary_yet_leaves_the_agency_empty_and_the_minutes_waiting() -> None:
    # when
    kept = record_meeting_details(
        MEETING, replace(RECORD, secretary_name=" ", end_time=None), agency_id=CHAIR
    )

    # then
    assert kept.secretary_agency_id is None
    assert minutes_missing(kept) == ("giờ kết thúc", "thư ký cuộc họp (họ tên, cơ quan)")


def test_a_delegate_of_an_agency_not_at_the_meeting_is_refused() -> None:
    # given
    record = replace(RECORD, delegates=(Delegate(OUTSIDER, "Đỗ Minh Trí"),))

    # when
    with pytest.raises(InvalidInput) as refused:
        record_meeting_details(MEETING, record, agency_id=CHAIR)

    # then
    assert refused.value.message == (
        "Cơ quan của đại biểu Đỗ Minh Trí phải là cơ quan chủ trì hoặc một cơ quan dự họp."
    )


def test_a_delegate_listed_twice_for_one_agency_is_refused() -> None:
    record = replace(
        RECORD, delegates=(Delegate(POLICE, "Lê Văn Quyết"), Delegate(POLICE, "lê văn quyết"))
    )

    with pytest.raises(InvalidInput, match="hai lần"):
        record_meeting_details(MEETING, record, agency_id=CHAIR)


def test_a_delegate_without_a_name_is_refused() -> None:
    record = replace(RECORD, delegates=(Delegate(POLICE, " ", "Điều tra viên"),))

    with pytest.raises(InvalidInput, match="họ tên đại biểu"):
        record_meeting_details(MEETING, record, agency_id=CHAIR)


def test_a_delegate_s_name_or_title_longer_than_the_record_keeps_is_refused() -> None:
    record = replace(RECORD, delegates=(Delegate(POLICE, "Lê Văn Quyết", "Điều tra viên " * 11),))

    with pytest.raises(InvalidInput, match="tối đa 150 ký tự") as refused:
        record_meeting_details(MEETING, record, agency_id=CHAIR)

    assert refused.value.field == "delegates"
