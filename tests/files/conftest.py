"""Sample documents: one meeting with three agencies and two cases (one agreed, one
escalated), one follow-up on an overdue statutory time limit, and one quarterly
oversight report, each in the state (Decree 30/2020) and the Party (HD 36) variant."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from phoihop.documents import (
    AgendaCase,
    Attendee,
    CaseRef,
    CaseReference,
    Delegate,
    DocumentNumber,
    DocumentVariant,
    Figure,
    FollowUpLetter,
    MeetingMinutes,
    Outcome,
    OverdueRow,
    Participant,
    Period,
    Position,
    ReportData,
    Section,
    Signer,
    StatutoryBasis,
)

POLICE = "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang"
PROCURACY = "Viện kiểm sát nhân dân tỉnh An Giang"
COURT = "Tòa án nhân dân tỉnh An Giang"

POSITIONS = {
    "AG-2025-0012": {
        POLICE: "Đề nghị gia hạn điều tra lần thứ nhất 02 tháng vì chưa có kết luận "
        "giám định thiệt hại của gói thầu số 7",
        PROCURACY: "Thống nhất gia hạn; yêu cầu hoàn thành trưng cầu giám định trước ngày "
        "28/02/2026",
        COURT: "Không có ý kiến khác, đề nghị làm rõ tư cách tố tụng của nhà thầu phụ",
    },
    "AG-2025-0031": {
        POLICE: "Đủ căn cứ khởi tố bị can Nguyễn Thị Xuân về tội Tham ô tài sản",
        PROCURACY: "Chưa đủ căn cứ, cần định giá lại lô hàng tồn kho trước khi khởi tố",
        COURT: "Lưu ý xác định thiệt hại thực tế theo hướng dẫn của Hội đồng Thẩm phán",
    },
}


def _positions(code: str) -> list[Position]:
    return [Position(agency, text) for agency, text in POSITIONS[code].items()]


@pytest.fixture
def state_minutes() -> MeetingMinutes:
    return MeetingMinutes(
        issuing_agency="Công an tỉnh An Giang",
        superior_agency="Bộ Công an",
        party_document=False,
        number=DocumentNumber(agency_code="CAT", type_code="BB", number=5),
        place="An Giang",
        date=dt.date(2026, 2, 5),
        title="về tháo gỡ vướng mắc trong các vụ án thuộc diện Ban Chỉ đạo tỉnh theo dõi",
        chair=Attendee("Nguyễn Văn Hùng", "Công an tỉnh An Giang", "Phó Giám đốc"),
        secretary=Attendee("Trần Thị Lụa", "Công an tỉnh An Giang", "cán bộ Phòng Tham mưu"),
        started_at=dt.time(8, 30),
        ended_at=dt.time(11, 30),
        venue="Hội trường Công an tỉnh An Giang",
        bridge_sites=["Điểm cầu Công an khu vực Châu Đốc", "Điểm cầu Công an khu vực Tân Châu"],
        participants=[
            Participant(
                POLICE,
                [
                    Delegate("Lê Văn Quyết", "Phó Thủ trưởng Cơ quan Cảnh sát điều tra"),
                    Delegate("Huỳnh Ngọc Ẩn", "Điều tra viên"),
                ],
            ),
            Participant(PROCURACY, [Delegate("Phạm Thị Ngọc Ánh", "Kiểm sát viên")]),
            Participant(COURT, [Delegate("Đỗ Minh Trí")]),
        ],
        cases=[
            AgendaCase(
                title="Vụ án “Vi phạm quy định về đấu thầu gây hậu quả nghiêm trọng” "
                "tại Ban Quản lý dự án đầu tư xây dựng tỉnh",
                code="AG-2025-0012",
                positions=_positions("AG-2025-0012"),
                outcome=Outcome.AGREED,
                conclusion="Gia hạn điều tra lần thứ nhất 02 tháng; Viện kiểm sát phối hợp "
                "đôn đốc giám định",
            ),
            AgendaCase(
                title="Vụ án “Tham ô tài sản” tại Công ty Lương thực Hậu Giang",
                code="AG-2025-0031",
                positions=_positions("AG-2025-0031"),
                outcome=Outcome.NOT_AGREED,
                conclusion="Còn khác nhau về căn cứ xác định thiệt hại",
                escalated_to="Thường trực Ban Chỉ đạo tỉnh về phòng, chống tham nhũng, "
                "lãng phí, tiêu cực",
            ),
        ],
        recipients=["Thường trực Ban Chỉ đạo tỉnh (để báo cáo)", "Các cơ quan dự họp"],
        signers=[
            Signer(title="Thư ký", name="Trần Thị Lụa"),
            Signer(title="Chủ trì", name="Nguyễn Văn Hùng"),
        ],
        filed_at=["VT", "PV01"],
    )


@pytest.fixture
def party_minutes(state_minutes: MeetingMinutes) -> MeetingMinutes:
    return dataclasses.replace(
        state_minutes,
        issuing_agency="Ban Nội chính",
        superior_agency="Tỉnh ủy An Giang",
        party_document=True,
        number=DocumentNumber(agency_code="BNCTU", type_code="BB", number=12),
        chair=Attendee("Võ Thị Hạnh", "Ban Nội chính Tỉnh ủy An Giang", "Phó Trưởng Ban"),
        secretary=Attendee("Trần Thị Lụa", "Ban Nội chính Tỉnh ủy An Giang", "Chuyên viên"),
        signers=[
            Signer(title="Thư ký", name="Trần Thị Lụa"),
            Signer(title="Phó Trưởng ban", name="Võ Thị Hạnh", authority="K/T Trưởng ban"),
        ],
        filed_at=["Văn phòng Ban"],
    )


@pytest.fixture
def party_letter() -> FollowUpLetter:
    return FollowUpLetter(
        issuing_agency="Ban Nội chính",
        superior_agency="Tỉnh ủy An Giang",
        party_document=True,
        number=DocumentNumber(agency_code="BNCTU", number=45),
        place="An Giang",
        date=dt.date(2026, 3, 9),
        recipient_agency=POLICE,
        case=CaseReference(
            "Vụ án “Tham ô tài sản” tại Công ty Lương thực Hậu Giang", "AG-2025-0031"
        ),
        due_item="ban hành bản kết luận điều tra",
        due_date=dt.date(2026, 3, 2),
        days_overdue=7,
        report_by=dt.date(2026, 3, 16),
        signer=Signer(title="Phó Trưởng ban", name="Võ Thị Hạnh", authority="K/T Trưởng ban"),
        recipients=["Thường trực Ban Chỉ đạo tỉnh (để báo cáo)", PROCURACY],
        legal_basis=StatutoryBasis(law="Bộ luật Tố tụng hình sự", article=172, clause=1),
        sender_name="Ban Nội chính Tỉnh ủy An Giang",
        filed_at=["Văn phòng Ban"],
    )


@pytest.fixture
def state_letter(party_letter: FollowUpLetter) -> FollowUpLetter:
    return dataclasses.replace(
        party_letter,
        issuing_agency="Viện kiểm sát nhân dân tỉnh An Giang",
        superior_agency="Viện kiểm sát nhân dân tối cao",
        party_document=False,
        number=DocumentNumber(agency_code="VKSAG", unit_code="P1", number=7),
        sender_name=None,
        signer=Signer(title="Phó Viện trưởng", name="Lâm Quốc Khải", authority="KT. Viện trưởng"),
        recipients=["Lãnh đạo Viện"],
        filed_at=["VT", "P1"],
    )


# ---- the periodic oversight report ------------------------------------------------------

CASE_BIDDING = CaseRef(
    "AG-2025-0012",
    "Vụ án “Vi phạm quy định về đấu thầu gây hậu quả nghiêm trọng” tại Ban Quản lý dự án "
    "đầu tư xây dựng tỉnh",
    "An Giang",
)
CASE_EMBEZZLEMENT = CaseRef(
    "AG-2025-0031", "Vụ án “Tham ô tài sản” tại Công ty Lương thực Hậu Giang", "An Giang"
)
CASE_LAND = CaseRef(
    "KG-2026-0004",
    "Vụ án “Lợi dụng chức vụ, quyền hạn trong khi thi hành công vụ” tại Văn phòng đăng ký "
    "đất đai Phú Quốc",
    "Kiên Giang",
)
CASE_BRIBERY = CaseRef(
    "AG-2026-0007", "Vụ án “Nhận hối lộ” tại Chi cục Thuế khu vực Long Xuyên", "An Giang"
)
# A title pasted from elsewhere that a spreadsheet would run as a formula, and one that
# an HTML renderer would read as markup: both must stay plain text.
CASE_FORMULA = CaseRef("#4127", '=HYPERLINK("http://ví-dụ.invalid","Bấm vào đây")', "An Giang")
CASE_MARKUP = CaseRef(
    "AG-2026-0011", 'Vụ án <img src="file:///etc/passwd"> “Lập hồ sơ giả” & đồng phạm', "Đồng Tháp"
)

ALL_CASES = (CASE_BRIBERY, CASE_BIDDING, CASE_EMBEZZLEMENT, CASE_LAND, CASE_MARKUP, CASE_FORMULA)
STAGES = {
    "Kiểm tra, xác minh nguồn tin": (CASE_BRIBERY,),
    "Điều tra": (CASE_BIDDING, CASE_EMBEZZLEMENT, CASE_LAND),
    "Truy tố": (CASE_MARKUP,),
    "Xét xử sơ thẩm": (CASE_FORMULA,),
    "Xét xử phúc thẩm": (),
    "Thi hành án": (),
}


@pytest.fixture
def state_report() -> ReportData:
    return ReportData(
        variant=DocumentVariant.STATE,
        superior_agency="Viện kiểm sát nhân dân tối cao",
        issuing_agency="Viện kiểm sát nhân dân tỉnh An Giang",
        number=DocumentNumber(agency_code="VKSAG", type_code="BC", number=9),
        place="An Giang",
        issued_on=dt.date(2026, 10, 5),
        title="Kết quả theo dõi, đôn đốc giải quyết các vụ án tham nhũng, kinh tế, "
        "chức vụ quý III năm 2026",
        scope="tỉnh An Giang",
        period=Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quý III năm 2026"),
        sections=[
            Section(
                heading="Tình hình chung",
                paragraphs=[
                    "Trong kỳ, các cơ quan tiến hành tố tụng tỉnh An Giang tiếp tục phối hợp "
                    "chặt chẽ, giải quyết dứt điểm các vụ án thuộc diện theo dõi; một số vụ "
                    "việc còn chậm do chờ kết quả giám định, định giá tài sản.",
                ],
                figures=[
                    Figure("Vụ án đang theo dõi", len(ALL_CASES), ALL_CASES),
                    Figure("Bị can đang bị truy cứu", 23, unit="người"),
                ],
            ),
            Section(
                heading="Vụ án theo giai đoạn tố tụng",
                paragraphs=["Số vụ án ở mỗi giai đoạn tại ngày cuối kỳ báo cáo."],
                figures=[Figure(label, len(cases), cases) for label, cases in STAGES.items()],
                chart=True,
            ),
            Section(
                heading="Thu hồi tài sản",
                figures=[
                    Figure("Tài sản phải thu hồi", 1_250_000_000_000, unit="đồng"),
                    Figure("Tài sản đã thu hồi", 318_450_000_000, unit="đồng"),
                ],
            ),
        ],
        overdue=[
            OverdueRow(
                CASE_EMBEZZLEMENT,
                "Thời hạn điều tra",
                dt.date(2026, 9, 2),
                33,
                "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang",
            ),
            OverdueRow(
                CASE_LAND,
                "Thời hạn giám định",
                dt.date(2026, 9, 21),
                14,
                "Sở Tài nguyên và Môi trường tỉnh Kiên Giang",
            ),
        ],
        proposals=[
            "Đề nghị Sở Tài chính khẩn trương hoàn thành định giá tài sản trong vụ án "
            "tham ô tại Công ty Lương thực Hậu Giang",
            "Kiến nghị Thường trực Ban Chỉ đạo tỉnh đưa vụ án tại Văn phòng đăng ký đất "
            "đai Phú Quốc vào diện theo dõi, chỉ đạo",
        ],
        signer=Signer(title="Phó Viện trưởng", name="Lâm Quốc Khải", authority="KT. Viện trưởng"),
        recipients=["Viện kiểm sát nhân dân tối cao (Vụ 3)", "Thường trực Ban Chỉ đạo tỉnh"],
        generated_at=dt.datetime(2026, 10, 5, 7, 30),
        notes=["Một vụ án được tính một lần, theo giai đoạn tại ngày cuối kỳ."],
    )


@pytest.fixture
def party_report(state_report: ReportData) -> ReportData:
    return dataclasses.replace(
        state_report,
        variant=DocumentVariant.PARTY,
        superior_agency="Tỉnh ủy An Giang",
        issuing_agency="Ban Nội chính",
        number=DocumentNumber(agency_code="BNCTU", type_code="BC", number=27),
        proposals=[],
        signer=Signer(title="Phó Trưởng ban", name="Võ Thị Hạnh", authority="K/T Trưởng ban"),
        recipients=["Thường trực Tỉnh ủy (để báo cáo)", "- Lưu: Văn phòng Ban."],
    )
