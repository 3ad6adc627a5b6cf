"""The audit trail is a hash chain: any edit or deletion is found and named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.audit.models import AuditEvent
from phoihop.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=dt.UTC)


def _append(n: int) -> int:
    """Append n events after whatever the trail holds; return the number before them."""
    before = AuditEvent.objects.count()
    for i in range(n):
        audit_record(
            actor=None,
            action="case.viewed",
            at=AT + dt.timedelta(minutes=i),
            data={"n": i, "note": "Vụ án tham nhũng"},
        )
    return before


def test_an_untouched_chain_verifies():
    before = _append(5)

    report = audit_verify()

    assert report.ok
    assert report.checked == before + 5


def test_altering_one_row_in_the_database_breaks_the_chain_at_that_row(capsys):
    before = _append(5)
    third = AuditEvent.objects.get(seq=before + 3)
    AuditEvent.objects.filter(pk=third.pk).update(data={"n": 99, "note": "sửa"})

    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")

    assert f"#{before + 3}" in str(failure.value)
    assert "content altered" in str(failure.value)
    assert audit_verify().broken_seq == before + 3


def test_deleting_a_row_is_named_as_a_missing_entry():
    before = _append(4)
    AuditEvent.objects.filter(seq=before + 2).delete()

    report = audit_verify()

    assert report.broken_seq == before + 2
    assert report.reason == "missing row"


def test_deleting_the_last_rows_is_noticed_through_the_chain_head():
    before = _append(4)
    AuditEvent.objects.filter(seq=before + 4).delete()

    report = audit_verify()

    assert not report.ok
    assert report.broken_seq == before + 4


def test_recomputing_a_hash_after_editing_still_breaks_the_next_link():
    before = _append(3)
    second = AuditEvent.objects.get(seq=before + 2)
    second.actor = "someone-else"
    second.save()  # hash left as it was: content check fails

    assert audit_verify().broken_seq == before + 2


def test_the_cli_reports_an_intact_chain(capsys):
    before = _append(2)

    call_command("audit", "verify")

    assert f"{before + 2} entries verified" in capsys.readouterr().out


def test_an_unregistered_action_is_refused():
    with pytest.raises(ValueError, match="unregistered"):
        audit_record(actor=None, action="case.teleported", at=AT)
