"""The record checked from outside a server that was killed and restarted: run in the
server's own environment (settings, DATABASE_URL, PHOIHOP_VAR_DIR) as

    python -m tests.integration.crash.consistency

it prints one JSON object: ``problems``, every inconsistency found (empty when the
record is whole), and ``facts``, what the record holds, for the test to hold against
what its client was told.

The derived data (clocks, the dashboard's marks and tallies) are held against the
product's own repair commands: their state is read, ``clocks refresh`` and ``tallies
rebuild`` make them again from the decisions, and the two readings must be equal."""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from typing import Any


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    problems = [*_storage(), *_orphans(), *_audit(), *_replayed_columns(), *_idempotency()]
    derived = _derived()
    call_command("clocks", "refresh", stdout=io.StringIO())
    call_command("tallies", "rebuild", stdout=io.StringIO())
    rederived = _derived()
    for name, rows in derived.items():
        if rows != rederived[name]:
            gone = sorted(set(rows) - set(rederived[name]))[:5]
            came = sorted(set(rederived[name]) - set(rows))[:5]
            problems.append(f"{name} differ from their rederivation: stored {gone}, made {came}")
    print(json.dumps({"problems": problems, "facts": _facts()}, default=str))


def _storage() -> list[str]:
    """SQLite's own checks of the file; PostgreSQL enforces its constraints itself."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        integrity = [row[0] for row in cursor.fetchall()]
        cursor.execute("PRAGMA foreign_key_check")
        dangling = cursor.fetchall()
    problems = [] if integrity == ["ok"] else [f"integrity_check: {integrity[:5]}"]
    if dangling:
        problems.append(f"foreign_key_check: {dangling[:5]}")
    return problems


def _orphans() -> list[str]:
    """Rows pointing at a row that is not there, for every foreign key of every model."""
    from django.apps import apps

    problems = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            target = field.related_model._default_manager.values(field.target_field.attname)
            dangling = (
                model._default_manager.filter(**{f"{field.attname}__isnull": False})
                .exclude(**{f"{field.attname}__in": target})
                .count()
            )
            if dangling:
                problems.append(f"{dangling} {model._meta.label} rows without their {field.name}")
    return problems


def _audit() -> list[str]:
    """The chain verifies, and every decision entered through the services has its entry
    (the first with the case's ``case.created``, later ones with ``case.event.recorded``)
    or, written by an import's chunk, is named by the chunk's ``cases.import.written``;
    and every such entry its decision and case. Decisions without an enterer are the
    demo loader's, which audits its load as a whole."""
    from phoihop.audit.models import AuditEvent
    from phoihop.audit.services import audit_verify
    from phoihop.cases.importing.proof import ids_of
    from phoihop.cases.models import Case, CaseEvent

    problems = []
    report = audit_verify()
    if not report.ok:
        problems.append(f"audit chain broken at #{report.broken_seq}: {report.reason}")
    recorded = Counter(
        data["event"]
        for data in AuditEvent.objects.filter(action="case.event.recorded").values_list(
            "data", flat=True
        )
    )
    created = Counter(
        AuditEvent.objects.filter(action="case.created").values_list("target_id", flat=True)
    )
    chunks = AuditEvent.objects.filter(action="cases.import.written").values_list("data", flat=True)
    by_chunk = Counter(pk for data in chunks for pk in ids_of(data["events"]))
    events = CaseEvent.objects.filter(entered_by__isnull=False).values_list(
        "pk", "case_id", "sequence"
    )
    for pk, case_id, sequence in events:
        by_services = created[str(case_id)] if sequence == 1 else recorded[pk]
        entries = by_chunk[pk] or by_services
        if entries != 1:
            problems.append(f"decision {pk} (case {case_id}, #{sequence}) has {entries} entries")
    known = set(CaseEvent.objects.values_list("pk", flat=True))
    problems += [f"audit entry for a missing decision {pk}" for pk in set(recorded) - known]
    cases = {str(pk) for pk in Case.objects.values_list("pk", flat=True)}
    problems += [f"audit entry for a missing case {pk}" for pk in set(created) - cases]
    return problems


def _replayed_columns() -> list[str]:
    """A case has decisions, numbered 1…n without a gap, and its stage and dates are
    what replaying them gives."""
    from phoihop.cases.derived import domain_events_of
    from phoihop.cases.models import Case
    from phoihop.domain.procedure.timeline import replay

    problems = []
    for case in Case.objects.prefetch_related("events"):
        events = domain_events_of(case.events.all())
        if not events:
            problems.append(f"case {case.pk} without a decision")
            continue
        if [event.sequence for event in events] != list(range(1, len(events) + 1)):
            problems.append(f"case {case.pk}: decisions numbered {[e.sequence for e in events]}")
            continue
        timeline = replay(events)
        stage = timeline.stage.value if timeline.stage else ""
        replayed = (stage, events[0].date, events[-1].date)
        stored = (case.stage, case.opened_on, case.last_event_on)
        if stored != replayed:
            problems.append(f"case {case.pk}: stored {stored}, replayed {replayed}")
    return problems


def _idempotency() -> list[str]:
    """A claimed key commits with the answer it got, or not at all."""
    from phoihop.core.models import IdempotencyRecord

    unanswered = IdempotencyRecord.objects.filter(response_status__isnull=True).count()
    return [f"{unanswered} idempotency keys committed without their answer"] if unanswered else []


def _derived() -> dict[str, list[tuple[str, ...]]]:
    from phoihop.cases.models import Case
    from phoihop.clocks.models import Clock
    from phoihop.reports.models import CaseMark, FigureTally

    def rows(queryset: Any, names: list[str] | None = None) -> list[tuple[str, ...]]:
        if names is None:
            names = [f.attname for f in queryset.model._meta.concrete_fields if f.name != "id"]
        return sorted(tuple(map(str, row)) for row in queryset.values_list(*names))

    return {
        "clocks": rows(Clock.objects.all()),
        "nearest deadlines": rows(Case.objects.all(), ["id", "next_deadline"]),
        "marks": rows(CaseMark.objects.all()),
        # The services leave a tally at zero when its last case leaves it (the nightly
        # sweep prunes it); the rebuild makes none.
        "tallies": rows(FigureTally.objects.exclude(cases=0, amount=0)),
    }


def _facts() -> dict[str, Any]:
    from phoihop.audit.models import AuditEvent
    from phoihop.cases.models import Case, CaseEvent, CaseReference

    return {
        "cases": Case.objects.count(),
        "references": sorted(CaseReference.objects.values_list("external_id", flat=True)),
        "events": [
            {"case": case, "sequence": sequence, "type": kind, "doc_number": number}
            for case, sequence, kind, number in CaseEvent.objects.filter(entered_by__isnull=False)
            .order_by("case_id", "sequence")
            .values_list("case_id", "sequence", "type", "doc_number")
        ],
        "versions": dict(Case.objects.values_list("pk", "version")),
        "imports": list(
            AuditEvent.objects.filter(action="cases.imported")
            .order_by("seq")
            .values_list("data", flat=True)
        ),
    }


if __name__ == "__main__":
    main()
