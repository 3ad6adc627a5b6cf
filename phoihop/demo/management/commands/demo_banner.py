from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from phoihop.demo.users import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Print the demo URL and logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        lines = [
            "",
            "phoihop demo is starting at " + options["url"],
            "The public page (no sign-in): " + options["url"].rstrip("/") + "/public/",
            f"Password for every demo account: {settings.PHOIHOP_DEMO_PASSWORD}",
            "Every account has a clearance: the first sign-in enrols an authenticator app",
            "(TOTP, works offline; or `oathtool --totp -b KEY` with the key the page shows).",
            "Accounts:",
        ]
        for account in DEMO_ACCOUNTS:
            lines.append(
                f"  {account.username:<19} {account.role.value:<12} {account.agency_code:<8} "
                f"clearance {account.clearance.name}"
            )
        lines.append(
            "Stop with Ctrl+C; `make demo` again keeps the data, `make demo-reset` starts over."
        )
        self.stdout.write("\n".join(lines))
