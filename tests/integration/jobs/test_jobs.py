"""A job's life beyond the import itself: the progress the worker tells shows on the
page while it runs; an unexpected error fails it with the reason in Vietnamese; a
worker that died leaves its job failed (seen by the page, or by the next worker to
start), and nothing written; a job and its file are its owner's alone."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from phoihop.cases import import_jobs
from phoihop.cases.models import CaseReference
from phoihop.core.clock import now
from phoihop.jobs import files
from phoihop.jobs.models import Job, JobState
from phoihop.jobs.services import WORKER_DIED, job_run, jobs_abandoned_fail
from phoihop.jobs.workers import WorkerId, current_worker, this_host, worker_gone
from tests.integration.imports import sheets
from tests.jobs import run_queued_jobs
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

ROWS = 12


def _queued(client: Client) -> tuple[Job, str]:
    content = sheets.xlsx(sheets.cases(ROWS // 2))
    response = client.post(reverse("cases:import"), {"file": SimpleUploadedFile("a.xlsx", content)})
    assert response.status_code == 302
    url = str(response["Location"])
    return Job.objects.get(pk=url.strip("/").rsplit("/", 1)[-1]), url


def _dead_worker() -> str:
    """The name a worker of this machine had, whose process has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return str(WorkerId(host=this_host(), pid=process.pid, started="1"))


def _as_left_by_a_killed_worker(job: Job) -> None:
    """What a worker killed mid-job leaves: the job running under its name; its task
    result claimed by it. (Its writes were in a transaction the database rolled back.)"""
    worker = _dead_worker()
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, worker=worker, started_at=now())
    DBTaskResult.objects.get(pk=job.task_result_id).claim(worker)


def test_the_page_shows_the_progress_the_worker_tells(client, officer):
    job, url = _queued(client)
    seen: dict[str, Any] = {}

    def work(job: Job, progress: Any) -> dict[str, Any]:
        progress(5, ROWS)
        seen["page"] = client.get(url, headers={"HX-Request": "true"}).content.decode()
        seen["state"] = Job.objects.get(pk=job.pk).state
        return import_jobs._import(job, progress)

    job_run(job_id=str(job.pk), worker=str(current_worker()), work=work, now=now)

    assert seen["state"] == JobState.RUNNING
    assert re.search(r'<progress [^>]*value="5" max="12"', seen["page"])
    assert "5/12 dòng (41%)" in seen["page"]
    assert 'hx-trigger="every 1s"' in seen["page"]
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, ROWS, ROWS)
    assert not files.progress_path(job.pk).exists()
    assert not list(files.folder().glob(f"{job.pk.hex}.input.*"))  # the upload is gone


def test_an_unexpected_error_fails_the_job_with_a_vietnamese_reason(client, officer):
    job, url = _queued(client)

    def work(job: Job, progress: Any) -> dict[str, Any]:
        progress(4, ROWS)
        raise RuntimeError("a bug")

    job_run(job_id=str(job.pk), worker=str(current_worker()), work=work, now=now)

    job.refresh_from_db()
    page = client.get(url).content.decode()
    assert job.state == JobState.FAILED
    assert "lỗi không lường trước (RuntimeError)" in job.failure
    assert str(job.pk) in job.failure
    assert 'data-testid="job-failure"' in page
    assert "Không thực hiện được việc này." in page
    assert "hx-trigger" not in page
    assert not list(files.folder().glob(f"{job.pk.hex}.*"))


def test_a_file_the_importer_refuses_fails_the_job_with_its_reason(client, officer):
    rows = sheets.cases(ROWS // 2)
    content = sheets.csv_bytes(rows, headers=[*sheets.HEADERS[:-1], "Cột lạ"])
    client.post(reverse("cases:import"), {"file": SimpleUploadedFile("a.csv", content)})

    run_queued_jobs()

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert "“Cột lạ”" in job.failure
    assert not CaseReference.objects.filter(external_id__in={row[1] for row in rows}).exists()


def test_the_page_tells_the_owner_when_the_worker_died(client, officer):
    job, url = _queued(client)
    _as_left_by_a_killed_worker(job)

    page = client.get(url, headers={"HX-Request": "true"}).content.decode()

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.failure == WORKER_DIED
    assert "Bộ xử lý nền đã dừng" in page
    assert not list(files.folder().glob(f"{job.pk.hex}.input.*"))


def test_a_running_job_whose_task_ended_without_a_word_is_failed(client, officer):
    job, url = _queued(client)
    task = DBTaskResult.objects.get(pk=job.task_result_id)
    task.claim(str(current_worker()))
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, worker=str(current_worker()))
    task.set_failed(ConnectionError("the database went away"))  # before the job's end was kept

    page = client.get(url).content.decode()

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.failure.startswith("Việc này dừng giữa chừng vì một lỗi của hệ thống.")
    assert 'data-testid="job-failure"' in page


def test_a_worker_starting_fails_the_jobs_a_dead_worker_left_and_runs_the_next(client, officer):
    first, _url = _queued(client)
    claimed, _url = _queued(client)
    second, _url = _queued(client)
    _as_left_by_a_killed_worker(first)
    DBTaskResult.objects.get(pk=claimed.task_result_id).claim(_dead_worker())

    failed = jobs_abandoned_fail(now=now())
    ran = run_queued_jobs()

    states = {job.pk: job.state for job in Job.objects.all()}
    assert failed == 2
    assert ran == 1
    assert states == {first.pk: "failed", claimed.pk: "failed", second.pk: "done"}
    results = DBTaskResult.objects.in_bulk([first.task_result_id, claimed.task_result_id])
    assert {result.status for result in results.values()} == {"FAILED"}


def test_a_running_worker_of_this_machine_is_not_taken_for_dead():
    assert not worker_gone(str(current_worker()))
    assert worker_gone(_dead_worker())
    assert not worker_gone(str(WorkerId(host="another-machine", pid=1, started="1")))


def test_a_job_is_its_owners_alone(client, officer, demo_users, settings):
    _job, url = _queued(client)
    run_queued_jobs()
    other = Client()
    sign_in(other, demo_users["dieutra.hn"])

    assert client.get(url).status_code == 200
    assert other.get(url).status_code == 404
    assert other.get(f"{url}file/").status_code == 404
    assert other.get(reverse("jobs:job", args=[uuid.UUID(int=0)])).status_code == 404
    signed_out = Client().get(url)
    assert signed_out.status_code == 302
    assert "/accounts/login/" in signed_out["Location"]


def test_a_job_no_worker_takes_up_says_so_after_a_minute(client, officer):
    from phoihop.jobs.models import JobKind
    from phoihop.jobs.services import job_enqueue

    fresh = job_enqueue(
        owner=officer, kind=JobKind.REPORT, params={}, task=import_jobs.import_in_worker, now=now()
    )
    waiting = job_enqueue(
        owner=officer,
        kind=JobKind.REPORT,
        params={},
        task=import_jobs.import_in_worker,
        now=now() - dt.timedelta(minutes=2),
    )

    assert "job-no-worker" not in client.get(reverse("jobs:job", args=[fresh.pk])).content.decode()
    page = client.get(reverse("jobs:job", args=[waiting.pk])).content.decode()
    assert "phoihop worker" in page
