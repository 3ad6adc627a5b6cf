"""A signed checkpoint catches what the chain alone cannot: its last entries deleted and
its head rewritten to match."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.audit.checkpoint import checkpoint_parse
from phoihop.audit.models import AuditEvent, AuditHead
from phoihop.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _append(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="case.viewed", at=AT + dt.timedelta(minutes=i))


def _checkpoint(tmp_path: Path) -> tuple[Path, Path]:
    key, out = tmp_path / "audit.key", tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", "--key", str(key), "--out", str(out))
    return key, out


def _cut_the_tail_and_rewrite_the_head(keep: int) -> None:
    AuditEvent.objects.filter(seq__gt=keep).delete()
    last = AuditEvent.objects.get(seq=keep)
    AuditHead.objects.filter(id=1).update(count=keep, last_hash=last.hash)


def test_deleting_the_last_entries_is_caught_by_the_checkpoint_not_by_the_chain(tmp_path, capsys):
    _append(6)
    key, out = _checkpoint(tmp_path)
    _append(2)  # entries after a checkpoint are fine

    call_command("audit", "verify", "--checkpoint", str(out), "--key", str(key))
    assert "checkpoint holds" in capsys.readouterr().out

    _cut_the_tail_and_rewrite_the_head(keep=AuditEvent.objects.count() - 5)
    assert audit_verify().ok  # the chain alone cannot tell
    with pytest.raises(CommandError, match="entries missing: the checkpoint") as caught:
        call_command("audit", "verify", "--checkpoint", str(out), "--key", str(key))
    assert f"names entry #{checkpoint_parse(out.read_text()).seq}" in str(caught.value)


def test_a_checkpoint_altered_or_verified_with_another_key_is_refused(tmp_path):
    _append(3)
    key, out = _checkpoint(tmp_path)
    data = json.loads(out.read_text())
    data["seq"] -= 1  # vouch for less than was signed
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    other = tmp_path / "other.key"
    other.write_text("ab" * 32)

    with pytest.raises(CommandError, match="signature does not match"):
        call_command("audit", "verify", "--checkpoint", str(forged), "--key", str(key))
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("audit", "verify", "--checkpoint", str(out), "--key", str(other))


def test_a_file_that_is_not_a_checkpoint_is_named_as_such(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_text('{"seq": "x"}')

    with pytest.raises(CommandError, match="không phải điểm kiểm tra"):
        call_command("audit", "verify", "--checkpoint", str(junk), "--key", str(junk))


def test_the_key_is_made_once_readable_by_its_owner_only(tmp_path, capsys):
    _append(1)
    key, _ = _checkpoint(tmp_path)
    first = key.read_text()
    assert "New checkpoint key" in capsys.readouterr().out
    _checkpoint(tmp_path)

    assert key.read_text() == first
    assert key.stat().st_mode & 0o777 == 0o600
    assert "New checkpoint key" not in capsys.readouterr().out


def test_no_checkpoint_is_signed_over_a_broken_chain(tmp_path):
    _append(4)
    AuditEvent.objects.filter(seq=2).update(actor="someone-else")

    with pytest.raises(CommandError, match="không lập điểm kiểm tra trên nhật ký hỏng"):
        _checkpoint(tmp_path)
