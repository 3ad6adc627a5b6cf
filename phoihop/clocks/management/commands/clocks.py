from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.clocks.calculator import calculate_many, parse_requests
from phoihop.clocks.services import clocks_refresh_all
from phoihop.core.clock import today
from phoihop.domain.errors import DomainError


class Command(BaseCommand):
    help = (
        "Statutory clocks. `clocks calc [FILE]` computes deadlines from JSON (a list, one "
        "object, or one object per line; standard input by default) and prints a JSON list "
        "in the same order. `clocks refresh` recomputes every case's clocks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        calc = sub.add_parser("calc", help="compute deadlines from JSON")
        calc.add_argument("file", nargs="?", default="-", help="input file, or - for stdin")
        sub.add_parser("refresh", help="recompute the clocks of every case")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            count = clocks_refresh_all(today=today())
            self.stdout.write(f"Clocks refreshed for {count} cases.")
            return
        path = options["file"]
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {path}: {error.strerror}.") from None
        try:
            items = parse_requests(text)
        except DomainError as error:
            raise CommandError(error.message) from None
        results = calculate_many(items)
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
