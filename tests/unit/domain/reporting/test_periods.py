import datetime as dt

import pytest

from phoihop.domain.errors import InvalidInput
from phoihop.domain.reporting import parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "tháng 10 năm 2026"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "tháng 2 năm 2024"),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quý III năm 2026"),
        ("2026-q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "quý IV năm 2026"),
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "6 tháng cuối năm 2026"),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "năm 2026"),
        (
            "2026-01-01..2026-03-15",
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 15),
            "từ ngày 01/01/2026 đến ngày 15/03/2026",
        ),
    ],
)
def test_each_kind_of_period_is_read_and_named(text, start, end, label):
    period = parse_period(text)

    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-Q5",
        "2026-H3",
        "26",
        "2026-02-30..2026-03-01",
        "2026-03-01..2026-02-01",
        "",
        "Q3",
    ],
)
def test_a_bad_period_is_refused_naming_the_accepted_forms(text):
    with pytest.raises(InvalidInput, match="2026-Q3") as refused:
        parse_period(text)

    assert refused.value.field == "period"
