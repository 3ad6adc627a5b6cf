"""A web import over PHOIHOP_IMPORT_INLINE_ROWS: queued, run by the worker with its
progress told, its outcome on the job's page as the import page shows it, all or
nothing; a file the importer refuses fails the job with the reason in Vietnamese; a
job is its owner's alone."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.audit.services import audit_verify
from phoihop.cases.importing.columns import COLUMNS
from phoihop.cases.models import CaseReference
from phoihop.jobs.models import Job, JobKind, JobState
from tests.integration.imports import sheets
from tests.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db

CASES = 6  # two rows each: 12 rows, over the threshold the tests set
DATE = [column.key for column in COLUMNS].index("date")


def _upload(client, content: bytes, name: str = "vu-an.xlsx", **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("cases:import"), {"file": SimpleUploadedFile(name, content), **extra}
    )


def _numbers(rows: list[list[str]]) -> set[str]:
    return {row[1] for row in rows}


def test_a_file_over_the_threshold_is_queued_and_its_page_shows_it_waiting(client, officer):
    rows = sheets.cases(CASES)

    response = _upload(client, sheets.xlsx(rows))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state, job.owner, job.total) == (
        JobKind.IMPORT,
        JobState.QUEUED,
        officer,
        len(rows),
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'data-state="queued"' in page.content.decode()
    assert 'data-testid="job-progress"' in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert not CaseReference.objects.filter(external_id__in=_numbers(rows)).exists()


def test_the_worker_imports_the_file_and_the_page_shows_the_outcome(client, officer):
    rows = sheets.cases(CASES)
    job_url = _upload(client, sheets.csv_bytes(rows), "vu-an.csv")["Location"]

    run_queued_jobs()

    job = Job.objects.get()
    page = client.get(job_url, headers={"HX-Request": "true"})
    text = page.content.decode()
    assert (job.state, job.done, job.total, job.failure) == (
        JobState.DONE,
        len(rows),
        len(rows),
        "",
    )
    assert job.result["result"]["cases_created"] == CASES
    assert 'data-outcome="imported"' in text
    assert re.search(r'data-count="cases_created">\s*6\s*<', text)
    assert "hx-trigger" not in text  # finished: the page stops asking
    assert CaseReference.objects.filter(external_id__in=_numbers(rows)).count() == CASES
    assert audit_verify().ok


def test_a_file_with_one_bad_row_imports_nothing_and_the_job_shows_the_row(client, officer):
    rows = sheets.cases(CASES)
    rows[-1][DATE] = "31/02/2026"  # the last row: sheet row len(rows) + 1
    job_url = _upload(client, sheets.xlsx(rows))["Location"]

    run_queued_jobs()

    page = client.get(job_url).content.decode()
    assert Job.objects.get().state == JobState.DONE
    assert 'data-outcome="refused"' in page
    assert f'data-row="{len(rows) + 1}"' in page
    assert 'data-testid="report-xlsx"' in page
    assert not CaseReference.objects.filter(external_id__in=_numbers(rows)).exists()


def test_a_file_over_the_size_limit_is_refused_at_once_not_queued(client, officer, settings):
    content = sheets.csv_bytes(sheets.cases(CASES))
    settings.PHOIHOP_IMPORT_MAX_BYTES = len(content) - 1

    response = _upload(client, content, "vu-an.csv")

    assert response.status_code == 400
    assert "Tệp lớn hơn giới hạn" in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_within_the_threshold_is_imported_in_the_request(client, officer, settings):
    settings.PHOIHOP_IMPORT_INLINE_ROWS = 2 * CASES

    response = _upload(client, sheets.xlsx(sheets.cases(CASES)))

    assert response.status_code == 200
    assert 'data-outcome="imported"' in response.content.decode()
    assert not Job.objects.exists()
