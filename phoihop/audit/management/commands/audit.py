from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.audit.models import AuditEvent
from phoihop.audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Audit trail tools. `audit verify` checks the hash chain and names the first broken entry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if report.ok:
            self.stdout.write(f"Audit chain intact: {report.checked} entries verified.")
            return
        event = AuditEvent.objects.filter(seq=report.broken_seq or 0).first()
        where = (
            f"entry #{report.broken_seq} ({event.action} by {event.actor or '-'} at "
            f"{event.at.isoformat()})"
            if event
            else f"entry #{report.broken_seq}"
        )
        raise CommandError(
            f"Audit chain BROKEN at {where}: {report.reason}. "
            f"{report.checked} entries before it are intact."
        )
