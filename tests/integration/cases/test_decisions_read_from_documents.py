"""A decision read from its document on the case page: the upload keeps the file and
records nothing, the review shows the fields read, the confirmation records the
decision through the case page's service with the document linked and the reading
audited; a file that cannot be read leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.clocks.models import Clock
from phoihop.domain.text import fold
from tests.corpus_reading import forms as corpus_forms
from tests.corpus_reading.files import render_docx, render_pdf
from tests.forms_on_page import form_posting_to
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

SEED = 22  # a case_initiated and a suspect_charged of Thái Nguyên's police, 1 Sep 2025


@pytest.fixture(autouse=True)
def _files_apart(settings, tmp_path):
    """Each test keeps its documents in a folder of its own, to count what is left."""
    settings.MEDIA_ROOT = tmp_path / "files"


def _kept_files(settings) -> list:  # type: ignore[no-untyped-def]
    return [p for p in (settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def _police_case(demo_users, now, *, first: str, on: dt.date, charges: str = "") -> Case:  # type: ignore[no-untyped-def]
    officer = demo_users["dieutra.ag"]
    return services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án lạm dụng tín nhiệm chiếm đoạt tài sản tại Trạm Y tế xã Tân Lập",
            province_id=officer.agency.province_id,
            first_event=services.EventInput(
                type=first, date=on, params={"charges": charges} if charges else {}
            ),
        ),
        now=now,
    )


def _upload(client, case: Case, data: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(f"/cases/{case.pk}/documents/", {"document": SimpleUploadedFile(name, data)})


def _snapshot(case: Case) -> tuple:
    case.refresh_from_db()
    return (
        case.version,
        CaseEvent.objects.filter(case=case).count(),
        DecisionDocument.objects.filter(case=case).count(),
        Clock.objects.filter(case=case).count(),
    )


def test_a_docx_is_read_then_recorded_only_when_confirmed_with_its_clock_and_audit(
    client, demo_users, now, settings
):
    document, truth = corpus_forms.case_initiated(random.Random(SEED))
    case = _police_case(
        demo_users, now, first="crime_report_received", on=truth.signed_on - dt.timedelta(days=20)
    )
    sign_in(client, demo_users["dieutra.ag"])
    assert 'data-testid="reading-form"' in client.get(f"/cases/{case.pk}/").content.decode()
    before = _snapshot(case)

    uploaded = _upload(client, case, render_docx(document), "quyết định khởi tố.docx")

    assert uploaded.status_code == 302
    kept = DecisionDocument.objects.get(case=case)
    assert uploaded["Location"] == f"/cases/{case.pk}/documents/{kept.pk}/"
    assert kept.event is None
    assert kept.reading["method"] == "docx"
    assert CaseEvent.objects.filter(case=case).count() == before[1]  # nothing recorded yet
    assert AuditEvent.objects.filter(action="case.document.read").count() == 1

    review = client.get(uploaded["Location"]).content.decode()

    assert truth.doc_number in review
    assert 'data-testid="reading-text"' in review
    sent = form_posting_to(review, "").data()
    assert sent["type"] == "case_initiated"
    assert sent["date"] == truth.signed_on.strftime("%d/%m/%Y")
    assert sent["charges"] == "175.3"

    confirmed = client.post(uploaded["Location"], sent | {"note": "Bản gốc lưu hồ sơ."})

    assert confirmed.status_code == 302
    record = CaseEvent.objects.get(case=case, type="case_initiated")
    assert (record.date, record.doc_number) == (truth.signed_on, truth.doc_number)
    kept.refresh_from_db()
    assert kept.event == record
    assert kept.recorded_at is not None
    assert Clock.objects.filter(case=case, code="INVESTIGATION").exists()
    entry = AuditEvent.objects.get(action="case.event.read")
    assert entry.data["event"] == record.pk
    assert entry.data["method"] == "docx"
    assert entry.data["changed"] == []  # the note was not read: not a correction
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/documents/{kept.pk}/file" in page
    assert client.get(f"/cases/{case.pk}/documents/{kept.pk}/file").status_code == 200


def test_a_text_pdf_names_the_case_person_whatever_the_tone_marks_and_records_the_charging(
    client, demo_users, now
):
    document, truth = corpus_forms.suspect_charged(random.Random(SEED))
    (name, birth_year) = truth.persons[0]
    case = _police_case(
        demo_users,
        now,
        first="case_initiated",
        on=truth.signed_on - dt.timedelta(days=10),
        charges="175.3",
    )
    # The case's record spells the name without its marks, as some agencies' systems do.
    unmarked = fold(name).title()
    person = services.case_add_person(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        person={"full_name": unmarked, "role": "accused", "birth_year": birth_year},
        now=now,
    )
    sign_in(client, demo_users["dieutra.ag"])

    review_at = _upload(client, case, render_pdf(document), "qd-khoi-to-bi-can.pdf")["Location"]
    review = client.get(review_at).content.decode()
    sent = form_posting_to(review, "").data()

    assert sent["type"] == "suspect_charged"
    assert sent["person"] == str(person.pk)
    corrected = "99/QĐ-CSĐT"
    confirmed = client.post(review_at, sent | {"doc_number": corrected})

    assert confirmed.status_code == 302
    record = CaseEvent.objects.get(case=case, type="suspect_charged")
    assert (record.person, record.doc_number) == (person, corrected)
    assert record.params["charges"] == "175.3"
    entry = AuditEvent.objects.get(action="case.event.read")
    assert (entry.data["method"], entry.data["pages"]) == ("pdf_text", 1)
    assert entry.data["changed"] == ["doc_number"]
    # Charging a suspect starts no clock of its own (the investigation's runs from the
    # case's initiation); it sets the person's charges, which the category follows.
    case.refresh_from_db()
    assert {"article": 175, "clause": 3} in case.charges


def test_a_confirmation_on_a_page_older_than_the_case_is_refused_and_records_nothing(
    client, demo_users, now
):
    document, truth = corpus_forms.case_initiated(random.Random(SEED))
    case = _police_case(
        demo_users, now, first="crime_report_received", on=truth.signed_on - dt.timedelta(days=20)
    )
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _upload(client, case, render_docx(document), "qd.docx")["Location"]
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()
    services.case_add_person(  # someone else's edit, after the page was shown
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        person={"full_name": "Trần Văn Lộc", "role": "accused"},
        now=now,
    )
    before = _snapshot(case)

    refused = client.post(review_at, sent)

    assert refused.status_code == 409
    assert _snapshot(case) == before
    assert DecisionDocument.objects.get(case=case).event is None


def _encrypted_pdf() -> bytes:
    document, _ = corpus_forms.case_initiated(random.Random(SEED))
    writer = PdfWriter(clone_from=io.BytesIO(render_pdf(document)))
    writer.encrypt(user_password="bi-mat", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _docx() -> bytes:
    return render_docx(corpus_forms.case_initiated(random.Random(SEED))[0])


@pytest.mark.parametrize(
    ("make", "name", "status", "words"),
    [
        (lambda: b"Quyet dinh khoi to", "qd.txt", 415, "Chỉ đọc được quyết định dạng .docx"),
        (_docx, "qd.pdf", 415, "nhưng nội dung là tệp .docx"),
        (_encrypted_pdf, "qd.pdf", 400, "đặt mật khẩu"),
        (lambda: b"%PDF-1.4 " + b"0" * 3000, "qd.pdf", 413, "Tệp lớn hơn giới hạn"),
    ],
    ids=["wrong-type", "renamed", "encrypted", "too-large"],
)
def test_a_file_that_cannot_be_read_is_named_on_the_form_and_leaves_nothing(
    client, demo_users, now, settings, make, name, status, words
):
    settings.PHOIHOP_ATTACHMENT_MAX_BYTES = 2048 if status == 413 else 10 * 1024 * 1024
    case = _police_case(demo_users, now, first="crime_report_received", on=now.date())
    sign_in(client, demo_users["dieutra.ag"])
    before = _snapshot(case)
    audited = AuditEvent.objects.count()

    refused = _upload(client, case, make(), name)

    assert refused.status_code == status
    body = refused.content.decode()
    assert words in body
    assert 'data-field="document"' in body
    assert _snapshot(case) == before
    assert AuditEvent.objects.count() == audited
    assert _kept_files(settings) == []


def test_who_may_not_record_on_the_case_cannot_upload_review_or_confirm(client, demo_users, now):
    document, truth = corpus_forms.case_initiated(random.Random(SEED))
    case = _police_case(
        demo_users, now, first="crime_report_received", on=truth.signed_on - dt.timedelta(days=20)
    )
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _upload(client, case, render_docx(document), "qd.docx")["Location"]
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()
    before = _snapshot(case)

    for username in ("noichinh.ag", "dieutra.hn"):  # oversees the case; another province's
        sign_in(client, demo_users[username])
        assert 'data-testid="reading-form"' not in client.get(f"/cases/{case.pk}/").content.decode()
        assert _upload(client, case, render_docx(document), "qd.docx").status_code == 404
        assert client.get(review_at).status_code == 404
        assert client.post(review_at, sent).status_code == 404

    assert _snapshot(case) == before


def test_a_confirmation_sent_twice_records_one_decision(client, demo_users, now):
    document, truth = corpus_forms.case_initiated(random.Random(SEED))
    case = _police_case(
        demo_users, now, first="crime_report_received", on=truth.signed_on - dt.timedelta(days=20)
    )
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _upload(client, case, render_docx(document), "qd.docx")["Location"]
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()

    first = client.post(review_at, sent)
    second = client.post(review_at, sent)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert CaseEvent.objects.filter(case=case, type="case_initiated").count() == 1
    assert AuditEvent.objects.filter(action="case.event.read").count() == 1


def test_another_agency_may_not_confirm_the_document_the_police_gave(client, demo_users, now):
    document, truth = corpus_forms.case_initiated(random.Random(SEED))
    case = _police_case(
        demo_users,
        now,
        first="case_initiated",
        on=truth.signed_on - dt.timedelta(days=20),
        charges="175.3",
    )
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _upload(client, case, render_docx(document), "qd.docx")["Location"]

    sign_in(client, demo_users["kiemsat.ag"])  # records the procuracy's own decisions here

    assert 'data-testid="reading-form"' in client.get(f"/cases/{case.pk}/").content.decode()
    assert client.get(review_at).status_code == 404


def test_a_decision_the_user_cannot_record_now_is_named_and_left_to_choose(client, demo_users, now):
    document, truth = corpus_forms.case_initiated(random.Random(SEED))
    case = _police_case(  # initiated already: a second initiation is no choice
        demo_users,
        now,
        first="case_initiated",
        on=truth.signed_on - dt.timedelta(days=20),
        charges="175.3",
    )
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _upload(client, case, render_docx(document), "qd.docx")["Location"]

    review = client.get(review_at).content.decode()

    assert 'data-testid="type-not-recordable"' in review
    assert "Khởi tố vụ án" in review
    assert form_posting_to(review, "").data()["type"] == ""
    assert 'data-testid="needs-check"' in review
