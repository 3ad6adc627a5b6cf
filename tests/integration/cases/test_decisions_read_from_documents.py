"""A decision read from its document on the case page: the upload keeps the file and
records nothing, the review shows the fields read, the confirmation records the
decision through the case page's service with the document linked and the reading
audited; a file that cannot be read leaves nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.clocks.models import Clock
from phoihop.domain.text import fold
from tests.corpus_reading import issuers, samples
from tests.corpus_reading.files import render_docx, render_pdf
from tests.forms_on_page import form_posting_to
from tests.records import add_accused
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_apart(settings, tmp_path):
    """Each test keeps its documents in a folder of its own, to count what is left."""
    settings.MEDIA_ROOT = tmp_path / "files"


def _docx_uploaded(client, case: Case, document) -> str:  # type: ignore[no-untyped-def]
    """The document sent as a .docx by the signed-in user: where it is reviewed."""
    return samples.upload_on_page(client, case, ("qd.docx", render_docx(document)))["Location"]


def test_a_docx_is_read_then_recorded_only_when_confirmed_with_its_clock_and_audit(
    client, demo_users, now, settings
):
    case, document, truth = samples.case_to_initiate(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    assert 'data-testid="reading-form"' in client.get(f"/cases/{case.pk}/").content.decode()
    before = samples.snapshot(case)

    uploaded = samples.upload_on_page(
        client, case, ("quyết định khởi tố.docx", render_docx(document))
    )

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
    # The case's record spells the name without its marks, as some agencies' systems do.
    case, person, document, _truth = samples.case_to_charge(
        demo_users["dieutra.ag"], now, spelled=lambda name: fold(name).title()
    )
    sign_in(client, demo_users["dieutra.ag"])

    pdf = ("qd-khoi-to-bi-can.pdf", render_pdf(document))
    review_at = samples.upload_on_page(client, case, pdf)["Location"]
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
    case, document, _truth = samples.case_to_initiate(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()
    # Someone else's edit, after the page was shown.
    add_accused(case, demo_users["dieutra.ag"], now, "Trần Văn Lộc")
    before = samples.snapshot(case)

    refused = client.post(review_at, sent)

    assert refused.status_code == 409
    assert samples.snapshot(case) == before
    assert DecisionDocument.objects.get(case=case).event is None


@pytest.mark.parametrize(
    ("make", "name", "status", "words"),
    [
        (lambda: b"Quyet dinh khoi to", "qd.txt", 415, "Chỉ đọc được quyết định dạng .docx"),
        (samples.initiation_docx, "qd.pdf", 415, "nhưng nội dung là tệp .docx"),
        (samples.encrypted_pdf, "qd.pdf", 400, "đặt mật khẩu"),
        (lambda: b"%PDF-1.4 " + b"0" * 3000, "qd.pdf", 413, "Tệp lớn hơn giới hạn"),
        (samples.long_pdf, "ho-so.pdf", 400, "200 trang"),
        pytest.param(
            samples.blank_scan, "anh.png", 400, "Không tìm thấy chữ", marks=pytest.mark.ocr
        ),
    ],
    ids=["wrong-type", "renamed", "encrypted", "too-large", "200-pages", "no-text"],
)
def test_a_file_that_cannot_be_read_is_named_on_the_form_and_leaves_nothing(
    client, demo_users, now, settings, make, name, status, words
):
    settings.PHOIHOP_ATTACHMENT_MAX_BYTES = 2048 if status == 413 else 10 * 1024 * 1024
    case = samples.police_case(demo_users["dieutra.ag"], now, on=now.date())
    sign_in(client, demo_users["dieutra.ag"])
    before = samples.snapshot(case)
    audited = AuditEvent.objects.count()

    refused = samples.upload_on_page(client, case, (name, make()))

    assert refused.status_code == status
    body = refused.content.decode()
    assert words in body
    assert 'data-field="document"' in body
    assert samples.snapshot(case) == before
    assert AuditEvent.objects.count() == audited
    assert samples.kept_files(settings) == []


def test_who_may_not_record_on_the_case_cannot_upload_review_or_confirm(client, demo_users, now):
    case, document, _truth = samples.case_to_initiate(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()
    before = samples.snapshot(case)

    for username in ("noichinh.ag", "dieutra.hn"):  # oversees the case; another province's
        sign_in(client, demo_users[username])
        assert 'data-testid="reading-form"' not in client.get(f"/cases/{case.pk}/").content.decode()
        docx = ("qd.docx", render_docx(document))
        assert samples.upload_on_page(client, case, docx).status_code == 404
        assert client.get(review_at).status_code == 404
        assert client.post(review_at, sent).status_code == 404

    assert samples.snapshot(case) == before


def test_a_confirmation_sent_twice_records_one_decision(client, demo_users, now):
    case, document, _truth = samples.case_to_initiate(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()

    first = client.post(review_at, sent)
    second = client.post(review_at, sent)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert CaseEvent.objects.filter(case=case, type="case_initiated").count() == 1
    assert AuditEvent.objects.filter(action="case.event.read").count() == 1


def test_another_agency_may_not_confirm_the_document_the_police_gave(client, demo_users, now):
    case, document, _truth = samples.case_initiated_already(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)

    sign_in(client, demo_users["kiemsat.ag"])  # records the procuracy's own decisions here

    assert 'data-testid="reading-form"' in client.get(f"/cases/{case.pk}/").content.decode()
    assert client.get(review_at).status_code == 404


def test_a_decision_the_user_cannot_record_now_is_named_and_left_to_choose(client, demo_users, now):
    # Initiated already: a second initiation is no choice.
    case, document, _truth = samples.case_initiated_already(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)

    review = client.get(review_at).content.decode()

    assert 'data-testid="type-not-recordable"' in review
    assert "Khởi tố vụ án" in review
    assert form_posting_to(review, "").data()["type"] == ""
    assert 'data-testid="needs-check"' in review


# The issuing body ------------------------------------------------------------------------


def _issuer_row(review: str) -> str:
    """The review form's row of the issuing body."""
    start = review.index('data-field-row="issuer"')
    return review[start : review.index('data-field-row="', start + 1)]


def test_a_decision_of_a_body_the_agency_succeeded_is_read_as_that_bodys_and_recorded_so(
    client, demo_users, now, registry
):
    case, document, truth = issuers.kien_giang_case(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)

    review = client.get(review_at).content.decode()

    sent = form_posting_to(review, "").data()
    assert sent["issuer"] == str(registry["KG-CSDT"].pk)
    row = _issuer_row(review)
    assert "Cơ quan ra quyết định" in row
    assert 'data-testid="needs-check"' not in row
    assert "CÔNG AN TỈNH KIÊN GIANG" in row  # the words it was read from
    assert sent["date"] == truth.signed_on.strftime("%d/%m/%Y")

    confirmed = client.post(review_at, sent)

    assert confirmed.status_code == 302
    record = CaseEvent.objects.get(case=case, type="case_initiated")
    assert record.agency == registry["KG-CSDT"]
    assert AuditEvent.objects.get(action="case.event.read").data["changed"] == []


def test_a_decision_under_the_agencys_own_header_is_read_as_its_own_not_its_namesakes(
    client, demo_users, now, registry
):
    # Its namesake of before the reform, "Cơ quan Cảnh sát điều tra Công an tỉnh An
    # Giang" too, ceased before the decision's date.
    document, truth = issuers.initiation_headed(issuers.AN_GIANG_POLICE)
    officer = demo_users["dieutra.ag"]
    case = samples.police_case(officer, now, on=truth.signed_on - dt.timedelta(days=20))
    sign_in(client, officer)

    review = client.get(_docx_uploaded(client, case, document)).content.decode()

    assert form_posting_to(review, "").data()["issuer"] == str(registry["AG-CSDT"].pk)
    assert 'data-testid="needs-check"' not in _issuer_row(review)


def test_a_header_of_no_body_the_agency_succeeded_leaves_its_own_marked_to_check(
    client, demo_users, now, registry
):
    case, document, _truth = samples.case_to_initiate(demo_users["dieutra.ag"], now)
    assert document.issuer_lines == issuers.UNKNOWN_BODY
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)

    review = client.get(review_at).content.decode()

    sent = form_posting_to(review, "").data()
    assert sent["issuer"] == str(registry["AG-CSDT"].pk)
    row = _issuer_row(review)
    assert 'data-testid="needs-check"' in row
    assert "reading-unsure" in row
    assert "CÔNG AN TỈNH THÁI NGUYÊN" in row
    confirmed = client.post(review_at, sent)
    assert confirmed.status_code == 302
    assert CaseEvent.objects.get(case=case, type="case_initiated").agency == registry["AG-CSDT"]


@pytest.mark.parametrize("code", ["HN-CSDT", "TQ-CSDT-CU", "AG-VKS-CU"])
def test_a_body_the_agency_did_not_succeed_is_refused_naming_the_field(
    client, demo_users, now, registry, code
):
    # Another province's police; a former police not merged into An Giang; a former
    # body of An Giang of another kind.
    case, document, _truth = issuers.kien_giang_case(demo_users["dieutra.ag"], now)
    sign_in(client, demo_users["dieutra.ag"])
    review_at = _docx_uploaded(client, case, document)
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()
    before = samples.snapshot(case, audit=True)

    refused = client.post(review_at, sent | {"issuer": str(registry[code].pk)})

    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'data-field="issuer"' in body
    assert "Cơ quan ra quyết định: Hãy chọn cơ quan của bạn hoặc một cơ quan tiền thân" in body
    assert samples.snapshot(case, audit=True) == before
    assert DecisionDocument.objects.get(case=case).event is None


def test_an_agency_that_succeeded_no_body_is_asked_no_issuing_body(client, demo_users, now):
    # Hà Nội's police: no province merged into Hà Nội, no former body of its own.
    case, document, _truth = samples.case_to_initiate(demo_users["dieutra.hn"], now)
    sign_in(client, demo_users["dieutra.hn"])
    review_at = _docx_uploaded(client, case, document)

    review = client.get(review_at).content.decode()

    assert 'data-field-row="issuer"' not in review
    assert 'id="read-issuer"' not in review
    confirmed = client.post(review_at, form_posting_to(review, "").data())
    assert confirmed.status_code == 302
    assert CaseEvent.objects.get(case=case, type="case_initiated").agency.code == "HN-CSDT"
