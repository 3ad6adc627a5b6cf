"""The follow-up letters as a coordinator issues them (/documents/clocks/<id>/letter/,
/documents/tasks/<id>/letter/: the signer chosen, then the file), read back with
python-docx: what the law requires of an overdue detention, for the accused by name; the
task in the directive's words, cited with its issuer; the letterhead, the signature and
the case's mark; no raw code."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from phoihop.cases import services
from phoihop.clocks.models import Clock
from phoihop.coordination.services import directives
from phoihop.domain.clocks import CATALOG
from tests.files.ooxml import all_text
from tests.records import detain, suspect_charge
from tests.signin import sign_in, signing_form

pytestmark = pytest.mark.django_db

ACCUSED = "Hà Văn Sơn"
# A catalogue code, a variant or a placeholder left in the text ("DETENTION", "{person}").
CODES = "|".join(CATALOG)
RAW = re.compile(rf"\b[A-Z]{{2,}}(?:_[A-Z]+)+\b|\{{person\}}|\b(?:{CODES})\b")


def _detained(
    open_case, demo_users, now, *, days_ago: int, suspend: bool = False, classification: int = 0
):  # type: ignore[no-untyped-def]
    """A suspect detained ``days_ago`` days ago for 2 months (tham ô, clause 1: a serious
    crime, 3 months of detention and one extension of 2), never released on the record.
    Detention counts calendar days with no rest-day shift (R4), so days back are exact."""
    start = now.date() - dt.timedelta(days=days_ago + 10)
    case = open_case(initiated_on=start, charges="353.1", classification=classification)
    police = demo_users["dieutra.ag"]
    person = suspect_charge(case, police, now, ACCUSED, on=start, charges="353.1")
    detain(case, police, now, person, on=now.date() - dt.timedelta(days=days_ago))
    if suspend:
        services.case_record_event(
            user=police,
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(
                type="investigation_suspended", date=now.date() - dt.timedelta(days=1)
            ),
            now=now,
        )
    return case, Clock.objects.get(case=case, code="DETENTION")


def _letter(client, demo_users, url: str) -> str:  # type: ignore[no-untyped-def]
    coordinator = demo_users["noichinh.ag"]
    sign_in(client, coordinator)
    assert client.get(url).status_code == 200  # the form: who signs, who receives
    response = client.post(url, signing_form(coordinator.agency))
    assert response.status_code == 200
    return all_text(response.content)


def test_an_overdue_detention_letter_names_the_accused_and_asks_for_release_or_a_measure(
    client, open_case, demo_users, now, today
):
    _, detention = _detained(open_case, demo_users, now, days_ago=70)
    assert detention.status == "overdue"
    assert detention.max_deadline is not None
    assert detention.max_deadline >= today  # an extension was still possible in law

    text = _letter(client, demo_users, f"/documents/clocks/{detention.pk}/letter/")

    late = (today - detention.deadline).days
    assert f"V/v đôn đốc giải quyết việc tạm giam đối với bị can {ACCUSED}" in text
    assert (
        "theo quy định tại Điều 173 Bộ luật Tố tụng hình sự, thời hạn tạm giam để điều tra "
        f"đối với bị can {ACCUSED} hết hạn vào ngày {detention.deadline:%d/%m/%Y}." in text
    )
    assert f"đã quá hạn {late} ngày" in text
    assert (
        "lệnh tạm giam mới hoặc quyết định gia hạn tạm giam của Viện kiểm sát đối với bị can "
        f"{ACCUSED}." in text
    )
    assert (
        "căn cứ Điều 173 và Điều 125 Bộ luật Tố tụng hình sự, khẩn trương trả tự do cho bị can "
        f"{ACCUSED} hoặc thay thế bằng biện pháp ngăn chặn khác" in text
    )
    assert "hoàn thành việc trong" not in text
    assert not RAW.findall(text), RAW.findall(text)


def test_a_detention_past_its_legal_maximum_asks_for_what_the_record_lacks(
    client, open_case, demo_users, now, today
):
    _, detention = _detained(open_case, demo_users, now, days_ago=200)
    assert detention.max_deadline is not None
    assert detention.max_deadline < today

    text = _letter(client, demo_users, f"/documents/clocks/{detention.pk}/letter/")

    assert (
        "thời hạn tối đa pháp luật cho phép, kể cả gia hạn, đã hết vào ngày "
        f"{detention.max_deadline:%d/%m/%Y}, không thể gia hạn thêm." in text
    )
    assert (
        "chưa nhận được quyết định hủy bỏ, thay thế biện pháp tạm giam hoặc lệnh tạm giam mới "
        f"đối với bị can {ACCUSED}." in text
    )
    assert "trường hợp đã có các văn bản trên, gửi bản sao" in text
    assert "quyết định gia hạn" not in text
    assert not RAW.findall(text), RAW.findall(text)


def test_no_letter_for_a_detention_that_only_needs_its_end_entered(
    client, open_case, demo_users, now
):
    case, detention = _detained(open_case, demo_users, now, days_ago=70, suspend=True)
    sign_in(client, demo_users["noichinh.ag"])

    response = client.get(f"/documents/clocks/{detention.pk}/letter/")

    case.refresh_from_db()
    detention.refresh_from_db()
    assert detention.needs_update(case.stage, now.date())
    assert response.status_code == 404


def test_a_task_letter_cites_the_directive_with_its_issuer_and_the_task_as_a_clause(
    client, open_case, demo_users, registry, now, today
):
    case = open_case()
    directive = directives.directive_issue(
        user=demo_users["noichinh.ag"],
        escalation_id=None,
        case_id=case.pk,
        doc_number="123-KL/BNCTU",
        issued_on=today - dt.timedelta(days=20),
        content="Yêu cầu Cơ quan Cảnh sát điều tra làm rõ dòng tiền.",
        tasks=[
            directives.TaskInput(
                registry["AG-CSDT"].pk,
                "Làm rõ nguồn gốc khoản tiền 2 tỷ đồng chuyển cho ông Trần Văn B, báo cáo kết quả.",
                today - dt.timedelta(days=3),
            )
        ],
        now=now,
    )
    task = directive.tasks.get()

    text = _letter(client, demo_users, f"/documents/tasks/{task.pk}/letter/")

    issued = f"{directive.issued_on:%d/%m/%Y}"
    assert "V/v đôn đốc thực hiện nhiệm vụ theo Kết luận số 123-KL/BNCTU" in text
    assert (
        f"Thực hiện Kết luận số 123-KL/BNCTU ngày {issued} của {registry['AG-NC'].name} về " in text
    )
    assert (
        f"{registry['AG-CSDT'].name} được giao nhiệm vụ: làm rõ nguồn gốc khoản tiền 2 tỷ đồng "
        "chuyển cho ông Trần Văn B; thời hạn hoàn thành chậm nhất vào ngày "
        f"{task.due_on:%d/%m/%Y}." in text
    )
    assert "nhiệm vụ trên đã quá hạn 3 ngày" in text
    assert text.count("báo cáo kết quả") == 1
    assert "Làm rõ" not in text
    assert not RAW.findall(text), RAW.findall(text)


def test_a_letter_is_the_commissions_signed_document_and_carries_the_cases_mark(
    client, open_case, demo_users, now
):
    from phoihop.audit.models import AuditEvent
    from tests.files.ooxml import open_docx

    _, detention = _detained(open_case, demo_users, now, days_ago=70, classification=1)
    coordinator = demo_users["noichinh.ag"]
    sign_in(client, coordinator)
    url = f"/documents/clocks/{detention.pk}/letter/"
    response = client.post(
        url, signing_form(coordinator.agency, recipients="Thường trực Tỉnh ủy (để báo cáo)")
    )

    document = open_docx(response.content)
    agency, _title = document.tables[0].rows[0].cells
    number = [p.text for p in document.tables[0].rows[1].cells[0].paragraphs if p.text]
    closing = document.tables[-1].rows[0].cells
    assert [p.text for p in agency.paragraphs if p.text] == [
        "TỈNH ỦY AN GIANG",
        "BAN NỘI CHÍNH",
        "*",
    ]
    assert number[0] == "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-CV/BNCTU"
    assert number[-1] == "MẬT"  # the case is Mật: so is the letter
    assert [p.text for p in closing[1].paragraphs if p.text] == ["TRƯỞNG BAN", "Phan Văn Lãnh"]
    recipients = [p.text for p in closing[0].paragraphs if p.text]
    assert recipients[:4] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Thường trực Tỉnh ủy (để báo cáo);",
        "- Lưu: VT.",
    ]
    assert "không được phép sao, chụp" in recipients[-1]
    event = AuditEvent.objects.filter(action="followup.letter.issued").latest("pk")
    assert event.data["signer"] == "Phan Văn Lãnh"
    assert event.data["authority"] == "head"


def test_a_letter_without_its_signer_is_refused_by_field(client, open_case, demo_users, now):
    _, detention = _detained(open_case, demo_users, now, days_ago=70)
    sign_in(client, demo_users["noichinh.ag"])

    response = client.post(f"/documents/clocks/{detention.pk}/letter/", {"authority": "head"})

    assert response.status_code == 400
    assert "Người ký" in response.content.decode()
