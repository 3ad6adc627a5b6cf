from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phoihop.clocks.services import clock_statuses_refresh
from phoihop.coordination.services.followup import followup_sweep
from phoihop.core.clock import now, today
from phoihop.reports.risk import risk_curves_warm
from phoihop.reports.tallies import tallies_prune


class Command(BaseCommand):
    help = (
        "The nightly sweep: move every open clock's status to today (and the dashboard's "
        "figures with it), then send follow-up reminders for "
        "clocks, requests and tasks due within N days or overdue (at most one per item per "
        "day, however often it runs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--within-days", type=int, default=None)
        parser.add_argument("--no-refresh", action="store_true", help="skip the clock refresh")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_refresh"]:
            moved = clock_statuses_refresh(today=today())
            pruned = tallies_prune()
            groups = risk_curves_warm(today())
            self.stdout.write(
                f"Clocks: {moved.clocks} open, {moved.moved} changed status, "
                f"{moved.cases} cases' figures refreshed, {pruned} empty tally rows dropped, "
                f"{groups} groups of comparable durations computed for the early warning."
            )
        result = followup_sweep(today=today(), now=now(), within_days=options["within_days"])
        self.stdout.write(
            f"Sweep: {result.considered} items due, {result.created} reminders sent, "
            f"{result.already_sent} already sent today, {result.emails} e-mails."
        )
