"""One rounding rule (half up) and Vietnamese digits (1.121; 12,5) for every number the
report and the overview write."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phoihop.domain.reporting.numbers import round_half_up, vietnamese_number, whole


def test_a_half_rounds_up_where_python_rounds_to_even():
    assert f"{2.5:.0f}" == "2"  # what the report wrote before: banker's rounding

    assert whole(2.5) == 3
    assert whole(3.5) == 4
    assert whole(2.4999) == 2
    assert whole(-2.5) == -3
    assert round_half_up(12.25, 1) == Decimal("12.3")
    assert round_half_up(1.005, 2) == Decimal("1.01")  # as printed, not the binary value


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1121, 0, "1.121"),
        (1_250_000_000_000, 0, "1.250.000.000.000"),
        (-1500, 0, "-1.500"),
        (12.25, 1, "12,3"),
        (1234.5, 1, "1.234,5"),
        (2.5, 0, "3"),
        (Decimal("0.05"), 1, "0,1"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, places, expected):
    assert vietnamese_number(value, places) == expected


@given(st.integers(-(10**15), 10**15))
def test_grouping_a_whole_number_only_adds_full_stops(value):
    written = vietnamese_number(value)

    assert int(written.replace(".", "")) == value
    assert all(len(group) == 3 for group in written.lstrip("-").split(".")[1:])


def test_negative_places_are_refused():
    with pytest.raises(ValueError, match="places"):
        round_half_up(1.5, -1)
