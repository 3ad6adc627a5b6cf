"""The import page: the template to download, the upload, and the outcome with its
error report and (partial import) rejects file. A file of more rows than
PHOIHOP_IMPORT_INLINE_ROWS goes to the worker instead (import_jobs.py), and the browser
to its job's page, which shows the same outcome when it is done.

The report and rejects files are written under VAR_DIR/imports/ with a name that
starts with the importing user's id and a random token; only that user may fetch
them, and only by a name that matches the strict pattern below."""

from __future__ import annotations

import dataclasses
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats

from phoihop.accounts.access import actor_for
from phoihop.cases.exports import CONTENT_TYPES
from phoihop.cases.forms import ImportForm
from phoihop.cases.import_jobs import import_enqueue, import_goes_to_worker
from phoihop.cases.importing import report
from phoihop.cases.importing.apply import ImportOutcome, import_file
from phoihop.cases.importing.columns import COLUMNS
from phoihop.cases.importing.reader import Table
from phoihop.core.clock import now
from phoihop.core.form_views import attempt
from phoihop.domain.access.policy import may_create_case

SHOWN_ERRORS = 200
KEEP_FILES_SECONDS = 24 * 3600
TEMPLATES = {"xlsx": report.template_xlsx, "csv": report.template_csv}
# The kinds of file kept for the user → the name the browser saves it under.
FILES = {
    "report.xlsx": "bao-cao-loi-nhap.xlsx",
    "report.csv": "bao-cao-loi-nhap.csv",
    "rejects.xlsx": "dong-khong-nhap.xlsx",
}
_FILE_NAME = re.compile(
    r"(?P<user>[1-9][0-9]{0,18})-[0-9a-f]{32}-(?P<kind>report\.xlsx|report\.csv|rejects\.xlsx)"
)


def _may_import(request: HttpRequest) -> None:
    # Refused like the case-creation page: not found, so the feature does not show.
    if not may_create_case(actor_for(request.user)):
        raise Http404


def _imports_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def case_import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _may_import(request)
    if fmt not in TEMPLATES:
        raise Http404
    response = HttpResponse(TEMPLATES[fmt](), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-vu-an.{fmt}"'
    return response


def case_import(request: HttpRequest) -> HttpResponse:
    _may_import(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            partial = form.cleaned_data["partial"]
            if import_goes_to_worker(upload):
                job = import_enqueue(user=request.user, upload=upload, partial=partial, now=now())
                return redirect("jobs:job", job.pk)
            done, status = attempt(form, lambda: _import(request, upload, partial))
            if done is not None:
                table, outcome = done
                status = 400 if outcome.errors and not partial else 200
                context["outcome"] = outcome_context(
                    user=request.user, table=table, outcome=outcome, partial=partial
                )
                context["form"] = ImportForm(initial={"partial": partial})
    context.update(_guide())
    return render(request, "cases/import.html", context, status=status)


def _import(request: HttpRequest, upload: Any, partial: bool) -> tuple[Table, ImportOutcome]:
    return import_file(
        user=request.user, stream=upload, name=upload.name, partial=partial, now=now()
    )


def outcome_context(
    *, user: Any, table: Table, outcome: ImportOutcome, partial: bool
) -> dict[str, Any]:
    """What the page shows of an import, as plain values: the import page renders it at
    once, the worker keeps it as its job's result for the job's page."""
    files: dict[str, str] = {}
    if outcome.errors:
        token = uuid.uuid4().hex
        contents: dict[str, Callable[[], bytes]] = {
            "report.xlsx": lambda: report.report_xlsx(outcome.errors),
            "report.csv": lambda: report.report_csv(outcome.errors),
        }
        if partial:
            contents["rejects.xlsx"] = lambda: report.rejects_xlsx(table, outcome.errors)
        folder = _imports_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _prune(folder)
        for kind, build in contents.items():
            name = f"{user.pk}-{token}-{kind}"
            (folder / name).write_bytes(build())
            files[kind.replace(".", "_")] = reverse("cases:import_file", args=[name])
    return {
        "result": {
            "rows": outcome.rows,
            "cases_created": outcome.cases_created,
            "cases_updated": outcome.cases_updated,
            "decisions_recorded": outcome.decisions_recorded,
            "unchanged": outcome.unchanged,
            "written": outcome.written,
            "errors": len(outcome.errors),
        },
        "partial": partial,
        "rejected": len(outcome.rejected_rows),
        "errors": [dataclasses.asdict(error) for error in outcome.errors[:SHOWN_ERRORS]],
        "more_errors": max(0, len(outcome.errors) - SHOWN_ERRORS),
        "files": files,
    }


def _prune(folder: Path) -> None:
    """Reports carry case data: each is kept for a day, long enough to download it."""
    oldest = time.time() - KEEP_FILES_SECONDS
    for old in folder.iterdir():
        if _FILE_NAME.fullmatch(old.name) and old.stat().st_mtime < oldest:
            old.unlink(missing_ok=True)


def _guide() -> dict[str, Any]:
    # Django's Vietnamese formats set a thousand separator but no grouping: group here.
    separator = str(formats.get_format("THOUSAND_SEPARATOR"))
    return {
        "columns": COLUMNS,
        "max_megabytes": settings.PHOIHOP_IMPORT_MAX_BYTES // (1024 * 1024),
        "max_rows": f"{settings.PHOIHOP_IMPORT_MAX_ROWS:,}".replace(",", separator),
    }


def case_import_file(request: HttpRequest, name: str) -> FileResponse:
    """A report or rejects file of the requesting user's own import."""
    match = _FILE_NAME.fullmatch(name)
    if match is None or match["user"] != str(request.user.pk):
        raise Http404
    path = _imports_dir() / name
    if not path.is_file():
        raise Http404
    kind = match["kind"]
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=FILES[kind],
        content_type=CONTENT_TYPES[kind.rsplit(".", 1)[1]],
    )
