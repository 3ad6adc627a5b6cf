"""A calendar written out by hand for the dates these tests use (LEGAL.md §4, 2026),
so the expected dates can be checked against a paper calendar."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.clocks import RestDayCalendar


@pytest.fixture(scope="session")
def calendar_2026() -> RestDayCalendar:
    return RestDayCalendar(
        rest_days={
            date(2026, 4, 26): "Giỗ Tổ Hùng Vương",
            date(2026, 4, 27): "Nghỉ bù Giỗ Tổ Hùng Vương",
            date(2026, 4, 30): "Ngày Chiến thắng",
            date(2026, 5, 1): "Quốc tế Lao động",
        },
        known_years=frozenset({2026}),
    )
