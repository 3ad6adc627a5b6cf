"""A case list longer than the request can write goes to the worker: the list's export
asks first, a POST queues the job, the worker writes the same file the page would have
written (read back here beside it), with its mark in its name and its audit entry; and a
list narrowed since the page asked is made at once."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from phoihop.audit.models import AuditEvent
from phoihop.cases.exports import CASE_HEADERS
from phoihop.jobs.models import Job, JobKind, JobState
from tests.jobs import run_queued_jobs
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

URL = "/cases/export/cases.xlsx"
TITLE = CASE_HEADERS.index("Tên vụ án, vụ việc")


@pytest.fixture
def cases(open_case):  # type: ignore[no-untyped-def]
    return [
        open_case("Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang"),
        open_case("Vụ án lừa đảo tại xã Mỹ Hòa Hưng", charges="174.2"),
        open_case("Vụ án mật về đấu thầu thuốc", classification=1),
    ]


@pytest.fixture
def leader(client, demo_users):  # type: ignore[no-untyped-def]
    user = demo_users["lanhdao.noichinh.ag"]
    user.clearance = 3
    user.save(update_fields=["clearance"])
    sign_in(client, user)
    return user


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_a_list_over_the_threshold_is_offered_to_the_worker_and_nothing_is_queued_by_get(
    client, cases, leader, settings
):
    settings.PHOIHOP_EXPORT_INLINE_CASES = 2

    response = client.get(URL, {"q": "vu an"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="export-start"' in html
    assert "3 vụ án" in html
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="cases.exported").exists()


def test_the_worker_writes_the_file_the_page_would_have_written(client, cases, leader, settings):
    settings.PHOIHOP_EXPORT_INLINE_CASES = 100
    inline = client.get(URL, {"q": "vu an"})
    settings.PHOIHOP_EXPORT_INLINE_CASES = 2

    queued = client.post(URL + "?q=vu+an")

    job = Job.objects.get()
    assert (queued.status_code, queued["Location"]) == (302, f"/jobs/{job.pk}/")
    assert (job.kind, job.state, job.total) == (JobKind.EXPORT, JobState.QUEUED, 3)
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.failure
    assert job.done == job.total
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="job-file"' in page
    made = client.get(f"/jobs/{job.pk}/file/")
    content = b"".join(made.streaming_content)
    assert _rows(content) == _rows(inline.content)
    assert len(_rows(content)) == 1 + len(cases)
    # The file carries the mark of the classified case it names, in its name too.
    assert quote("MẬT - phoihop-cases-") in made["Content-Disposition"]
    entries = AuditEvent.objects.filter(action="cases.exported").order_by("seq")
    assert [e.data["mark"] for e in entries] == ["MẬT", "MẬT"]
    assert entries.last().actor == leader.username


def test_the_worker_leaves_the_classified_cases_out_when_asked(client, cases, leader, settings):
    settings.PHOIHOP_EXPORT_INLINE_CASES = 1

    client.post(URL + "?classified=exclude")
    run_queued_jobs()

    job = Job.objects.get()
    made = client.get(f"/jobs/{job.pk}/file/")
    titles = {row[TITLE] for row in _rows(b"".join(made.streaming_content))[1:]}
    assert titles == {case.title for case in cases if case.classification == 0}
    assert "MẬT" not in made["Content-Disposition"]
    assert AuditEvent.objects.get(action="cases.exported").data["without_classified"] is True


def test_the_job_is_its_owners_alone(client, cases, leader, settings, demo_users):
    settings.PHOIHOP_EXPORT_INLINE_CASES = 1
    client.post(URL)
    run_queued_jobs()
    job = Job.objects.get()

    sign_in(client, demo_users["noichinh.ag"])

    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


def test_a_list_that_shrank_below_the_threshold_is_written_at_once(client, cases, leader, settings):
    settings.PHOIHOP_EXPORT_INLINE_CASES = 1

    response = client.post(URL + "?q=so+tai+chinh")

    assert (response.status_code, response["Location"]) == (302, URL + "?q=so+tai+chinh")
    assert not Job.objects.exists()


def test_a_list_the_owner_may_no_longer_see_is_not_written(client, cases, leader, settings):
    """The worker reads the list again with the owner's access as it is then: a leader
    whose clearance was lowered meanwhile gets no classified case."""
    settings.PHOIHOP_EXPORT_INLINE_CASES = 1
    client.post(URL)
    leader.clearance = 0
    leader.save(update_fields=["clearance"])

    run_queued_jobs()

    job = Job.objects.get()
    made = client.get(f"/jobs/{job.pk}/file/")
    titles = {row[TITLE] for row in _rows(b"".join(made.streaming_content))[1:]}
    assert titles == {case.title for case in cases if case.classification == 0}
