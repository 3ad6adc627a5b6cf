"""Long work a user asked for and follows on its own page: a large import, a national
or year-long report. The task queue (django-tasks' database backend) runs it; this row
is what the user sees of it, and outlives the worker that ran it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT = "import", _("Import of cases")
    REPORT = "report", _("Periodic report")
    EXPORT = "export", _("Export of the case list")
    READING = "reading", _("Reading of decision documents")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = frozenset({JobState.DONE, JobState.FAILED})


class Job(models.Model):
    # Random, not a sequence: a job's address tells nothing about anyone else's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=JobKind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    # What the work needs (the form's choices), as the request gave it.
    params = models.JSONField(_("parameters"), default=dict)
    # Rows (or steps) done and in all, as last recorded; while the work runs, its
    # progress is told through a file (jobs/progress.py says why).
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    # Why it failed, in Vietnamese, as the user is told.
    failure = models.TextField(_("reason for failure"), blank=True)
    task_result_id = models.CharField(_("task result"), max_length=64, blank=True)
    # The worker process running it (host:pid:start), to tell when it died.
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["state"], name="jobs_job_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in JobState]),
                name="jobs_job_state_known",
            ),
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="jobs_job_done_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED
