"""A large export of the case list is made by the worker, and downloaded from its job's
page.

An export's time grows with the rows it writes: every case's keys, header and latest
decision (a few queries per 2,000 cases), then openpyxl's cells. Measured on the
million-case national dataset: 5,000 cases took 3.5 s of CPU as a workbook and 0.9 s as
a CSV (about 0.7 and 0.2 ms a row), so 100,000 would take over a minute. A list of up
to PHOIHOP_EXPORT_INLINE_CASES cases (5,000) is made within the request;
a larger one, up to the export's limit, goes to the worker, and its page shows the rows
written. The job keeps the list's query string: the worker reads the filters again as
the list did, with the owner's access as it is when the file is made."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import QueryDict

from phoihop.accounts.access import actor_for
from phoihop.cases import services
from phoihop.cases.exports import SHEET_NAMES, export_file
from phoihop.cases.forms import case_filters
from phoihop.cases.selectors import case_list_for
from phoihop.core.clock import now
from phoihop.domain.errors import InvalidInput
from phoihop.domain.reporting.numbers import vietnamese_number
from phoihop.jobs import files
from phoihop.jobs.framework import TaskContext, task
from phoihop.jobs.models import Job, JobKind
from phoihop.jobs.services import Progress, heavy_read_work, job_enqueue, job_run

# At most this many cases in one file: past it, the filters must be narrowed.
EXPORT_LIMIT = 100_000
# The list's option besides its filters: "exclude" leaves the classified cases out, for
# a file that carries no state secret.
CLASSIFIED = "classified"
CLASSIFIED_CHOICES = ("", "include", "exclude")


def export_cases(*, user: Any, query: QueryDict, on: dt.date) -> Any:
    """The cases an export of the list with this query string holds; None when the
    filters do not validate."""
    _form, filters = case_filters(query)
    if filters is None:
        return None
    cases = case_list_for(actor_for(user), filters, today=on)
    if query.get(CLASSIFIED, "") == "exclude":
        cases = cases.filter(classification=0)
    return cases


def export_goes_to_worker(count: int) -> bool:
    return count > settings.PHOIHOP_EXPORT_INLINE_CASES


def export_enqueue(
    *,
    user: Any,
    query: QueryDict,
    what: str,
    fmt: str,
    count: int,
    today: dt.date,
    now: dt.datetime,
) -> Job:
    return job_enqueue(
        owner=user,
        kind=JobKind.EXPORT,
        params={
            "query": query.urlencode(),
            "what": what,
            "format": fmt,
            "today": today.isoformat(),
            "label": f"{SHEET_NAMES[what]} ({vietnamese_number(count)} vụ án, .{fmt})",
        },
        task=export_in_worker,
        now=now,
        total=count,
    )


@task(takes_context=True)
def export_in_worker(context: TaskContext, job_id: str) -> None:
    job_run(
        job_id=job_id,
        worker=context.task_result.worker_ids[-1],
        work=heavy_read_work(_export),
        now=now,
    )


def _export(job: Job, progress: Progress) -> dict[str, Any]:
    owner, params = job.owner, job.params
    on = dt.date.fromisoformat(params["today"])
    query = QueryDict(params["query"])
    cases = export_cases(user=owner, query=query, on=on)
    if cases is None:  # a province or agency chosen in the filters was merged since
        raise InvalidInput("Bộ lọc của danh sách không còn hợp lệ; hãy lọc và xuất lại.", field="q")
    count = cases.count()
    if count > EXPORT_LIMIT:
        raise InvalidInput(
            f"Danh sách nay có {vietnamese_number(count)} vụ án, quá "
            f"{vietnamese_number(EXPORT_LIMIT)}; hãy thu hẹp bộ lọc.",
            field="q",
        )
    without_classified = query.get(CLASSIFIED, "") == "exclude"
    made = export_file(
        agency=owner.agency,
        cases=cases,
        what=params["what"],
        fmt=params["format"],
        without_classified=without_classified,
        on=on,
        progress=progress,
    )
    path = files.output_path(job.pk, params["format"])
    files.write_private(path, made.content)
    services.case_export_record(
        user=owner,
        cases=cases,
        what=params["what"],
        fmt=params["format"],
        without_classified=without_classified,
        mark=made.mark.text if made.mark else "",
        now=now(),
    )
    return {"file": {"path": path.name, "name": made.name, "content_type": made.content_type}}
