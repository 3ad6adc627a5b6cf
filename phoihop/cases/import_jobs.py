"""A web import of more rows than PHOIHOP_IMPORT_INLINE_ROWS runs in the worker: the
file is kept under VAR_DIR/jobs/ (for the worker alone, removed once read), a job is
queued, and the user follows it on the job's page, which shows the same outcome as the
import page. The importer is the same (``import_file``), all or nothing in its one
transaction; a smaller file is still imported within the request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from phoihop.cases.importing.apply import import_file
from phoihop.cases.importing.size import data_rows
from phoihop.core.clock import now
from phoihop.jobs.framework import TaskContext, task
from phoihop.jobs.models import Job, JobKind
from phoihop.jobs.services import Progress, job_enqueue, job_run


def import_goes_to_worker(upload: Any) -> bool:
    """More rows than the page does at once. A file over the size limit stays: the
    importer refuses it at once, with its message on the form."""
    data = upload.read(settings.PHOIHOP_IMPORT_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > settings.PHOIHOP_IMPORT_MAX_BYTES:
        return False
    limit = settings.PHOIHOP_IMPORT_INLINE_ROWS
    return data_rows(data, upload.name, up_to=limit + 1) > limit


def import_enqueue(*, user: Any, upload: Any, partial: bool, now: dt.datetime) -> Job:
    # One byte past the limit, so that the importer refuses an oversized file itself.
    data = upload.read(settings.PHOIHOP_IMPORT_MAX_BYTES + 1)
    suffix = upload.name.lower().rsplit(".", 1)[-1]
    suffix = suffix if suffix in ("xlsx", "csv") else "bin"  # only those come here
    return job_enqueue(
        owner=user,
        kind=JobKind.IMPORT,
        params={"name": upload.name, "label": upload.name, "partial": partial, "suffix": suffix},
        task=import_in_worker,
        now=now,
        total=data_rows(data, upload.name, up_to=settings.PHOIHOP_IMPORT_MAX_ROWS),
        inputs={suffix: data},
    )


@task(takes_context=True)
def import_in_worker(context: TaskContext, job_id: str) -> None:
    job_run(job_id=job_id, worker=context.task_result.worker_ids[-1], work=_import, now=now)


def _import(job: Job, progress: Progress) -> dict[str, Any]:
    # Here, not at the top: the import page's module imports this one.
    from phoihop.cases.import_views import outcome_context
    from phoihop.jobs.files import input_path

    partial = bool(job.params["partial"])
    with input_path(job.pk, job.params["suffix"]).open("rb") as stream:
        table, outcome = import_file(
            user=job.owner,
            stream=stream,
            name=job.params["name"],
            partial=partial,
            now=now(),
            progress=progress,
        )
    return outcome_context(user=job.owner, table=table, outcome=outcome, partial=partial)
