"""Appending to and verifying the hash-chained audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from phoihop.audit.actions import ACTIONS
from phoihop.audit.checkpoint import Checkpoint, checkpoint_sign, checkpoint_signed_by
from phoihop.audit.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
# What proves the rows an entry names, by its action: the chain proves the entry, these
# the rows (an import's chunk names rows it does not carry). Each answers why the rows
# no longer match, or "". The apps that write such entries register them when ready.
ROW_CHECKS: dict[str, Callable[[dict[str, Any], dt.datetime], str]] = {}


def _digest(
    *,
    seq: Any,
    at: Any,
    actor: Any,
    agency: Any,
    action: Any,
    target_type: Any,
    target_id: Any,
    data: Any,
    prev_hash: Any,
) -> str:
    canonical = json.dumps(
        [
            seq,
            at.astimezone(dt.UTC).isoformat(),
            actor,
            agency,
            action,
            target_type,
            target_id,
            data,
            prev_hash,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor: Any,
    action: str,
    at: dt.datetime,
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Runs inside the caller's transaction, so a write and its
    audit row commit or roll back together."""
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r}")
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH, "count": 0}
        )
        fields = {
            "seq": head.count + 1,
            "at": at,
            "actor": getattr(actor, "username", "") or "",
            "agency": getattr(getattr(actor, "agency", None), "code", "") or "",
            "action": action,
            "target_type": target._meta.model_name if target is not None else "",
            "target_id": str(target.pk) if target is not None else "",
            "data": data or {},
            "prev_hash": head.last_hash,
        }
        event = AuditEvent.objects.create(**fields, hash=_digest(**fields))
        head.last_hash = event.hash
        head.count = event.seq
        head.save(update_fields=["last_hash", "count"])
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def audit_verify() -> ChainReport:
    """Walk the chain in order; report the first row whose hash, link or number is off."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, "missing row")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, "link to the previous row broken")
        recomputed = _digest(
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            agency=event.agency,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            data=event.data,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return ChainReport(checked, event.seq, "content altered")
        rows_check = ROW_CHECKS.get(event.action)
        if rows_check is not None and (reason := rows_check(event.data, event.at)):
            return ChainReport(checked, event.seq, reason)
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.count != checked or head.last_hash != prev_hash):
        return ChainReport(checked, checked + 1, "rows missing at the end of the chain")
    return ChainReport(checked)


def audit_checkpoint(key: bytes, *, now: dt.datetime) -> Checkpoint:
    """Sign the chain's last entry, once the whole chain verifies (a checkpoint must not
    vouch for a chain already broken)."""
    report = audit_verify()
    if not report.ok:
        raise ValueError(
            f"Nhật ký đã hỏng tại bản ghi #{report.broken_seq} ({report.reason}): "
            "không lập điểm kiểm tra trên nhật ký hỏng."
        )
    last = AuditEvent.objects.filter(seq=report.checked).first()
    entry_hash = last.hash if last is not None else GENESIS_HASH
    at = now.astimezone(dt.UTC).isoformat()
    return checkpoint_sign(key, seq=report.checked, entry_hash=entry_hash, at=at)


def audit_verify_against(checkpoint: Checkpoint, key: bytes) -> ChainReport:
    """The chain verified, and the entry the checkpoint names still there, unchanged:
    a chain cut short (its head rewritten to match) verifies on its own, not with this."""
    if not checkpoint_signed_by(key, checkpoint):
        return ChainReport(0, checkpoint.seq, "checkpoint signature does not match the key")
    report = audit_verify()
    if not report.ok:
        return report
    if checkpoint.seq == 0:
        return report
    entry = AuditEvent.objects.filter(seq=checkpoint.seq).first()
    if entry is None:
        return ChainReport(
            report.checked,
            checkpoint.seq,
            f"entries missing: the checkpoint of {checkpoint.at} names entry "
            f"#{checkpoint.seq}, the chain ends at #{report.checked}",
        )
    if entry.hash != checkpoint.hash:
        return ChainReport(
            report.checked, checkpoint.seq, "entry differs from the one the checkpoint signed"
        )
    return report
