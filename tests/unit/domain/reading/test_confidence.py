"""Each rule is surer of what it read where the form's own cue stood than where only a
weaker cue matched."""

from __future__ import annotations

from phoihop.domain.procedure.events import EventType
from phoihop.domain.reading import read_decision


def test_a_decision_type_from_the_title_is_surer_than_one_from_the_body():
    titled = read_decision("QUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ\nCăn cứ Điều 154;\n")
    untitled = read_decision("Nay khởi tố vụ án hình sự về hành vi nêu trên.\n")

    assert titled.event_type is not None
    assert untitled.event_type is not None
    assert titled.event_type.value is untitled.event_type.value is EventType.CASE_INITIATED
    assert titled.event_type.confidence > untitled.event_type.confidence


def test_a_judgment_known_by_its_number_is_less_sure_than_by_a_title():
    by_number = read_decision("Bản án số: 08/2025/HS-ST\n")
    by_title = read_decision("BẢN ÁN HÌNH SỰ SƠ THẨM\n")

    assert by_number.event_type is not None
    assert by_title.event_type is not None
    assert by_number.event_type.confidence < by_title.event_type.confidence


def test_a_number_without_its_colon_or_symbol_is_less_sure():
    full = read_decision("Số: 12/QĐ-CSĐT\nQUYẾT ĐỊNH\nKHỞI TỐ BỊ CAN\n").doc_number
    bare = read_decision("Số 12\nQUYẾT ĐỊNH\nKHỞI TỐ BỊ CAN\n").doc_number

    assert full is not None
    assert bare is not None
    assert full.confidence > bare.confidence


def test_a_date_with_its_place_is_surer_than_a_bare_date():
    placed = read_decision("Số: 1/QĐ\nAn Giang, ngày 05 tháng 3 năm 2025\nQUYẾT ĐỊNH\n").signed_on
    bare = read_decision("Số: 1/QĐ\nNgày: 05-3-2025\nQUYẾT ĐỊNH\n").signed_on

    assert placed is not None
    assert bare is not None
    assert placed.confidence > bare.confidence


def test_a_person_without_a_birth_year_is_less_sure():
    text = "Bị can Nguyễn Văn An, sinh năm 1975.\nBị can Trần Văn Bình bỏ trốn.\n"

    with_year, without = read_decision(text).persons

    assert with_year.value.birth_year == 1975
    assert without.value.birth_year is None
    assert with_year.confidence > without.confidence


def test_a_charge_without_its_clause_or_far_from_its_code_is_less_sure():
    near = read_decision("tội tham ô theo khoản 3 Điều 353 Bộ luật Hình sự.").charges
    far = read_decision(
        "theo khoản 3 Điều 353 và khoản 2 Điều 354 và khoản 1 Điều 355 và khoản 1 Điều 356 "
        "Bộ luật Hình sự."
    ).charges
    bare = read_decision("tội tham ô theo Điều 353 Bộ luật Hình sự.").charges

    assert near[0].confidence > far[0].confidence > bare[0].confidence


def test_a_case_named_without_quotes_is_less_sure():
    quoted = read_decision('Khởi tố vụ án hình sự "Tham ô tài sản" xảy ra tại Sở Y tế.')
    plain = read_decision("Khởi tố vụ án hình sự: Tham ô tài sản tại Sở Y tế.")

    assert quoted.case_title is not None
    assert plain.case_title is not None
    assert quoted.case_title.confidence > plain.case_title.confidence
