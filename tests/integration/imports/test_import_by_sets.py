"""The cases a file opens are written by sets (phoihop/cases/importing/batch.py): planned
whole in memory, then written a chunk at a time. What they write must be what the
services write row by row, to the last clock and tally: each test imports the same file
both ways, in transactions it rolls back, and compares everything but the ids and the
audit entries (one per chunk instead of three per case). The chunk's entry proves each
row: ``audit verify`` fails where an imported row was altered or removed, and holds
when a decision is withdrawn through the product."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import transaction

from phoihop.audit.services import audit_verify
from phoihop.cases.corrections import case_event_withdraw
from phoihop.cases.importing.apply import import_file
from phoihop.cases.importing.columns import COLUMNS
from phoihop.cases.issuers import predecessors
from phoihop.cases.models import Case, CaseAgency, CaseEvent, CaseReference
from phoihop.clocks.models import Clock
from phoihop.demo.generator import generate
from phoihop.domain.organisation import AgencyKind
from phoihop.reports.models import CaseMark, FigureTally
from phoihop.reports.tallies import Mark, marks_for
from tests.integration.imports import sheets

pytestmark = pytest.mark.django_db


def _demo_rows(count: int, seed: int, today: dt.date, user: Any) -> list[list[str]]:
    """The demo generator's histories as the police would import them: each case up to
    the first decision another kind of body makes, charges and month-known dates kept,
    a decision from before the 2025 reform entered for the body that made it; what the
    template cannot carry (an extension's length…) left out, so that some rows are
    refused, the same way by both paths."""
    former = list(predecessors(user.agency))
    rows: list[list[str]] = []
    for plan in generate(count=count, seed=seed, today=today, province_codes=["AG"]):
        for index, event in enumerate(plan.events):
            if event.recorder is not AgencyKind.INVESTIGATION:
                break
            first = index == 0
            rows.append(
                sheets.row(
                    national_code=(plan.national_code or "") if first else "",
                    external_id=f"AG-{seed}-{plan.number}",
                    kind="Vụ án" if first else "",
                    title=plan.title if first else "",
                    province="An Giang" if first else "",
                    decision=event.type.value,
                    date=event.date.strftime("%d/%m/%Y"),
                    date_known="tháng" if event.params.get("date_known") == "month" else "",
                    doc_number=f"{index + 1}/{plan.number}",
                    charges=str(event.params.get("charges", "")),
                    issuer=_made_by(former, user.agency, event.date),
                )
            )
    # A late decision found out of order, and a second copy of a row: both paths place
    # the first by its date and count the second unchanged.
    if len(rows) > 3:
        rows.insert(1, rows[3])
        rows.append(rows[0])
    return rows


def _made_by(former: list[Any], recorder: Any, on: dt.date) -> str:
    if recorder.valid_from <= on:
        return ""
    return next((a.code for a in former if a.valid_from <= on <= (a.valid_to or on)), "")


def _snapshot() -> dict[str, Any]:
    key = dict(CaseReference.objects.values_list("case_id", "external_id"))
    cases = {
        key[c["id"]]: {k: v for k, v in c.items() if k not in {"id", "created_at", "updated_at"}}
        for c in Case.objects.values()
    }

    def rows(model: Any, drop: set[str]) -> list[tuple[Any, ...]]:
        return sorted(
            (key[r["case_id"]], *(repr(v) for k, v in sorted(r.items()) if k not in drop))
            for r in model.objects.values()
        )

    return {
        "cases": cases,
        "events": rows(CaseEvent, {"id", "case_id"}),
        "clocks": rows(Clock, {"id", "case_id", "person_id"}),
        "agencies": rows(CaseAgency, {"id", "case_id"}),
        "marks": rows(CaseMark, {"id", "case_id"}),
        "tallies": sorted(
            FigureTally.objects.values_list(
                "province_id", "classification", "kind", "value", "cases", "amount"
            )
        ),
    }


def _assert_same(by_sets: Any, by_rows: Any) -> None:
    """The same outcome, the same record, and both chains whole."""
    (sets, sets_state, sets_chain), (rows, rows_state, rows_chain) = by_sets, by_rows
    for counter in ("cases_created", "cases_updated", "decisions_recorded", "unchanged"):
        assert getattr(sets, counter) == getattr(rows, counter), counter
    assert sets.errors == rows.errors
    for part in ("cases", "events", "clocks", "agencies", "marks", "tallies"):
        assert sets_state[part] == rows_state[part], part
    assert sets_chain.ok
    assert rows_chain.ok


def _import_both_ways(user: Any, content: bytes, now: dt.datetime, partial: bool) -> list[Any]:
    results = []
    for by_sets in (True, False):
        with transaction.atomic():
            _, outcome = (
                import_file(
                    user=user,
                    stream=io.BytesIO(content),
                    name="ho-so.xlsx",
                    partial=partial,
                    now=now,
                )
                if by_sets
                else _import_through_services(user, content, now, partial)
            )
            results.append((outcome, _snapshot(), audit_verify()))
            transaction.set_rollback(True)
    return results


def _import_through_services(user: Any, content: bytes, now: dt.datetime, partial: bool) -> Any:
    from phoihop.cases.importing.apply import import_table
    from phoihop.cases.importing.reader import read_table

    table = read_table(io.BytesIO(content), "ho-so.xlsx", max_bytes=10**8, max_rows=10**6)
    return table, import_table(user=user, table=table, partial=partial, now=now, by_sets=False)


@pytest.mark.parametrize("seed", [3, 11])
def test_a_file_of_new_cases_writes_by_sets_what_the_services_write(
    demo_users: Any, now: dt.datetime, today: dt.date, seed: int
) -> None:
    content = sheets.xlsx(_demo_rows(30, seed, today, demo_users["dieutra.ag"]))
    (by_sets, sets_state, sets_chain), (by_rows, rows_state, rows_chain) = _import_both_ways(
        demo_users["dieutra.ag"], content, now, partial=True
    )
    assert by_sets.cases_created > 15
    assert by_sets.decisions_recorded > 50
    assert by_sets.errors  # a second copy of a row, on purpose
    _assert_same((by_sets, sets_state, sets_chain), (by_rows, rows_state, rows_chain))


def test_a_refused_row_without_partial_writes_nothing_by_sets(
    demo_users: Any, now: dt.datetime
) -> None:
    rows = sheets.cases(20)
    rows.append(sheets.row(external_id="HS-X", decision="Khởi tố vụ án", date="31/02/2026"))
    content = sheets.xlsx(rows)
    _, outcome = import_file(
        user=demo_users["dieutra.ag"],
        stream=io.BytesIO(content),
        name="ho-so.xlsx",
        partial=False,
        now=now,
    )
    assert outcome.errors
    assert not outcome.written
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()


def test_the_marks_written_from_the_plan_are_those_read_back_from_the_record(
    demo_users: Any, now: dt.datetime, today: dt.date
) -> None:
    """A new case's marks are made from what the import planned, not read back after
    writing: they are the marks ``marks_for`` reads from the rows written, every kind
    of them (deadlines' agencies too), and the tallies count them."""
    user = demo_users["dieutra.ag"]
    rows = _demo_rows(40, 7, today, user) + sheets.registers(5, prefix="RG")

    _, outcome = import_file(
        user=user, stream=io.BytesIO(sheets.xlsx(rows)), name="a.xlsx", partial=True, now=now
    )

    assert outcome.cases_created > 30
    stored: dict[int, set[Mark]] = {}
    for case_id, *mark in CaseMark.objects.values_list(
        "case_id", "province_id", "classification", "kind", "value", "amount"
    ):
        stored.setdefault(case_id, set()).add(Mark(*mark))
    read_back = marks_for(Case.objects.all())
    assert stored == read_back
    kinds = {mark.kind for marks in stored.values() for mark in marks}
    assert {"stage", "opened", "clock", "clock_start", "clock_length"} <= kinds
    assert {"overdue", "due_soon"} & kinds  # the deadlines' agencies are planned too
    summed: dict[tuple[Any, ...], tuple[int, int]] = {}
    for marks in read_back.values():
        for mark in marks:
            n, amount = summed.get(mark[:4], (0, 0))
            summed[mark[:4]] = (n + 1, amount + mark.amount)
    tallies = FigureTally.objects.values_list(
        "province_id", "classification", "kind", "value", "cases", "amount"
    )
    assert {(p, c, k, v): (n, int(a)) for p, c, k, v, n, a in tallies if n} == summed


@pytest.fixture
def imported(demo_users: Any, now: dt.datetime) -> Any:
    _, outcome = import_file(
        user=demo_users["dieutra.ag"],
        stream=io.BytesIO(sheets.xlsx(sheets.cases(30))),
        name="ho-so.xlsx",
        partial=False,
        now=now,
    )
    assert outcome.cases_created == 30
    assert not outcome.errors
    assert audit_verify().ok
    return outcome


def test_the_audit_chain_fails_when_an_imported_decision_is_altered(imported: Any) -> None:
    event = CaseEvent.objects.order_by("pk")[7]
    CaseEvent.objects.filter(pk=event.pk).update(date=event.date - dt.timedelta(days=1))
    report = audit_verify()
    assert not report.ok
    assert report.reason == "content of rows written by an import altered"


def test_the_audit_chain_fails_when_an_imported_decision_is_removed(imported: Any) -> None:
    CaseEvent.objects.filter(pk=CaseEvent.objects.order_by("-pk")[0].pk).delete()
    report = audit_verify()
    assert not report.ok
    assert "missing" in report.reason


def test_the_audit_chain_fails_when_an_imported_case_changes_province(imported: Any) -> None:
    from phoihop.agencies.models import Province

    other = Province.objects.exclude(pk=Case.objects.first().province_id).first()  # type: ignore[union-attr]
    Case.objects.filter(pk=Case.objects.order_by("pk")[3].pk).update(province=other)
    assert not audit_verify().ok


def test_a_decision_withdrawn_through_the_product_keeps_the_chain_whole(
    imported: Any, demo_users: Any, now: dt.datetime
) -> None:
    case = Case.objects.order_by("pk")[0]
    case_event_withdraw(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=case.version,
        sequence=2,
        reason="Nhập nhầm",
        now=now,
    )
    assert audit_verify().ok


def test_a_file_again_changes_what_the_services_change_and_nothing_else(
    demo_users: Any, now: dt.datetime, today: dt.date
) -> None:
    """The second import of a register: the groups whose every row is already in the
    record are counted unchanged without the services; a group with a new decision, a
    changed title or a number the agency never gave goes through them."""
    user = demo_users["dieutra.ag"]
    rows = _demo_rows(25, 5, today, user)
    import_file(
        user=user, stream=io.BytesIO(sheets.xlsx(rows)), name="a.xlsx", partial=True, now=now
    )
    title = [column.key for column in COLUMNS].index("title")
    number = [column.key for column in COLUMNS].index("external_id")
    again = [list(r) for r in rows]
    firsts = [i for i, r in enumerate(again) if r[title]]
    again[firsts[1]][title] += " (đã sửa)"
    again.append(sheets.row(external_id=again[firsts[2]][number], decision="Trưng cầu giám định"))
    for later in range(firsts[3] + 1, len(again)):  # another case's rows, known by its code
        if again[later][number] == again[firsts[3]][number]:
            again[later][number] = "SO-KHAC"
    (by_sets, sets_state, sets_chain), (by_rows, rows_state, rows_chain) = _import_both_ways(
        user, sheets.xlsx(again), now, partial=True
    )
    assert by_sets.unchanged > 50
    assert by_sets.cases_updated >= 1
    _assert_same((by_sets, sets_state, sets_chain), (by_rows, rows_state, rows_chain))
