from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.audit.checkpoint import checkpoint_parse
from phoihop.audit.models import AuditEvent
from phoihop.audit.services import ChainReport, audit_checkpoint, audit_verify, audit_verify_against
from phoihop.core.clock import now


class Command(BaseCommand):
    help = (
        "Audit trail tools. `audit verify` checks the hash chain and names the first broken "
        "entry; with `--checkpoint FILE` it also checks that the entry a signed checkpoint "
        "names is still there, unchanged (a chain cut short at its end is caught). `audit "
        "checkpoint` signs the chain's last entry with the key in PHOIHOP_AUDIT_KEY_FILE "
        "(made on first use) and writes the checkpoint to a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument("--checkpoint", help="verify: a checkpoint file to hold the chain to")
        parser.add_argument("--out", help="checkpoint: the file to write (default under var/)")
        parser.add_argument("--key", help="the key file (default: PHOIHOP_AUDIT_KEY_FILE)")

    def handle(self, *args: Any, **options: Any) -> None:
        key_file = Path(options["key"] or settings.PHOIHOP_AUDIT_KEY_FILE)
        if options["action"] == "checkpoint":
            self._checkpoint(key_file, options["out"])
            return
        if options["checkpoint"]:
            try:
                text = Path(options["checkpoint"]).read_text(encoding="utf-8")
                checkpoint = checkpoint_parse(text)
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise CommandError(f"Không đọc được điểm kiểm tra: {error}") from None
            report = audit_verify_against(checkpoint, _key(key_file, create=False))
        else:
            report = audit_verify()
        if report.ok:
            held = " and the checkpoint holds" if options["checkpoint"] else ""
            self.stdout.write(f"Audit chain intact{held}: {report.checked} entries verified.")
            return
        raise CommandError(_broken(report))

    def _checkpoint(self, key_file: Path, out: str | None) -> None:
        created = not key_file.exists()
        key = _key(key_file, create=True)
        try:
            checkpoint = audit_checkpoint(key, now=now())
        except ValueError as error:
            raise CommandError(str(error)) from None
        stamp = checkpoint.at[:19].replace(":", "").replace("-", "")
        path = (
            Path(out)
            if out
            else settings.VAR_DIR
            / "audit-checkpoints"
            / (f"checkpoint-{checkpoint.seq}-{stamp}.json")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(checkpoint.to_json(), encoding="utf-8")
        if created:
            self.stdout.write(
                f"New checkpoint key written to {key_file}: keep a copy away from the "
                "database server."
            )
        self.stdout.write(f"Checkpoint of entry #{checkpoint.seq} written to {path}.")


def _key(path: Path, *, create: bool) -> bytes:
    if not path.exists():
        if not create:
            raise CommandError(f"Không có khóa ký điểm kiểm tra: {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, UnicodeDecodeError, ValueError):
        raise CommandError(f"Khóa ký điểm kiểm tra không đọc được: {path}.") from None


def _broken(report: ChainReport) -> str:
    event = AuditEvent.objects.filter(seq=report.broken_seq or 0).first()
    where = (
        f"entry #{report.broken_seq} ({event.action} by {event.actor or '-'} at "
        f"{event.at.isoformat()})"
        if event
        else f"entry #{report.broken_seq}"
    )
    return (
        f"Audit chain BROKEN at {where}: {report.reason}. "
        f"{report.checked} entries before it are intact."
    )
