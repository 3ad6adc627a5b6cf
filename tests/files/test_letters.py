"""The follow-up letter (văn bản đôn đốc), read back from the .docx."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from phoihop.documents import (
    DirectiveReference,
    DocumentInputError,
    FollowUpLetter,
    StatutoryBasis,
    TimeLimit,
    follow_up_letter_docx,
)
from phoihop.documents.letters import cite, document_kind, task_clause
from phoihop.domain.clocks.rules import LegalBasis
from phoihop.domain.coordination.followup_wording import LAW_TITLES, WORDING, follow_up_wording
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
        directive=DirectiveReference("45-TB/BCĐ", dt.date(2026, 1, 10), "Ban Chỉ đạo tỉnh"),
        due_item="hoàn thành việc trưng cầu giám định thiệt hại",
    )

    text = all_text(follow_up_letter_docx(task))

    assert (
        "Thực hiện Thông báo số 45-TB/BCĐ ngày 10/01/2026 của Ban Chỉ đạo tỉnh về vụ án "
        f"“Tham ô tài sản” tại Công ty Lương thực Hậu Giang (mã AG-2025-0031), {POLICE} được "
        "giao nhiệm vụ: hoàn thành việc trưng cầu giám định thiệt hại; thời hạn hoàn thành "
        "chậm nhất vào ngày 02/03/2026." in text
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


# ---- what the letter asks: the wording per clock, the task's text ----------------------

ACCUSED = "Hà Văn Sơn"
RAW = re.compile(r"\b[A-Z]{2,}(?:_[A-Z]+)+\b|\{person\}")


def _cited(basis: LegalBasis) -> StatutoryBasis:
    return StatutoryBasis(
        LAW_TITLES[basis.code], basis.article, basis.clause, basis.point, basis.article_suffix
    )


def clock_letter(
    base: FollowUpLetter,
    code: str,
    variant: str | None,
    *,
    maximum: dt.date | None = None,
    days_overdue: int = 7,
) -> FollowUpLetter:
    """The letter the clock's page builds, from the wording table, due on 02/03/2026."""
    wording = follow_up_wording(code, variant, person_name=ACCUSED)
    assert wording is not None
    assert wording.limit_basis is not None
    return dataclasses.replace(
        base,
        due_item=wording.request,
        due_date=base.date - dt.timedelta(days=days_overdue),
        days_overdue=days_overdue,
        legal_basis=_cited(wording.limit_basis),
        limit=TimeLimit(
            name=wording.subject,
            awaited=wording.awaited,
            request_basis=[_cited(b) for b in wording.request_basis],
            extension=wording.extension,
            extension_request=wording.extension_request,
            extension_lead_days=wording.extension_lead_days,
            maximum=maximum,
        ),
        accused=wording.person,
        summary=f"V/v đôn đốc {wording.summary}",
    )


def test_a_detention_letter_names_the_accused_and_asks_for_release_or_another_measure(
    party_letter: FollowUpLetter,
) -> None:
    letter = clock_letter(party_letter, "DETENTION", "INVESTIGATION", maximum=dt.date(2026, 5, 1))

    text = all_text(follow_up_letter_docx(letter))

    assert f"V/v đôn đốc giải quyết việc tạm giam đối với bị can {ACCUSED}" in text
    assert (
        "theo quy định tại Điều 173 Bộ luật Tố tụng hình sự, thời hạn tạm giam để điều tra "
        f"đối với bị can {ACCUSED} hết hạn vào ngày 02/03/2026." in text
    )
    assert (
        "Đến ngày 09/03/2026, đã quá hạn 7 ngày nhưng Ban Nội chính Tỉnh ủy An Giang chưa nhận "
        "được quyết định hủy bỏ, thay thế biện pháp tạm giam, lệnh tạm giam mới hoặc quyết "
        f"định gia hạn tạm giam của Viện kiểm sát đối với bị can {ACCUSED}." in text
    )
    assert (
        "trường hợp chưa có, căn cứ Điều 173 và Điều 125 Bộ luật Tố tụng hình sự, khẩn trương "
        f"trả tự do cho bị can {ACCUSED} hoặc thay thế bằng biện pháp ngăn chặn khác" in text
    )
    assert "hoàn thành việc trong" not in text


def test_a_detention_past_the_legal_maximum_asks_for_no_extension(
    party_letter: FollowUpLetter,
) -> None:
    letter = clock_letter(party_letter, "DETENTION", "INVESTIGATION", maximum=dt.date(2026, 3, 5))

    text = all_text(follow_up_letter_docx(letter))

    assert (
        "thời hạn tối đa pháp luật cho phép, kể cả gia hạn, đã hết vào ngày 05/03/2026, không "
        "thể gia hạn thêm. Đến nay Ban Nội chính Tỉnh ủy An Giang chưa nhận được quyết định "
        "hủy bỏ, thay thế biện pháp tạm giam hoặc lệnh tạm giam mới đối với bị can "
        f"{ACCUSED}." in text
    )
    assert "quyết định gia hạn" not in text
    assert "trường hợp cần gia hạn" not in text
    assert f"khẩn trương trả tự do cho bị can {ACCUSED}" in text


def test_a_limit_the_law_never_extends_says_so(party_letter: FollowUpLetter) -> None:
    letter = clock_letter(party_letter, "HEARING_OPENING", "NORMAL", maximum=dt.date(2026, 3, 2))

    text = all_text(follow_up_letter_docx(letter))

    assert "đã quá hạn 7 ngày; thời hạn này không được gia hạn." in text
    assert "căn cứ khoản 3 Điều 277 Bộ luật Tố tụng hình sự, khẩn trương mở phiên tòa" in text
    assert "bị can" not in text


def test_an_investigation_at_its_last_extension_is_past_the_maximum_on_the_deadline(
    party_letter: FollowUpLetter,
) -> None:
    letter = clock_letter(party_letter, "INVESTIGATION", None, maximum=dt.date(2026, 3, 2))

    text = all_text(follow_up_letter_docx(letter))

    assert "V/v đôn đốc kết thúc điều tra vụ án" in text
    assert "đây đã là thời hạn tối đa pháp luật cho phép, kể cả gia hạn." in text
    assert (
        "căn cứ Điều 229, Điều 230 và Điều 232 Bộ luật Tố tụng hình sự, khẩn trương kết thúc "
        "điều tra bằng bản kết luận điều tra đề nghị truy tố" in text
    )


def test_a_limit_not_yet_reached_offers_the_extension_before_it_ends(
    party_letter: FollowUpLetter,
) -> None:
    letter = clock_letter(
        party_letter, "INVESTIGATION", None, maximum=dt.date(2026, 9, 1), days_overdue=-12
    )

    text = all_text(follow_up_letter_docx(letter))

    assert "Thời hạn trên còn 12 ngày." in text
    assert (
        "trường hợp cần gia hạn, đề nghị Viện kiểm sát có thẩm quyền gia hạn điều tra chậm "
        "nhất 10 ngày trước khi hết thời hạn" in text
    )


def test_an_indictment_is_asked_of_the_prosecution_limit(party_letter: FollowUpLetter) -> None:
    letter = clock_letter(
        dataclasses.replace(party_letter, recipient_agency=PROCURACY), "PROSECUTION", None
    )

    text = all_text(follow_up_letter_docx(letter))

    assert "V/v đôn đốc quyết định việc truy tố" in text
    assert "truy tố bị can trước Tòa án bằng bản cáo trạng" in text
    assert "khoản 1 Điều 240 và Điều 243 Bộ luật Tố tụng hình sự" in text


@pytest.mark.parametrize(("code", "variant"), sorted(WORDING, key=lambda k: (k[0], k[1] or "")))
def test_every_clock_letter_reads_as_plain_vietnamese_without_codes(
    party_letter: FollowUpLetter, code: str, variant: str | None
) -> None:
    letter = clock_letter(party_letter, code, variant, maximum=dt.date(2026, 4, 1))

    text = all_text(follow_up_letter_docx(letter))

    assert not RAW.findall(text), RAW.findall(text)
    assert "Bộ luật Tố tụng hình sự" in text or "Luật" in text
    assert "..." not in text
    assert " ," not in text
    assert ",," not in text


def test_a_task_letter_cites_the_directive_with_its_issuer_and_reads_as_one_sentence(
    party_letter: FollowUpLetter,
) -> None:
    task = dataclasses.replace(
        party_letter,
        legal_basis=None,
        directive=DirectiveReference(
            "123-KL/BNCTU", dt.date(2025, 11, 5), "Ban Nội chính Tỉnh ủy An Giang"
        ),
        due_item="Làm rõ nguồn gốc khoản tiền 2 tỷ đồng,  báo cáo kết quả.\n",
    )

    text = all_text(follow_up_letter_docx(task))

    assert "V/v đôn đốc thực hiện nhiệm vụ theo Kết luận số 123-KL/BNCTU" in text
    assert (
        "Thực hiện Kết luận số 123-KL/BNCTU ngày 05/11/2025 của Ban Nội chính Tỉnh ủy An Giang "
        "về vụ án “Tham ô tài sản”" in text
    )
    assert (
        f"{POLICE} được giao nhiệm vụ: làm rõ nguồn gốc khoản tiền 2 tỷ đồng; thời hạn hoàn "
        "thành chậm nhất vào ngày 02/03/2026." in text
    )
    assert "nhiệm vụ trên đã quá hạn 7 ngày" in text
    assert text.count("báo cáo kết quả") == 1  # "chưa nhận được báo cáo kết quả thực hiện"
    assert "Làm rõ" not in text


@pytest.mark.parametrize(
    ("raw", "clause"),
    [
        ("Làm rõ nguồn gốc tài sản.", "làm rõ nguồn gốc tài sản"),
        ("Làm rõ nguồn gốc tài sản, báo cáo kết quả.", "làm rõ nguồn gốc tài sản"),
        ("Hoàn thành giám định và báo cáo kết quả thực hiện.", "hoàn thành giám định"),
        ("  Ban hành\nkết luận giám định;  ", "ban hành kết luận giám định"),
        ("UBND tỉnh cung cấp hồ sơ dự án.", "UBND tỉnh cung cấp hồ sơ dự án"),
        ("Công an tỉnh chủ trì xác minh.", "Công an tỉnh chủ trì xác minh"),
        ("Viện kiểm sát phối hợp đánh giá chứng cứ.", "Viện kiểm sát phối hợp đánh giá chứng cứ"),
        ("Nguyễn Văn A nộp lại tiền.", "Nguyễn Văn A nộp lại tiền"),
        ("Báo cáo kết quả.", "báo cáo kết quả"),
        ("Chỉ đạo Công an xã báo cáo kết quả.", "chỉ đạo Công an xã báo cáo kết quả"),
        ("Báo cáo kết quả rà soát về Ban Chỉ đạo.", "báo cáo kết quả rà soát về Ban Chỉ đạo"),
    ],
)
def test_a_task_text_becomes_a_clause_of_the_letter(raw: str, clause: str) -> None:
    assert task_clause(raw) == clause


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("123-KL/BNCTU", "Kết luận"),
        ("15-TB/BCĐ", "Thông báo"),
        ("45/TB-BCĐ", "Thông báo"),
        ("12/QĐ-UBND", "Quyết định"),
        ("07-CT/TU", "Chỉ thị"),
        ("07/VKSAG-P1", "Văn bản"),
        ("số lạ", "Văn bản"),
    ],
)
def test_the_directive_is_named_by_its_number_s_type_code(number: str, kind: str) -> None:
    assert document_kind(number) == kind


def test_a_directive_without_a_known_issuer_is_cited_by_number_and_date() -> None:
    reference = DirectiveReference("07/VKSAG-P1", dt.date(2026, 1, 9))

    assert reference.in_text() == "Văn bản số 07/VKSAG-P1 ngày 09/01/2026"


def test_provisions_of_one_law_are_cited_together_and_each_law_once() -> None:
    bases = [
        StatutoryBasis("Bộ luật Tố tụng hình sự", 208, 3),
        StatutoryBasis("Bộ luật Tố tụng hình sự", 213, 2),
        StatutoryBasis("Luật Giám định tư pháp", 26, 4, article_suffix="a"),
    ]

    assert cite(bases) == (
        "khoản 3 Điều 208 và khoản 2 Điều 213 Bộ luật Tố tụng hình sự; khoản 4 Điều 26a Luật "
        "Giám định tư pháp"
    )
