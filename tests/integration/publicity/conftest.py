"""A case with a record a release can state, and the commission leader who approves."""

from __future__ import annotations

import pytest

from phoihop.cases import services as cases


@pytest.fixture
def commission_leader(demo_users):  # type: ignore[no-untyped-def]
    """A leader of the An Giang internal-affairs commission."""
    return demo_users["lanhdao.noichinh.ag"]


@pytest.fixture
def case_with_record(open_case, demo_users, now):  # type: ignore[no-untyped-def]
    case = open_case()
    officer = demo_users["dieutra.ag"]
    for name in ("Nguyễn Văn An", "Lê Thị Hồng"):
        case.refresh_from_db()
        cases.case_add_person(
            user=officer,
            case_id=case.pk,
            expected_version=case.version,
            person={"full_name": name, "role": "accused"},
            now=now,
        )
    for kind, amount in (("damage", 45_300_000_000), ("recovered", 12_480_000_000)):
        case.refresh_from_db()
        cases.case_record_asset(
            user=officer,
            case_id=case.pk,
            expected_version=case.version,
            asset={"kind": kind, "amount_vnd": amount, "date": case.opened_on},
            now=now,
        )
    case.refresh_from_db()
    return case
