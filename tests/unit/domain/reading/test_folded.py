"""Folding with the way back: the rules read folded text, the fields point at the
printed one."""

from __future__ import annotations

import pytest

from phoihop.domain.reading.folded import fold_with_offsets
from phoihop.domain.text import fold


@pytest.mark.parametrize(
    "text",
    ["Số: 123/QĐ-CSĐT", "An Giang, ngày 05 tháng 3 năm 2025", "VIỆN  KIỂM SÁT\nNHÂN DÂN"],
)
def test_folding_reads_as_search_folds(text):
    folded = fold_with_offsets(text)

    assert " ".join(folded.folded.split()) == fold(text)


def test_a_folded_span_points_at_the_printed_words():
    text = "Căn cứ Điều 179 Bộ luật Tố tụng hình sự"
    folded = fold_with_offsets(text)
    at = folded.folded.index("bo luat")

    assert folded.original_text(at, at + len("bo luat to tung")) == "Bộ luật Tố tụng"


def test_a_column_gap_and_a_line_break_are_kept_apart_from_a_space():
    folded = fold_with_offsets("CÔNG AN TỈNH     CỘNG HÒA\nĐộc lập")

    assert folded.folded == "cong an tinh\tcong hoa\ndoc lap"
