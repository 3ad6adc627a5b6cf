"""A job's files under VAR_DIR/jobs/: what the user sent (an import's file, kept until
the worker has read it), the progress the worker tells, and what the job made (a
report). Each is named by the job's random id; none is served but through the job's
own page, to the job's owner."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.conf import settings

# What a job made is kept for a day, long enough to download it: it carries case data.
KEEP_SECONDS = 24 * 3600


def folder() -> Path:
    path = Path(settings.VAR_DIR) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def input_path(job_id: uuid.UUID, suffix: str) -> Path:
    return folder() / f"{job_id.hex}.input.{suffix}"


def output_path(job_id: uuid.UUID, suffix: str) -> Path:
    return folder() / f"{job_id.hex}.output.{suffix}"


def progress_path(job_id: uuid.UUID) -> Path:
    return folder() / f"{job_id.hex}.progress"


def write_private(path: Path, content: bytes) -> None:
    """Readable by the service's user only, and whole or not there at all."""
    partial = path.with_name(path.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(content)
    os.replace(partial, path)


def inputs_remove(job_id: uuid.UUID) -> None:
    for path in folder().glob(f"{job_id.hex}.input.*"):
        path.unlink(missing_ok=True)
    progress_path(job_id).unlink(missing_ok=True)


def prune() -> None:
    """Everything in the folder older than a day: an input no worker took in a day is
    not wanted any more either."""
    oldest = time.time() - KEEP_SECONDS
    for path in folder().iterdir():
        if path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
