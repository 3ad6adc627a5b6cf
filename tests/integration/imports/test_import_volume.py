"""A full-size import: 10,000 rows from the template (5,000 cases, two decisions
each), then the same file again. Its time is measured by `make bench`, not here."""

from __future__ import annotations

import io

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.cases.importing.apply import import_file
from phoihop.cases.models import Case, CaseEvent, CaseReference
from phoihop.clocks.models import Clock
from phoihop.core.clock import now
from tests.integration.imports import sheets

# Runs on SQLite in `make test`; on PostgreSQL its time is measured by `make bench`.
pytestmark = [pytest.mark.django_db, pytest.mark.volume]


def test_10000_rows_import_whole_and_a_second_import_changes_nothing(demo_users):
    officer = demo_users["dieutra.ag"]
    content = sheets.xlsx(sheets.cases(5_000))

    def run():  # type: ignore[no-untyped-def]
        return import_file(
            user=officer, stream=io.BytesIO(content), name="10000.xlsx", partial=False, now=now()
        )[1]

    first = run()
    state = (
        Case.objects.count(),
        CaseEvent.objects.count(),
        CaseReference.objects.count(),
        Clock.objects.count(),
        AuditEvent.objects.count(),
    )
    second = run()

    assert first.rows == 10_000
    assert first.errors == []
    assert (first.cases_created, first.decisions_recorded) == (5_000, 10_000)
    assert state[:3] == (5_000, 10_000, 5_000)
    assert (second.cases_created, second.cases_updated, second.decisions_recorded) == (0, 0, 0)
    assert second.unchanged == 10_000
    assert (
        Case.objects.count(),
        CaseEvent.objects.count(),
        CaseReference.objects.count(),
        Clock.objects.count(),
        AuditEvent.objects.count(),
    ) == state
