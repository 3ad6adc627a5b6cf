"""Two officers save the same case at the same moment, on real connections: one
wins, the other is told the record changed; nothing is lost or half-written."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.core.errors import StaleRecord

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_edits_from_one_version_let_exactly_one_through(open_case, demo_users, now):
    case = open_case()
    seen_version = case.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(username: str, summary: str) -> None:
        try:
            barrier.wait()
            services.case_edit(
                user=demo_users[username],
                case_id=case.pk,
                expected_version=seen_version,
                changes={"summary": summary},
                now=now,
            )
            outcomes[username] = "saved"
        except StaleRecord:
            outcomes[username] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=("dieutra.ag", "Nội dung của điều tra viên")),
        threading.Thread(target=edit, args=("kiemsat.ag", "Nội dung của kiểm sát viên")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    case = Case.objects.get(pk=case.pk)
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = next(name for name, result in outcomes.items() if result == "saved")
    expected = {
        "dieutra.ag": "Nội dung của điều tra viên",
        "kiemsat.ag": "Nội dung của kiểm sát viên",
    }
    assert case.summary == expected[winner]
    assert case.version == seen_version + 1
