import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phoihop.domain.reporting.medians import median_of_counts


@given(st.dictionaries(st.integers(-1000, 1000), st.integers(0, 5), min_size=1))
def test_the_median_of_counts_is_the_median_of_the_expanded_list(counts):
    values = [value for value, n in counts.items() for _ in range(n)]
    if not values:
        with pytest.raises(ValueError, match="no values"):
            median_of_counts(counts)
        return
    assert median_of_counts(counts) == statistics.median(values)


def test_even_lists_take_the_mean_of_the_two_middle_values():
    assert median_of_counts({3: 1, 8: 1}) == 5.5
    assert median_of_counts({3: 2, 8: 2}) == 5.5
    assert median_of_counts({3: 3, 8: 1}) == 3


def test_a_field_is_named_in_vietnamese_and_a_missing_one_said_so():
    from phoihop.domain.fields import field_label

    assert field_label("land") == "đất đai"
    assert field_label("") == "chưa rõ lĩnh vực"
    assert field_label("space") == "space"
