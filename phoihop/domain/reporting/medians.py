"""Medians of values kept as counts (a histogram), as ``statistics.median`` would give
them for the expanded list: the dashboard keeps how many clocks started on each day,
not every clock."""

from __future__ import annotations

from collections.abc import Mapping


def median_of_counts(counts: Mapping[int, int]) -> float | int:
    """The median of a list holding each value ``counts[value]`` times; the mean of the
    two middle values when the list is even. An empty list has none (ValueError)."""
    ordered = sorted((value, n) for value, n in counts.items() if n > 0)
    size = sum(n for _, n in ordered)
    if size == 0:
        raise ValueError("no values")
    low, high = (size - 1) // 2, size // 2  # positions of the middle values, from 0
    found: list[int] = []
    seen = 0
    for value, n in ordered:
        seen += n
        while len(found) < 2 and (low, high)[len(found)] < seen:
            found.append(value)
        if len(found) == 2:
            break
    return found[0] if low == high else (found[0] + found[1]) / 2
