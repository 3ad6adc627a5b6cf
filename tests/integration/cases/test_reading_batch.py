"""Several documents of a case's history sent at once: checked in the request (one file
of a kind not read, or too large, refuses the batch), read by the worker with one that
cannot be read reported and the others kept, then reviewed one after another in the
order of their dates, each confirmation leading to the next; a decision confirmed
before an earlier one of the batch is warned about, and the earlier one is then put in
by its date, or refused with the history's reason beside its date."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.contrib.messages import get_messages

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.jobs.models import Job, JobKind, JobState
from tests.corpus_reading import forms as corpus_forms
from tests.corpus_reading import samples
from tests.corpus_reading.files import render_docx, render_pdf
from tests.forms_on_page import form_posting_to
from tests.integration.hygiene.screen_text import raw_codes, visible_text
from tests.jobs import run_queued_jobs
from tests.records import add_accused
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

Sent = tuple[str, bytes]  # a file as the form sends it: its name, its content


@pytest.fixture(autouse=True)
def _files_apart(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def officer(client, demo_users):  # type: ignore[no-untyped-def]
    sign_in(client, demo_users["dieutra.ag"])
    return demo_users["dieutra.ag"]


@pytest.fixture
def opened_on(today) -> dt.date:  # type: ignore[no-untyped-def]
    return today - dt.timedelta(days=90)


@pytest.fixture
def case(demo_users, now, opened_on) -> Case:  # type: ignore[no-untyped-def]
    """A report of a crime received by An Giang's police, with the accused the charging
    decision names, as the case page would have them."""
    officer = demo_users["dieutra.ag"]
    case = samples.police_case(officer, now, on=opened_on)
    _document, truth = corpus_forms.suspect_charged(random.Random(samples.SEED))
    name, birth_year = truth.persons[0]
    add_accused(case, officer, now, name, birth_year=birth_year)
    return case


def _docx(build: samples.Builder, on: dt.date, name: str) -> Sent:
    return name, render_docx(samples.dated(build, on))


def _history(case: Case) -> list[str]:
    return list(
        CaseEvent.objects.filter(case=case).order_by("sequence").values_list("type", flat=True)
    )


def _read_batch(client, case: Case, files: list[Sent]) -> Job:  # type: ignore[no-untyped-def]
    queued = samples.upload_on_page(client, case, *files)
    assert queued.status_code == 302, queued.content.decode()[:2000]
    assert run_queued_jobs() == 1
    return Job.objects.get()


def _batch_url(case: Case, job: Job) -> str:
    return f"/cases/{case.pk}/documents/batch/{job.pk}/"


def _review_url(case: Case, job: Job, name: str) -> str:
    document = next(d for d in job.result["documents"] if d["name"] == name)
    return f"/cases/{case.pk}/documents/{document['id']}/?batch={job.pk}"


def _confirm(client, url: str):  # type: ignore[no-untyped-def]
    """The review page's form sent as it stands: the fields as read."""
    page = client.get(url)
    assert page.status_code == 200, page.content.decode()[:2000]
    return client.post(url, form_posting_to(page.content.decode(), "").data())


def _order_on(page: str) -> list[str]:
    return re.findall(r'data-testid="batch-document" data-document="(\d+)"', page)


@pytest.fixture
def history(opened_on):  # type: ignore[no-untyped-def]
    """Three decisions of the investigation, sent in another order than their dates."""
    initiated = _docx(corpus_forms.case_initiated, opened_on + dt.timedelta(days=10), "a.docx")
    charged = _docx(corpus_forms.suspect_charged, opened_on + dt.timedelta(days=30), "b.docx")
    expertise = _docx(corpus_forms.expertise_requested, opened_on + dt.timedelta(days=40), "c.docx")
    return [expertise, initiated, charged]


def test_several_documents_are_queued_then_read_by_the_worker_with_nothing_recorded(
    client, officer, case, history
):
    queued = samples.upload_on_page(client, case, *history)

    job = Job.objects.get()
    assert queued.status_code == 302
    assert queued["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.owner, job.total) == (
        JobKind.READING,
        JobState.QUEUED,
        officer,
        3,
    )
    waiting = client.get(queued["Location"]).content.decode()
    assert "0/3 văn bản đã đọc" in waiting
    assert not DecisionDocument.objects.exists()

    assert run_queued_jobs() == 1

    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.failure) == (JobState.DONE, 3, 3, "")
    assert [d["name"] for d in job.result["documents"]] == ["c.docx", "a.docx", "b.docx"]
    assert job.result["refused"] == []
    assert DecisionDocument.objects.filter(case=case, event=None).count() == 3
    assert AuditEvent.objects.filter(action="case.document.read").count() == 3
    assert _history(case) == ["crime_report_received"]  # reading records nothing
    page = client.get(queued["Location"]).content.decode()
    assert 'data-testid="reading-outcome" data-read="3" data-refused="0"' in page
    assert f'href="{_batch_url(case, job)}"' in page


def test_the_review_goes_by_the_dates_read_not_the_order_sent(client, officer, case, history):
    job = _read_batch(client, case, history)
    by_name = {d["name"]: str(d["id"]) for d in job.result["documents"]}

    batch = client.get(_batch_url(case, job))

    page = batch.content.decode()
    assert batch.status_code == 200
    assert _order_on(page) == [by_name["a.docx"], by_name["b.docx"], by_name["c.docx"]]
    first = _review_url(case, job, "a.docx")
    assert f'href="{first}" data-testid="batch-next"' in page
    review = client.get(first).content.decode()
    assert 'data-position="1" data-count="3"' in review
    assert "Văn bản 1/3 của đợt" in review
    assert 'data-testid="batch-earlier-unrecorded"' not in review
    skip = _review_url(case, job, "b.docx")
    assert f'href="{skip}" data-testid="batch-skip"' in review


def test_confirming_the_batch_in_order_records_each_and_leads_to_the_next(
    client, officer, case, history
):
    job = _read_batch(client, case, history)

    first = _confirm(client, _review_url(case, job, "a.docx"))
    second = _confirm(client, first["Location"])
    third = _confirm(client, second["Location"])

    assert first["Location"] == _review_url(case, job, "b.docx")
    assert second["Location"] == _review_url(case, job, "c.docx")
    assert third["Location"] == f"/cases/{case.pk}/#timeline"
    assert _history(case) == [
        "crime_report_received",
        "case_initiated",
        "suspect_charged",
        "expertise_requested",
    ]
    assert DecisionDocument.objects.filter(case=case, event=None).count() == 0
    told = [str(m) for m in get_messages(third.wsgi_request)]
    assert "Mọi văn bản của đợt đã được ghi nhận." in told
    assert not [m for m in told if "chưa được ghi nhận" in m]
    done = client.get(_batch_url(case, job)).content.decode()
    assert done.count('data-recorded="true"') == 3
    assert 'data-testid="batch-done"' in done


def test_a_later_decision_confirmed_first_is_warned_about_and_the_earlier_put_in_by_its_date(
    client, officer, case, history
):
    job = _read_batch(client, case, history)
    later = _review_url(case, job, "c.docx")
    review = client.get(later).content.decode()
    assert 'data-testid="batch-earlier-unrecorded"' in review
    assert "«a.docx»" in review
    assert "«b.docx»" in review

    confirmed = _confirm(client, later)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == _batch_url(case, job)  # the last of the batch; two left
    warned = [str(m) for m in get_messages(confirmed.wsgi_request) if m.level_tag == "warning"]
    assert len(warned) == 1
    assert "«a.docx»" in warned[0]
    assert "«b.docx»" in warned[0]
    assert _history(case) == ["crime_report_received", "expertise_requested"]

    earlier = _confirm(client, _review_url(case, job, "a.docx"))

    assert earlier["Location"] == _review_url(case, job, "b.docx")
    assert _history(case) == ["crime_report_received", "case_initiated", "expertise_requested"]
    entry = AuditEvent.objects.filter(action="case.event.recorded").latest("pk")
    assert (entry.data["type"], entry.data["placed_before"]) == ("case_initiated", 1)


def test_an_earlier_decision_that_would_break_the_history_is_refused_beside_its_date(
    client, officer, case, opened_on
):
    files = [
        _docx(corpus_forms.suspect_charged, opened_on + dt.timedelta(days=30), "b.docx"),
        _docx(corpus_forms.investigation_suspended, opened_on + dt.timedelta(days=20), "s.docx"),
        _docx(corpus_forms.case_initiated, opened_on + dt.timedelta(days=10), "a.docx"),
    ]
    job = _read_batch(client, case, files)
    initiated = _confirm(client, _review_url(case, job, "a.docx"))
    assert initiated["Location"] == _review_url(case, job, "s.docx")
    charged = _confirm(client, _review_url(case, job, "b.docx"))  # the suspension skipped
    assert charged["Location"] == _batch_url(case, job)
    before = (_history(case), Case.objects.get(pk=case.pk).version)

    refused = _confirm(client, _review_url(case, job, "s.docx"))

    assert refused.status_code == 409
    page = refused.content.decode()
    row = re.search(r'data-field-row="date".*?</div>\s*</div>', page, re.S)
    assert row is not None
    assert 'data-field="date"' in row.group(0)
    assert "Không thể thêm «Tạm đình chỉ điều tra»" in row.group(0)
    assert "«Khởi tố bị can»" in row.group(0)
    assert (_history(case), Case.objects.get(pk=case.pk).version) == before
    suspension = DecisionDocument.objects.get(pk=job.result["documents"][1]["id"])
    assert suspension.event is None


def test_a_decision_about_a_person_needs_the_person_as_on_the_case_page(
    client, officer, case, history
):
    job = _read_batch(client, case, history)
    assert _confirm(client, _review_url(case, job, "a.docx")).status_code == 302
    url = _review_url(case, job, "b.docx")
    sent = form_posting_to(client.get(url).content.decode(), "").data()
    assert sent["person"]  # read and matched to the case's accused

    refused = client.post(url, sent | {"person": ""})

    assert refused.status_code == 400
    assert "hãy chọn người đó" in refused.content.decode()
    assert _history(case) == ["crime_report_received", "case_initiated"]


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        ("ghi chú.txt", b"Quyet dinh khoi to", 415, "Chỉ đọc được quyết định dạng .docx"),
        ("qd-cu.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), 415, "Tệp Word cũ"),
        ("qd.pdf", b"PK\x03\x04" + bytes(64), 415, "Chỉ đọc được quyết định dạng .docx"),
        ("qd-doi-ten.pdf", "docx", 415, "Tên tệp có đuôi .pdf nhưng nội dung là tệp .docx"),
        ("lon.pdf", None, 413, "Tệp lớn hơn giới hạn"),
    ],
    ids=["wrong-type", "old-word", "no-kind-read", "renamed", "too-large"],
)
def test_one_file_that_cannot_be_taken_refuses_the_whole_batch_naming_it(
    client, officer, case, history, settings, name, content, status, words
):
    if content == "docx":
        content = render_docx(samples.dated(corpus_forms.case_initiated, dt.date(2025, 9, 1)))
    if content is None:  # past the limit, which every other file keeps within
        settings.PHOIHOP_ATTACHMENT_MAX_BYTES = max(len(data) for _name, data in history)
        content = b"%PDF-1.4 " + bytes(settings.PHOIHOP_ATTACHMENT_MAX_BYTES)

    refused = samples.upload_on_page(client, case, *history, (name, content))

    assert refused.status_code == status
    body = refused.content.decode()
    assert f"Tệp «{name}»: {words}" in body
    assert 'data-field="document"' in body
    assert not Job.objects.exists()
    assert not DecisionDocument.objects.exists()
    jobs_folder = settings.VAR_DIR / "jobs"
    assert not jobs_folder.exists() or not any(jobs_folder.iterdir())


def test_an_encrypted_pdf_in_a_batch_is_reported_and_the_others_kept(
    client, officer, case, opened_on
):
    files = [
        _docx(corpus_forms.case_initiated, opened_on + dt.timedelta(days=10), "a.docx"),
        (
            "mat-khau.pdf",
            samples.encrypted_pdf(
                samples.dated(corpus_forms.case_initiated, opened_on + dt.timedelta(days=15))
            ),
        ),
        (
            "b.pdf",
            render_pdf(
                samples.dated(corpus_forms.suspect_charged, opened_on + dt.timedelta(days=30))
            ),
        ),
    ]

    job = _read_batch(client, case, files)

    assert job.state == JobState.DONE
    assert [d["name"] for d in job.result["documents"]] == ["a.docx", "b.pdf"]
    assert [(r["name"], r["code"]) for r in job.result["refused"]] == [
        ("mat-khau.pdf", "reading.encrypted")
    ]
    assert DecisionDocument.objects.filter(case=case).count() == 2
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-read="2" data-refused="1"' in page
    assert "«mat-khau.pdf»: Tệp PDF được đặt mật khẩu" in page
    batch = client.get(_batch_url(case, job)).content.decode()
    assert len(_order_on(batch)) == 2
    assert 'data-testid="batch-refusal"' in batch


def test_a_batch_is_its_senders_alone(client, officer, case, history, demo_users):
    job = _read_batch(client, case, history)
    review = _review_url(case, job, "a.docx")

    for username in ("kiemsat.ag", "dieutra.hn"):
        sign_in(client, demo_users[username])
        assert client.get(_batch_url(case, job)).status_code == 404
        assert client.get(review).status_code == 404

    sign_in(client, officer)
    assert client.get(f"/cases/{case.pk}/documents/batch/{job.pk}/").status_code == 200
    assert client.get(review.replace(str(job.pk), "not-a-batch")).status_code == 404


def test_the_batch_pages_speak_vietnamese(client, officer, case, history, demo_users):
    job = _read_batch(client, case, history)
    later = _review_url(case, job, "c.docx")
    pages = [f"/jobs/{job.pk}/", _batch_url(case, job), later]

    found = {
        url: raw_codes(visible_text(client.get(url).content.decode()), frozenset(demo_users))
        for url in pages
    }

    assert found == {url: [] for url in pages}
