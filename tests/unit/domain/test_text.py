"""The text rules every form, address and API body goes through: folding for search,
and the control characters no record may hold."""

from __future__ import annotations

import pytest

from phoihop.domain.text import (
    fold,
    forbidden_character,
    search_terms,
    search_words,
    without_forbidden,
)


def test_folding_meets_text_typed_with_or_without_marks():
    assert fold("Viện Kiểm sát  nhân dân tỉnh An Giang") == fold(
        "vien kiem sat nhan dan tinh an giang"
    )
    assert fold("Đấu thầu") == "dau thau"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800"])
def test_a_control_character_is_named_and_taken_out(char):
    typed = f"Vụ án tham ô{char} tại Sở Y tế"

    assert forbidden_character(typed) == char
    assert without_forbidden(typed) == "Vụ án tham ô tại Sở Y tế"


def test_tabs_and_line_breaks_are_text():
    typed = "Trưởng phòng\r\n\tKế hoạch"

    assert forbidden_character(typed) is None
    assert without_forbidden(typed) == typed


def test_search_reads_syllables_and_each_part_of_a_number_or_code_as_words():
    assert search_words("Vụ án số 01/2024/HS-ST, AG-2024-000123: Nguyễn Văn Phước_Long") == [
        "vu", "an", "so", "01", "2024", "hs", "st", "ag", "2024", "000123",
        "nguyen", "van", "phuoc", "long",
    ]  # fmt: skip


def test_a_query_asks_one_term_per_piece_typed_and_punctuation_alone_asks_nothing():
    assert search_terms("  THAM nhũng, 01/2024 - AG-2024-0001 … (phước)") == (
        ("tham",),
        ("nhung",),
        ("01", "2024"),
        ("ag", "2024", "0001"),
        ("phuoc",),
    )
    assert search_terms(" - … ") == ()
