"""Case lists and clocks exported to xlsx and csv, with the list's current filters.

The case list is written in the import template's columns and words (importing/
columns.py), one row per case: its keys (the national case code, the exporting agency's
own case number, and its number in the shared record, "#1234", which names it when it
has neither), its header, and its latest decision in the decision columns; then the
columns an export adds and the import reads past (stage, category, opening date,
nearest deadline). Importing the file therefore changes nothing: each row names a case
already in the record and a decision already recorded.

Dates are date cells (dd/mm/yyyy) in a workbook and dd/mm/yyyy in a CSV, as the import
reads them. A CSV is separated by semicolons, with a UTF-8 byte-order mark: what Excel
opens in columns under Vietnamese regional settings (list separator ";"); the import
reads ";" and "," alike.

Cells that a spreadsheet would read as a formula (starting with =, +, - or @, or a tab
or carriage return) are neutralised with a leading apostrophe, so an exported case
title can never run as a formula on an official's machine (CSV/formula injection); the
import takes the apostrophe off again."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from phoihop.agencies.issuer import issuer_for
from phoihop.agencies.models import Agency
from phoihop.cases.importing.columns import (
    BY_KEY,
    CLASSIFICATION_WORDS,
    COLUMNS,
    DATE_KNOWN_WORDS,
    EXPORT_ONLY,
    KEY_COLUMNS,
    KIND_WORDS,
    MONITORING_WORDS,
    record_key,
)
from phoihop.cases.importing.parse import charges_text
from phoihop.cases.labels import EVENT_LABELS, STAGE_LABELS, category_label
from phoihop.cases.models import Case, CaseAgency, CaseEvent, CaseReference, ParticipationRole
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.documents.layout import date_numeric, place_and_date
from phoihop.documents.marks import SecretMark
from phoihop.documents.spreadsheet import (
    DATE_FORMAT,
    WIDEST,
    PrintHeader,
    fitted_height,
    fitted_widths,
    neutralise,
    print_setup,
)
from phoihop.domain.clocks.derive import clock_label, variant_label
from phoihop.domain.fields import CASE_FIELDS

CSV_DELIMITER = ";"
# Rows read before the columns' widths are set (a streamed sheet takes its widths first).
WIDTH_SAMPLE = 500
CHUNK = 2000

_TITLE_FONT = Font(bold=True)
_TITLE_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
# At the cell's foot, as every other cell of the row (styling them all would double the
# time of a large export).
_WRAP = Alignment(wrap_text=True)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return neutralise(value)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Separated by semicolons, as Excel reads a CSV under Vietnamese regional settings;
    UTF-8 with a byte-order mark, so Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    header: PrintHeader | None = None,
) -> bytes:
    """One sheet named ``title``: its title row in bold, repeated on every printed page,
    the columns as wide as their content, dates as date cells; ``header`` at the top of
    every page (by default the sheet's title alone)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    remaining = iter(rows)
    first = list(itertools.islice(remaining, WIDTH_SAMPLE))
    widths = fitted_widths(headers, first)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # A column at the widest holds longer text: it wraps instead of being cut.
    wrapped = [width >= WIDEST for width in widths]
    print_setup(sheet, header or PrintHeader(body=(), dated=(), title=title), title_rows="1:1")
    sheet.freeze_panes = "A2"
    titles = []
    for text in headers:
        cell = WriteOnlyCell(sheet, neutralise(text))
        cell.font, cell.alignment = _TITLE_FONT, _TITLE_ALIGNMENT
        titles.append(cell)
    _append(sheet, 1, titles, fitted_height(headers, widths))
    for index, row in enumerate(itertools.chain(first, remaining), start=2):
        values = [_xlsx_cell(sheet, v, wrap) for v, wrap in zip(row, wrapped, strict=False)]
        wrapping = [v if wrap else None for v, wrap in zip(row, wrapped, strict=False)]
        _append(sheet, index, values, fitted_height(wrapping, widths))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet: Any, index: int, values: list[Any], height: float | None) -> None:
    """A streamed row, with the height its wrapped text needs (given before the row is
    written, forgotten after)."""
    if height is None:
        sheet.append(values)
        return
    sheet.row_dimensions[index].height = height
    sheet.append(values)
    del sheet.row_dimensions[index]


def _xlsx_cell(sheet: Any, value: Any, wrap: bool) -> Any:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if value is None:
        return None
    value = neutralise(value)
    if wrap and isinstance(value, str):
        cell = WriteOnlyCell(sheet, value)
        cell.alignment = _WRAP
        return cell
    return value


# The sheets' names, as the list page names what they hold.
SHEET_NAMES = {"cases": "Vụ án, vụ việc", "clocks": "Thời hạn tố tụng"}
# What the printed pages say they list.
PRINTED_TITLES = {"cases": "DANH SÁCH VỤ ÁN, VỤ VIỆC", "clocks": "THỜI HẠN TỐ TỤNG"}

CASE_HEADERS = (*(column.header for column in COLUMNS), *EXPORT_ONLY)

CLOCK_HEADERS = (
    *(BY_KEY[key].header for key in KEY_COLUMNS), "Tên vụ án", "Thời hạn", "Trường hợp",
    "Người", "Căn cứ", "Ngày bắt đầu", "Hạn cuối", "Đề nghị gia hạn trước", "Trạng thái",
)  # fmt: skip


def print_header(
    agency: Agency | None,
    *,
    what: str,
    without_classified: bool,
    mark: SecretMark | None,
    on: dt.date,
) -> PrintHeader:
    """The top of the export's printed pages: the exporting body as its documents name
    it, what the list holds, the place and date, and the mark."""
    title = PRINTED_TITLES[what] + (" (KHÔNG GỒM VỤ ÁN MẬT)" if without_classified else "")
    if agency is None:
        return PrintHeader(body=(), dated=(date_numeric(on),), title=title, mark=mark)
    issuer = issuer_for(agency)
    return PrintHeader(
        body=(*([issuer.superior] if issuer.superior else []), issuer.name.replace("\n", " ")),
        dated=(place_and_date(issuer.place, on),),
        title=title,
        mark=mark,
    )


def secret_mark(what: str, cases: QuerySet[Case]) -> SecretMark | None:
    """The mark of the file: the highest level among the cases it names (for the clocks,
    the cases with an open clock, which alone it lists)."""
    if what == "clocks":
        top = Clock.objects.filter(case__in=cases.values("pk"), status__in=OPEN_STATUSES).aggregate(
            top=Max("case__classification")
        )["top"]
    else:
        top = cases.order_by().aggregate(top=Max("classification"))["top"]
    return SecretMark.highest([top or 0])


def _chunks(cases: QuerySet[Case]) -> Iterator[list[Case]]:
    iterator = cases.iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk


def _vietnamese_labels() -> tuple[dict[str, str], dict[str, str]]:
    with translation.override("vi"):
        stages = {stage.value: str(label) for stage, label in STAGE_LABELS.items()}
        events = {event.value: str(label) for event, label in EVENT_LABELS.items()}
    return stages, events


def _own_numbers(case_ids: Iterable[int], agency_id: int | None) -> dict[int, str]:
    """The exporting agency's own numbers for these cases."""
    if agency_id is None:
        return {}
    return dict(
        CaseReference.objects.filter(case_id__in=case_ids, agency_id=agency_id).values_list(
            "case_id", "external_id"
        )
    )


def case_rows(cases: QuerySet[Case], *, agency_id: int | None) -> Iterator[tuple[Any, ...]]:
    """The cases in the template's columns, each with its latest decision, then the
    export's own columns. ``agency_id``: the exporting agency, whose own case numbers
    fill "Số hồ sơ của cơ quan" and whose decisions need no issuer. A few queries per
    2,000 cases, whatever their number."""
    stages, events = _vietnamese_labels()
    latest = CaseEvent.objects.filter(case_id=OuterRef("case_id")).order_by("-sequence")
    cases = cases.select_related("province")
    for chunk in _chunks(cases):
        ids = [case.pk for case in chunk]
        decisions = {
            event.case_id: event
            for event in CaseEvent.objects.filter(
                case_id__in=ids, sequence=Subquery(latest.values("sequence")[:1])
            ).select_related("agency")
        }
        numbers = _own_numbers(ids, agency_id)
        handling: dict[int, list[str]] = {}
        for case_id, code in (
            CaseAgency.objects.filter(case_id__in=ids, role=ParticipationRole.HANDLING)
            .order_by("agency__code")
            .values_list("case_id", "agency__code")
        ):
            handling.setdefault(case_id, []).append(code)
        with translation.override("vi"):
            for case in chunk:
                yield (
                    case.national_code or "",
                    numbers.get(case.pk, ""),
                    record_key(case.pk),
                    KIND_WORDS.get(case.kind, case.kind),
                    case.title,
                    case.province.name,
                    CASE_FIELDS.get(case.field, case.field),
                    CLASSIFICATION_WORDS.get(case.classification, ""),
                    MONITORING_WORDS.get(case.monitoring, ""),
                    "; ".join(handling.get(case.pk, ())),
                    *_decision_cells(decisions.get(case.pk), events, agency_id),
                    stages.get(case.stage, case.stage),
                    category_label(case.category) if case.category else "",
                    case.opened_on,
                    case.next_deadline,
                )


def _decision_cells(
    decision: CaseEvent | None, events: dict[str, str], agency_id: int | None
) -> tuple[Any, ...]:
    """The template's decision columns, from "Quyết định" to "Ghi chú"."""
    if decision is None:
        return ("",) * 9
    params = decision.params or {}
    # The template names the issuer only when it is not the importing agency.
    issuer = decision.agency.code if decision.agency_id not in (None, agency_id) else ""
    return (
        events.get(decision.type, decision.type),
        decision.date,
        DATE_KNOWN_WORDS.get(params.get("date_known", "day"), ""),
        issuer,
        decision.doc_number,
        charges_text(params.get("charges")),
        params.get("months") or None,
        params.get("days") or None,
        decision.note,
    )


def clock_rows(cases: QuerySet[Case], *, agency_id: int | None) -> Iterator[tuple[Any, ...]]:
    """The open clocks of the cases, the nearest deadline first, each named by its case's
    keys as the case list names it."""
    clocks = (
        Clock.objects.filter(case__in=cases.values("pk"), status__in=OPEN_STATUSES)
        .select_related("case", "person")
        .order_by("deadline", "pk")
    )
    iterator = clocks.iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        numbers = _own_numbers({clock.case_id for clock in chunk}, agency_id)
        with translation.override("vi"):
            for clock in chunk:
                yield (
                    clock.case.national_code or "",
                    numbers.get(clock.case_id, ""),
                    record_key(clock.case_id),
                    clock.case.title,
                    clock_label(clock.code),
                    variant_label(clock.code, clock.variant),
                    clock.person.full_name if clock.person else "",
                    clock.basis,
                    clock.start_on,
                    clock.deadline,
                    clock.extension_request_by,
                    str(clock.get_status_display()),
                )


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    # The state-secret mark goes first: a CSV has no other place for it.
    name: str
    content_type: str
    mark: SecretMark | None


def export_file(
    *,
    agency: Agency | None,
    cases: QuerySet[Case],
    what: str,
    fmt: str,
    without_classified: bool,
    on: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> ExportFile:
    """The case list (``what`` "cases") or its open clocks ("clocks") as an xlsx or csv
    file, as the list's page or the worker makes it; ``progress(done, total)`` is told
    the rows written."""
    mark = secret_mark(what, cases)
    headers: Sequence[str]
    agency_id = agency.pk if agency else None
    if what == "cases":
        headers, rows = CASE_HEADERS, case_rows(cases, agency_id=agency_id)
        total = cases.count() if progress else 0
    else:
        headers, rows = CLOCK_HEADERS, clock_rows(cases, agency_id=agency_id)
        total = (
            Clock.objects.filter(case__in=cases.values("pk"), status__in=OPEN_STATUSES).count()
            if progress
            else 0
        )
    if progress is not None:
        rows = _told(rows, progress, total)
    if fmt == "xlsx":
        header = print_header(
            agency, what=what, without_classified=without_classified, mark=mark, on=on
        )
        content = to_xlsx(SHEET_NAMES[what], headers, rows, header=header)
    else:
        content = to_csv(headers, rows)
    name = f"phoihop-{what}-{on:%Y%m%d}.{fmt}"
    return ExportFile(
        content=content,
        name=f"{mark.text} - {name}" if mark else name,
        content_type=CONTENT_TYPES[fmt],
        mark=mark,
    )


def _told(
    rows: Iterator[tuple[Any, ...]], progress: Callable[[int, int], None], total: int
) -> Iterator[tuple[Any, ...]]:
    progress(0, total)
    for done, row in enumerate(rows, start=1):
        yield row
        if done % CHUNK == 0:
            progress(min(done, total), total)
    progress(total, total)
