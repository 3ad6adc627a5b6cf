"""A decision read from its document through the API, as on the case page: the upload
keeps the files with the fields read from them and records nothing; the confirmation
records the decision the caller sends, once, with the document linked and the fields
the caller changed in the audit; a file that cannot be read is refused naming it, and
with several files, none is kept."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.clocks.models import Clock
from tests.corpus_reading import issuers, samples
from tests.corpus_reading.files import render_docx, render_pdf, render_scan
from tests.records import add_accused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_apart(settings, tmp_path):
    """Each test keeps its documents in a folder of its own, to count what is left."""
    settings.MEDIA_ROOT = tmp_path / "files"


def _auth(username: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _initiation(demo_users, now) -> tuple[Case, bytes, Any]:  # type: ignore[no-untyped-def]
    """A case with its crime report only, and the decision initiating it as a .docx."""
    case, document, truth = samples.case_to_initiate(demo_users["dieutra.ag"], now)
    return case, render_docx(document), truth


def _upload(client, case: Case, auth: dict[str, str], *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    sent = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(f"/api/v1/cases/{case.pk}/documents", {"document": sent}, **auth)


def _confirm(client, case: Case, document_id: int, body: dict[str, Any], auth, key=None):  # type: ignore[no-untyped-def]
    headers = dict(auth)
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        f"/api/v1/cases/{case.pk}/documents/{document_id}/confirm",
        body,
        content_type="application/json",
        **headers,
    )


def _initiated_and_read(client, demo_users, now) -> tuple[Case, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A case initiated already, and the corpus's initiation uploaded by its police."""
    case, document, _truth = samples.case_initiated_already(demo_users["dieutra.ag"], now)
    docx = ("qd.docx", render_docx(document))
    [described] = _upload(client, case, _auth("dieutra.ag"), docx).json()
    return case, described


def _as_read(described: dict[str, Any], case: Case) -> dict[str, Any]:
    """The decision to send back: every field as read, at the case's version."""
    case.refresh_from_db()
    read = {f["name"]: f["value"] for f in described["fields"] if f["value"] is not None}
    return read | {"version": case.version}


def test_a_docx_is_read_back_field_by_field_and_nothing_is_recorded(
    client, demo_users, now, settings
):
    case, docx, truth = _initiation(demo_users, now)
    auth = _auth("dieutra.ag")
    events = CaseEvent.objects.filter(case=case).count()

    answer = _upload(client, case, auth, ("quyết định khởi tố.docx", docx))

    assert answer.status_code == 201
    [described] = answer.json()
    kept = DecisionDocument.objects.get(case=case)
    assert (described["id"], described["name"], described["size"]) == (
        kept.pk,
        kept.name,
        len(docx),
    )
    assert described["reading"]["method"] == "docx"
    assert described["reading"]["pages"] is None  # a .docx has no pages until laid out
    assert described["reading"]["ocr_confidence"] is None
    assert described["reading"]["warnings"] == []
    assert (described["recorded_at"], described["event"]) == (None, None)
    fields = {f["name"]: f for f in described["fields"]}
    assert fields["type"]["value"] == "case_initiated"
    assert fields["date"]["value"] == truth.signed_on.isoformat()
    assert fields["doc_number"]["value"] == truth.doc_number
    assert fields["charges"]["value"] == "175.3"
    text = described["text"]
    for found in fields.values():
        start, end = found["span"]
        assert 0 <= start < end <= len(text)
        assert found["doubtful"] == (found["confidence"] < 0.8)
    start, end = fields["doc_number"]["span"]
    assert truth.doc_number in text[start:end]
    # Read, kept, audited as read; nothing recorded until confirmed.
    assert kept.event is None
    assert CaseEvent.objects.filter(case=case).count() == events
    assert AuditEvent.objects.filter(action="case.document.read").count() == 1
    assert not AuditEvent.objects.filter(action="case.event.read").exists()
    assert len(samples.kept_files(settings)) == 1

    again = client.get(f"/api/v1/cases/{case.pk}/documents/{kept.pk}", **auth)

    assert again.status_code == 200
    assert again.json() == described


def test_the_confirmation_records_the_decision_with_the_field_corrected_once(
    client, demo_users, now
):
    case, docx, truth = _initiation(demo_users, now)
    auth = _auth("dieutra.ag")
    [described] = _upload(client, case, auth, ("qd.docx", docx)).json()
    corrected = "99/QĐ-CSĐT"
    body = _as_read(described, case) | {"doc_number": corrected, "note": "Bản gốc lưu hồ sơ."}

    confirmed = _confirm(client, case, described["id"], body, auth, key="qd-khoi-to/1")

    assert confirmed.status_code == 201
    record = CaseEvent.objects.get(case=case, type="case_initiated")
    assert (record.date, record.doc_number) == (truth.signed_on, corrected)
    assert record.params["charges"] == "175.3"
    kept = DecisionDocument.objects.get(pk=described["id"])
    assert kept.event == record
    assert kept.recorded_at is not None
    answer = confirmed.json()
    assert answer["event"]["sequence"] == record.sequence
    assert answer["event"]["doc_number"] == corrected
    assert answer["recorded_at"] is not None
    assert Clock.objects.filter(case=case, code="INVESTIGATION").exists()
    entry = AuditEvent.objects.get(action="case.event.read")
    assert (entry.data["event"], entry.data["document"]) == (record.pk, kept.pk)
    assert entry.data["method"] == "docx"
    assert entry.data["changed"] == ["doc_number"]  # the note was not read: no correction

    # The same request again gets the same answer, and records nothing.
    before = samples.snapshot(case, audit=True)
    replay = _confirm(client, case, described["id"], body, auth, key="qd-khoi-to/1")

    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == answer
    assert samples.snapshot(case, audit=True) == before

    # A second confirmation, under a key of its own, is refused.
    case.refresh_from_db()
    second = _confirm(client, case, described["id"], body | {"version": case.version}, auth)

    assert second.status_code == 409
    assert second.json()["code"] == "reading.recorded_already"
    assert "đã được xác nhận" in second.json()["message"]
    assert samples.snapshot(case, audit=True) == before
    assert CaseEvent.objects.filter(case=case, type="case_initiated").count() == 1

    # The document, confirmed, is described with its decision.
    shown = client.get(f"/api/v1/cases/{case.pk}/documents/{kept.pk}", **auth).json()
    assert shown["event"] == answer["event"]


def test_a_text_pdf_names_the_case_person_and_sent_back_as_read_changes_nothing(
    client, demo_users, now
):
    case, person, document, _truth = samples.case_to_charge(demo_users["dieutra.ag"], now)
    auth = _auth("dieutra.ag")

    [described] = _upload(
        client, case, auth, ("qd-khoi-to-bi-can.pdf", render_pdf(document))
    ).json()
    fields = {f["name"]: f["value"] for f in described["fields"]}

    assert (described["reading"]["method"], described["reading"]["pages"]) == ("pdf_text", 1)
    assert fields["type"] == "suspect_charged"
    assert fields["person_id"] == person.pk

    confirmed = _confirm(client, case, described["id"], _as_read(described, case), auth)

    assert confirmed.status_code == 201
    record = CaseEvent.objects.get(case=case, type="suspect_charged")
    assert record.person == person
    assert AuditEvent.objects.get(action="case.event.read").data["changed"] == []


def test_a_confirmation_of_a_stale_version_is_refused_and_records_nothing(client, demo_users, now):
    case, docx, _truth = _initiation(demo_users, now)
    auth = _auth("dieutra.ag")
    [described] = _upload(client, case, auth, ("qd.docx", docx)).json()
    body = _as_read(described, case)
    # Someone else's edit, after the document was read.
    add_accused(case, demo_users["dieutra.ag"], now, "Trần Văn Lộc")
    before = samples.snapshot(case, audit=True)

    refused = _confirm(client, case, described["id"], body, auth, key="qd/stale")

    assert refused.status_code == 409
    assert refused.json()["code"] == "record.stale"
    assert samples.snapshot(case, audit=True) == before
    assert DecisionDocument.objects.get(pk=described["id"]).event is None


@pytest.mark.parametrize(
    ("make", "name", "status", "code", "words"),
    [
        (
            lambda: b"Quyet dinh khoi to",
            "qd.txt",
            415,
            "reading.wrong_type",
            "Chỉ đọc được quyết định dạng .docx",
        ),
        (
            samples.initiation_docx,
            "qd.pdf",
            415,
            "reading.type_mismatch",
            "nhưng nội dung là tệp .docx",
        ),
        (samples.encrypted_pdf, "qd mật.pdf", 422, "reading.encrypted", "đặt mật khẩu"),
        (
            lambda: b"%PDF-1.4 " + b"0" * 3000,
            "qd.pdf",
            413,
            "reading.too_large",
            "Tệp lớn hơn giới hạn",
        ),
    ],
    ids=["wrong-type", "renamed", "encrypted", "too-large"],
)
def test_a_file_that_cannot_be_read_is_refused_naming_it_and_leaves_nothing(
    client, demo_users, now, settings, make, name, status, code, words
):
    settings.PHOIHOP_ATTACHMENT_MAX_BYTES = 2048 if status == 413 else 10 * 1024 * 1024
    case = samples.police_case(demo_users["dieutra.ag"], now, on=now.date())
    auth = _auth("dieutra.ag")
    before = samples.snapshot(case, audit=True)

    refused = _upload(client, case, auth, (name, make()))

    assert refused.status_code == status
    error = refused.json()
    assert (error["code"], error["field"]) == (code, "document")
    assert error["message"].startswith(f"Văn bản quyết định (document), tệp «{name}»: ")
    assert words in error["message"]
    assert samples.snapshot(case, audit=True) == before
    assert samples.kept_files(settings) == []


def test_several_files_are_all_kept_or_none_when_one_cannot_be_read(
    client, demo_users, now, settings
):
    case, docx, _truth = _initiation(demo_users, now)
    auth = _auth("dieutra.ag")
    before = samples.snapshot(case, audit=True)

    refused = _upload(
        client,
        case,
        auth,
        ("qd-1.docx", docx),
        ("qd-2.pdf", samples.encrypted_pdf()),
        ("qd-3.docx", docx),
    )

    assert refused.status_code == 422
    assert refused.json()["code"] == "reading.encrypted"
    assert "«qd-2.pdf»" in refused.json()["message"]
    assert samples.snapshot(case, audit=True) == before
    assert samples.kept_files(settings) == []

    accepted = _upload(client, case, auth, ("qd-1.docx", docx), ("qd-3.docx", docx))

    assert accepted.status_code == 201
    assert [d["name"] for d in accepted.json()] == ["qd-1.docx", "qd-3.docx"]
    assert DecisionDocument.objects.filter(case=case).count() == 2
    assert AuditEvent.objects.filter(action="case.document.read").count() == 2
    assert len(samples.kept_files(settings)) == 2
    assert not CaseEvent.objects.filter(case=case, type="case_initiated").exists()


def test_a_request_without_a_file_is_refused_naming_the_field(client, demo_users, now):
    case, _docx, _truth = _initiation(demo_users, now)

    refused = _upload(client, case, _auth("dieutra.ag"))

    assert refused.status_code == 422
    assert refused.json() == {
        "code": "input.invalid",
        "message": "Văn bản quyết định (document): bắt buộc phải có.",
        "field": "document",
    }


def test_more_files_than_a_request_reads_are_refused_naming_the_field(client, demo_users, now):
    case, docx, _truth = _initiation(demo_users, now)
    auth = _auth("dieutra.ag")
    before = samples.snapshot(case, audit=True)

    refused = _upload(client, case, auth, *[(f"qd-{i}.docx", docx) for i in range(11)])

    assert refused.status_code == 422
    assert refused.json() == {
        "code": "input.invalid",
        "message": "Văn bản quyết định (document): có tối đa 10 phần tử.",
        "field": "document",
    }
    assert samples.snapshot(case, audit=True) == before


def test_without_credentials_nothing_is_read_shown_or_confirmed(client, demo_users, now):
    case, docx, _truth = _initiation(demo_users, now)
    [described] = _upload(client, case, _auth("dieutra.ag"), ("qd.docx", docx)).json()
    body = _as_read(described, case)
    before = samples.snapshot(case, audit=True)

    answers = [
        _upload(client, case, {}, ("qd.docx", docx)),
        client.get(f"/api/v1/cases/{case.pk}/documents/{described['id']}"),
        _confirm(client, case, described["id"], body, {}),
    ]

    assert [a.status_code for a in answers] == [401, 401, 401]
    assert {a.json()["code"] for a in answers} == {"auth.required"}
    assert samples.snapshot(case, audit=True) == before


def test_only_the_agency_that_gave_the_document_sees_and_confirms_it(client, demo_users, now):
    case, docx, _truth = _initiation(demo_users, now)
    [described] = _upload(client, case, _auth("dieutra.ag"), ("qd.docx", docx)).json()
    body = _as_read(described, case)
    at = f"/api/v1/cases/{case.pk}/documents/{described['id']}"
    # Oversees the case; another province's police: they may record nothing on it.
    others = [_auth(username) for username in ("noichinh.ag", "dieutra.hn")]
    before = samples.snapshot(case, audit=True)

    for auth in others:
        assert _upload(client, case, auth, ("qd.docx", docx)).status_code == 404
        assert client.get(at, **auth).status_code == 404
        assert _confirm(client, case, described["id"], body, auth).status_code == 404

    assert samples.snapshot(case, audit=True) == before


def test_another_handling_agency_may_not_see_or_confirm_the_police_document(
    client, demo_users, now
):
    case, described = _initiated_and_read(client, demo_users, now)
    procuracy = _auth("kiemsat.ag")  # records the procuracy's own decisions on the case
    before = samples.snapshot(case, audit=True)

    shown = client.get(f"/api/v1/cases/{case.pk}/documents/{described['id']}", **procuracy)
    body = _as_read(described, case) | {"type": "case_initiated"}
    confirmed = _confirm(client, case, described["id"], body, procuracy)

    assert (shown.status_code, confirmed.status_code) == (404, 404)
    assert samples.snapshot(case, audit=True) == before


def test_a_decision_the_caller_cannot_record_now_is_not_proposed(client, demo_users, now):
    # Initiated already: a second initiation is no choice.
    _case, described = _initiated_and_read(client, demo_users, now)

    [kind] = [f for f in described["fields"] if f["name"] == "type"]
    assert kind["value"] is None
    assert kind["doubtful"] is True
    assert "Khởi tố vụ án" in described["type_note"]


# OCR takes seconds: run in the SQLite suite only.
@pytest.mark.ocr
def test_a_scan_is_read_by_character_recognition_with_its_figures(client, demo_users, now):
    case, document, truth = samples.case_to_initiate(demo_users["dieutra.ag"], now)
    scan = render_scan(render_pdf(document), random.Random(11))

    answer = _upload(client, case, _auth("dieutra.ag"), (scan.name, scan.data))

    assert answer.status_code == 201
    [described] = answer.json()
    figures = described["reading"]
    assert (figures["method"], figures["pages"]) == ("ocr", 1)
    assert figures["ocr_confidence"] is not None
    assert figures["dpi"] == scan.dpi
    fields = {f["name"]: f for f in described["fields"]}
    assert fields["type"]["value"] == "case_initiated"
    assert fields["date"]["value"] == truth.signed_on.isoformat()


# The issuing body ------------------------------------------------------------------------


def _issuer(described: dict[str, Any]) -> dict[str, Any]:
    [field] = [f for f in described["fields"] if f["name"] == "issuer"]
    return field


def test_a_decision_of_a_body_the_agency_succeeded_is_read_by_its_code_and_recorded_so(
    client, demo_users, now
):
    case, document, _truth = issuers.kien_giang_case(demo_users["dieutra.ag"], now)
    auth = _auth("dieutra.ag")

    [described] = _upload(client, case, auth, ("qd.docx", render_docx(document))).json()

    issuer = _issuer(described)
    assert (issuer["value"], issuer["label"]) == (
        "KG-CSDT",
        "Cơ quan Cảnh sát điều tra Công an tỉnh Kiên Giang",
    )
    assert (issuer["doubtful"], issuer["confidence"] >= 0.8) == (False, True)
    start, end = issuer["span"]
    assert "CÔNG AN TỈNH KIÊN GIANG" in described["text"][start:end]

    confirmed = _confirm(client, case, described["id"], _as_read(described, case), auth)

    assert confirmed.status_code == 201, confirmed.json()
    assert confirmed.json()["event"]["agency"] == "KG-CSDT"
    assert CaseEvent.objects.get(case=case, type="case_initiated").agency.code == "KG-CSDT"
    assert AuditEvent.objects.get(action="case.event.read").data["changed"] == []


def test_a_decision_under_the_agencys_own_header_is_read_as_its_own(client, demo_users, now):
    document, truth = issuers.initiation_headed(issuers.AN_GIANG_POLICE)
    officer = demo_users["dieutra.ag"]
    case = samples.police_case(officer, now, on=truth.signed_on - dt.timedelta(days=20))

    [described] = _upload(
        client, case, _auth("dieutra.ag"), ("qd.docx", render_docx(document))
    ).json()

    issuer = _issuer(described)
    assert (issuer["value"], issuer["doubtful"]) == ("AG-CSDT", False)
    assert issuer["label"] == "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang"


def test_a_header_of_no_body_the_agency_succeeded_proposes_its_own_as_doubtful(
    client, demo_users, now
):
    case, docx, _truth = _initiation(demo_users, now)  # Thái Nguyên's police's header
    auth = _auth("dieutra.ag")

    [described] = _upload(client, case, auth, ("qd.docx", docx)).json()

    issuer = _issuer(described)
    assert (issuer["value"], issuer["doubtful"]) == ("AG-CSDT", True)
    assert "CÔNG AN TỈNH THÁI NGUYÊN" in issuer["quote"]
    assert "không phải cơ quan của bạn" in issuer["note"]
    # Sent back without it, the decision is the agency's own, as proposed: no change.
    body = {k: v for k, v in _as_read(described, case).items() if k != "issuer"}
    confirmed = _confirm(client, case, described["id"], body, auth)
    assert confirmed.status_code == 201, confirmed.json()
    assert confirmed.json()["event"]["agency"] == "AG-CSDT"
    assert AuditEvent.objects.get(action="case.event.read").data["changed"] == []


@pytest.mark.parametrize("code", ["HN-CSDT", "TQ-CSDT-CU", "AG-VKS-CU"])
def test_a_body_the_agency_did_not_succeed_is_refused_naming_the_field(
    client, demo_users, now, code
):
    # Another province's police; a former police not merged into An Giang; a former
    # body of An Giang of another kind.
    case, document, _truth = issuers.kien_giang_case(demo_users["dieutra.ag"], now)
    auth = _auth("dieutra.ag")
    [described] = _upload(client, case, auth, ("qd.docx", render_docx(document))).json()
    body = _as_read(described, case) | {"issuer": code}
    before = samples.snapshot(case, audit=True)

    refused = _confirm(client, case, described["id"], body, auth)

    assert refused.status_code == 422
    error = refused.json()
    assert error["field"] == "issuer"
    assert error["message"].startswith("Cơ quan ra quyết định: chỉ ghi nhận thay cho cơ quan")
    assert samples.snapshot(case, audit=True) == before
    assert DecisionDocument.objects.get(pk=described["id"]).event is None
