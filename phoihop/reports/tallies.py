"""Each case's place in the dashboard's figures (its marks), and the running sums of
those places by province and classification (the tallies).

A mark says "this case is counted in this figure"; it is computed from the record by
``marks_for``, the one definition used three ways: written down when a case changes
(``marks_refresh``, in the transaction that changed it), made again for every case
(``tallies_rebuild``), and computed on the spot for the few cases a scope reaches
outside the tallies (an agency's cases in other provinces). ``figures.figure_cases``
gives the list behind each figure from the live record by the same rules, and a test
holds the two together after every kind of write.

Figures that move with the calendar (overdue, due soon) follow the clocks' stored
status, which the nightly refresh moves (``clock_statuses_refresh``) and which then
refreshes the marks of the cases whose clocks changed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Sum

from phoihop.cases.models import AssetAction, Case, CaseAgency, ParticipationRole
from phoihop.clocks.models import OPEN_STATUSES, Clock, ClockStatus
from phoihop.core.bulk_insert import insert_rows
from phoihop.core.clock import today
from phoihop.core.money import MoneySum
from phoihop.domain.clocks.overrun import (
    STALE_AFTER_DAYS,
    held_after_the_case_moved_on,
    needs_update,
)
from phoihop.domain.coordination.followup import Participant, agencies_to_act
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.stages import Stage
from phoihop.reports.models import CaseMark, FigureTally

TALLIED_KINDS = (
    "total",  # every case: value ""
    "stage",  # value: the stage
    "opened",  # value: "YYYY-MM|field", the month the case opened and its field
    "assets",  # value: the asset kind; amount: the case's sum of that kind
    "clock",  # value: an open clock's code; amount: how many such clocks the case has
    "clock_start",  # value: "CODE|YYYY-MM-DD"; amount: clocks of that code started that day
    "clock_length",  # value: "CODE|days" from start to deadline; amount: clocks
    "overdue",  # value: an agency that must act on an overdue clock of the case
    "due_soon",  # value: an agency that must act on a clock due soon, on none overdue
    "past_maximum",  # value: an agency that had to act on a clock run past the law's maximum
    "needs_update",  # value "": an overdue clock open only because a decision is missing
)
CHUNK = 2000  # cases per query batch (well under SQLite's limit on query parameters)


class Mark(NamedTuple):
    province: int
    classification: int
    kind: str
    value: str
    amount: int = 0


Counts = dict[tuple[str, str], list[int]]  # (kind, value) → [cases, amount]
Change = dict[tuple[int, int, str, str], list[int]]  # (province, classification, kind, value)


def opened_value(opened_on: dt.date, field: str) -> str:
    return f"{opened_on.year:04d}-{opened_on.month:02d}|{field}"


def marks_for(cases: QuerySet[Case]) -> dict[int, set[Mark]]:
    """Every mark of the given cases, from the record as it stands."""
    marks: dict[int, set[Mark]] = {}
    head: dict[int, tuple[int, int]] = {}
    rows = cases.order_by().values_list(
        "pk", "province_id", "classification", "stage", "opened_on", "field"
    )
    for pk, province, classification, stage, opened_on, field in rows:
        head[pk] = (province, classification)
        marks[pk] = _head_marks(province, classification, stage, opened_on, field)
    if not head:
        return marks
    in_scope = cases.values("pk")

    assets = (
        AssetAction.objects.filter(case__in=in_scope)
        .values_list("case_id", "kind")
        .annotate(total=MoneySum("amount_vnd"))
        .order_by()
    )
    for case_id, kind, total in assets:
        marks[case_id].add(Mark(*head[case_id], "assets", kind, int(total)))

    per_case: dict[int, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    open_clocks = Clock.objects.filter(
        case__in=in_scope, status__in=OPEN_STATUSES, deadline__isnull=False
    ).values_list("case_id", "code", "start_on", "deadline")
    for case_id, code, start_on, deadline in open_clocks:
        assert deadline is not None  # filtered above
        _count_clock(per_case[case_id], code, start_on, deadline)
    for case_id, counted in per_case.items():
        marks[case_id].update(_clock_marks(head[case_id], counted))

    deadlines, stale = deadline_entries(Clock.objects.filter(case__in=in_scope), today())
    for case_id in stale:
        marks[case_id].add(Mark(*head[case_id], "needs_update", ""))
    for case_id, agencies in deadline_agencies(deadlines).items():
        marks[case_id].update(_deadline_marks(head[case_id], agencies))
    return marks


class CaseState(NamedTuple):
    """What a case's marks are made of, for a case known whole in memory: one an import
    has just written from its plan, with no asset action yet. ``clocks`` are the fields
    of its clocks' rows (``clocks.services.clock_values``); ``participants`` the agencies
    taking part in it (none transferred away)."""

    province: int
    classification: int
    stage: str
    opened_on: dt.date
    field: str
    clocks: Sequence[Mapping[str, Any]]
    participants: Sequence[Participant]


def marks_of(cases: Mapping[int, CaseState], on: dt.date) -> dict[int, set[Mark]]:
    """``marks_for`` of cases known in memory, on day ``on``, without reading them: what
    ``marks_for`` would read back from the rows just written (a test holds the two
    equal)."""
    marks: dict[int, set[Mark]] = {}
    for pk, case in cases.items():
        head = (case.province, case.classification)
        found = _head_marks(*head, case.stage, case.opened_on, case.field)
        counted: dict[tuple[str, str], int] = defaultdict(int)
        entries: list[tuple[str, str, str]] = []
        stale = False
        for clock in case.clocks:
            deadline = clock["deadline"]
            if deadline is None:
                continue
            status = clock["status"]
            if status in OPEN_STATUSES:
                _count_clock(counted, clock["code"], clock["start_on"], deadline)
            if _in_deadline_figures(status, clock["max_deadline"], clock["ended_on"]):
                figures, needs = _deadline_figures(
                    status,
                    clock["code"],
                    clock["variant"],
                    case.stage,
                    deadline,
                    clock["max_deadline"],
                    on,
                )
                entries += figures
                stale = stale or needs
        found.update(_clock_marks(head, counted))
        if stale:
            found.add(Mark(*head, "needs_update", ""))
        if entries:
            found.update(_deadline_marks(head, agencies_to_act(entries, case.participants)))
        marks[pk] = found
    return marks


def _head_marks(
    province: int, classification: int, stage: str, opened_on: dt.date, field: str
) -> set[Mark]:
    return {
        Mark(province, classification, "total", ""),
        Mark(province, classification, "stage", stage),
        Mark(province, classification, "opened", opened_value(opened_on, field)),
    }


def _count_clock(
    counted: dict[tuple[str, str], int], code: str, start_on: dt.date, deadline: dt.date
) -> None:
    """An open clock with a deadline, counted in the clocks' figures."""
    counted[("clock", code)] += 1
    counted[("clock_start", f"{code}|{start_on.isoformat()}")] += 1
    counted[("clock_length", f"{code}|{max(1, (deadline - start_on).days)}")] += 1


def _clock_marks(head: tuple[int, int], counted: Mapping[tuple[str, str], int]) -> Iterator[Mark]:
    return (Mark(*head, kind, value, n) for (kind, value), n in counted.items())


def _deadline_marks(head: tuple[int, int], agencies: Mapping[str, set[int]]) -> Iterator[Mark]:
    return (Mark(*head, kind, str(a)) for kind, ids in agencies.items() for a in ids)


def deadline_entries(
    clocks: QuerySet[Clock], on: dt.date
) -> tuple[dict[int, list[tuple[str, str, str]]], set[int]]:
    """The deadline figures each case's clocks count in on day ``on``, as (figure, code,
    variant) per case: "overdue" and "due_soon" for the open ones, "past_maximum" for one
    that ran past the longest the law allows (ended after its maximum, or overdue past
    it); and the cases with an overdue clock that needs an update (``needs_update``: open
    only because the case moved on, or a year past its deadline), counted apart and in no
    other figure. The nightly refresh moves the marks of the cases whose clocks crossed
    one of these days (``crossing_cases``)."""
    rows = (
        clocks.filter(deadline__isnull=False)
        .filter(
            Q(status__in=(ClockStatus.OVERDUE, ClockStatus.DUE_SOON))
            | Q(
                status=ClockStatus.MISSED,
                max_deadline__isnull=False,
                ended_on__gt=F("max_deadline"),
            )
        )
        .values_list(
            "case_id", "status", "code", "variant", "case__stage", "deadline", "max_deadline"
        )
    )
    entries: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    stale_cases: set[int] = set()
    for case_id, status, code, variant, stage, deadline, most in rows:
        figures, stale = _deadline_figures(status, code, variant, stage, deadline, most, on)
        if figures:
            entries[case_id] += figures
        if stale:
            stale_cases.add(case_id)
    return entries, stale_cases


def _in_deadline_figures(status: str, most: dt.date | None, ended_on: dt.date | None) -> bool:
    """``deadline_entries``' filter on a clock with a deadline, in Python."""
    if status in (ClockStatus.OVERDUE, ClockStatus.DUE_SOON):
        return True
    return (
        status == ClockStatus.MISSED
        and most is not None
        and ended_on is not None
        and ended_on > most
    )


def _deadline_figures(
    status: str,
    code: str,
    variant: str,
    stage: str,
    deadline: dt.date | None,
    most: dt.date | None,
    on: dt.date,
) -> tuple[list[tuple[str, str, str]], bool]:
    """One clock's entries in ``deadline_entries``, and whether it makes its case one
    that needs an update."""
    if status == ClockStatus.MISSED:
        return [("past_maximum", code, variant)], False
    overdue = status == ClockStatus.OVERDUE
    case_stage = Stage(stage)
    held = held_after_the_case_moved_on(code=code, variant=variant, case_stage=case_stage)
    stale = overdue and needs_update(
        code=code,
        variant=variant,
        is_overdue=True,
        deadline=deadline,
        case_stage=case_stage,
        today=on,
    )
    if held or stale:  # due soon or overdue, it waits for a decision never entered
        return [], overdue
    entries = [(status, code, variant)]
    if overdue and most is not None and most < on:
        entries.append(("past_maximum", code, variant))
    return entries, False


def crossing_cases(on: dt.date, *, within: int = 7) -> set[int]:
    """The cases with an overdue clock that passed its maximum, or a year past its
    deadline, in the ``within`` days before ``on``: their marks move with the calendar
    though no status does (a night missed is caught up within the week)."""
    since = on - dt.timedelta(days=within)
    year = dt.timedelta(days=STALE_AFTER_DAYS + 1)
    crossed = Clock.objects.filter(status=ClockStatus.OVERDUE).filter(
        Q(max_deadline__gte=since, max_deadline__lt=on)
        | Q(deadline__gte=since - year, deadline__lt=on - year + dt.timedelta(days=1))
    )
    return set(crossed.values_list("case_id", flat=True).distinct())


def deadline_agencies(
    deadlines: dict[int, list[tuple[str, str, str]]],
) -> dict[int, dict[str, set[int]]]:
    """For each case with a clock in a deadline figure, the agencies each figure counts:
    those that must act on it (``agencies_to_act``), not every agency on the case."""
    found: dict[int, dict[str, set[int]]] = {}
    for ids in _chunks(sorted(deadlines), CHUNK):
        people: dict[int, list[Participant]] = defaultdict(list)
        # A body that transferred the case away must act on nothing of it any more.
        rows = (
            CaseAgency.objects.filter(case_id__in=ids)
            .exclude(role=ParticipationRole.TRANSFERRED)
            .values_list("case_id", "agency_id", "agency__kind", "role")
        )
        for case_id, agency_id, kind, role in rows:
            people[case_id].append(
                Participant(agency_id, AgencyKind(kind), role == ParticipationRole.HANDLING)
            )
        for case_id in ids:
            found[case_id] = agencies_to_act(deadlines[case_id], people[case_id])
    return found


def counts_of(marks: Iterable[set[Mark]], kinds: Iterable[str] | None = None) -> Counts:
    """Marks summed the way the tallies sum them (of the given kinds, or all)."""
    wanted = None if kinds is None else set(kinds)
    counts: Counts = defaultdict(lambda: [0, 0])
    for case_marks in marks:
        for mark in case_marks:
            if wanted is not None and mark.kind not in wanted:
                continue
            total = counts[(mark.kind, mark.value)]
            total[0] += 1
            total[1] += mark.amount
    return counts


def tallied_counts(
    *,
    max_classification: int,
    province: int | None,
    kinds: Iterable[str] | None = None,
    opened_from: str = "",
) -> Counts:
    """The tallies summed over the provinces asked for (all when None) and the
    classifications up to ``max_classification``; of the given kinds, or all. With
    ``opened_from`` ("YYYY-MM"), the new cases of earlier months are left out: the
    overview shows a year of them, and the tallies keep every month since the first
    case (most of a province's rows)."""
    rows = FigureTally.objects.filter(classification__lte=max_classification)
    if province is not None:
        rows = rows.filter(province_id=province)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    if opened_from:
        rows = rows.exclude(kind="opened", value__lt=opened_from)
    counts: Counts = defaultdict(lambda: [0, 0])
    summed = (
        rows.values_list("kind", "value")
        .annotate(n=Sum("cases"), total=MoneySum("amount"))
        .order_by()
    )
    for kind, value, n, total in summed:
        if n:
            counts[(kind, value)] = [int(n), int(total or 0)]
    return counts


class _Deferred:
    """What ``marks_deferred`` keeps until its end: the cases to refresh, and the change
    the tallies are to take for the new cases' marks already written."""

    def __init__(self) -> None:
        self.cases: set[int] = set()
        self.change: Change = defaultdict(lambda: [0, 0])


_deferred: ContextVar[_Deferred | None] = ContextVar("marks_deferred", default=None)


def marks_refresh(case_ids: Iterable[int]) -> None:
    """Bring the given cases' marks, and the tallies, in step with the record. Runs in
    the caller's transaction, after its writes, so the figures change with the decision
    and not a moment later. The cases are locked first (in id order, like every
    writer), so two refreshes of one case never both apply the same change.

    Locks are taken in one order by every writer — the cases (in id order), then the
    audit chain's head, then the tally rows (in key order) — so a caller refreshes the
    marks last, after its audit entry, holding its cases' locks already."""
    pending = _deferred.get()
    if pending is not None:
        pending.cases.update(case_ids)
        return
    _tallies_add(_marks_write(case_ids))


def marks_created(cases: Mapping[int, CaseState]) -> None:
    """Write the marks of cases the caller has just created in its transaction, made
    from what it wrote (``marks_of``) instead of read back, and add them to the tallies
    (at the end of ``marks_deferred``). No other transaction sees those cases yet: none
    can hold marks of them or change them, so they are neither locked nor their marks
    read. Their marks are written now, the tallies (shared rows) at the end as ever; a
    case refreshed later in the same transaction (``marks_refresh``) is read back then,
    these marks with it."""
    pending = _deferred.get()
    change: Change = pending.change if pending is not None else defaultdict(lambda: [0, 0])
    marks = marks_of(cases, today())
    _marks_insert((case_id, mark) for case_id, found in marks.items() for mark in found)
    for found in marks.values():
        for mark in found:
            _add(change, mark, +1)
    if pending is None:
        _tallies_add(change)


def _marks_write(case_ids: Iterable[int], change: Change | None = None) -> Change:
    """The cases' marks brought in step with the record, the cases locked first; returns
    the change the tallies are to take (added to ``change`` when given)."""
    change = change if change is not None else defaultdict(lambda: [0, 0])
    ids = sorted(set(case_ids))
    if not ids:
        return change
    with transaction.atomic():
        for chunk in _chunks(ids, CHUNK):
            list(Case.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
            _refresh_chunk(chunk, change)
    return change


@contextmanager
def marks_deferred(*, before_tallies: Callable[[], None] | None = None) -> Iterator[None]:
    """Inside, ``marks_refresh`` only remembers the cases; they are refreshed once on the
    way out (unless an error leaves): an import touches the tallies once, at its end,
    instead of once per row while it holds its cases' locks. ``marks_created`` writes
    its cases' marks at once, and keeps their change for the tallies.

    The tally rows are shared by every writer of a province and stay locked until the
    import commits: on the way out the cases' marks are written first (the long part,
    on rows of the import's own cases), then ``before_tallies`` runs (the import's
    deferred audit entries appended: the chain's head comes before the tallies in the
    one order of locks), and the tallies last, in one statement per batch."""
    pending = _Deferred()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    change = _marks_write(pending.cases, pending.change)
    if before_tallies is not None:
        before_tallies()
    _tallies_add(change)


def _refresh_chunk(ids: list[int], change: Change) -> None:
    new = marks_for(Case.objects.filter(pk__in=ids))
    old: dict[int, dict[Mark, int]] = defaultdict(dict)
    stored = CaseMark.objects.filter(case_id__in=ids).values_list(
        "pk", "case_id", "province_id", "classification", "kind", "value", "amount"
    )
    for pk, case_id, province, classification, kind, value, amount in stored:
        old[case_id][Mark(province, classification, kind, value, amount)] = pk
    gone: list[int] = []
    came: list[tuple[int, Mark]] = []
    for case_id in ids:
        before, after = old.get(case_id, {}), new.get(case_id, set())
        for mark, pk in before.items():
            if mark not in after:
                gone.append(pk)
                _add(change, mark, -1)
        for mark in after - before.keys():
            came.append((case_id, mark))
            _add(change, mark, +1)
    for pks in _chunks(gone, CHUNK):
        CaseMark.objects.filter(pk__in=pks).delete()
    _marks_insert(came)


def tallies_rebuild(*, progress: Any = None) -> int:
    """Make every mark and tally again from the record (after a bulk load, or to
    repair); returns the number of cases."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Writers wait (their marks would be counted twice, or collide) and then
            # refresh against the rebuilt marks. SQLite has one writer at a time anyway.
            tables = ", ".join(
                connection.ops.quote_name(model._meta.db_table) for model in (CaseMark, FigureTally)
            )
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        CaseMark.objects.all().delete()
        FigureTally.objects.all().delete()
        last = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        done = 0
        step = 20 * CHUNK
        for start in range(0, last + 1, step):
            new = marks_for(Case.objects.filter(pk__gte=start, pk__lt=start + step))
            _marks_insert((case_id, mark) for case_id, marks in new.items() for mark in marks)
            change: Change = defaultdict(lambda: [0, 0])
            for marks in new.values():
                for mark in marks:
                    _add(change, mark, +1)
            _tallies_add(change)
            done += len(new)
            if progress:
                progress(done)
    return done


def tallies_prune() -> int:
    """Drop the tally rows that count nothing any more (a stage no case of a province is
    in, a day no open clock started on): the nightly sweep, so reading the tallies stays
    as quick as the figures are few. Returns how many went."""
    deleted, _ = FigureTally.objects.filter(cases=0, amount=0).delete()
    return deleted


def tallies_missing() -> bool:
    """Whether the record has cases but no marks: a database from before the tallies,
    or loaded outside the services."""
    return Case.objects.exists() and not CaseMark.objects.exists()


_MARK_COLUMNS = ("case_id", "province_id", "classification", "kind", "value", "amount")


def _marks_insert(marks: Iterable[tuple[int, Mark]]) -> None:
    """New marks, as plain rows: a national rebuild writes tens of millions."""
    insert_rows(CaseMark, _MARK_COLUMNS, ((case_id, *mark) for case_id, mark in marks))


def _add(change: Change, mark: Mark, sign: int) -> None:
    total = change[(mark.province, mark.classification, mark.kind, mark.value)]
    total[0] += sign
    total[1] += sign * mark.amount


def _tallies_add(change: Change) -> None:
    """Add to the tallies in one statement per batch; keys in a fixed order, so two
    transactions adding to the same rows wait for each other instead of deadlocking."""
    # The amount as a Decimal: a batch's sum of many cases' money can pass 2^63, which
    # SQLite's driver would refuse as an integer parameter (PostgreSQL's column is numeric).
    rows = [
        (*key, n, Decimal(amount)) for key, (n, amount) in sorted(change.items()) if n or amount
    ]
    if not rows:
        return
    table = connection.ops.quote_name(FigureTally._meta.db_table)
    insert = f"INSERT INTO {table} (province_id, classification, kind, value, cases, amount)"
    upsert = (
        "ON CONFLICT (kind, classification, province_id, value) "
        f"DO UPDATE SET cases = {table}.cases + excluded.cases, "
        f"amount = {table}.amount + excluded.amount"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array a column, the rows taken in their order: a statement of thousands
            # of placeholders cost more to build and send than the rows themselves.
            arrays = ", ".join(f"%s::{kind}[]" for kind in _tally_types())
            cursor.execute(
                f"{insert} SELECT * FROM unnest({arrays}) {upsert}",
                [list(column) for column in zip(*rows, strict=True)],
            )
            return
        for batch in _chunks(rows, 500):
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"{insert} VALUES {values} {upsert}", [item for row in batch for item in row]
            )


def _tally_types() -> list[str]:
    by_column = {field.column: field for field in FigureTally._meta.concrete_fields}
    columns = ("province_id", "classification", "kind", "value", "cases", "amount")
    return [str(by_column[column].db_type(connection)) for column in columns]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
