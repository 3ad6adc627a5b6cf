"""`phoihop worker`: runs the queued jobs (large imports, national or year-long reports)
one after another, from the queue in the database (django-tasks-db's worker, under a
name that says which process it is). On starting it fails the jobs that a worker of
this machine left unfinished when it died, so that their users are told.

SIGTERM or SIGINT lets the job under way finish; a second one stops it at once, and
the job is failed (its writes roll back). Run one per machine on SQLite; on PostgreSQL
as many as the machines have cores to spare."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from phoihop.core.clock import now
from phoihop.jobs.services import jobs_abandoned_fail
from phoihop.jobs.workers import current_worker


class Command(DatabaseWorkerCommand):
    help = "Run the background jobs (large imports, large reports) queued in the database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Its name says its host and process, so that a dead worker's jobs are known;
        # no code reloading and no start-up delay: a worker is a service, not a toy.
        parser.set_defaults(worker_id=str(current_worker()), reload=False, startup_delay=False)

    def handle(self, *args: Any, **options: Any) -> None:
        failed = jobs_abandoned_fail(now=now())
        if failed and options["verbosity"]:
            self.stdout.write(f"{failed} job(s) left unfinished by a dead worker marked failed.")
        super().handle(*args, **options)
