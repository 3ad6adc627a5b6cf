from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.agencies.models import Agency
from phoihop.agencies.services import registry_load
from phoihop.cases.models import Case
from phoihop.core.clock import today
from phoihop.demo import steps
from phoihop.demo.coordination import demo_coordination_load
from phoihop.demo.loader import demo_cases_load
from phoihop.demo.publicity import demo_publicity_load
from phoihop.demo.users import demo_users_create


class Command(BaseCommand):
    help = (
        "Create the demo accounts and N deterministic demo cases (the same cases for the "
        "same seed and day). Never run this on a production database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=2000, help="how many cases (default 2000)")
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when cases already exist"
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._load(options)
        except steps.DemoStepFailed as failed:
            # --traceback shows the cause; a user reads the step and the reason.
            raise CommandError(
                f"{failed} Phần đã ghi xong trước lỗi được giữ lại; phần đang ghi khi lỗi xảy "
                "ra không được ghi."
            ) from failed

    def _load(self, options: dict[str, Any]) -> None:
        if options["cases"] < 0:
            raise CommandError("Số vụ án (--cases) phải là số nguyên không âm.")
        if options["batch_size"] < 1:
            raise CommandError("Cỡ lô (--batch-size) phải là số nguyên dương.")
        with steps.demo_step(steps.REGISTRY):
            if not Agency.objects.exists():
                registry_load()
        with steps.demo_step(steps.ACCOUNTS):
            accounts = demo_users_create()
        if options["if_empty"] and Case.objects.exists():
            self.stdout.write(f"Demo accounts ready ({len(accounts)}); existing cases kept.")
            return
        total = options["cases"]

        def progress(done: int) -> None:
            if total >= 10_000 and done % 10_000 == 0:
                self.stdout.write(f"  {done:,} / {total:,} cases")

        loaded = demo_cases_load(
            count=total,
            seed=options["seed"],
            today=today(),
            batch_size=options["batch_size"],
            progress=progress,
        )
        requests = demo_coordination_load(today=today(), seed=options["seed"])
        releases = demo_publicity_load(today=today())
        self.stdout.write(
            f"Demo data: {loaded} cases, {requests} coordination requests, "
            f"{releases} published releases, "
            f"{len(accounts)} accounts."
        )
