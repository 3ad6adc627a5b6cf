"""The follow-up letter (văn bản đôn đốc), read back from the .docx."""

from __future__ import annotations

import dataclasses

import pytest

from phoihop.documents import (
    DocumentInputError,
    FollowUpLetter,
    StatutoryBasis,
    follow_up_letter_docx,
)
from tests.files.conftest import POLICE, PROCURACY
from tests.files.ooxml import all_text, open_docx


@pytest.fixture(params=["state_letter", "party_letter"])
def letter(request: pytest.FixtureRequest) -> FollowUpLetter:
    sample: FollowUpLetter = request.getfixturevalue(request.param)
    return sample


def test_letter_names_recipient_case_due_date_and_article(letter: FollowUpLetter) -> None:
    text = all_text(follow_up_letter_docx(letter))

    assert f"Kính gửi: {POLICE}" in text
    assert "vụ án “Tham ô tài sản” tại Công ty Lương thực Hậu Giang (mã AG-2025-0031)" in text
    assert "ngày 02/03/2026" in text
    assert "khoản 1 Điều 172 Bộ luật Tố tụng hình sự" in text
    assert "ban hành bản kết luận điều tra" in text


def test_letter_states_days_overdue_and_the_report_by_date(letter: FollowUpLetter) -> None:
    text = all_text(follow_up_letter_docx(letter))

    assert "đã quá hạn 7 ngày" in text
    assert "trước ngày 16/03/2026./." in text
    assert f"đề nghị {POLICE} khẩn trương ban hành bản kết luận điều tra" in text


def test_letter_summary_sits_under_the_number(party_letter: FollowUpLetter) -> None:
    header = open_docx(follow_up_letter_docx(party_letter)).tables[0]
    number_cell = [p.text for p in header.rows[1].cells[0].paragraphs]

    assert number_cell == ["Số 45-CV/BNCTU", "V/v đôn đốc ban hành bản kết luận điều tra"]
    assert header.rows[1].cells[1].paragraphs[0].text == "An Giang, ngày 09 tháng 3 năm 2026"


def test_state_letter_is_numbered_as_a_cong_van(state_letter: FollowUpLetter) -> None:
    document = open_docx(follow_up_letter_docx(state_letter))
    header = document.tables[0]

    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 07/VKSAG-P1"
    assert header.rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "Viện kiểm sát nhân dân tỉnh An Giang nhận thấy" in all_text(
        follow_up_letter_docx(state_letter)
    )


def test_recipients_start_with_the_addressee_and_sit_beside_the_signature(
    party_letter: FollowUpLetter,
) -> None:
    closing = open_docx(follow_up_letter_docx(party_letter)).tables[-1].rows[0].cells

    assert [p.text for p in closing[0].paragraphs] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Thường trực Ban Chỉ đạo tỉnh (để báo cáo);",
        f"- {PROCURACY};",
        "- Lưu: Văn phòng Ban.",
    ]
    assert [p.text for p in closing[1].paragraphs] == [
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Võ Thị Hạnh",
    ]


def test_a_task_follow_up_cites_the_directive(party_letter: FollowUpLetter) -> None:
    task = dataclasses.replace(
        party_letter,
        legal_basis=None,
        directive="Thông báo kết luận số 45-TB/BCĐ ngày 10/01/2026 của Ban Chỉ đạo tỉnh",
        due_item="hoàn thành việc trưng cầu giám định thiệt hại",
    )

    text = all_text(follow_up_letter_docx(task))

    assert (
        "Thực hiện Thông báo kết luận số 45-TB/BCĐ ngày 10/01/2026 của Ban Chỉ đạo tỉnh, "
        f"{POLICE} được giao hoàn thành việc trưng cầu giám định thiệt hại" in text
    )
    assert "Điều 172" not in text


def test_citation_reads_point_clause_article_law() -> None:
    basis = StatutoryBasis(
        law="Luật Giám định tư pháp", article=26, clause=2, point="a", article_suffix="a"
    )

    assert basis.citation == "điểm a khoản 2 Điều 26a Luật Giám định tư pháp"


def test_a_letter_without_legal_basis_or_directive_is_refused(
    party_letter: FollowUpLetter,
) -> None:
    with pytest.raises(DocumentInputError, match="legal basis"):
        dataclasses.replace(party_letter, legal_basis=None, directive=None)


def test_overdue_days_with_a_future_due_date_are_refused(party_letter: FollowUpLetter) -> None:
    with pytest.raises(DocumentInputError, match="Overdue"):
        dataclasses.replace(party_letter, due_date=party_letter.date)
