"""A published release → the signed document (``phoihop.documents.release``), with
one audit entry per file issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from phoihop.agencies.signing import Signing
from phoihop.audit.services import audit_record
from phoihop.documents.layout import DocumentNumber
from phoihop.documents.release import (
    RELEASE_TYPE_CODE,
    ReleaseDocument,
    release_docx,
    release_pdf,
)
from phoihop.publicity.models import PressRelease

BUILDERS = {"docx": release_docx, "pdf": release_pdf}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def release_file(
    release: PressRelease,
    *,
    signing: Signing,
    number: int | None,
    fmt: str,
    user: Any,
    on: dt.date,
    at: dt.datetime,
) -> bytes:
    issuer = signing.issuer
    document = ReleaseDocument(
        variant=issuer.variant,
        superior_agency=issuer.superior,
        issuing_agency=issuer.name,
        number=DocumentNumber(
            agency_code=issuer.symbol, type_code=RELEASE_TYPE_CODE, number=number
        ),
        place=issuer.place,
        issued_on=on,
        title=release.title,
        text=release.body,
        signer=signing.signer,
        recipients=signing.recipients,
    )
    content = BUILDERS[fmt](document)
    with transaction.atomic():
        audit_record(
            actor=user,
            action="release.document.issued",
            at=at,
            target=release,
            data={
                "format": fmt,
                "number": number,
                "signer": signing.signer.name,
                "authority": signing.authority.value,
            },
        )
    return content
