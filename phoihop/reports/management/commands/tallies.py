from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phoihop.reports.tallies import tallies_rebuild


class Command(BaseCommand):
    help = (
        "The dashboard's summary tables. `tallies rebuild` makes every case's marks and "
        "the tallies again from the record (after a bulk load outside the services, or "
        "to repair them); the services keep them in step with every decision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="make the marks and tallies again from the record")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = tallies_rebuild()
        self.stdout.write(f"Tallies rebuilt from {cases} cases.")
