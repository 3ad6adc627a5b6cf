"""Backup → restore gives back every row of every table (a content hash per table), on
SQLite and on PostgreSQL, and records itself in the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from phoihop.audit.models import AuditEvent
from phoihop.audit.services import audit_verify
from phoihop.cases.models import Case

pytestmark = pytest.mark.django_db(transaction=True)

AUDIT_TABLES = {"audit_auditevent", "audit_audithead"}


def _tables() -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of its rows in a fixed order."""
    contents = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} LIMIT 0")
            order = ", ".join(str(i) for i in range(1, len(cursor.description) + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()
            contents[table] = (len(rows), digest)
    return contents


def test_a_backup_restored_gives_back_every_row_and_the_restore_is_audited(
    tmp_path, open_case, now
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=40))
    backup = tmp_path / "phoihop.backup"
    call_command("backup", "--out", str(backup), stdout=io.StringIO())
    saved = _tables()
    entries = AuditEvent.objects.count()

    Case.objects.filter(pk=case.pk).update(title="Đã bị sửa sau khi sao lưu")
    open_case("Vụ án mở sau khi sao lưu", initiated_on=now.date())
    assert _tables() != saved

    out = io.StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)

    restored = _tables()
    assert {t: c for t, c in restored.items() if t not in AUDIT_TABLES} == {
        t: c for t, c in saved.items() if t not in AUDIT_TABLES
    }
    assert AuditEvent.objects.count() == entries + 1
    assert AuditEvent.objects.order_by("-seq").first().action == "backup.restored"
    assert audit_verify().ok
    assert "audit chain intact" in out.getvalue()


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(tmp_path, open_case, now):
    open_case(initiated_on=now.date() - dt.timedelta(days=5))
    before = _tables()
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all")

    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(junk), "--yes")

    assert _tables() == before
