"""What every write to a case does once it is authorized: lock the row, then check that
nobody changed the case since the writer's page was read (optimistic concurrency)."""

from __future__ import annotations

from phoihop.cases.models import Case
from phoihop.core.errors import StaleRecord


def case_locked_at(case_id: int, expected_version: int | None) -> Case:
    """The case's row, locked until the transaction ends. Must run inside it."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if expected_version is not None and case.version != expected_version:
        raise StaleRecord(
            "Hồ sơ vụ án đã được người khác thay đổi sau khi bạn mở trang. "
            "Hãy tải lại trang để xem thay đổi rồi nhập lại.",
            field="version",
        )
    return case
