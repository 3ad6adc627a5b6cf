"""Text as a PDF's text layer and a scan give it: a long name broken where its column
breaks it, a paragraph broken where the page breaks it, the motto set beside the body's
line with one space; and fields read from words the OCR doubted."""

from __future__ import annotations

from phoihop.domain.reading import doubted, read_decision

WRAPPED = """VIỆN KIỂM SÁT NHÂN DÂN TỐI
CAO
VIỆN KIỂM SÁT NHÂN DÂN
TỈNH PHÚ THỌ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/QĐ-VKS-P3 Phú Thọ, ngày 05 tháng 3 năm 2025
QUYẾT ĐỊNH
GIA HẠN THỜI HẠN ĐIỀU TRA VỤ ÁN HÌNH SỰ
VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH PHÚ THỌ
Căn cứ Điều 41 và Điều 172 Bộ luật Tố tụng hình sự;
Xét đề nghị gia hạn thời hạn điều tra vụ án hình sự "Nhận hối lộ" xảy ra tại Ban quản lý
dự án đầu tư xây dựng tỉnh Phú
Thọ;
QUYẾT ĐỊNH:
1. Gia hạn thời hạn điều tra 02 tháng.
"""


def test_a_name_broken_over_the_head_s_lines_is_read_whole_and_the_motto_beside_it_left_out():
    read = read_decision(WRAPPED)

    assert [f.value for f in read.issuer_lines] == [
        "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
        "VIỆN KIỂM SÁT NHÂN DÂN TỈNH PHÚ THỌ",
    ]
    assert read.issuer is not None
    assert read.issuer.value == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH PHÚ THỌ"


def test_a_case_s_name_broken_over_lines_is_read_to_its_end():
    read = read_decision(WRAPPED)

    assert read.case_title is not None
    assert read.case_title.value == (
        '"Nhận hối lộ" xảy ra tại Ban quản lý dự án đầu tư xây dựng tỉnh Phú Thọ'
    )


def test_a_field_read_from_a_doubtful_word_is_unsure_and_the_others_keep_their_confidence():
    read = read_decision(WRAPPED)
    assert read.doc_number is not None
    assert read.doc_number.confidence >= 0.8
    number_at = read.text.index("12/QĐ")

    checked = doubted(read, [(number_at, number_at + 3)])

    assert checked.doc_number is not None
    assert checked.doc_number.value == read.doc_number.value
    assert checked.doc_number.confidence == 0.5
    assert checked.signed_on == read.signed_on
    assert checked.legal_basis == read.legal_basis
