"""The corpus's decisions as the reading tests send them (as read, dated, encrypted), the
case they are read into, and what a test counts to see that a refusal changed nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.clocks.models import Clock
from tests.corpus_reading import forms as corpus_forms
from tests.corpus_reading.document import DecisionTruth, FormDocument
from tests.corpus_reading.files import render_docx, render_pdf
from tests.records import add_accused

# One set of facts: a case_initiated and a suspect_charged of Thái Nguyên's police, 1 Sep
# 2025, and every other decision of the seed names the same accused and charges.
SEED = 22
TITLE = "Vụ án lạm dụng tín nhiệm chiếm đoạt tài sản tại Trạm Y tế xã Tân Lập"
Builder = Callable[[random.Random], tuple[FormDocument, DecisionTruth]]


def initiation() -> tuple[FormDocument, DecisionTruth]:
    """The corpus's decision initiating the case, with what it truly says."""
    return corpus_forms.case_initiated(random.Random(SEED))


def initiation_docx() -> bytes:
    return render_docx(initiation()[0])


def dated(build: Builder, on: dt.date) -> FormDocument:
    """The corpus's decision, signed on ``on``."""
    document, _truth = build(random.Random(SEED))
    place = document.place_date_line.split(",")[0]
    line = f"{place}, ngày {on.day:02d} tháng {on.month} năm {on.year}"
    return dataclasses.replace(document, place_date_line=line)


def encrypted_pdf(document: FormDocument | None = None) -> bytes:
    """The decision (the initiation unless another is given) as a PDF with a password."""
    writer = PdfWriter(clone_from=io.BytesIO(render_pdf(document or initiation()[0])))
    writer.encrypt(user_password="bi-mat", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_scan() -> bytes:
    """An A4 page scanned at 200 dpi with nothing written on it."""
    buffer = io.BytesIO()
    Image.new("L", (1654, 2339), 255).save(buffer, "PNG", dpi=(200, 200))
    return buffer.getvalue()


def long_pdf(pages: int = 200) -> bytes:
    """A PDF of ``pages`` blank pages: past the pages a decision is read up to."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def police_case(
    officer: Any,
    now: dt.datetime,
    *,
    on: dt.date,
    first: str = "crime_report_received",
    charges: str = "",
    title: str = TITLE,
) -> Case:
    """A criminal case opened by ``officer``'s police with ``first`` on ``on``."""
    return services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title=title,
            province_id=officer.agency.province_id,
            first_event=services.EventInput(
                type=first, date=on, params={"charges": charges} if charges else {}
            ),
        ),
        now=now,
    )


def case_to_initiate(officer: Any, now: dt.datetime) -> tuple[Case, FormDocument, DecisionTruth]:
    """A case with its crime report only, and the decision initiating it."""
    document, truth = initiation()
    on = truth.signed_on - dt.timedelta(days=20)
    return police_case(officer, now, on=on), document, truth


def case_initiated_already(
    officer: Any, now: dt.datetime
) -> tuple[Case, FormDocument, DecisionTruth]:
    """A case initiated before the corpus's initiation was signed, and that initiation:
    a second initiation is no decision the case can take."""
    document, truth = initiation()
    on = truth.signed_on - dt.timedelta(days=20)
    case = police_case(officer, now, first="case_initiated", on=on, charges="175.3")
    return case, document, truth


def case_to_charge(
    officer: Any, now: dt.datetime, spelled: Callable[[str], str] = str
) -> tuple[Case, Any, FormDocument, DecisionTruth]:
    """A case initiated ten days before the corpus's decision charging its accused, the
    accused (their name ``spelled`` as the case's record has it), and that decision."""
    document, truth = corpus_forms.suspect_charged(random.Random(SEED))
    (name, birth_year) = truth.persons[0]
    on = truth.signed_on - dt.timedelta(days=10)
    case = police_case(officer, now, first="case_initiated", on=on, charges="175.3")
    person = add_accused(case, officer, now, spelled(name), birth_year=birth_year)
    return case, person, document, truth


def upload_on_page(client: Any, case: Case, *files: tuple[str, bytes]) -> Any:
    """The case page's reading form sent with ``files``, each (name, content)."""
    sent = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(f"/cases/{case.pk}/documents/", {"document": sent})


def snapshot(case: Case, *, audit: bool = False) -> tuple[int, ...]:
    """What a refusal leaves as it was: the case's version and its decisions, documents
    and clocks (and, with ``audit``, the audit's entries)."""
    case.refresh_from_db()
    counts = (
        case.version,
        CaseEvent.objects.filter(case=case).count(),
        DecisionDocument.objects.filter(case=case).count(),
        Clock.objects.filter(case=case).count(),
    )
    return (*counts, AuditEvent.objects.count()) if audit else counts


def kept_files(settings: Any) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
