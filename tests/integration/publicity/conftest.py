"""A case with a record a release can state, and the commission leader who approves."""

from __future__ import annotations

import pytest

from tests.records import record_fill


@pytest.fixture
def commission_leader(demo_users):  # type: ignore[no-untyped-def]
    """A leader of the An Giang internal-affairs commission."""
    return demo_users["lanhdao.noichinh.ag"]


@pytest.fixture
def case_with_record(open_case, demo_users, now):  # type: ignore[no-untyped-def]
    case = open_case()
    record_fill(
        case,
        demo_users["dieutra.ag"],
        now,
        accused=("Nguyễn Văn An", "Lê Thị Hồng"),
        amounts=(("damage", 45_300_000_000), ("recovered", 12_480_000_000)),
    )
    case.refresh_from_db()
    return case
