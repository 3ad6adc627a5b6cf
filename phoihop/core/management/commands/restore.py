from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from phoihop.audit.services import audit_record, audit_verify
from phoihop.core.backup import BackupError, backup_restore, file_sha256
from phoihop.core.clock import now


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `phoihop backup`, then verify "
        "the audit chain it carries and record the restore in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp sao lưu {path}.")
        if not options["yes"]:
            answer = input(f"Every table will be replaced with {path.name}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Không phục hồi: chưa xác nhận.")
        sha256 = file_sha256(path)
        try:
            backup_restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Đã phục hồi, nhưng nhật ký trong bản sao lưu hỏng tại bản ghi "
                f"#{report.broken_seq}: {report.reason}."
            )
        with transaction.atomic():
            audit_record(
                actor=None,
                action="backup.restored",
                at=now(),
                data={"file": path.name, "sha256": sha256},
            )
        self.stdout.write(f"Restored from {path}; audit chain intact ({report.checked} entries).")
