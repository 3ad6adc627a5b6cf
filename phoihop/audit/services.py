"""Appending to and verifying the hash-chained audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
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
) -> AuditEvent | None:
    """Append one event. Runs inside the caller's transaction, so a write and its
    audit row commit or roll back together. Inside ``audit_deferred`` the event is
    kept, to be appended with the others at the end (None is returned then)."""
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r}")
    fields = {
        "at": at,
        "actor": getattr(actor, "username", "") or "",
        "agency": getattr(getattr(actor, "agency", None), "code", "") or "",
        "action": action,
        "target_type": target._meta.model_name if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "data": data or {},
    }
    deferred = _deferred.get()
    if deferred is not None:
        # A copy: what is chained later is what was recorded now, whatever the caller
        # does with its dict meanwhile.
        deferred.entries.append({**fields, "data": json.loads(json.dumps(fields["data"]))})
        return None
    return _append([fields])[-1]


def _append(entries: list[dict[str, Any]]) -> list[AuditEvent]:
    """Chain the entries onto the head, in order, and move the head past them. The
    head stays locked until the caller's transaction ends: two writers can never chain
    onto the same predecessor. No savepoint: an append that fails must fail the
    caller's write with it, and a savepoint cost two more statements on every audited
    request."""
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH, "count": 0}
        )
        events = []
        seq, prev_hash = head.count, head.last_hash
        for entry in entries:
            seq += 1
            chained = {**entry, "seq": seq, "prev_hash": prev_hash}
            event = AuditEvent(**chained, hash=_digest(**chained))
            events.append(event)
            prev_hash = event.hash
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events, batch_size=1000)
        head.last_hash = prev_hash
        head.count = seq
        head.save(update_fields=["last_hash", "count"])
    return events


@dataclass
class DeferredAudit:
    """The entries of a long write (an import), kept in memory until it ends."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    def append(self) -> None:
        """Chain the entries kept so far, in one short step: the caller's last before
        its commit (and before the shared rows it locks after the head, the tallies)."""
        if self.entries:
            _append(self.entries)
            self.entries.clear()

    def discard(self) -> None:
        """The write is rolled back: nothing of it is appended."""
        self.entries.clear()


_deferred: ContextVar[DeferredAudit | None] = ContextVar("audit_deferred", default=None)


@contextmanager
def audit_deferred() -> Iterator[DeferredAudit]:
    """Inside, ``audit_record`` keeps its entries; they are chained on the way out
    (unless an error leaves), in the order they were recorded, or earlier by
    ``DeferredAudit.append``.

    Why: every audited action of every user (a decision, a read of a classified case)
    locks the chain's head and holds it until its transaction commits. An import that
    appended as it went would hold the head for its whole length, and every audited
    action on the site would wait for it. Deferred, the import writes its rows in its
    transaction without the head, and takes it only to append its entries at the end,
    for the moment a batch insert takes, then commits: all or nothing as before, its
    entries in the same transaction as its rows, the chain unbroken (the entries are
    chained exactly as one-by-one appends would chain them, at the place they land).

    A savepoint that rolls back inside must drop the entries recorded in it: use
    ``audit_atomic`` for a savepoint whose error is caught and the work carried on."""
    batch = DeferredAudit()
    token = _deferred.set(batch)
    try:
        yield batch
    finally:
        _deferred.reset(token)
    batch.append()


@contextmanager
def audit_atomic() -> Iterator[None]:
    """``transaction.atomic()`` (a savepoint inside a transaction) whose deferred audit
    entries are dropped when it rolls back, as its rows are."""
    deferred = _deferred.get()
    kept = len(deferred.entries) if deferred is not None else 0
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if deferred is not None:
            del deferred.entries[kept:]
        raise


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
