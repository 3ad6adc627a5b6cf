import pytest

from phoihop.core.search import fold


@pytest.mark.parametrize(
    "text",
    ["tham nhung", "THAM NHŨNG", "Tham nhũng", "  tham   nhũng ", "Tham nhu\u0303ng"],
)
def test_every_spelling_of_tham_nhung_folds_to_the_same_key(text):
    assert fold(text) == "tham nhung"


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert fold("Đặng Đức") == "dang duc"


def test_folding_keeps_letters_that_carry_no_marks():
    assert fold("Điều 353 khoản 3") == "dieu 353 khoan 3"
