"""Hand-written decisions as scans and careless typing give them: marks lost, lines
broken inside phrases, two persons, a field missing."""

from __future__ import annotations

import datetime as dt
import unicodedata

from phoihop.domain.procedure.events import EventType
from phoihop.domain.reading import ChargeRead, PersonRead, read_decision

WITHOUT_MARKS = """CONG AN TINH AN GIANG
CO QUAN CANH SAT DIEU TRA
So : 45/QD-CSDT
CONG HOA XA HOI CHU NGHIA VIET NAM
Doc lap - Tu do - Hanh phuc
An Giang, ngay 5 thang 3 nam 2025
QUYET DINH
KHOI TO BI CAN
Can cu cac Dieu 36 va 179 Bo luat To tung hinh su;
QUYET DINH:
Khoi to bi can doi voi: Nguyen Van An, sinh nam 1975
ve toi tham o tai san quy dinh tai khoan 3 Dieu 353 Bo luat Hinh su.
"""


def test_a_scan_without_marks_reads_like_the_printed_form():
    read = read_decision(WITHOUT_MARKS)

    assert read.event_type is not None
    assert read.event_type.value is EventType.SUSPECT_CHARGED
    assert read.doc_number is not None
    assert read.doc_number.value == "45/QD-CSDT"
    assert read.signed_on is not None
    assert read.signed_on.value == dt.date(2025, 3, 5)
    assert read.place is not None
    assert read.place.value == "An Giang"
    assert [f.value for f in read.persons] == [PersonRead("Nguyen Van An", 1975)]
    assert [f.value for f in read.charges] == [ChargeRead(353, 3)]
    assert [f.value for f in read.legal_basis] == [36, 179]


BROKEN_LINES = """VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO
VIỆN KIỂM SÁT NHÂN DÂN TỈNH ĐỒNG THÁP
Số: 12/QĐ-VKS-P3                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                Đồng Tháp, ngày 05 tháng
3 năm 2025
QUYẾT ĐỊNH
GIA HẠN THỜI HẠN
ĐIỀU TRA VỤ ÁN HÌNH SỰ
Căn cứ Điều 41 và Điều 172 Bộ luật
Tố tụng hình sự;
QUYẾT ĐỊNH:
Gia hạn thời hạn điều tra vụ án hình sự "Nhận hối lộ" xảy ra tại Sở Xây dựng.
Thời hạn gia hạn điều tra là 04
tháng, kể từ ngày 10/3/2025 đến ngày 09/7/2025; tội phạm quy định tại
khoản 3 Điều 354 Bộ luật Hình sự.
"""


def test_phrases_broken_over_lines_are_read_whole():
    read = read_decision(BROKEN_LINES)

    assert read.event_type is not None
    assert read.event_type.value is EventType.INVESTIGATION_EXTENDED
    assert read.signed_on is not None
    assert read.signed_on.value == dt.date(2025, 3, 5)
    assert read.issuer is not None
    assert read.issuer.value == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH ĐỒNG THÁP"
    assert [f.value for f in read.legal_basis] == [41, 172]
    assert read.months is not None
    assert read.months.value == 4
    assert [f.value for f in read.charges] == [ChargeRead(354, 3)]
    assert read.case_title is not None
    assert read.case_title.value == '"Nhận hối lộ" xảy ra tại Sở Xây dựng'


def test_two_persons_each_keep_their_own_year_and_a_record_name_broken_over_lines():
    text = (
        "LỆNH TẠM GIAM\n"
        "Họ tên: Trần Thị\nBình; Giới tính: Nữ\nSinh ngày 12/5/1980 tại Cần Thơ\n"
        "Bị can Lê Văn Cường (sinh năm 1969) cùng bị khởi tố.\n"
        "Điều tra viên Phạm Minh Đức chịu trách nhiệm.\n"
    )

    read = read_decision(text)

    assert [f.value for f in read.persons] == [
        PersonRead("Trần Thị Bình", 1980),
        PersonRead("Lê Văn Cường", 1969),
    ]


def test_a_month_without_its_day_is_no_date_and_a_missing_field_stays_empty():
    text = (
        "QUYẾT ĐỊNH\nTRƯNG CẦU GIÁM ĐỊNH\n"
        "Căn cứ Điều 205 Bộ luật Tố tụng hình sự;\n"
        "Trong tháng 3/2025 và tháng 4 năm 2025 đã thu giữ chứng từ.\n"
    )

    read = read_decision(text)

    assert read.event_type is not None
    assert read.event_type.value is EventType.EXPERTISE_REQUESTED
    assert read.signed_on is None
    assert read.doc_number is None
    assert read.place is None
    assert read.issuer is None
    assert read.persons == ()
    assert read.charges == ()
    assert read.months is None
    assert read.detention_from is None


def test_articles_of_the_general_part_and_of_another_law_are_no_charge():
    text = (
        "QUYẾT ĐỊNH:\nCăn cứ điểm b khoản 2 Điều 355; điểm s khoản 1 Điều 51; Điều 38 "
        "Bộ luật Hình sự;\nCăn cứ Điều 4 Luật Tổ chức cơ quan điều tra hình sự.\n"
        "Điều 1. Quyết định có hiệu lực từ ngày ký.\n"
    )

    read = read_decision(text)

    assert [f.value for f in read.charges] == [ChargeRead(355, 2)]
    assert read.legal_basis == ()


def test_the_appeal_period_of_a_judgment_is_no_period_of_the_decision():
    text = (
        "Bản án số: 08/2025/HS-ST\nNgày: 20-5-2025\n"
        "Bị cáo có quyền kháng cáo trong thời hạn 15 ngày kể từ ngày tuyên án.\n"
    )

    read = read_decision(text)

    assert read.event_type is not None
    assert read.event_type.value is EventType.FIRST_INSTANCE_JUDGMENT
    assert read.days is None
    assert read.months is None


def test_text_in_decomposed_unicode_is_read_and_spans_point_into_its_nfc_form():
    text = unicodedata.normalize("NFD", "Số: 7/QĐ-CSĐT\nHà Nội, ngày 01 tháng 02 năm 2024\n")

    read = read_decision(text)

    assert read.place is not None
    assert read.text[read.place.span[0] : read.place.span[1]] == "Hà Nội"
    assert read.doc_number is not None
    assert read.doc_number.value == "7/QĐ-CSĐT"
