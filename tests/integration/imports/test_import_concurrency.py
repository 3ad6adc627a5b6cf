"""An import does not stop the site: while a large import is under way, in its own
transaction on its own connection, another officer's decision and a read of a
classified case (both audited) go through without waiting on anything the import
holds. The other connection waits at most a second for any lock (``lock_timeout``),
so a wait on the import's locks fails as an error, not as a slow timing.

The import is held open deterministically: its progress callback stops it part-way
through the rows that go through the services (cases already in the record), after
its chunks of new cases are written, until the other users are done."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

import pytest
from django.db import connection

from phoihop.audit.models import AuditEvent
from phoihop.audit.services import audit_verify
from phoihop.cases import services
from phoihop.cases.importing.apply import ImportOutcome, import_file
from phoihop.cases.importing.batch import CHUNK_ROWS
from phoihop.cases.models import Case
from tests.integration.imports import sheets

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's row locks and lock_timeout (SQLite has one writer at a time)",
    ),
]

# Two decisions each: two chunks written before the import is held.
NEW_CASES = CHUNK_ROWS + 100
KNOWN_CASES = 300  # in the record already: a new decision each, through the services


def _import(user: Any, rows: list[list[str]], now: dt.datetime, **kwargs: Any) -> ImportOutcome:
    _, outcome = import_file(
        user=user,
        stream=io.BytesIO(sheets.csv_bytes(rows)),
        name="vu-an.csv",
        partial=False,
        now=now,
        **kwargs,
    )
    return outcome


def test_a_decision_and_a_classified_read_do_not_wait_for_a_running_import(
    demo_users, open_case, now, today
):
    importer = demo_users["dieutra.ag"]
    start = today - dt.timedelta(days=320)
    known = _import(importer, sheets.cases(KNOWN_CASES, start=start, prefix="CU"), now)
    assert known.written
    assert not known.errors
    # Another province's case, and one of the importer's own province, for the writes
    # while the import runs; a classified case for the audited read.
    elsewhere = open_case("Vụ án ở Hà Nội", user="dieutra.hn")
    same_province = open_case("Vụ án khác ở An Giang", user="kiemsat.ag")
    secret = open_case("Vụ án mật", classification=1, user="dieutra.ag")
    entries_before = AuditEvent.objects.count()

    rows = [
        *sheets.cases(NEW_CASES, start=start, prefix="MOI"),
        *sheets.valuations_requested(KNOWN_CASES, prefix="CU", on=today - dt.timedelta(days=10)),
    ]
    held_at = 2 * NEW_CASES + 100  # rows done: every new case, and a hundred known ones
    held, release = threading.Event(), threading.Event()
    result: dict[str, Any] = {}

    def progress(done: int, total: int) -> None:
        if done >= held_at and not held.is_set():
            held.set()
            release.wait(timeout=120)

    def run_import() -> None:
        try:
            result["outcome"] = _import(importer, rows, now, progress=progress)
        except BaseException as error:  # reported by the main thread
            result["error"] = error
        finally:
            held.set()
            connection.close()

    worker = threading.Thread(target=run_import)
    worker.start()
    try:
        assert held.wait(timeout=300), "the import never reached the point it is held at"
        assert "error" not in result, result.get("error")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        try:
            # Each of these fails with "canceling statement due to lock timeout" if it
            # waits more than a second for a row the import has locked.
            for officer, case in (("dieutra.hn", elsewhere), ("kiemsat.ag", same_province)):
                services.case_record_event(
                    user=demo_users[officer],
                    case_id=case.pk,
                    expected_version=None,
                    event=services.EventInput(
                        type="expertise_requested",
                        date=today - dt.timedelta(days=5),
                        doc_number=f"12/QĐ-{officer}",
                    ),
                    now=now,
                )
            viewed = services.case_open_for(
                user=demo_users["noichinh.ag"], case_id=secret.pk, now=now
            )
            assert viewed.pk == secret.pk
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    finally:
        release.set()
        worker.join(timeout=300)

    assert "error" not in result, result.get("error")
    outcome: ImportOutcome = result["outcome"]
    assert outcome.written
    assert not outcome.errors
    assert outcome.cases_created == NEW_CASES
    assert outcome.decisions_recorded == 2 * NEW_CASES + KNOWN_CASES
    assert Case.objects.filter(references__external_id__startswith="MOI-").count() == NEW_CASES
    # The others' entries came first, the import's after them, all in one chain.
    actions = list(
        AuditEvent.objects.filter(seq__gt=entries_before).values_list("action", flat=True)
    )
    assert actions[:3] == ["case.event.recorded", "case.event.recorded", "case.viewed"]
    assert actions.count("cases.import.written") == 3  # a chunk of new cases each
    assert actions.count("case.event.recorded") == 2 + KNOWN_CASES
    assert actions[-1] == "cases.imported"
    assert audit_verify().ok
