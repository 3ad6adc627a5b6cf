"""Several documents of a case's history read at once: a batch. The files are checked
in the request (their kind and size: one that fails refuses the whole batch, naming
it), kept for the task worker, and read there one after another with the job's
progress told (docs/decisions/0011). A document that cannot be read (encrypted, no
text) is reported in the job's result and the others are kept, all in one transaction
once every file has been read: a worker that dies part-way leaves nothing.

Nothing is recorded by the reading. The batch is then reviewed as one document is: its
documents not yet confirmed, in the order of the decision dates read from them (a date
not read last, then in the order they were sent), each on the review page with its
place in the batch. Decisions are best recorded in date order; one confirmed while an
earlier document of the batch is still unrecorded is warned about, not refused: the
record places it by its date (`timeline.check_insert`), and refuses it with its
reason when it would break the history."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

from phoihop.cases import reading
from phoihop.cases.models import DecisionDocument
from phoihop.coordination.services.requests import safe_filename
from phoihop.core.clock import now
from phoihop.core.errors import NotFound
from phoihop.documents.reading import ReadingRefused
from phoihop.documents.reading.extracted import refused
from phoihop.documents.reading.kinds import file_kind
from phoihop.domain.errors import InvalidInput
from phoihop.jobs.files import input_path
from phoihop.jobs.framework import TaskContext, task
from phoihop.jobs.models import Job, JobKind, JobState
from phoihop.jobs.selectors import job_for
from phoihop.jobs.services import Progress, job_enqueue, job_run

# A case's history in one go, not an archive: past this the worker would hold the
# queue for minutes with scans, and the review would not be one sitting.
MAX_FILES = 20
_LABEL_TITLE = 80


def reading_batch_enqueue(
    *, user: Any, case_id: int, uploads: Sequence[Any], now: dt.datetime
) -> Job:
    """Queue the reading of ``uploads`` on the case, for a user who may record on it.
    Every file is checked first, by its name's suffix, its size and the kind its first
    bytes say: the first that fails refuses the batch (`ReadingRefused` naming the file
    and the upload field) and nothing is queued."""
    case = reading.case_to_record_on(user, case_id)
    if len(uploads) > MAX_FILES:
        raise InvalidInput(
            f"Mỗi lần chỉ đọc được tối đa {MAX_FILES} văn bản; đã chọn {len(uploads)} tệp.",
            field=reading.UPLOAD_FIELD,
        )
    limit = settings.PHOIHOP_ATTACHMENT_MAX_BYTES
    files: list[dict[str, str]] = []
    inputs: dict[str, bytes] = {}
    for index, upload in enumerate(uploads):
        sent = sent_name(upload)
        data = upload.read(limit + 1)
        try:
            _check(data, sent, limit=limit)
        except ReadingRefused as error:
            raise naming_the_file(error, sent) from None
        files.append({"name": sent, "input": str(index)})
        inputs[str(index)] = data
    title = case.title if len(case.title) <= _LABEL_TITLE else case.title[: _LABEL_TITLE - 1] + "…"
    return job_enqueue(
        owner=user,
        kind=JobKind.READING,
        params={"case": case.pk, "files": files, "label": f"{len(files)} văn bản — {title}"},
        task=reading_batch_in_worker,
        now=now,
        total=len(files),
        inputs=inputs,
    )


def sent_name(upload: Any) -> str:
    """The name the file was sent with, without any folder: the user knows it by this."""
    return os.path.basename(str(upload.name or "").replace("\\", "/"))[:200]


def _check(data: bytes, name: str, *, limit: int) -> None:
    if os.path.splitext(safe_filename(name))[1].lower() not in reading.READABLE_SUFFIXES:
        raise refused("reading.wrong_type")
    if len(data) > limit:
        raise refused("reading.too_large", max_megabytes=limit // (1024 * 1024))
    file_kind(data, name)  # a renamed file, an old .doc, content of no kind read


def naming_the_file(error: ReadingRefused, name: str) -> ReadingRefused:
    """The refusal of one file of several, its message naming the file."""
    return ReadingRefused(
        f"Tệp «{name}»: {error.message}",
        code=error.code,
        field=reading.UPLOAD_FIELD,
        params={**error.params, "file": name},
    )


@task(takes_context=True)
def reading_batch_in_worker(context: TaskContext, job_id: str) -> None:
    job_run(job_id=job_id, worker=context.task_result.worker_ids[-1], work=_read_batch, now=now)


def _read_batch(job: Job, progress: Progress) -> dict[str, Any]:
    """Read each file, then keep those read, in one transaction; the owner's right to
    record on the case is checked again, as it is when the worker runs."""
    case = reading.case_to_record_on(job.owner, job.params["case"])
    files = job.params["files"]
    progress(0, len(files))
    read: list[Any] = []
    names: list[str] = []
    refusals: list[dict[str, str]] = []
    for done, entry in enumerate(files, start=1):
        upload = ContentFile(input_path(job.pk, entry["input"]).read_bytes(), name=entry["name"])
        try:
            read.append(reading.decision_document_text(upload))
        except ReadingRefused as error:
            refusals.append({"name": entry["name"], "code": error.code, "message": error.message})
        else:
            names.append(entry["name"])
        progress(done, len(files))
    kept = reading.decision_documents_keep(user=job.owner, case=case, read=read, now=now())
    documents = []
    for document, name in zip(kept, names, strict=True):
        found = reading.decision_read(document)
        documents.append(
            {
                "id": document.pk,
                "name": name,
                "date": found.signed_on.value.isoformat() if found.signed_on else None,
                "type": found.event_type.value.value if found.event_type else None,
            }
        )
    return {"case": case.pk, "documents": documents, "refused": refusals}


# The review ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchDocument:
    document_id: int
    name: str
    read_on: dt.date | None  # the decision's date as read, before any correction
    read_type: str | None
    sent: int  # its place among the files sent, from 0
    recorded: bool


@dataclass(frozen=True)
class ReadingBatch:
    job_id: uuid.UUID
    case_id: int
    documents: tuple[BatchDocument, ...]  # in the order of review
    refused: tuple[dict[str, str], ...]

    def position(self, document_id: int) -> int:
        """Its place in the order of review, from 1; 0 when it is not of the batch."""
        for position, document in enumerate(self.documents, start=1):
            if document.document_id == document_id:
                return position
        return 0

    @property
    def unrecorded(self) -> list[BatchDocument]:
        return [document for document in self.documents if not document.recorded]

    def next_unrecorded(self, *, after: int = 0) -> BatchDocument | None:
        """The first document not yet recorded past ``after`` (a position)."""
        return next((d for d in self.documents[after:] if not d.recorded), None)

    def earlier_unrecorded(self, on: dt.date | None, *, besides: int) -> list[BatchDocument]:
        """The documents not yet recorded whose decision was read as dated before ``on``:
        recording ``besides`` now would put its decision in before theirs."""
        if on is None:
            return []
        return [
            d
            for d in self.documents
            if not d.recorded
            and d.document_id != besides
            and d.read_on is not None
            and d.read_on < on
        ]


def review_order(documents: Sequence[BatchDocument]) -> list[BatchDocument]:
    """By the date read; those without one last; each day's in the order sent."""
    return sorted(documents, key=lambda d: (d.read_on is None, d.read_on or dt.date.min, d.sent))


def reading_batch_for(*, user: Any, case_id: int, job_id: uuid.UUID) -> ReadingBatch:
    """The batch read by the job ``job_id`` on the case: its owner's alone, once read;
    NotFound otherwise. Whether the user may still record on the case is the caller's
    check, as for one document."""
    job = job_for(user, job_id)
    if (
        job.kind != JobKind.READING
        or job.state != JobState.DONE
        or job.params.get("case") != case_id
    ):
        raise NotFound("Không có đợt văn bản này.")
    entries = (job.result or {}).get("documents", [])
    recorded = set(
        DecisionDocument.objects.filter(
            case_id=case_id, pk__in=[entry["id"] for entry in entries], recorded_at__isnull=False
        ).values_list("pk", flat=True)
    )
    documents = [
        BatchDocument(
            document_id=entry["id"],
            name=entry["name"],
            read_on=dt.date.fromisoformat(entry["date"]) if entry["date"] else None,
            read_type=entry["type"],
            sent=sent,
            recorded=entry["id"] in recorded,
        )
        for sent, entry in enumerate(entries)
    ]
    return ReadingBatch(
        job_id=job.pk,
        case_id=case_id,
        documents=tuple(review_order(documents)),
        refused=tuple((job.result or {}).get("refused", [])),
    )
