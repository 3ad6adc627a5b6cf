"""The bound of an amount of money (phoihop.domain.amounts): an entry up to 10^15 đồng,
a case's total of one kind up to 10^18, each refused one đồng past it with its code,
naming the field and the amount in Vietnamese."""

from __future__ import annotations

import pytest

from phoihop.domain.amounts import (
    MAX_AMOUNT_VND,
    MAX_CASE_TOTAL_VND,
    check_amount,
    check_case_total,
    vnd_text,
)
from phoihop.domain.errors import InvalidInput


def test_the_bounds_leave_room_above_the_largest_case_and_within_64_bits():
    largest_damage_tried = 677_000 * 10**9  # Vạn Thịnh Phát (2024), in đồng

    assert largest_damage_tried < MAX_AMOUNT_VND
    assert MAX_CASE_TOTAL_VND == 1000 * MAX_AMOUNT_VND
    assert MAX_CASE_TOTAL_VND < 2**63 - 1


@pytest.mark.parametrize("amount", [0, 1, MAX_AMOUNT_VND])
def test_an_entry_up_to_the_maximum_is_accepted(amount):
    check_amount(amount, field="amount_vnd", label="Số tiền")


def test_one_dong_over_the_maximum_is_refused_naming_the_field_and_the_amount():
    with pytest.raises(InvalidInput) as refused:
        check_amount(MAX_AMOUNT_VND + 1, field="amount_vnd", label="Số tiền")

    assert refused.value.code == "input.amount_too_large"
    assert refused.value.field == "amount_vnd"
    assert refused.value.message.startswith("Số tiền (1.000.000.000.000.001 đồng) vượt quá")


def test_a_negative_amount_is_refused():
    with pytest.raises(InvalidInput) as refused:
        check_amount(-1, field="amount_vnd", label="Số tiền")

    assert refused.value.code == "input.amount_negative"
    assert refused.value.message == "Số tiền không được âm."


def test_a_case_total_up_to_its_maximum_is_accepted_and_one_dong_more_refused():
    check_case_total(
        MAX_CASE_TOTAL_VND - MAX_AMOUNT_VND,
        MAX_AMOUNT_VND,
        kind_label="Thiệt hại",
        field="amount_vnd",
    )

    with pytest.raises(InvalidInput) as refused:
        check_case_total(MAX_CASE_TOTAL_VND, 1, kind_label="Thiệt hại", field="amount_vnd")

    assert refused.value.code == "input.case_total_too_large"
    assert "«Thiệt hại»" in refused.value.message


def test_amounts_are_written_with_dots_between_thousands():
    assert vnd_text(1_500_000_000) == "1.500.000.000"
    assert vnd_text(0) == "0"
