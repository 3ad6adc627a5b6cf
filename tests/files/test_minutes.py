"""The minutes of an inter-agency meeting, read back from the .docx."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from phoihop.documents import (
    AgendaCase,
    Attendee,
    DocumentInputError,
    MeetingMinutes,
    Outcome,
    Participant,
    Position,
    meeting_minutes_docx,
)
from tests.files.conftest import COURT, POLICE, POSITIONS, PROCURACY
from tests.files.ooxml import all_text, open_docx


@pytest.fixture(params=["state_minutes", "party_minutes"])
def minutes(request: pytest.FixtureRequest) -> MeetingMinutes:
    sample: MeetingMinutes = request.getfixturevalue(request.param)
    return sample


def _case_sections(text: str) -> dict[str, str]:
    """The text of each case, from its heading to the next case's heading."""
    sections = {}
    for code in POSITIONS:
        start = text.index(f"(mã {code})")
        later = [text.index(f"(mã {c})") for c in POSITIONS if text.index(f"(mã {c})") > start]
        sections[code] = text[start : min(later) if later else len(text)]
    return sections


def test_every_agency_position_appears_under_its_case(minutes: MeetingMinutes) -> None:
    text = all_text(meeting_minutes_docx(minutes))

    sections = _case_sections(text)
    for code, positions in POSITIONS.items():
        for agency, position in positions.items():
            assert f"- {agency}: {position}." in sections[code]


def test_agreed_case_reads_thong_nhat_with_its_conclusion(minutes: MeetingMinutes) -> None:
    text = _case_sections(all_text(meeting_minutes_docx(minutes)))["AG-2025-0012"]

    assert "b) Kết quả: Thống nhất. Gia hạn điều tra lần thứ nhất 02 tháng;" in text
    assert "Kiến nghị xin ý kiến" not in text


def test_not_agreed_case_proposes_to_ask_the_authority(minutes: MeetingMinutes) -> None:
    text = _case_sections(all_text(meeting_minutes_docx(minutes)))["AG-2025-0031"]

    assert "b) Kết quả: Chưa thống nhất. Còn khác nhau về căn cứ xác định thiệt hại." in text
    assert (
        "Kiến nghị xin ý kiến Thường trực Ban Chỉ đạo tỉnh về phòng, chống tham nhũng, "
        "lãng phí, tiêu cực." in text
    )


def _paragraphs(minutes: MeetingMinutes) -> list[str]:
    return [p.text for p in open_docx(meeting_minutes_docx(minutes)).paragraphs]


def _section(paragraphs: list[str], heading: str, following: str) -> list[str]:
    return paragraphs[paragraphs.index(heading) + 1 : paragraphs.index(following)]


def test_minutes_carry_their_title_and_sections_in_order(minutes: MeetingMinutes) -> None:
    paragraphs = _paragraphs(minutes)
    text = "\n".join(paragraphs)

    assert "BIÊN BẢN HỌP LIÊN NGÀNH" in paragraphs
    assert minutes.title in paragraphs
    assert text.index("I. THỜI GIAN") < text.index("II. THÀNH PHẦN") < text.index("III. NỘI")


def test_time_and_place_say_when_it_began_at_the_venue_with_its_bridge_sites(
    minutes: MeetingMinutes,
) -> None:
    section = _section(_paragraphs(minutes), "I. THỜI GIAN, ĐỊA ĐIỂM", "II. THÀNH PHẦN")

    assert section == [
        "Bắt đầu lúc 08 giờ 30 phút, ngày 05 tháng 02 năm 2026 tại Hội trường Công an tỉnh "
        "An Giang (điểm cầu chính), kết nối trực tuyến với 02 điểm cầu:",
        "- Điểm cầu Công an khu vực Châu Đốc;",
        "- Điểm cầu Công an khu vực Tân Châu.",
    ]


def test_a_meeting_without_bridge_sites_names_only_its_venue(
    state_minutes: MeetingMinutes,
) -> None:
    alone = dataclasses.replace(state_minutes, bridge_sites=[])

    section = _section(_paragraphs(alone), "I. THỜI GIAN, ĐỊA ĐIỂM", "II. THÀNH PHẦN")

    assert section == [
        "Bắt đầu lúc 08 giờ 30 phút, ngày 05 tháng 02 năm 2026 tại Hội trường Công an tỉnh "
        "An Giang."
    ]


def test_the_venue_is_never_listed_again_as_a_bridge_site(state_minutes: MeetingMinutes) -> None:
    repeated = dataclasses.replace(
        state_minutes,
        bridge_sites=["hội trường công an tỉnh an giang ", "Điểm cầu Công an khu vực Châu Đốc", ""],
    )

    section = _section(_paragraphs(repeated), "I. THỜI GIAN, ĐỊA ĐIỂM", "II. THÀNH PHẦN")

    assert repeated.bridge_sites == ("Điểm cầu Công an khu vực Châu Đốc",)
    assert section[0].endswith("(điểm cầu chính), kết nối trực tuyến với 01 điểm cầu:")
    assert section[1:] == ["- Điểm cầu Công an khu vực Châu Đốc."]


def test_attendance_names_chair_secretary_and_each_agencys_delegates(
    state_minutes: MeetingMinutes,
) -> None:
    section = _section(_paragraphs(state_minutes), "II. THÀNH PHẦN", "III. NỘI DUNG")

    assert section == [
        "Chủ trì: đồng chí Nguyễn Văn Hùng, Phó Giám đốc, Công an tỉnh An Giang.",
        "Thư ký: đồng chí Trần Thị Lụa, cán bộ Phòng Tham mưu, Công an tỉnh An Giang.",
        "Đại biểu các cơ quan tham dự:",
        f"- {POLICE}:",
        "+ Đồng chí Lê Văn Quyết, Phó Thủ trưởng Cơ quan Cảnh sát điều tra;",
        "+ Đồng chí Huỳnh Ngọc Ẩn, Điều tra viên;",
        f"- {PROCURACY}:",
        "+ Đồng chí Phạm Thị Ngọc Ánh, Kiểm sát viên;",
        f"- {COURT}:",
        "+ Đồng chí Đỗ Minh Trí.",
    ]


def test_an_agency_without_named_delegates_is_listed_alone(state_minutes: MeetingMinutes) -> None:
    unnamed = dataclasses.replace(
        state_minutes,
        participants=[*state_minutes.participants[:2], Participant(COURT)],
    )

    section = _section(_paragraphs(unnamed), "II. THÀNH PHẦN", "III. NỘI DUNG")

    assert section[-2:] == ["+ Đồng chí Phạm Thị Ngọc Ánh, Kiểm sát viên;", f"- {COURT}."]


def test_the_minutes_close_with_the_end_time(minutes: MeetingMinutes) -> None:
    paragraphs = _paragraphs(minutes)

    assert paragraphs[paragraphs.index("Nơi nhận:") - 1] == (
        "Cuộc họp kết thúc lúc 11 giờ 30 phút cùng ngày./."
    )


def test_the_secretary_may_not_be_the_chair(state_minutes: MeetingMinutes) -> None:
    chair = state_minutes.chair

    with pytest.raises(DocumentInputError, match="two people"):
        dataclasses.replace(
            state_minutes, secretary=Attendee(" nguyễn  văn hùng", chair.agency, "Thư ký")
        )


@pytest.mark.parametrize("missing", ["started_at", "ended_at"])
def test_minutes_without_their_start_or_end_time_are_refused(
    state_minutes: MeetingMinutes, missing: str
) -> None:
    with pytest.raises(DocumentInputError, match="start and end time"):
        dataclasses.replace(state_minutes, **{missing: None})


def test_minutes_ending_before_they_start_are_refused(state_minutes: MeetingMinutes) -> None:
    with pytest.raises(DocumentInputError, match="end after it starts"):
        dataclasses.replace(state_minutes, ended_at=dt.time(8, 30))


def test_minutes_need_their_venue(state_minutes: MeetingMinutes) -> None:
    with pytest.raises(DocumentInputError, match="venue"):
        dataclasses.replace(state_minutes, venue=" ")


def test_title_is_bold_capitals_centred_with_a_bold_summary(minutes: MeetingMinutes) -> None:
    document = open_docx(meeting_minutes_docx(minutes))
    index = next(i for i, p in enumerate(document.paragraphs) if p.text.startswith("BIÊN BẢN"))
    title, summary = document.paragraphs[index], document.paragraphs[index + 1]

    assert title.alignment == 1
    assert summary.alignment == 1
    assert title.runs[0].bold
    assert summary.runs[0].bold
    assert title.text == title.text.upper()


def test_signers_sign_side_by_side_with_names_in_bold(party_minutes: MeetingMinutes) -> None:
    document = open_docx(meeting_minutes_docx(party_minutes))
    signatures = document.tables[-1].rows[0].cells

    assert [p.text for p in signatures[0].paragraphs] == ["THƯ KÝ", "Trần Thị Lụa"]
    assert [p.text for p in signatures[1].paragraphs] == [
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Võ Thị Hạnh",
    ]
    assert all(run.bold for p in signatures[1].paragraphs for run in p.runs)


def test_recipients_end_with_the_file_copy(state_minutes: MeetingMinutes) -> None:
    paragraphs = [p.text for p in open_docx(meeting_minutes_docx(state_minutes)).paragraphs]

    assert paragraphs[-4:] == [
        "Nơi nhận:",
        "- Thường trực Ban Chỉ đạo tỉnh (để báo cáo);",
        "- Các cơ quan dự họp;",
        "- Lưu: VT, PV01.",
    ]


def test_a_case_not_agreed_needs_the_authority_to_ask(state_minutes: MeetingMinutes) -> None:
    case = state_minutes.cases[1]

    with pytest.raises(DocumentInputError, match="authority"):
        dataclasses.replace(case, escalated_to=None)


def test_an_outcome_given_as_its_string_is_accepted(state_minutes: MeetingMinutes) -> None:
    case = dataclasses.replace(state_minutes.cases[1], outcome="not_agreed")  # type: ignore[arg-type]

    assert case.outcome is Outcome.NOT_AGREED


def test_an_unknown_outcome_is_refused(state_minutes: MeetingMinutes) -> None:
    with pytest.raises(DocumentInputError, match="outcome"):
        dataclasses.replace(state_minutes.cases[0], outcome="postponed")  # type: ignore[arg-type]


def test_a_position_of_an_agency_not_at_the_meeting_is_refused(
    state_minutes: MeetingMinutes,
) -> None:
    stray = AgendaCase(
        title="Vụ án khác",
        code=None,
        positions=[Position("Thanh tra tỉnh An Giang", "Đề nghị chuyển hồ sơ")],
        outcome=Outcome.AGREED,
        conclusion="Chuyển hồ sơ",
    )

    with pytest.raises(DocumentInputError, match="Thanh tra tỉnh An Giang"):
        dataclasses.replace(state_minutes, cases=[stray])


def test_two_positions_of_one_agency_in_a_case_are_refused() -> None:
    with pytest.raises(DocumentInputError, match="two positions"):
        AgendaCase(
            title="Vụ án",
            code=None,
            positions=[Position(PROCURACY, "Một"), Position(PROCURACY, "Hai")],
            outcome=Outcome.AGREED,
            conclusion="Thống nhất",
        )
