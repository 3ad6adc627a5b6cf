"""An import's new cases written by sets.

A case the file opens is planned whole in memory first: each row checked as the case
page's services check it (``case_create`` for the row that opens it,
``case_record_event`` for each later one: the same domain rules, access policy and
registry), the history replayed once, row by row, and its clocks derived once at the
end. The planned cases are then written a chunk at a time with bulk statements, with
one audit entry per chunk that names every row written and carries the digest of their
contents (``proof``), and each case's marks made from its plan (``tallies.marks_of``,
not read back); the dashboard's tallies take them at the import's end.

What the planner does not know how to plan exactly goes through the services row by row
(``apply._apply``): a case already in the record, a transfer or a split, a key shared
with another case of the file. ``Planner.takes`` says which.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.audit.services import audit_record
from phoihop.cases import services
from phoihop.cases.importing.columns import missing_header
from phoihop.cases.importing.parse import Lookups, ParsedRow
from phoihop.cases.importing.proof import rows_proof
from phoihop.cases.issuers import check_authority, issuing_agency, predecessors
from phoihop.cases.models import Case, CaseAgency, CaseEvent, CaseReference, ParticipationRole
from phoihop.cases.participation import body_of
from phoihop.cases.selectors import facts_of
from phoihop.clocks.models import Clock
from phoihop.clocks.services import clock_values
from phoihop.core.bulk_insert import insert_rows
from phoihop.domain.access.classification import Classification
from phoihop.domain.access.policy import (
    Actor,
    CaseFacts,
    may_create_case,
    may_record_events,
    may_view,
)
from phoihop.domain.clocks.calendar import RestDayCalendar
from phoihop.domain.coordination.followup import Participant
from phoihop.domain.errors import AccessDenied, DomainError, InvalidInput
from phoihop.domain.organisation import AgencyKind, AgencyLevel
from phoihop.domain.procedure.events import Event, EventType
from phoihop.domain.procedure.participation import Body, bodies_joining, implied_params
from phoihop.domain.procedure.timeline import Insertion, Timeline, check_insert, check_next
from phoihop.reports.tallies import CaseState, marks_created

# Decisions whose writing reaches beyond the case's own rows (another body takes the
# case over; a new case is opened from it): their cases go through the services.
_THROUGH_SERVICES = frozenset({EventType.CASE_TRANSFERRED.value, EventType.CASE_SPLIT.value})
# New cases are written a chunk at a time, a chunk being whole cases of at least this
# many rows: each chunk has a cost of its own (its proof, its tallies, its statements),
# so chunks of a number of rows, not of cases, make that cost the same per row for a
# file of two decisions a case and for a register of ten (by cases, a register's
# 1,000-row file paid a chunk's cost on a fifth of a chunk's rows).
CHUNK_ROWS = 1000


@dataclass
class PlannedCase:
    """A case the file opens, as it will be written."""

    case: Case
    external_id: str
    events: list[Event] = field(default_factory=list)  # in sequence order
    records: list[dict[str, Any]] = field(default_factory=list)  # beside ``events``
    timeline: Timeline = field(default_factory=Timeline)
    handling: dict[int, dt.date] = field(default_factory=dict)  # agency id → since
    rows: list[int] = field(default_factory=list)  # the file's rows written
    clocks: list[dict[str, Any]] = field(default_factory=list)  # the rows' fields
    state: CaseState | None = None  # what its marks are made of, once finished

    def facts(self) -> CaseFacts:
        agencies = frozenset(self.handling)
        return CaseFacts(
            province_id=self.case.province_id,
            classification=Classification(self.case.classification),
            participant_agency_ids=agencies,
            handling_agency_ids=agencies,
        )

    def join(self, agency_id: int, since: dt.date) -> None:
        self.handling.setdefault(agency_id, since)  # one already handling keeps its date


class _Registry:
    """The agencies the planner reads, once: the importer's predecessors (the bodies it
    may enter decisions for) and the procuracies and courts a decision brings in."""

    def __init__(self, recorder: Agency, lookups: Lookups) -> None:
        self.recorder = recorder
        self._named: dict[int, Agency | None] = {}
        self._candidates: dict[int | None, list[tuple[Agency, Body]]] = {}
        self._bodies: dict[int, Body] = {}
        self.kinds = lookups.kinds
        self.provinces = lookups.successors  # each province → the one holding its cases now

    def issuer(self, issuer_id: int | None, on: dt.date) -> Agency:
        """``issuers.issuing_agency`` with the predecessors read once; what it refuses
        is refused by it, in its words."""
        agency: Agency | None = self.recorder
        if issuer_id is not None and issuer_id != self.recorder.pk:
            if issuer_id not in self._named:
                self._named[issuer_id] = predecessors(self.recorder).filter(pk=issuer_id).first()
            agency = self._named[issuer_id]
        if agency is not None and _exists_on(agency, on):
            return agency
        return issuing_agency(self.recorder, issuer_id, on)  # raises

    def joining(self, planned: PlannedCase, recorder: Agency, event: Event) -> list[int]:
        """``participation.join_by_law`` over the registry in memory."""
        kinds = {self.kinds[agency_id] for agency_id in planned.handling}
        candidates = (body for a, body in self._near(recorder) if _exists_on(a, event.date))
        joined: list[Body] = bodies_joining(self.body(recorder), event.type, kinds, candidates)
        return [body.id for body in joined]

    def body(self, agency: Agency) -> Body:
        """``participation.body_of``, once per agency."""
        if agency.pk not in self._bodies:
            self._bodies[agency.pk] = body_of(agency)
        return self._bodies[agency.pk]

    def _near(self, recorder: Agency) -> list[tuple[Agency, Body]]:
        """The procuracies and courts of the recorder's province and the central ones,
        in the registry's order."""
        province = recorder.province_id
        if province not in self._candidates:
            # Read for the provinces the file's recorders are in, not the whole country's
            # courts and procuracies: most of an import's fixed cost was making them.
            near = Agency.objects.filter(
                Q(province_id=province) | Q(level=AgencyLevel.CENTRAL),
                kind__in=[AgencyKind.PROCURACY, AgencyKind.COURT],
            ).order_by("level", "name")
            self._candidates[province] = [(a, self.body(a)) for a in near]
        return self._candidates[province]


def _exists_on(agency: Agency, on: dt.date) -> bool:
    return agency.valid_from <= on and (agency.valid_to is None or on <= agency.valid_to)


class Planner:
    """Plans the file's new cases, one row at a time, as the services would write them."""

    def __init__(
        self,
        *,
        user: Any,
        now: dt.datetime,
        today: dt.date,
        calendar: RestDayCalendar,
        lookups: Lookups,
    ) -> None:
        self.user = user
        self.actor: Actor = actor_for(user)
        self.now = now
        self.today = today
        self.calendar = calendar
        self.registry = _Registry(user.agency, lookups)

    @staticmethod
    def takes(rows: Sequence[ParsedRow]) -> bool:
        """Whether the planner writes a group of rows that names no case in the record."""
        return (
            all(row.decision not in _THROUGH_SERVICES and not row.record_id for row in rows)
            and len({row.national_code for row in rows}) == 1
        )

    def open(self, row: ParsedRow, header: Mapping[str, Any], event: Event) -> PlannedCase:
        """``services.case_create``: the case and its first decision."""
        if not may_create_case(self.actor):
            raise AccessDenied("Bạn không có quyền mở hồ sơ vụ án.")
        missing = [key for key in ("kind", "title", "province") if key not in header]
        if missing:
            raise missing_header(missing)
        classification = header.get("classification", 0)
        if classification > self.actor.clearance:
            raise InvalidInput(
                "Độ mật của vụ án cao hơn độ mật bạn được tiếp cận.", field="classification"
            )
        province_id = header["province"]
        if province_id not in self.registry.provinces:
            raise InvalidInput("Tỉnh, thành phố không có trong danh mục.", field="province")
        province_id = self.registry.provinces[province_id]
        issuer = self.registry.issuer(row.issuer_id, event.date)
        first = Event(type=event.type, date=event.date, params=dict(event.params), sequence=1)
        timeline = check_next(
            Timeline(), first, today=self.today, recorder_kind=AgencyKind(issuer.kind)
        )
        case = Case(
            kind=header["kind"],
            national_code=row.national_code or None,
            title=header["title"],
            summary="",
            province_id=province_id,
            field=header.get("field", ""),
            classification=classification,
            monitoring=header.get("monitoring", "none"),
            created_by=self.user,
        )
        planned = PlannedCase(case=case, external_id=row.external_id, timeline=timeline)
        planned.events.append(first)
        planned.records.append(self._record(row, issuer, first.params))
        since = first.date
        for agency_id in (self.user.agency_id, issuer.pk, *header.get("agencies", ())):
            if agency_id in self.registry.kinds:
                planned.join(agency_id, since)
        for agency_id in self.registry.joining(planned, issuer, first):
            planned.join(agency_id, since)
        planned.rows.append(row.row)
        return planned

    def record(self, planned: PlannedCase, row: ParsedRow, event: Event) -> bool:
        """``services.case_record_event`` on a planned case; False when the decision is
        already there (the import counts it unchanged)."""
        if _already(planned, row, event):
            return False
        if not may_record_events(self.actor, planned.facts()):
            raise AccessDenied("Cơ quan của bạn không tham gia giải quyết vụ án này.")
        issuer = self.registry.issuer(row.issuer_id, event.date)
        params = {**implied_params(event.type, self.registry.body(issuer)), **event.params}
        new = Event(type=event.type, date=event.date, params=params)
        recorder_kind = AgencyKind(issuer.kind)
        last = planned.events[-1]
        if event.date >= last.date:  # in date order, as most files are: no replay
            placed = Event(new.type, new.date, new.params, last.sequence + 1)
            timeline = check_next(
                planned.timeline, placed, today=self.today, recorder_kind=recorder_kind
            )
            events = [*planned.events, placed]
            position = len(planned.events)
        else:
            insertion = check_insert(
                planned.events, new, today=self.today, recorder_kind=recorder_kind
            )
            timeline, events = insertion.timeline, list(insertion.events)
            position = insertion.sequence - 1
        if event.type in (EventType.INVESTIGATION_EXTENDED, EventType.DETENTION_EXTENDED):
            check_authority(
                Insertion(timeline, tuple(events), position + 1), event.type, self.today
            )
        planned.timeline, planned.events = timeline, events
        planned.records.insert(position, self._record(row, issuer, params))
        planned.join(self.user.agency_id, event.date)
        planned.join(issuer.pk, event.date)
        for agency_id in self.registry.joining(planned, issuer, new):
            planned.join(agency_id, event.date)
        planned.case.version += 1
        planned.rows.append(row.row)
        return True

    def finish(self, planned: PlannedCase) -> None:
        """The derived columns and the clocks, once, from the whole history."""
        services.refresh_derived(planned.case, planned.timeline, planned.events)
        planned.clocks, planned.case.next_deadline = clock_values(
            planned.events, self.calendar, self.today
        )
        case = planned.case
        planned.state = CaseState(
            province=case.province_id,
            classification=case.classification,
            stage=case.stage,
            opened_on=case.opened_on,
            field=case.field,
            clocks=planned.clocks,
            participants=[
                Participant(agency_id, self.registry.kinds[agency_id], True)  # all handling
                for agency_id in planned.handling
            ],
        )

    def _record(self, row: ParsedRow, issuer: Agency, params: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "agency_id": issuer.pk,
            "doc_number": row.doc_number,
            "params": dict(params),
            "note": row.note,
        }


def _already(planned: PlannedCase, row: ParsedRow, event: Event) -> bool:
    """``services.same_decision`` over the planned decisions."""
    decisions = [
        (e.type.value, r["doc_number"], e.date, e.params)
        for e, r in zip(planned.events, planned.records, strict=True)
    ]
    given = services.EventInput(
        type=event.type.value, date=event.date, doc_number=row.doc_number, params=event.params
    )
    return _recorded(decisions, given)


EVENT_COLUMNS = (
    "case_id",
    "sequence",
    "type",
    "date",
    "agency_id",
    "doc_number",
    "params",
    "note",
    "entered_by_id",
    "entered_at",
)


def write_chunk(planned: Sequence[PlannedCase], *, user: Any, now: dt.datetime) -> None:
    """Write planned cases with bulk statements, audit them in one entry, write their
    marks (the tallies take them at the end). Runs inside the import's transaction."""
    if not planned:
        return
    cases = [p.case for p in planned]
    Case.objects.bulk_create(cases)  # the one table whose new ids the rest need
    insert_rows(
        CaseReference,
        ("case_id", "agency_id", "external_id"),
        ((p.case.pk, user.agency_id, p.external_id) for p in planned if p.external_id),
    )
    insert_rows(
        CaseEvent,
        EVENT_COLUMNS,
        (
            (
                p.case.pk,
                event.sequence,
                event.type.value,
                event.date,
                record["agency_id"],
                record["doc_number"],
                record["params"],
                record["note"],
                user.pk,
                now,
            )
            for p in planned
            for event, record in zip(p.events, p.records, strict=True)
        ),
    )
    insert_rows(
        CaseAgency,
        ("case_id", "agency_id", "role", "since"),
        (
            (p.case.pk, agency_id, ParticipationRole.HANDLING.value, since)
            for p in planned
            for agency_id, since in p.handling.items()
        ),
    )
    clocks = [(p.case.pk, clock) for p in planned for clock in p.clocks]
    if clocks:
        columns = ("case_id", *clocks[0][1])  # the fields' names are their columns'
        insert_rows(Clock, columns, ((pk, *clock.values()) for pk, clock in clocks))
    case_ids = [c.pk for c in cases]
    audit_record(
        actor=user,
        action="cases.import.written",
        at=now,
        data={
            "rows": sorted(row for p in planned for row in p.rows),
            **rows_proof(case_ids),
        },
    )
    # The new cases' marks from the plan, as ``marks_for`` would read them back.
    marks_created({p.case.pk: _finished(p) for p in planned})


def _finished(planned: PlannedCase) -> CaseState:
    if planned.state is None:
        raise ValueError("a planned case is written once finished (Planner.finish)")
    return planned.state


def keys_in_record(rows: Iterable[ParsedRow], agency_id: int) -> set[tuple[str, str]]:
    """The groups of rows whose key (national code or the agency's own number) names a
    case already in the record: those go through the services."""
    rows = list(rows)
    codes = {row.national_code for row in rows if row.national_code}
    numbers = {row.external_id for row in rows if row.external_id}
    taken_codes = {code for (code,) in _in_chunks(Case.objects.all(), "national_code", codes)}
    own = CaseReference.objects.filter(agency_id=agency_id)
    taken_numbers = {number for (number,) in _in_chunks(own, "external_id", numbers)}
    return {
        row.group
        for row in rows
        if row.national_code in taken_codes or row.external_id in taken_numbers
    }


def unchanged_in_record(
    groups: Mapping[tuple[str, str], list[ParsedRow]],
    header_input: Callable[[ParsedRow, Case], services.CaseInput],
    *,
    user: Any,
    today: dt.date,
) -> set[tuple[str, str]]:
    """The groups that name cases in the record and would change nothing there: each
    row finds one case the user sees, its header (where given) is the case's, its agency
    number is on record, its decision is already recorded. The services would count
    each row unchanged (``apply._apply``); read in a few queries here, it is counted so
    without them. Any doubt sends the group through the services."""
    rows = [row for members in groups.values() for row in members]
    actor = actor_for(user)
    codes = {row.national_code for row in rows if row.national_code}
    by_code = dict(_in_chunks(Case.objects.all(), "national_code", codes, "pk"))
    own = CaseReference.objects.filter(agency_id=user.agency_id)
    numbers = {row.external_id for row in rows if row.external_id}
    by_number = dict(_in_chunks(own, "external_id", numbers, "case_id"))
    named: dict[int, int] = {}  # a row → the one case its keys name
    for row in rows:
        keys = (by_code.get(row.national_code or ""), by_number.get(row.external_id), row.record_id)
        found = {pk for pk in keys if pk is not None}
        if len(found) == 1:
            named[row.row] = found.pop()
    read = _cases(sorted(set(named.values())))
    facts = _facts(read)
    # The policy's face for one case over the cases read by their ids (test_case_list
    # holds it equal to ``visible_cases``): on PostgreSQL the query's scope read every
    # case the agency takes part in to keep these few, a cost of each import that grew
    # with the record (0.14 s an import with 20,000 of its cases), not with the file.
    cases = {pk: case for pk, case in read.items() if may_view(actor, facts[pk])}
    given = dict(_in_chunks(own, "case_id", cases, "external_id"))
    decisions: dict[int, list[tuple[str, str, dt.date, Any]]] = defaultdict(list)
    for case_id, kind, number, on, params in _in_chunks(
        CaseEvent.objects.all(), "case_id", cases, "type", "doc_number", "date", "params"
    ):
        decisions[case_id].append((kind, number, on, params))

    def unchanged(row: ParsedRow) -> bool:
        case = cases.get(named.get(row.row, 0))
        if case is None:
            return False
        if row.case:
            if row.external_id and given.get(case.pk) != row.external_id:
                return False
            try:
                data = header_input(row, case)
            except DomainError:
                return False
            if services.header_changes(actor, case, facts[case.pk], data):
                return False
        event = services.latest_possible(event_input(row), today)
        return _recorded(decisions[case.pk], event)

    # A case two groups of the file name is left to the services: there the order of
    # the rows decides what the second group finds.
    naming = Counter(
        case_id
        for members in groups.values()
        for case_id in {named.get(row.row) for row in members}
        if case_id is not None
    )
    return {
        group
        for group, members in groups.items()
        if all(naming[named.get(row.row, 0)] == 1 and unchanged(row) for row in members)
    }


def _in_chunks(
    rows: QuerySet[Any], field: str, values: Iterable[Any], *columns: str
) -> list[tuple[Any, ...]]:
    """``rows`` whose ``field`` is one of ``values``, as (field, *columns) tuples."""
    return [
        found for part in _parts(rows, field, values) for found in part.values_list(field, *columns)
    ]


def _cases(ids: list[int]) -> dict[int, Case]:
    return {case.pk: case for part in _parts(Case.objects.all(), "pk", ids) for case in part}


def _parts(rows: QuerySet[Any], field: str, values: Iterable[Any]) -> Iterator[QuerySet[Any]]:
    """``rows`` whose ``field`` is one of ``values``, a few thousand values a statement:
    SQLite takes only so many parameters in one."""
    wanted = list(values)
    for start in range(0, len(wanted), 5000):
        some = wanted[start : start + 5000]
        where = {f"{field}__in": some}
        if all(isinstance(value, int) for value in some):
            # Ids with their range beside them, as ``proof.rows_proof`` reads them: on
            # statistics not refreshed since the cases were written, PostgreSQL read
            # the whole table for the list alone, a cost that grew with the record.
            where |= {f"{field}__gte": min(some), f"{field}__lte": max(some)}
        # Unordered: every caller keys the rows by a unique field or asks whether any
        # matches, and a decision's default order would join every case to read its
        # latest decision's date.
        yield rows.filter(**where).order_by()


def _facts(cases: Mapping[int, Case]) -> dict[int, CaseFacts]:
    """``selectors.case_facts`` of many cases in one query."""
    rows: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for case_id, agency_id, role in _in_chunks(
        CaseAgency.objects.all(), "case_id", cases, "agency_id", "role"
    ):
        rows[case_id].append((agency_id, role))
    return {pk: facts_of(case, rows[pk]) for pk, case in cases.items()}


def event_input(row: ParsedRow) -> services.EventInput:
    """A row's decision as the services take it."""
    return services.EventInput(
        type=row.decision,
        date=row.date,
        doc_number=row.doc_number,
        note=row.note,
        params=row.params,
        issuer_id=row.issuer_id,
    )


def _recorded(
    decisions: Sequence[tuple[str, str, dt.date, Mapping[str, Any]]], event: services.EventInput
) -> bool:
    """``services.same_decision`` over decisions read before."""
    month = event.params.get("date_known") == "month"
    for kind, number, on, params in decisions:
        if kind != event.type or number != event.doc_number:
            continue
        if not month and on == event.date:
            return True
        if (
            month
            and params.get("date_known") == "month"
            and (on.year, on.month)
            == (
                event.date.year,
                event.date.month,
            )
        ):
            return True
    return False
