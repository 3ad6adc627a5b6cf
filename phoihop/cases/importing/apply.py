"""Writing an import through the case services, all or nothing.

Each row runs in its own savepoint so that every row's problem is found in one pass;
then, if any row failed, the whole import is rolled back (or, with ``partial``, the
failed rows alone are left out). Nothing is written that the web form would refuse:
the rows go through the same services, access policy and procedure rules. A row
whose decision is already in the case (same type, date and number) changes nothing,
so importing the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from functools import partial as partial_call
from types import MappingProxyType
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from phoihop.agencies.models import Agency, Province
from phoihop.agencies.selectors import province_successors
from phoihop.audit.services import audit_atomic, audit_deferred, audit_record
from phoihop.cases import services
from phoihop.cases.importing.batch import (
    CHUNK_ROWS,
    PlannedCase,
    Planner,
    event_input,
    keys_in_record,
    unchanged_in_record,
    write_chunk,
)
from phoihop.cases.importing.columns import BY_KEY, missing_header, record_key
from phoihop.cases.importing.parse import Lookups, ParsedRow, RowError, decision_names, parse_table
from phoihop.cases.importing.reader import Table, read_table
from phoihop.cases.labels import EVENT_LABELS
from phoihop.cases.models import Case
from phoihop.core.calendar_service import current_calendar
from phoihop.core.collection import fewer_collections
from phoihop.core.search import fold
from phoihop.domain.errors import DomainError
from phoihop.domain.fields import field_label
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import EVENT_LABELS_VI, Event, EventType
from phoihop.reports.tallies import marks_deferred

# The service's field names → the template's columns, to place a refusal in the sheet.
_FIELD_COLUMNS = {
    "type": "decision",
    "kind": "kind",
    "person": "decision",
    "charges": "charges",
    "date": "date",
    "doc_number": "doc_number",
    "national_code": "national_code",
    "external_id": "external_id",
    "record": "record",
    "classification": "classification",
    "province": "province",
    "title": "title",
    "version": "external_id",
}


_KINDS = {kind.value: kind for kind in AgencyKind}

# Told (rows done, rows in all) as the import goes, for the worker's progress bar.
Progress = Callable[[int, int], None]


class _FollowsARefusedRow(DomainError):
    code = "import.follows_refused_row"


@dataclass
class ImportOutcome:
    rows: int
    cases_created: int = 0
    cases_updated: int = 0
    decisions_recorded: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})


def lookups_on(today: dt.date) -> Lookups:
    # A former province (merged in 2025) is accepted for a case of its time and read as
    # the province that holds its cases now; today's names win where both match.
    provinces: dict[str, int] = {}
    successors = province_successors()
    current = set(Province.objects.valid_on(today).values_list("pk", flat=True))
    rows = Province.objects.values_list("pk", "code", "name")
    for pk, code, name in sorted(rows, key=lambda row: row[0] in current):
        provinces[code.upper()] = successors[pk]
        provinces[fold(name)] = successors[pk]
    agencies: dict[str, int] = {}
    kinds: dict[int, AgencyKind] = {}
    for pk, code, kind in Agency.objects.values_list("pk", "code", "kind"):
        agencies[code.upper()] = pk
        kinds[pk] = _KINDS[kind]
    return Lookups(
        provinces=provinces,
        agencies=agencies,
        decisions=_decisions(),
        today=today,
        successors=successors,
        kinds=kinds,
    )


@cache
def _decisions() -> Mapping[str, str]:
    """The decisions' names, from the code alone: made once a process."""
    # The names on the case page, then the names a refused decision's message lists (the
    # procedure's own): a clerk may copy either into the file. The page's win a clash.
    with translation.override("vi"):
        labels = [(event.value, str(label)) for event, label in EVENT_LABELS.items()]
    labels += [(event.value, label) for event, label in EVENT_LABELS_VI.items()]
    return MappingProxyType(decision_names(labels))  # shared by every import: read only


def import_file(
    *,
    user: Any,
    stream: IO[bytes],
    name: str,
    partial: bool,
    now: dt.datetime,
    progress: Progress | None = None,
) -> tuple[Table, ImportOutcome]:
    """Read within the configured limits, then import (FileRefused if unreadable)."""
    data = stream.read(settings.PHOIHOP_IMPORT_MAX_BYTES + 1)
    with fewer_collections():  # the rows read and planned are kept, not garbage
        table = read_table(
            io.BytesIO(data),
            name,
            max_bytes=settings.PHOIHOP_IMPORT_MAX_BYTES,
            max_rows=settings.PHOIHOP_IMPORT_MAX_ROWS,
        )
        outcome = import_table(
            user=user, table=table, partial=partial, now=now, source=data, progress=progress
        )
    return table, outcome


def import_table(
    *,
    user: Any,
    table: Table,
    partial: bool,
    now: dt.datetime,
    source: bytes = b"",
    progress: Progress | None = None,
    by_sets: bool = True,
) -> ImportOutcome:
    """Parse, check and write the rows, all or nothing (``partial``: the good rows).
    The cases the file opens are written by sets (``batch``); ``by_sets=False`` sends
    every row through the services, the reference the sets are tested against."""
    today = timezone.localdate(now)
    lookups = lookups_on(today)
    rows, errors = parse_table(table, lookups)
    outcome = ImportOutcome(rows=len(table.rows), errors=errors)
    groups: dict[tuple[str, str], list[ParsedRow]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    headers = {group: members[0].case for group, members in groups.items()}
    told = _Told(progress, len(rows))
    with transaction.atomic():
        # The audit entries and the tallies at the very end, in one short step each
        # (``audit_deferred``): the chain's head and the tally rows, which every other
        # writer takes too, are held for that moment, not for the whole import.
        with audit_deferred() as audit, marks_deferred(before_tallies=audit.append):
            planner = Planner(
                user=user, now=now, today=today, calendar=current_calendar(), lookups=lookups
            )
            taken = _by_sets(groups, user) if by_sets else []
            ready: list[PlannedCase] = []
            ready_rows = 0
            # Planned and written a chunk at a time: the progress moves with the writing,
            # and memory holds one chunk. Once a row is refused (all or nothing), nothing
            # more is written: the whole is rolled back at the end.
            for number, group in enumerate(taken, start=1):
                planned = _plan(planner, groups[group], headers[group], outcome, partial, told)
                if planned is not None:
                    ready.append(planned)
                    ready_rows += len(groups[group])
                if ready_rows >= CHUNK_ROWS or number == len(taken):
                    if partial or not outcome.errors:
                        write_chunk(ready, user=user, now=now)
                    ready, ready_rows = [], 0
            chosen = set(taken)
            rest = {group: members for group, members in groups.items() if group not in chosen}
            same = _unchanged(rest, headers, user, today) if by_sets else set()
            for row in rows:
                if row.group in same:
                    outcome.unchanged += 1
                    told.step()
                elif row.group in rest:
                    _apply_through_services(user, row, headers[row.group], now, outcome, partial)
                    told.step()
            changed = outcome.cases_created + outcome.cases_updated + outcome.decisions_recorded
            refused = bool(outcome.errors) and not partial
            if refused:
                audit.discard()  # rolled back below, once the block has closed
            elif changed:
                outcome.written = True
                audit_record(
                    actor=user,
                    action="cases.imported",
                    at=now,
                    data={
                        "sha256": hashlib.sha256(source).hexdigest(),
                        "rows": outcome.rows,
                        "created": outcome.cases_created,
                        "updated": outcome.cases_updated,
                        "recorded": outcome.decisions_recorded,
                        "rejected": len(outcome.rejected_rows),
                    },
                )
        if refused:
            transaction.set_rollback(True)
            # The counts say what was done, and nothing was.
            outcome.cases_created = outcome.cases_updated = 0
            outcome.decisions_recorded = outcome.unchanged = 0
    outcome.errors.sort(key=lambda error: error.row)
    told.step(0, last=True)
    return outcome


class _Told:
    """Tells the progress now and then: every hundred rows, and at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def step(self, rows: int = 1, *, last: bool = False) -> None:
        before, self.done = self.done, self.done + rows
        if self.progress is not None and (last or self.done // 100 > before // 100):
            self.progress(min(self.done, self.total), self.total)


def _by_sets(groups: Mapping[tuple[str, str], list[ParsedRow]], user: Any) -> list[Any]:
    """The groups the planner writes: cases the file opens, whose keys name no case in
    the record and no other case of the file."""
    in_record = keys_in_record((row for rows in groups.values() for row in rows), user.agency_id)
    codes = Counter(rows[0].national_code for rows in groups.values() if rows[0].national_code)
    return [
        group
        for group, rows in groups.items()
        if group not in in_record
        and Planner.takes(rows)
        and codes.get(rows[0].national_code or "", 0) <= 1
    ]


def _unchanged(
    groups: Mapping[tuple[str, str], list[ParsedRow]],
    headers: Mapping[tuple[str, str], dict[str, Any]],
    user: Any,
    today: dt.date,
) -> set[tuple[str, str]]:
    """The groups naming cases in the record whose every row is already there."""

    def header_input(row: ParsedRow, case: Case) -> services.CaseInput:
        event = services.latest_possible(event_input(row), today)
        return _case_input(headers[row.group], event, row.national_code, current=case)

    return unchanged_in_record(groups, header_input, user=user, today=today)


def _plan(
    planner: Planner,
    rows: list[ParsedRow],
    header: Mapping[str, Any],
    outcome: ImportOutcome,
    partial: bool,
    told: _Told,
) -> PlannedCase | None:
    """One new case, row by row, as ``_apply`` would write it through the services."""
    planned: PlannedCase | None = None

    def plan(row: ParsedRow) -> tuple[str, ...]:
        nonlocal planned
        event = _event_of(row, planner.today)
        if planned is None:
            if row.first_refused is not None:
                raise _follows_a_refused_row(row)
            planned = planner.open(row, header, event)
            return ("cases_created", "decisions_recorded")
        return ("decisions_recorded",) if planner.record(planned, row, event) else ("unchanged",)

    for row in rows:
        told.step()
        _counted(outcome, row, partial, partial_call(plan, row))
    if planned is not None:
        planner.finish(planned)
    return planned


def _counted(
    outcome: ImportOutcome, row: ParsedRow, partial: bool, work: Callable[[], tuple[str, ...]]
) -> None:
    """Do one row's work and count what it did, or name why it was refused."""
    try:
        effects = work()
    except _FollowsARefusedRow as error:
        if partial:  # its own fault is elsewhere: named in the rejects file only
            outcome.errors.append(_placed(row, error))
        return
    except DomainError as error:
        outcome.errors.append(_placed(row, error))
        return
    for effect in effects:
        setattr(outcome, effect, getattr(outcome, effect) + 1)


def _event_of(row: ParsedRow, today: dt.date) -> Event:
    given = services.latest_possible(event_input(row), today)
    return Event(type=EventType(given.type), date=given.date, params=dict(given.params))


def _follows_a_refused_row(row: ParsedRow) -> _FollowsARefusedRow:
    return _FollowsARefusedRow(
        "Không nhập: vụ án chưa có trong hệ thống và dòng đầu tiên của nó "
        f"(dòng {row.first_refused}) bị lỗi.",
        field="external_id",
    )


def _apply_through_services(
    user: Any,
    row: ParsedRow,
    header: Mapping[str, Any],
    now: dt.datetime,
    outcome: ImportOutcome,
    partial: bool,
) -> None:
    """One row through the services, in its own savepoint, so that every row's problem
    is found in one pass."""

    def apply() -> tuple[str, ...]:
        with audit_atomic():  # a refused row's audit entries go with its writes
            return _apply(user, row, header, now)

    _counted(outcome, row, partial, apply)


def _apply(
    user: Any, row: ParsedRow, header: Mapping[str, Any], now: dt.datetime
) -> tuple[str, ...]:
    """One row: open the case (its first decision with it), or update its header on
    its first row, then record the decision unless it is already there. Returns what
    it did, as the names of the outcome's counters."""
    event = event_input(row)
    # A date known to the month is kept as the month's last day: compared so, a second
    # import of the same row finds it already there.
    event = services.latest_possible(event, timezone.localdate(now))
    case = services.case_find_by_key(
        user=user,
        national_code=row.national_code,
        external_id=row.external_id,
        case_id=row.record_id,
    )
    if case is None:  # a number in the record names a case or is refused: it opens none
        if row.first_refused is not None:  # its header was never checked as a first row's
            raise _follows_a_refused_row(row)
        services.case_upsert(
            user=user,
            data=_case_input(header, event, row.national_code, current=None),
            external_id=row.external_id,
            now=now,
        )
        return ("cases_created", "decisions_recorded")  # the case and its first decision
    done: tuple[str, ...] = ()
    if row.case:
        result = services.case_upsert(
            user=user,
            data=_case_input(header, event, row.national_code, current=case),
            external_id=row.external_id,
            case_id=row.record_id,
            now=now,
        )
        case = result.case
        done = ("cases_updated",) if result.changed else ()
    already = services.same_decision(case.pk, event).exists()
    if already:
        return done or ("unchanged",)
    services.case_record_event(
        user=user, case_id=case.pk, expected_version=None, event=event, now=now
    )
    return (*done, "decisions_recorded")


def _case_input(
    header: Mapping[str, Any],
    event: services.EventInput,
    national_code: str | None,
    *,
    current: Case | None,
) -> services.CaseInput:
    """A blank optional column keeps what the case has (a new case: the default). A
    blank required one keeps it too: a case's later row may carry part of the header
    when its first row was refused; but such a header cannot open a case."""
    if current is None:
        missing = [key for key in ("kind", "title", "province") if key not in header]
        if missing:
            raise missing_header(missing)

    def given(key: str, attribute: str, default: Any) -> Any:
        if key in header:
            return header[key]
        return getattr(current, attribute) if current is not None else default

    field = given("field", "field", "")
    if current is not None and field_label(field) == field_label(current.field):
        field = current.field  # "đấu thầu" typed where the case says procurement
    return services.CaseInput(
        kind=given("kind", "kind", ""),
        title=given("title", "title", ""),
        province_id=given("province", "province_id", 0),
        first_event=event,
        summary=current.summary if current is not None else "",
        national_code=national_code,
        field=field,
        classification=given("classification", "classification", 0),
        monitoring=given("monitoring", "monitoring", "none"),
        agency_ids=list(header.get("agencies", ())),
    )


def _placed(row: ParsedRow, error: DomainError) -> RowError:
    key = _FIELD_COLUMNS.get(error.field or "", "decision")
    value = {
        "decision": row.decision,
        "date": row.date.strftime("%d/%m/%Y"),
        "doc_number": row.doc_number,
        "national_code": row.national_code or "",
        "external_id": row.external_id,
        "record": record_key(row.record_id) if row.record_id else "",
    }.get(key, "")
    return RowError(row.row, BY_KEY[key].header, value, error.message)
