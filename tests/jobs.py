"""Running the queued jobs in a test, in this process: each task claimed and run by the
database backend's own worker (django-tasks-db's ``Worker.claim``/``run_task``, which
`phoihop worker` runs in its loop). The loop itself is left out: it closes the
database connection between tasks, which would end the test's transaction. The crash
test and the browser journey run `phoihop worker` itself."""

from __future__ import annotations


def run_queued_jobs() -> int:
    """Run every task ready to run, oldest first; returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from phoihop.jobs.workers import current_worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=str(current_worker()),
        excluded_queue_names=[],
    )
    ran = 0
    while (ready := DBTaskResult.objects.ready().first()) is not None:
        ready.claim(worker.worker_id)
        worker.run_task(ready)
        ran += 1
    return ran
