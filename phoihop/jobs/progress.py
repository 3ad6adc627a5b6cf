"""How far a running job has got. The worker tells it through a small file, not the
database: an import writes everything in one transaction, and on SQLite that
transaction holds the database's only write lock until it commits, so a progress row
could not be written beside it (nor, on PostgreSQL, seen by anyone before the commit
if it were written inside it). The job's row gets the last figures when it ends."""

from __future__ import annotations

import json
import os
import time
import uuid

from phoihop.jobs.files import progress_path

# The page asks once a second; writing more often than this only costs the worker.
_EVERY_SECONDS = 0.2


class ProgressFile:
    """The callable the work is given: ``progress(done, total)``."""

    def __init__(self, job_id: uuid.UUID) -> None:
        self.path = progress_path(job_id)
        self._written_at = 0.0
        self.done = 0
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        moment = time.monotonic()
        if done < total and moment - self._written_at < _EVERY_SECONDS:
            return
        self._written_at = moment
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(json.dumps({"done": done, "total": total}))
        os.replace(partial, self.path)


def progress_read(job_id: uuid.UUID) -> tuple[int, int] | None:
    try:
        told = json.loads(progress_path(job_id).read_text())
        return int(told["done"]), int(told["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
