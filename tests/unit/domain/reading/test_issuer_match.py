"""The body a header names, among the recording agency and the bodies it succeeded:
named word for word whatever the case and tone marks, told from a namesake by the
decision's date, and never guessed from a near spelling."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.domain.reading import read_decision
from phoihop.domain.reading.issuer_match import (
    IssuerCandidate,
    IssuerMatch,
    IssuerOutcome,
    match_issuer,
)

REFORM = dt.date(2025, 7, 1)
CEASED = dt.date(2025, 6, 30)

# An Giang's police since the reform, its namesake before it, and Kiên Giang's, merged
# into An Giang.
AN_GIANG = IssuerCandidate(1, "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang", REFORM, None)
AN_GIANG_BEFORE = IssuerCandidate(
    2, "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang", dt.date(2018, 1, 1), CEASED
)
KIEN_GIANG = IssuerCandidate(
    3, "Cơ quan Cảnh sát điều tra Công an tỉnh Kiên Giang", dt.date(2018, 1, 1), CEASED
)
LONG_XUYEN = IssuerCandidate(
    4, "Cơ quan Cảnh sát điều tra Công an thành phố Long Xuyên", dt.date(2018, 1, 1), CEASED
)
FORMER = (AN_GIANG_BEFORE, KIEN_GIANG, LONG_XUYEN)


def _header(*lines: str, on: str = "ngày 12 tháng 5 năm 2025") -> str:
    return "\n".join([*lines, "Số: 12/QĐ-CSĐT", f"Kiên Giang, {on}", "QUYẾT ĐỊNH", ""])


def _matched(text: str, *, recorder: IssuerCandidate = AN_GIANG) -> IssuerMatch:
    read = read_decision(text)
    return match_issuer(
        read.issuer,
        read.issuer_lines,
        recorder=recorder,
        predecessors=FORMER,
        on=read.signed_on,
    )


def test_a_ceased_body_named_by_its_unit_under_its_parent_is_matched_surely():
    text = _header("CÔNG AN TỈNH KIÊN GIANG", "CƠ QUAN CẢNH SÁT ĐIỀU TRA")

    match = _matched(text)

    assert (match.candidate, match.outcome) == (KIEN_GIANG, IssuerOutcome.MATCHED)
    assert match.confidence >= 0.9
    assert match.span is not None
    assert "KIÊN GIANG" in text[match.span[0] : match.span[1]]


def test_a_name_printed_without_its_marks_is_the_same_name():
    # A scan or a typist's font that lost the tone marks; the registry's in mixed case.
    match = _matched(_header("CONG AN TINH KIEN GIANG", "CO QUAN CANH SAT DIEU TRA"))

    assert (match.candidate, match.outcome) == (KIEN_GIANG, IssuerOutcome.MATCHED)


@pytest.mark.parametrize(
    ("on", "expected"),
    [("ngày 12 tháng 5 năm 2025", AN_GIANG_BEFORE), ("ngày 12 tháng 9 năm 2025", AN_GIANG)],
    ids=["before-the-reform", "after-it"],
)
def test_namesakes_are_told_apart_by_the_decisions_date(on, expected):
    match = _matched(_header("CÔNG AN TỈNH AN GIANG", "CƠ QUAN CẢNH SÁT ĐIỀU TRA", on=on))

    assert (match.candidate, match.outcome) == (expected, IssuerOutcome.MATCHED)
    assert match.confidence >= 0.8


def test_namesakes_without_a_date_leave_the_recorder_to_check():
    match = _matched("CÔNG AN TỈNH AN GIANG\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\nQUYẾT ĐỊNH\n")

    assert (match.candidate, match.outcome) == (AN_GIANG, IssuerOutcome.AMBIGUOUS)
    assert match.confidence < 0.8


def test_a_body_of_another_province_is_no_match_and_leaves_the_recorder_to_check():
    text = _header("CÔNG AN TỈNH HẬU GIANG", "CƠ QUAN CẢNH SÁT ĐIỀU TRA")

    match = _matched(text)

    assert (match.candidate, match.outcome) == (AN_GIANG, IssuerOutcome.UNMATCHED)
    assert match.confidence < 0.8
    assert match.span is not None  # the words the officer checks


def test_a_near_spelling_is_not_taken_for_the_name():
    # One letter from Kiên Giang's: a misread, or another body; not guessed either way.
    match = _matched(_header("CÔNG AN TỈNH TIÊN GIANG", "CƠ QUAN CẢNH SÁT ĐIỀU TRA"))

    assert match.outcome is IssuerOutcome.UNMATCHED


def test_a_header_naming_no_body_leaves_the_recorder_with_nothing_read():
    match = _matched("Số: 12/QĐ-CSĐT\nQUYẾT ĐỊNH\n")

    assert (match.candidate, match.outcome, match.span) == (AN_GIANG, IssuerOutcome.UNREAD, None)
    assert match.confidence < 0.8


def test_the_body_named_beats_its_superior_printed_above_it():
    # A high court's head starts with the Supreme Court's name, which succeeded it.
    supreme = IssuerCandidate(7, "Tòa án nhân dân tối cao", dt.date(2018, 1, 1), None)
    high = IssuerCandidate(8, "Tòa án nhân dân cấp cao tại Hà Nội", dt.date(2018, 1, 1), CEASED)
    read = read_decision(_header("TÒA ÁN NHÂN DÂN TỐI CAO", "TÒA ÁN NHÂN DÂN CẤP CAO TẠI HÀ NỘI"))

    match = match_issuer(
        read.issuer, read.issuer_lines, recorder=supreme, predecessors=[high], on=read.signed_on
    )

    assert (match.candidate, match.outcome) == (high, IssuerOutcome.MATCHED)
    assert match.confidence >= 0.9


def test_a_name_found_only_in_the_lines_in_another_order_is_proposed_to_check():
    # A scan gave the unit above its parent: the reader's composed name misses it.
    match = _matched(_header("CƠ QUAN CẢNH SÁT ĐIỀU TRA", "CÔNG AN TỈNH KIÊN GIANG"))

    assert (match.candidate, match.outcome) == (KIEN_GIANG, IssuerOutcome.MATCHED)
    assert match.confidence < 0.8


def test_a_body_that_did_not_exist_on_the_date_read_is_proposed_to_check():
    text = _header("CÔNG AN TỈNH KIÊN GIANG", "CƠ QUAN CẢNH SÁT ĐIỀU TRA", on="ngày 2/9/2025")

    match = _matched(text)

    assert (match.candidate, match.outcome) == (KIEN_GIANG, IssuerOutcome.MATCHED)
    assert match.confidence < 0.8


def test_thanh_pho_abbreviated_in_a_header_is_the_same_name():
    city = IssuerCandidate(5, "Tòa án nhân dân thành phố Long Xuyên", dt.date(2018, 1, 1), CEASED)
    read = read_decision(_header("TÒA ÁN NHÂN DÂN TP. LONG XUYÊN"))

    match = match_issuer(
        read.issuer, read.issuer_lines, recorder=AN_GIANG, predecessors=[city], on=read.signed_on
    )

    assert (match.candidate, match.outcome) == (city, IssuerOutcome.MATCHED)
