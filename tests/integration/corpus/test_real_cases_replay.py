"""Publicly reported cases replayed through the API as their agencies would enter them
(tests/fixtures/real_cases.json): each body records its own decisions, a successor of a
body the 2025 reform replaced enters the decisions of its predecessor naming it, dates
known to the month or as "by" a day are entered as such, a hearing reported without the
decisions before it brings them in as unrecorded, and a reported act with no decision
type of its own is entered as another procedural act. The clocks then stand as our
reading of LEGAL.md says (each case's ``expected_clocks``)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from phoihop.agencies.models import Agency
from phoihop.cases.derived import domain_events_of
from phoihop.cases.issuers import predecessors
from phoihop.cases.models import Case, CaseAgency, CaseEvent
from phoihop.core.calendar_service import current_calendar
from phoihop.domain.clocks.derive import ClockStatus, clocks_for
from phoihop.domain.clocks.overrun import days_past_maximum, needs_update
from phoihop.domain.procedure.timeline import replay

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "real_cases.json"
APPELLATE = {
    "appeal_accepted",
    "appellate_trial_scheduled",
    "appellate_hearing_opened",
    "appellate_hearing_postponed",
    "appellate_judgment",
}
# The case is replayed as of a fixed day after its last step, so its statuses do not
# move with the day the suite runs.
AS_OF = dt.date(2026, 6, 1)


def _corpus() -> list[dict[str, Any]]:
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    return [case for case in cases if "registry" in case]


class Agencies:
    """One signed-in official (an API token) per body of today's registry."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def token_for(self, agency: Agency) -> str:
        if agency.code not in self.tokens:
            user = get_user_model().objects.create(
                username=f"corpus.{agency.code.lower()}",
                full_name=f"Cán bộ {agency.short_name or agency.name}",
                agency=agency,
                role="officer",
                clearance=3,
            )
            out = io.StringIO()
            call_command("token", "create", user.username, stdout=out)
            self.tokens[agency.code] = out.getvalue().strip()
        return self.tokens[agency.code]

    def post(self, agency: Agency, url: str, body: dict[str, Any]) -> Any:
        auth = {"HTTP_AUTHORIZATION": f"Bearer {self.token_for(agency)}"}
        return self.client.post(url, body, content_type="application/json", **auth)


def _body(
    case: dict[str, Any], step: dict[str, Any], on: dt.date, moved: dict[str, str] | None = None
) -> Agency:
    role = step["agency"]
    if role == "court" and (step.get("record_as") or step["type"]) in APPELLATE:
        role = "appellate_court"
    codes = [moved[role]] if moved and role in moved else case["registry"][role]
    bodies = Agency.objects.filter(code__in=codes).valid_on(on)
    chosen = next((b for code in codes for b in bodies if b.code == code), None)
    assert chosen is not None, (case["key"], step, "no body of the registry on that date")
    return chosen


def _recorder(body: Agency, today: dt.date) -> Agency:
    """The body itself if it still exists, else today's body holding its files."""
    if Agency.objects.valid_on(today).filter(pk=body.pk).exists():
        return body
    for successor in Agency.objects.valid_on(today).filter(kind=body.kind):
        if predecessors(successor).filter(pk=body.pk).exists():
            return successor
    raise AssertionError(f"no successor of {body.code} in the registry")


def _date_fields(step: dict[str, Any]) -> dict[str, Any]:
    date = step["date"] if len(step["date"]) == 10 else f"{step['date']}-01"
    return {"date": date, "date_known": step["precision"]}


def _charges(case: dict[str, Any]) -> str:
    return ", ".join(
        f"{c['article']}.{c['clause']}" if c.get("clause") else str(c["article"])
        for c in case["charges"]
    )


def _replay(case: dict[str, Any], agencies: Agencies) -> tuple[Case, int]:
    """Enter every step a procedural body took; return the case and how many steps were
    acts of bodies outside the procedure (left to the case's notes, not entered)."""
    steps = case["steps"]
    opening = next(s for s in steps if s["type"] in ("crime_report_received", "case_initiated"))
    first_day = dt.date.fromisoformat(_date_fields(opening)["date"])
    body = _body(case, opening, first_day)
    recorder = _recorder(body, AS_OF)
    created = agencies.post(
        recorder,
        "/api/v1/cases",
        {
            "kind": "criminal_case",
            "title": case["title"][:300],
            "province": case["registry"]["province"],
            "external_id": f"corpus-{case['key']}",
            "first_event": {
                "type": opening["type"],
                **_date_fields(opening),
                **({"issuer": body.code} if recorder != body else {}),
            },
        },
    )
    assert created.status_code == 201, (case["key"], created.json())
    record = Case.objects.get(pk=created.json()["id"])
    charged = False
    outside = 0
    previous = recorder
    moved: dict[str, str] = {}  # role → the body a transfer gave the case to
    for step in steps:
        if step is opening:
            continue
        if step["agency"] is None:
            assert step.get("actor"), (case["key"], step)
            outside += 1
            continue
        kind = step.get("record_as") or step["type"] or "other_decision"
        fields = _date_fields(step)
        on = dt.date.fromisoformat(fields["date"])
        body = _body(case, step, on, moved)
        recorder = _recorder(body, AS_OF)
        if not CaseAgency.objects.filter(case=record, agency=recorder, role="handling").exists():
            # The body sending the file adds the one receiving it (a court the Supreme
            # Procuracy indicts to, the appellate court), from the day it takes part.
            added = agencies.post(
                previous,
                f"/api/v1/cases/{record.pk}/agencies",
                {
                    "agency": recorder.code,
                    "since": max(on, recorder.valid_from).isoformat(),
                    "version": Case.objects.get(pk=record.pk).version,
                },
            )
            assert added.status_code == 201, (case["key"], step["date"], added.json())
        if kind == "case_split":
            # Part of the case goes on as a case of its own: the split opens it.
            split = agencies.post(
                recorder,
                f"/api/v1/cases/{record.pk}/split",
                {
                    **fields,
                    "title": step["vietnamese"][:300],
                    "note": step["detail"][:2000],
                    "version": Case.objects.get(pk=record.pk).version,
                },
            )
            assert split.status_code == 201, (case["key"], step["date"], split.json())
            previous = recorder
            continue
        payload: dict[str, Any] = {
            "type": kind,
            **fields,
            "version": Case.objects.get(pk=record.pk).version,
            "note": step["detail"][:2000],
            "infer_unrecorded": True,
        }
        if recorder != body:
            payload["issuer"] = body.code
        if kind == "other_decision":
            payload["title"] = step["vietnamese"][:300]
        if kind in ("suspect_charged", "charges_changed", "indicted") and not charged:
            payload["charges"] = _charges(case)
            charged = kind != "charges_changed"
        if step.get("months"):
            payload["months"] = step["months"]
        if kind == "case_transferred":
            payload["to_agency"] = step["to"]
            moved[step["agency"]] = step["to"]
        if kind == "detention_ordered":
            # The order names whom it detains: reports name a batch, entered as one
            # person per order so one batch's detention is not read as another's.
            person = agencies.post(
                recorder,
                f"/api/v1/cases/{record.pk}/persons",
                {
                    "full_name": f"Bị can bị tạm giam theo lệnh {step['date']}",
                    "role": "accused",
                    "version": payload["version"],
                },
            )
            assert person.status_code == 201, (case["key"], person.json())
            payload["person_id"] = person.json()["id"]
            payload["version"] = Case.objects.get(pk=record.pk).version
        answer = agencies.post(recorder, f"/api/v1/cases/{record.pk}/events", payload)
        assert answer.status_code == 201, (case["key"], step["date"], kind, answer.json())
        previous = recorder
    return record, outside


def _statuses(record: Case) -> list[list[Any]]:
    """Each clock as [code, status, approximate, days past the law's maximum, needs
    updating], and the codes of the clocks that could not be computed."""
    events = domain_events_of(record.events.all())
    derived = clocks_for(events, current_calendar(), today=AS_OF)
    stage = replay(events).stage
    assert stage is not None
    rows: list[list[Any]] = []
    for clock in derived.clocks:
        past = days_past_maximum(
            is_open=clock.is_open,
            deadline=clock.deadline,
            max_deadline=clock.max_deadline,
            ended_on=clock.ended_on,
            today=AS_OF,
        )
        stale = needs_update(
            code=clock.code,
            variant=clock.variant or "",
            is_overdue=clock.status is ClockStatus.OVERDUE,
            deadline=clock.deadline,
            case_stage=stage,
            today=AS_OF,
        )
        rows.append([clock.code, clock.status.value, clock.approximate, past, stale])
    unknown = sorted(p.clock for p in derived.problems if p.code == "clock.start.unknown")
    return [*sorted(rows), ["not computed", *unknown]]


@pytest.mark.parametrize("case", _corpus(), ids=lambda case: case["key"])
def test_a_reported_case_replays_with_every_step_entered_and_its_clocks_as_expected(
    client, registry, case
):  # type: ignore[no-untyped-def]
    record, outside = _replay(case, Agencies(client))

    entered = CaseEvent.objects.filter(case=record)
    reported = [s for s in case["steps"] if s["agency"] is not None]
    inferred = entered.filter(params__unrecorded=True).count()
    assert entered.count() == len(reported) + inferred
    assert outside == len(case["steps"]) - len(reported)
    assert _statuses(record) == case["expected_clocks"]


def test_the_replayed_corpus_covers_ten_cases_and_its_steps_by_kind() -> None:
    cases = _corpus()
    kinds = Counter(
        step.get("record_as") or step["type"] or "other_decision"
        for case in cases
        for step in case["steps"]
        if step["agency"] is not None
    )

    assert len(cases) >= 10
    assert kinds["hearing_opened"] >= 10
    assert kinds["appellate_hearing_opened"] >= 10
    assert kinds["other_decision"] >= 10
