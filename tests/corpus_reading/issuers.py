"""The corpus's initiation under another body's header, and the case it is read into,
for the tests of the issuing body read from a document: An Giang's police since the
2025 reform (the demo's ``dieutra.ag``) enter the decisions of Kiên Giang's police,
whose province merged into An Giang on 1 July 2025 (the registry's rows)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from phoihop.agencies.models import Agency
from phoihop.cases import services
from phoihop.cases.models import Case
from tests.corpus_reading import samples
from tests.corpus_reading.document import DecisionTruth, FormDocument

KIEN_GIANG_POLICE = ("CÔNG AN TỈNH KIÊN GIANG", "CƠ QUAN CẢNH SÁT ĐIỀU TRA")
AN_GIANG_POLICE = ("CÔNG AN TỈNH AN GIANG", "CƠ QUAN CẢNH SÁT ĐIỀU TRA")
# Not a body An Giang's police succeeded: a province of the north, not merged into An Giang.
UNKNOWN_BODY = ("CÔNG AN TỈNH THÁI NGUYÊN", "CƠ QUAN CẢNH SÁT ĐIỀU TRA")
BEFORE_THE_REFORM = dt.date(2025, 5, 21)  # Kiên Giang's police ceased on 30 June 2025


def initiation_headed(
    lines: tuple[str, ...], *, on: dt.date | None = None
) -> tuple[FormDocument, DecisionTruth]:
    """The corpus's initiation with ``lines`` as its issuing body's header, signed on
    ``on`` (the corpus's day unless given), at the place of the body's province."""
    document, truth = samples.initiation()
    on = on or truth.signed_on
    place = lines[0].removeprefix("CÔNG AN TỈNH ").title()
    document = dataclasses.replace(
        document,
        issuer_lines=lines,
        place_date_line=f"{place}, ngày {on.day:02d} tháng {on.month} năm {on.year}",
    )
    return document, dataclasses.replace(truth, signed_on=on)


def case_reported_to(officer: Any, now: dt.datetime, *, issuer_code: str, on: dt.date) -> Case:
    """A criminal case of ``officer``'s province whose crime report the body
    ``issuer_code`` received on ``on``, entered by ``officer``'s agency."""
    issuer = Agency.objects.get(code=issuer_code)
    return services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title=samples.TITLE,
            province_id=officer.agency.province_id,
            first_event=services.EventInput(
                type="crime_report_received", date=on, issuer_id=issuer.pk
            ),
        ),
        now=now,
    )


def kien_giang_case(officer: Any, now: dt.datetime) -> tuple[Case, FormDocument, DecisionTruth]:
    """A case whose crime report Kiên Giang's police received before the merger, entered
    by their successor, and the initiation they signed twenty days later."""
    document, truth = initiation_headed(KIEN_GIANG_POLICE, on=BEFORE_THE_REFORM)
    on = BEFORE_THE_REFORM - dt.timedelta(days=20)
    return case_reported_to(officer, now, issuer_code="KG-CSDT", on=on), document, truth
