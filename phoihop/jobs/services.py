"""A job's life: queued with its task in one transaction, run by the worker (its
progress told, its result or its failure recorded), failed when its worker died.

A job's failure is told in Vietnamese, and says that nothing was written: an import
writes in one transaction, which a failure (or a killed worker's lost connection)
rolls back whole; a report writes only its audit entry, after its files are made."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction

from phoihop.core.replicas import heavy_read
from phoihop.domain.errors import DomainError
from phoihop.jobs import files
from phoihop.jobs.framework import Task
from phoihop.jobs.models import Job, JobKind, JobState
from phoihop.jobs.progress import ProgressFile
from phoihop.jobs.workers import worker_gone

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# The work itself: given the job and where to tell its progress, returns the result
# the job's page shows (JSON), or raises.
Work = Callable[[Job, Progress], dict[str, Any]]

WORKER_DIED = (
    "Bộ xử lý nền đã dừng khi đang làm việc này (máy chủ khởi động lại hoặc tiến trình bị "
    "dừng). Phần đang làm dở đã bị hủy, không có gì được ghi vào hệ thống; hãy làm lại."
)
WORKER_STOPPED = (
    "Bộ xử lý nền được lệnh dừng khi đang làm việc này. Phần đang làm dở đã bị hủy, không "
    "có gì được ghi vào hệ thống; hãy làm lại."
)
TASK_ENDED = (
    "Việc này dừng giữa chừng vì một lỗi của hệ thống. Phần đang làm dở đã bị hủy, không "
    "có gì được ghi vào hệ thống. Hãy làm lại; nếu vẫn lỗi, báo quản trị viên mã việc {job}."
)
UNEXPECTED = (
    "Việc này gặp lỗi không lường trước ({error}). Phần đang làm dở đã bị hủy, không có gì "
    "được ghi vào hệ thống. Hãy làm lại; nếu vẫn lỗi, báo quản trị viên mã việc {job}."
)


def job_enqueue(
    *,
    owner: Any,
    kind: JobKind,
    params: dict[str, Any],
    task: Task[[str], None],
    now: dt.datetime,
    total: int = 0,
    inputs: dict[str, bytes] | None = None,
) -> Job:
    """Queue the job and its task together: the worker sees both or neither. Its input
    files are written first, so the worker never finds the job without them."""
    job_id = uuid.uuid4()
    written = []
    for suffix, content in (inputs or {}).items():
        path = files.input_path(job_id, suffix)
        files.write_private(path, content)
        written.append(path)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                id=job_id, owner=owner, kind=kind, params=params, total=total, created_at=now
            )
            queued = task.enqueue(str(job_id))
            job.task_result_id = str(queued.id)
            job.save(update_fields=["task_result_id"])
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return job


def job_run(*, job_id: str, worker: str, work: Work, now: Callable[[], dt.datetime]) -> None:
    """Run a queued job's work in the worker and record how it ended. A job failed
    meanwhile (its worker was thought dead) or run already is left as it is."""
    started = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, worker=worker, started_at=now()
    )
    if not started:
        return
    job = Job.objects.get(pk=job_id)
    files.prune()
    progress = ProgressFile(job.pk)
    try:
        result = work(job, progress)
    except DomainError as error:  # refused by the rules: the user's to correct
        _finish(job, progress, now(), failure=error.message)
    except Exception as error:
        logger.exception("job %s failed", job.pk)
        _finish(
            job, progress, now(), failure=UNEXPECTED.format(error=type(error).__name__, job=job.pk)
        )
    except BaseException:  # the worker told to stop at once (a second SIGTERM)
        _finish(job, progress, now(), failure=WORKER_STOPPED)
        raise
    else:
        _finish(job, progress, now(), result=result)
    finally:
        files.inputs_remove(job.pk)


def heavy_read_work(work: Work) -> Work:
    """Work that reads and then writes only its audit entry (a report, an export): a read
    replica may answer its reads as it would the page's (phoihop/core/replicas.py), but
    not while its owner is pinned to the primary, so a job queued right after an edit
    shows the edit."""
    return heavy_read(work, user_of=lambda job, progress: job.owner)


def _finish(
    job: Job,
    progress: ProgressFile,
    at: dt.datetime,
    *,
    result: dict[str, Any] | None = None,
    failure: str = "",
) -> None:
    total = progress.total or job.total  # the rows read, once known; the count before
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED if failure else JobState.DONE,
        result=result,
        failure=failure,
        done=total if not failure else min(progress.done, total),
        total=total,
        finished_at=at,
    )


def job_abandoned_fail(*, job: Job, now: dt.datetime) -> bool:
    """Fail a running job that nothing will finish: its worker process has ended
    (killed, or the machine restarted: told only on the worker's own host; elsewhere
    it waits for a worker there to start again), or its task ended without recording
    how (the database went away as it did). True if the job was failed."""
    if job.state != JobState.RUNNING:
        return False
    if worker_gone(job.worker):
        failure = WORKER_DIED
    elif _task_ended(job):
        failure = TASK_ENDED.format(job=job.pk)
    else:
        return False
    failed = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=job.worker).update(
        state=JobState.FAILED, failure=failure, finished_at=now
    )
    files.inputs_remove(job.pk)
    return bool(failed)


def _task_ended(job: Job) -> bool:
    from django_tasks_db.models import DBTaskResult

    if not job.task_result_id:
        return False
    ended = DBTaskResult.objects.filter(pk=job.task_result_id, status__in=["SUCCESSFUL", "FAILED"])
    return ended.exists()


def jobs_abandoned_fail(*, now: dt.datetime) -> int:
    """Every job left unfinished by a worker of this host that has died; and the task
    results it left running, so that the queue shows them failed too. Run when a worker
    starts."""
    from django_tasks_db.models import DBTaskResult

    failed = sum(
        job_abandoned_fail(job=job, now=now) for job in Job.objects.filter(state=JobState.RUNNING)
    )
    for left in DBTaskResult.objects.filter(status="RUNNING"):
        if left.worker_ids and worker_gone(left.worker_ids[-1]):
            left.set_failed(WorkerDied(left.worker_ids[-1]))
            # Claimed, but the job never started: fail it with its task.
            failed += Job.objects.filter(task_result_id=str(left.id), state=JobState.QUEUED).update(
                state=JobState.FAILED, failure=WORKER_DIED, finished_at=now
            )
    return failed


class WorkerDied(Exception):
    """Recorded on a task result whose worker process ended while running it."""
