from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from phoihop.audit.services import audit_record
from phoihop.core.backup import BackupError, backup_write
from phoihop.core.clock import now


class Command(BaseCommand):
    help = (
        "Back the whole database up to a file (SQLite: its online backup; PostgreSQL: "
        "pg_dump's custom format). The backup records itself in the audit trail first, "
        "so the trail it carries says when it was taken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="the file to write (default under var/backups/)")

    def handle(self, *args: Any, **options: Any) -> None:
        at = now()
        path = (
            Path(options["out"])
            if options["out"]
            else (settings.VAR_DIR / "backups" / f"phoihop-{at:%Y%m%d-%H%M%S}.backup")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with transaction.atomic():
            audit_record(actor=None, action="backup.created", at=at, data={"file": path.name})
        try:
            sha256 = backup_write(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {path} (SHA-256 {sha256}).")
