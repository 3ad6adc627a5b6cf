"""`phoihop report --period 2026-Q3 --scope an-giang --format docx,xlsx,pdf --out DIR
--user USERNAME`: the periodic oversight report from the live record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core.clock import now, today
from phoihop.domain.errors import DomainError
from phoihop.domain.reporting import parse_period
from phoihop.reports.files import file_name, formats_of, report_files
from phoihop.reports.scope import province_for


class Command(BaseCommand):
    help = (
        "Báo cáo định kỳ: --period 2026-10 | 2026-Q3 | 2026-H1 | 2026 | 2026-01-01..2026-03-15, "
        "--scope an-giang | AG | toan-quoc, --format docx,xlsx,pdf, --out thư mục."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--scope", default="toan-quoc")
        parser.add_argument("--format", default="docx,xlsx,pdf")
        parser.add_argument("--out", type=Path, default=Path("."))
        parser.add_argument("--user", required=True, help="the author (their agency and scope)")
        parser.add_argument("--proposal", action="append", default=[], help="a proposal line")
        parser.add_argument("--signer-title", default="")
        parser.add_argument("--signer-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None or user.agency_id is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên {options['user']!r}.")
        try:
            period = parse_period(options["period"])
            province = province_for(options["scope"])
            formats = formats_of(options["format"])
        except DomainError as refused:
            raise CommandError(refused.message) from None
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        _, files = report_files(
            user=user,
            period=period,
            province=province,
            formats=formats,
            now=now(),
            today=today(),
            proposals=options["proposal"],
            signer_title=options["signer_title"],
            signer_name=options["signer_name"],
        )
        for fmt, content in files.items():
            path = out / file_name(period, province, fmt)
            path.write_bytes(content)
            self.stdout.write(str(path))
