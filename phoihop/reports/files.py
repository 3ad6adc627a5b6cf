"""A periodic report as files: the record → ReportData → .docx, .xlsx, .pdf, with
one audit entry per report issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from phoihop.agencies.models import Province
from phoihop.agencies.signing import Signing
from phoihop.audit.services import audit_record
from phoihop.documents.periodic import report_docx, report_pdf, report_xlsx
from phoihop.documents.report_data import ReportData
from phoihop.domain.errors import InvalidInput
from phoihop.domain.reporting import ReportPeriod
from phoihop.reports.periodic import report_data

BUILDERS = {"docx": report_docx, "xlsx": report_xlsx, "pdf": report_pdf}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def formats_of(text: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in BUILDERS]
    if unknown or not chosen:
        raise InvalidInput(
            "Định dạng báo cáo phải là docx, xlsx hoặc pdf (có thể ghi nhiều, cách nhau "
            "bằng dấu phẩy).",
            field="format",
        )
    return list(dict.fromkeys(chosen))


def report_files(
    *,
    user: Any,
    period: ReportPeriod,
    province: Province | None,
    formats: Sequence[str],
    now: dt.datetime,
    today: dt.date,
    proposals: Sequence[str] = (),
    signer_title: str = "",
    signer_name: str = "",
    signing: Signing | None = None,
) -> tuple[ReportData, dict[str, bytes]]:
    data = report_data(
        user=user,
        period=period,
        province=province,
        today=today,
        generated_at=now,
        proposals=proposals,
        signer_title=signer_title,
        signer_name=signer_name,
        signing=signing,
    )
    files = {fmt: BUILDERS[fmt](data) for fmt in formats}
    with transaction.atomic():
        audit_record(
            actor=user,
            action="report.issued",
            at=now,
            data={
                "period": [period.start.isoformat(), period.end.isoformat()],
                "province": province.code if province else None,
                "formats": list(formats),
                "signer": data.signer.name,
                "authority": signing.authority.value if signing else None,
                "secret_mark": data.secret_mark.text if data.secret_mark else None,
                "without_classified": bool(signing and signing.without_classified),
            },
        )
    return data, files


def file_name(period: ReportPeriod, province: Province | None, fmt: str) -> str:
    where = province.code.lower() if province else "toan-bo"
    return f"bao-cao-{period.start:%Y%m%d}-{period.end:%Y%m%d}-{where}.{fmt}"
