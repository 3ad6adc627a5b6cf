"""A job's page: its progress while it runs (the page asks again each second, through
htmx), then its outcome; and the file it made, for its owner to download."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from phoihop.core.clock import now
from phoihop.core.errors import NotFound
from phoihop.jobs import files
from phoihop.jobs.models import Job, JobKind, JobState
from phoihop.jobs.progress import progress_read
from phoihop.jobs.selectors import job_for
from phoihop.jobs.services import job_abandoned_fail

# How each kind's outcome is shown, and where the user goes to do it again.
RESULT_TEMPLATES = {
    JobKind.IMPORT: "cases/_import_outcome.html",
    JobKind.REPORT: "jobs/_file_result.html",
    JobKind.EXPORT: "jobs/_file_result.html",
    JobKind.READING: "cases/_reading_batch_outcome.html",
}
AGAIN_URLS = {
    JobKind.IMPORT: "cases:import",
    JobKind.REPORT: "reports:report",
    JobKind.EXPORT: "cases:list",
    JobKind.READING: "cases:detail",  # the case whose documents were read
}
POLL_SECONDS = 1
# A worker takes a queued job within a second or two; past this, none is running.
NO_WORKER_SECONDS = 60


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _job(request: HttpRequest, job_id: uuid.UUID) -> Job:
    try:
        return job_for(request.user, job_id)
    except NotFound:
        raise Http404 from None


def job_page(request: HtmxHttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _job(request, job_id)
    if job.state == JobState.RUNNING and job_abandoned_fail(job=job, now=now()):
        job.refresh_from_db()
    template = "jobs/_job.html" if request.htmx else "jobs/job.html"
    return render(request, template, _context(job))


def _context(job: Job) -> dict[str, Any]:
    done, total = job.done, job.total
    if job.state == JobState.RUNNING:
        done, total = progress_read(job.pk) or (done, total)
    waited = (now() - job.created_at).total_seconds()
    return {
        "job": job,
        "no_worker": job.state == JobState.QUEUED and waited > NO_WORKER_SECONDS,
        "done": done,
        "total": total,
        "percent": min(100, done * 100 // total) if total else 0,
        "poll_seconds": POLL_SECONDS,
        "result_template": RESULT_TEMPLATES[JobKind(job.kind)],
        "again_url": _again_url(job),
    }


def _again_url(job: Job) -> str:
    name = AGAIN_URLS[JobKind(job.kind)]
    if job.kind == JobKind.READING:
        return reverse(name, args=[job.params["case"]])
    return reverse(name)


def job_file(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    """The file a finished job made, while it is kept (a day)."""
    job = _job(request, job_id)
    made = (job.result or {}).get("file") if job.state == JobState.DONE else None
    if not made:
        raise Http404
    path = files.folder() / Path(made["path"]).name
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=made["name"],
        content_type=made["content_type"],
    )
