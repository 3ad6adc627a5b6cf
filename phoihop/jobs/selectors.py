"""A job is its owner's alone: anyone else finds no such job."""

from __future__ import annotations

import uuid
from typing import Any

from phoihop.core.errors import NotFound
from phoihop.jobs.models import Job


def job_for(user: Any, job_id: uuid.UUID) -> Job:
    job = Job.objects.filter(pk=job_id, owner_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound("Không có việc này.")
    return job
