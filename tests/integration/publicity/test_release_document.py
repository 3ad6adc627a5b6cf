"""A published release issued as its body's signed document, through the real stack:
the form, the .docx read back with python-docx, the PDF with pdftotext; a draft has
no document; a bad number is refused by name; every file issued is audited."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from phoihop.audit.models import AuditEvent
from phoihop.documents.layout import NUMBER_BLANK
from phoihop.publicity import services
from tests.files.rendering import flat, pdf_pages
from tests.integration.publicity.test_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(case_with_record, demo_users, commission_leader, now):  # type: ignore[no-untyped-def]
    release = services.release_draft(
        user=demo_users["noichinh.ag"], case_id=case_with_record.pk, name_rule="initials", now=now
    )
    for to in ("in_review", "approved", "published"):
        release.refresh_from_db()
        release = services.release_move(
            user=commission_leader,
            release_id=release.pk,
            expected_version=release.version,
            to=to,
            now=now,
        )
    return release


def _form(leader, **values):  # type: ignore[no-untyped-def]
    return {
        "signer": leader.pk,
        "authority": "head",
        "recipients": "Các cơ quan báo chí\nBan Nội chính Trung ương (để báo cáo)",
        "format": "docx",
        **values,
    }


def test_a_published_release_prints_as_the_commissions_numbered_signed_document(
    published, commission_leader
):  # type: ignore[no-untyped-def]
    client = client_for(commission_leader)
    page = client.get(f"/publicity/releases/{published.pk}/document/")
    assert page.status_code == 200
    assert "Các cơ quan báo chí" in page.content.decode()  # the usual recipients, prefilled

    response = client.post(
        f"/publicity/releases/{published.pk}/document/", _form(commission_leader, number=15)
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    agency, title = document.tables[0].rows[0].cells
    assert [p.text for p in agency.paragraphs if p.text] == [
        "TỈNH ỦY AN GIANG",
        "BAN NỘI CHÍNH",
        "*",
    ]
    assert [p.text for p in title.paragraphs if p.text] == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert document.tables[0].rows[1].cells[0].paragraphs[0].text == "Số 15-TCBC/BNCTU"
    body = [p.text for p in document.paragraphs]
    assert "THÔNG CÁO BÁO CHÍ" in body
    assert published.title in body
    closing = document.tables[-1].rows[0].cells
    assert [p.text for p in closing[1].paragraphs if p.text] == ["TRƯỞNG BAN", "Phan Văn Lãnh"]
    recipients = [p.text for p in closing[0].paragraphs if p.text]
    assert recipients == [
        "Nơi nhận:",
        "- Các cơ quan báo chí;",
        "- Ban Nội chính Trung ương (để báo cáo);",
        "- Lưu: VT.",
    ]
    event = AuditEvent.objects.filter(action="release.document.issued").get()
    assert event.data["number"] == 15
    assert event.data["signer"] == "Phan Văn Lãnh"


def test_the_pdf_keeps_the_blank_number_when_none_is_given(
    published, commission_leader, tmp_path: Path
):  # type: ignore[no-untyped-def]
    client = client_for(commission_leader)
    response = client.post(
        f"/publicity/releases/{published.pk}/document/", _form(commission_leader, format="pdf")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "release.pdf"
    path.write_bytes(response.content)
    pages = pdf_pages(path)
    assert "-TCBC/BNCTU" in pages[0]
    number_line = next(line for line in pages[0].splitlines() if "-TCBC/BNCTU" in line)
    assert number_line.split("Số", 1)[1].split("-TCBC", 1)[0].strip() == ""
    assert "Phan Văn Lãnh" in flat(pages[-1])
    assert "MẬT" not in flat(" ".join(pages))  # a published release holds no secret
    assert NUMBER_BLANK not in flat(pages[0])  # pdftotext reads the blank as spaces


def test_a_draft_has_no_document(case_with_record, demo_users, commission_leader, now):  # type: ignore[no-untyped-def]
    draft = services.release_draft(
        user=demo_users["noichinh.ag"], case_id=case_with_record.pk, name_rule="initials", now=now
    )
    client = client_for(commission_leader)
    assert client.get(f"/publicity/releases/{draft.pk}/document/").status_code == 404


def test_a_bad_number_or_authority_is_refused_by_field_and_issues_nothing(
    published, commission_leader
):  # type: ignore[no-untyped-def]
    client = client_for(commission_leader)
    response = client.post(
        f"/publicity/releases/{published.pk}/document/",
        _form(commission_leader, number=0, authority="by_order"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Số văn bản: Đảm bảo giá trị này lớn hơn hoặc bằng với 1" in page
    assert "Người đứng đầu ký trực tiếp, không ký thay, thừa lệnh hay thừa ủy quyền." in page
    assert not AuditEvent.objects.filter(action="release.document.issued").exists()
