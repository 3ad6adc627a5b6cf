from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.accounts.tokens import token_create
from phoihop.core.clock import now


class Command(BaseCommand):
    help = (
        "API tokens. `token create USER [--expires DAYS]` prints a new token once; "
        "revoke it in the admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--expires", type=int, default=None, metavar="DAYS")
        parser.add_argument("--name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên {options['username']!r}.")
        if options["expires"] is not None and options["expires"] <= 0:
            raise CommandError("Số ngày hiệu lực (--expires) phải lớn hơn 0.")
        token = token_create(user=user, now=now(), days=options["expires"], name=options["name"])
        self.stdout.write(token)
