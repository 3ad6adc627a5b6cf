"""`phoihop import FILE --user USERNAME [--partial]`: cases and decisions from the
import template (xlsx or csv). All or nothing unless --partial."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.cases.importing.apply import import_file
from phoihop.cases.importing.report import rejects_xlsx, report_xlsx
from phoihop.core.clock import now
from phoihop.domain.errors import DomainError

SHOWN_ERRORS = 30


class Command(BaseCommand):
    help = (
        "Nhập vụ án và quyết định từ tệp mẫu (.xlsx hoặc .csv). Có dòng lỗi thì không nhập "
        "gì, trừ khi có --partial (nhập các dòng đúng, ghi các dòng lỗi ra tệp riêng)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the importing user (their agency)")
        parser.add_argument("--partial", action="store_true")
        parser.add_argument("--report", type=Path, help="error report (.xlsx)")
        parser.add_argument("--rejects", type=Path, help="refused rows (.xlsx), with --partial")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên {options['user']!r}.")
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            with path.open("rb") as stream:
                table, outcome = import_file(
                    user=user, stream=stream, name=path.name, partial=options["partial"], now=now()
                )
        except DomainError as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(
            f"{outcome.rows} dòng: {outcome.cases_created} vụ án mới, "
            f"{outcome.cases_updated} vụ án cập nhật, {outcome.decisions_recorded} quyết định "
            f"được ghi nhận, {outcome.unchanged} dòng không thay đổi, "
            f"{len(outcome.rejected_rows)} dòng lỗi."
        )
        if not outcome.errors:
            return
        for error in outcome.errors[:SHOWN_ERRORS]:
            where = f", cột “{error.column}”" if error.column else ""
            value = f" (“{error.value}”)" if error.value else ""
            self.stderr.write(f"Dòng {error.row}{where}{value}: {error.reason}")
        if len(outcome.errors) > SHOWN_ERRORS:
            self.stderr.write(f"… và {len(outcome.errors) - SHOWN_ERRORS} lỗi khác.")
        report = options["report"] or path.with_name(f"{path.stem}-bao-cao-loi.xlsx")
        report.write_bytes(report_xlsx(outcome.errors))
        self.stderr.write(f"Báo cáo lỗi: {report}")
        if options["partial"]:
            rejects = options["rejects"] or path.with_name(f"{path.stem}-dong-loi.xlsx")
            rejects.write_bytes(rejects_xlsx(table, outcome.errors))
            self.stderr.write(f"Các dòng không nhập: {rejects}")
            return
        raise CommandError("Tệp có dòng lỗi: không nhập dòng nào.")
