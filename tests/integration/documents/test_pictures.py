"""The first pages of the documents an official signs, printed as they print and kept
in ``docs/documents/`` for a reader to lay beside the layout regulations: the periodic
report (Party layout, PDF), a follow-up letter and the minutes of a meeting (.docx
printed by LibreOffice). The pictures are compared with those kept: a moved header or
a lost signature block fails; a font's hinting passes.

Everything on them is fixed: the demo data of one seed on one day. After a change
meant to alter a document, make the pictures again and look at each:

    PHOIHOP_UPDATE_DOCUMENTS=1 pytest tests/integration/documents/test_pictures.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from PIL import Image, ImageChops

from tests.files.rendering import docx_to_pdf, png_of_first_page
from tests.records import detain, suspect_charge
from tests.signin import sign_in, signing_form

pytestmark = pytest.mark.django_db

PICTURES = Path(settings.BASE_DIR) / "docs" / "documents"
UPDATE = os.environ.get("PHOIHOP_UPDATE_DOCUMENTS") == "1"
CHANNEL_TOLERANCE = 64
SHARE_TOLERANCE = 0.02
# The screens' day and seed (tests/functional/test_screens.py): a Monday in Vietnam.
DAY = dt.datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
DPI = 80


@pytest.fixture
def demo(registry):  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=False):
        # 200 cases: enough for the demo's meeting (two An Giang cases under investigation)
        call_command("demo_data", "--cases", "200", "--seed", "11", stdout=io.StringIO())
        call_command("sweep", stdout=io.StringIO())
        yield


def _client(username: str) -> Client:
    client = Client()
    sign_in(client, get_user_model().objects.get(username=username))
    return client


def _changed_share(expected: Image.Image, actual: Image.Image) -> float:
    if expected.size != actual.size:
        return 1.0
    difference = ImageChops.difference(expected.convert("L"), actual.convert("L"))
    changed = difference.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    total = expected.size[0] * expected.size[1]
    return (total - changed.histogram()[0]) / total


def _compare(name: str, png: Path) -> str | None:
    kept = PICTURES / f"{name}.png"
    if UPDATE:
        PICTURES.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(png.read_bytes())
        return None
    if not kept.exists():
        return f"{name}: no picture kept (make it with PHOIHOP_UPDATE_DOCUMENTS=1)"
    share = _changed_share(Image.open(kept), Image.open(png))
    if share <= SHARE_TOLERANCE:
        return None
    out = Path(settings.VAR_DIR) / "documents"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.png").write_bytes(png.read_bytes())
    return f"{name}: {share:.1%} of the pixels changed (at most {SHARE_TOLERANCE:.0%})"


def _report_pdf() -> bytes:
    client = _client("noichinh.ag")
    leader = get_user_model().objects.get(username="lanhdao.noichinh.ag")
    response = client.post(
        "/overview/report/",
        {
            "period": "2026-02",
            "format": "pdf",
            "signer": leader.pk,
            "authority": "head",
            "recipients": "Ban Nội chính Trung ương (để báo cáo)\n"
            "Thường trực Tỉnh ủy An Giang (để báo cáo)",
        },
    )
    assert response.status_code == 200, response.content[:2000]
    return response.content


def _detained_case() -> Any:
    """A case of the An Giang police with an accused detained 70 days ago for two
    months and never released on the record: an overdue detention to urge."""
    from django.utils import timezone

    from phoihop.agencies.models import Agency
    from phoihop.cases import services
    from phoihop.core import clock

    now = timezone.localtime(clock.now())
    police = get_user_model().objects.get(username="dieutra.ag")
    start = now.date() - dt.timedelta(days=80)
    partners = Agency.objects.filter(code__in=["AG-VKS", "AG-TA"])
    case = services.case_create(
        user=police,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án tham ô tài sản tại Công ty Lương thực Hậu Giang",
            province_id=police.agency.province_id,
            classification=1,
            agency_ids=[a.pk for a in partners],
            first_event=services.EventInput(
                type="case_initiated", date=start, params={"charges": "353.1"}
            ),
        ),
        now=now,
    )
    person = suspect_charge(case, police, now, "Hà Văn Sơn", on=start, charges="353.1")
    detain(case, police, now, person, on=now.date() - dt.timedelta(days=70))
    return case


def _letter_docx() -> bytes:
    from phoihop.clocks.models import Clock

    case = _detained_case()
    detention = Clock.objects.get(case=case, code="DETENTION")
    agency = get_user_model().objects.get(username="noichinh.ag").agency
    response = _client("noichinh.ag").post(
        f"/documents/clocks/{detention.pk}/letter/",
        signing_form(agency, recipients="Thường trực Tỉnh ủy An Giang (để báo cáo)"),
    )
    assert response.status_code == 200, response.content[:2000]
    return response.content


def _minutes_docx() -> bytes:
    """The minutes of the first demo meeting whose record is complete."""
    from phoihop.coordination.models import Meeting

    client = _client("noichinh.ag")
    for meeting in Meeting.objects.order_by("pk"):
        response = client.get(f"/documents/meetings/{meeting.pk}/minutes.docx")
        if response.status_code == 200:
            return response.content
    raise AssertionError("No demo meeting has complete minutes.")


def test_the_documents_first_pages_look_as_kept(demo, tmp_path):  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=False):
        report = tmp_path / "bao-cao-dinh-ky.pdf"
        report.write_bytes(_report_pdf())
        letter, minutes = docx_to_pdf([_letter_docx(), _minutes_docx()], tmp_path)
    failures = [
        failure
        for name, pdf in [
            ("bao-cao-dinh-ky", report),
            ("van-ban-don-doc", letter),
            ("bien-ban-hop-lien-nganh", minutes),
        ]
        if (failure := _compare(name, png_of_first_page(pdf, tmp_path, dpi=DPI)))
    ]
    assert not failures, "\n".join(failures)
