"""A national or long periodic report is made by the worker, and downloaded from its
job's page.

Where the time goes (2,000 demo cases, on this 2-core machine under load): reading the
record takes half a second whatever the report; making the file takes the rest, and
grows with the cases the report names (every figure's cases are in its appendix): a
province's report 1–5 s as .docx or .xlsx and 12–15 s as PDF, the nation's 4–8 s and
17–23 s. So the report goes to the worker when it covers the nation (no province chosen
by an author whose scope is every province: the most cases there are), or when it
covers more than PHOIHOP_REPORT_INLINE_DAYS (a quarter): a half-year's or a year's
report names the cases opened and decided over all its months. A province's monthly
or quarterly report, the one filed most often, stays a download within the request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Province
from phoihop.core.clock import now
from phoihop.domain.access.policy import case_scope
from phoihop.domain.errors import InvalidInput
from phoihop.domain.reporting import ReportPeriod
from phoihop.jobs import files
from phoihop.jobs.framework import TaskContext, task
from phoihop.jobs.models import Job, JobKind
from phoihop.jobs.services import Progress, heavy_read_work, job_enqueue, job_run
from phoihop.reports.files import CONTENT_TYPES, file_name, report_files
from phoihop.reports.forms import ReportForm

# The form's fields the worker needs again; the CSRF and one-time tokens are not kept.
_NOT_KEPT = frozenset({"csrfmiddlewaretoken", "once"})


def report_goes_to_worker(*, user: Any, period: ReportPeriod, province: Province | None) -> bool:
    national = province is None and case_scope(actor_for(user)).all_provinces
    return national or period.days > settings.PHOIHOP_REPORT_INLINE_DAYS


def report_enqueue(
    *, user: Any, form_data: QueryDict, label: str, today: dt.date, now: dt.datetime
) -> Job:
    """The form as sent is kept with the job; the worker checks it again as the page
    did, on the day the user asked (the period's choices depend on it)."""
    data = {key: form_data.getlist(key) for key in form_data if key not in _NOT_KEPT}
    return job_enqueue(
        owner=user,
        kind=JobKind.REPORT,
        params={"form": data, "today": today.isoformat(), "label": label},
        task=report_in_worker,
        now=now,
        total=2,  # reading the record, then making the file
    )


@task(takes_context=True)
def report_in_worker(context: TaskContext, job_id: str) -> None:
    job_run(
        job_id=job_id,
        worker=context.task_result.worker_ids[-1],
        work=heavy_read_work(_report),
        now=now,
    )


def _report(job: Job, progress: Progress) -> dict[str, Any]:
    owner = job.owner
    today = dt.date.fromisoformat(job.params["today"])
    form = ReportForm(MultiValueDict(job.params["form"]), today=today, agency=owner.agency)
    if not form.is_valid():  # the signer left the agency since, say
        reasons = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        raise InvalidInput(f"Biểu mẫu báo cáo không còn hợp lệ: {reasons}", field="form")
    progress(0, 2)
    period, province = form.chosen_period(), form.cleaned_data["province"]
    fmt = form.cleaned_data["format"]
    _data, made = report_files(
        user=owner,
        period=period,
        province=province,
        formats=[fmt],
        now=now(),
        today=today,
        proposals=form.cleaned_data["proposals"].splitlines(),
        signing=form.signing(),
    )
    progress(1, 2)
    path = files.output_path(job.pk, fmt)
    files.write_private(path, made[fmt])
    progress(2, 2)
    return {
        "file": {
            "path": path.name,
            "name": file_name(period, province, fmt),
            "content_type": CONTENT_TYPES[fmt],
        }
    }
