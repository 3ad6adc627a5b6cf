"""The authorization matrix's entries: for every URL pattern and API operation, the
requests to try and the answer the access policy expects from them for one user.

The builders in ``ONCE`` give a user's probes of the routes that name no case; those in
``EACH`` the probes for one user and one of the scenario's four cases. Both key their
probes by the route's name as Django's resolver gives it (``cases:detail``, or the
pattern itself when it has no name) or the OpenAPI description does (``GET
/api/v1/cases/{case_id}``); ``ONCE_KEYS`` and ``EACH_KEYS`` list them, and a route in
neither fails the matrix. A probe's expectation comes from the policy —
phoihop/domain/access/policy.py for the case record, the coordination rules
(phoihop/domain/coordination) for who acts on a request, a meeting, a directive, the
publicity rules (phoihop/domain/publicity) for who drafts and approves a release —
never from the view under test.

Writes send a valid form, so that a refusal is the access check's and not the form's;
the matrix runs each request in a transaction it rolls back, so a write allowed to one
user does not change what the next one sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency, Province
from phoihop.cases.derived import domain_events_of
from phoihop.cases.selectors import case_facts
from phoihop.domain.access.policy import (
    editable_case_fields,
    may_add_agency,
    may_administer_users,
    may_create_case,
    may_record_events,
    may_view,
)
from phoihop.domain.coordination.authority import AuthorityRef
from phoihop.domain.coordination.directives import DIRECTIVE_RECORDER_KINDS
from phoihop.domain.organisation import OVERSIGHT_KINDS, AgencyKind, AgencyLevel
from phoihop.domain.procedure.events import recorder_kinds
from phoihop.domain.procedure.timeline import allowed_events, replay
from phoihop.domain.publicity.access import (
    may_approve_release,
    may_draft_release,
    may_inform_about,
)
from tests.integration.security.scenario import Bundle, Scenario, decision_docx


class Expect(StrEnum):
    OK = "allowed"  # 2xx, a 3xx not to a sign-in page; 400/409/422 refuse the content
    HIDDEN = "404: not to be seen"
    REFUSED = "404: the role may not do this"  # DESIGN §5: forbidden looks like not found
    SIGN_IN = "sign in first"  # a page: 302 to a sign-in page; the API: 401
    SIGNED_OUT = "302 to the sign-in page, signed out"
    STAFF = "the admin site answers"  # a superuser: the admin's own permissions decide
    BOUNCE = "302 back to the record"  # a GET on an address that only takes a form
    TAKEN = "409: key taken"  # the API's upsert by a key naming a case out of scope
    METHOD = "405"


@dataclass(frozen=True)
class Deviation:
    """Where the product answers otherwise than the policy: a finding reported and not
    yet decided. The matrix holds the product to the answer it gives today, and fails
    when that changes, so the entry goes when the deviation does."""

    status: int
    finding: str


OVERSIGHT_OPENS_NO_CASE = Deviation(
    404,
    "policy.may_create_case lets an oversight body's coordinator open a case (a matter "
    "it monitors), and the create and import pages are offered; but the procedure lets "
    "only investigation bodies and procuracies record a first decision (RECORDED_BY of "
    "crime_report_received and case_initiated), so every case they send is refused "
    "with 404",
)


@dataclass(frozen=True)
class Probe:
    method: str
    url: str
    expect: Expect
    data: Any = None
    api: bool = False  # JSON body, API answers
    why: str = ""
    deviation: Deviation | None = None
    multipart: bool = False  # an API probe whose body is a form with files, not JSON


# The policy, as the matrix reads it -------------------------------------------------


class Who:
    """One user of the matrix and what the policy lets them do in the scenario."""

    def __init__(self, scenario: Scenario, username: str | None) -> None:
        self.scenario = scenario
        self.username = username
        self.user = scenario.users[username] if username else None
        self._facts: dict[int, Any] = {}

    @property
    def anonymous(self) -> bool:
        return self.user is None

    @cached_property
    def actor(self) -> Any:
        return actor_for(self.user)

    def facts(self, case: Any) -> Any:
        if case.pk not in self._facts:
            self._facts[case.pk] = case_facts(case)
        return self._facts[case.pk]

    @property
    def agency_id(self) -> int | None:
        return self.user.agency_id if self.user else None

    @property
    def kind(self) -> str | None:
        return self.user.agency.kind if self.user and self.user.agency_id else None

    # phoihop/domain/access/policy.py
    def sees(self, case: Any) -> bool:
        return not self.anonymous and may_view(self.actor, self.facts(case))

    def records(self, case: Any) -> bool:
        return not self.anonymous and may_record_events(self.actor, self.facts(case))

    def adds_agency(self, case: Any) -> bool:
        return not self.anonymous and may_add_agency(self.actor, self.facts(case))

    def edits(self, case: Any) -> frozenset[str]:
        if self.anonymous:
            return frozenset()
        return editable_case_fields(self.actor, self.facts(case))

    @property
    def creates(self) -> bool:
        return not self.anonymous and may_create_case(self.actor)

    @property
    def administers(self) -> bool:
        return not self.anonymous and may_administer_users(self.actor)

    @property
    def writer(self) -> bool:
        """The roles that write at all (policy._WRITING_ROLES)."""
        return self.user is not None and self.user.role in ("officer", "leader", "coordinator")

    @property
    def overseer(self) -> bool:
        return self.kind in OVERSIGHT_KINDS

    # phoihop/domain/procedure: the decisions the user's agency kind records next
    def recordable(self, case: Any) -> list[str]:
        if self.kind is None:
            return []
        timeline = replay(domain_events_of(case.events.all()))
        return [e.value for e in allowed_events(timeline, recorder_kind=AgencyKind(self.kind))]

    # phoihop/domain/coordination: who takes part in the coordination records
    def sees_request(self, request: Any) -> bool:
        """A request's parties see it, and the bodies overseeing its case."""
        party = self.agency_id in (request.from_agency_id, request.to_agency_id)
        return self.sees(request.case) and (party or self.overseer)

    def party(self, request: Any) -> bool:
        return self.agency_id in (request.from_agency_id, request.to_agency_id)

    def takes_part(self, meeting: Any) -> bool:
        return self.agency_id is not None and (
            self.agency_id == meeting.chair_agency_id
            or meeting.participants.filter(pk=self.agency_id).exists()
        )

    def sees_meeting(self, meeting: Any) -> bool:
        """A meeting is about its agenda's cases: its agencies and the bodies overseeing
        those cases see it, when the user may see at least one of the cases."""
        cases = [item.case for item in meeting.agenda.select_related("case")]
        return (self.takes_part(meeting) or self.overseer) and any(self.sees(c) for c in cases)

    def sees_whole_agenda(self, meeting: Any) -> bool:
        return all(self.sees(item.case) for item in meeting.agenda.select_related("case"))

    @property
    def records_directives(self) -> bool:
        return self.kind in DIRECTIVE_RECORDER_KINDS

    def answers(self, escalation: Any) -> bool:
        """The authority an escalation went to, or its standing body, answers it."""
        if self.user is None or self.user.agency_id is None:
            return False
        authority = escalation.authority
        agency = self.user.agency
        ref = AuthorityRef(AgencyLevel(authority.level), authority.province_id)
        return agency.pk == authority.pk or ref.includes(
            AgencyKind(agency.kind), AgencyLevel(agency.level), agency.province_id
        )

    @property
    def signs_letters(self) -> bool:
        """Follow-up letters are signed by a leader or a coordinator."""
        return self.user is not None and self.user.role in ("leader", "coordinator")

    # phoihop/domain/publicity: who drafts public information, and about what
    @property
    def drafts_releases(self) -> bool:
        return not self.anonymous and may_draft_release(self.actor)

    @property
    def approves_releases(self) -> bool:
        return not self.anonymous and may_approve_release(self.actor)

    def informs_about(self, case: Any) -> bool:
        """A case's releases are its drafters': the role, and the case in sight."""
        return not self.anonymous and may_inform_about(self.actor, self.facts(case))

    def sees_false_report(self, report: Any) -> bool:
        """An entry tells what is said about its cases: seen only by a drafter who may
        see every one of them."""
        return self.drafts_releases and all(self.sees(case) for case in report.cases.all())

    def canaries_hidden(self) -> list[str]:
        """The canary words this user must never be shown."""
        hidden = []
        for bundle in self.scenario.bundles.values():
            seen = {
                "case": self.sees(bundle.case),
                "request": self.sees_request(bundle.request),
                "meeting_planned": self.sees_meeting(bundle.meeting_planned),
                "meeting_held": self.sees_meeting(bundle.meeting_held),
                "release": self.informs_about(bundle.case),
                "false_report": self.sees_false_report(bundle.false_report),
            }
            hidden += [c.token for c in bundle.canaries if not seen[c.carrier]]
        return hidden


def decide(allowed: bool, visible: bool) -> Expect:
    if allowed:
        return Expect.OK
    return Expect.REFUSED if visible else Expect.HIDDEN


def seen(visible: bool) -> Expect:
    return Expect.OK if visible else Expect.HIDDEN


# Payloads ----------------------------------------------------------------------------


def _day(on: dt.date) -> str:
    return on.isoformat()


def _province_agency(case: Any, suffix: str) -> Any:
    prefix = "AG" if case.province.code.upper().startswith("AG") else "HN"
    return Agency.objects.get(code=f"{prefix}-{suffix}")


def _event_type(who: Who, case: Any) -> str:
    """A decision the user's agency kind records now, if there is one; otherwise one
    possible now that its kind does not record (the procedure checks the stage before
    the recorder), so that the answer is the access check's."""
    recordable = who.recordable(case)
    if recordable:
        return recordable[0]
    timeline = replay(domain_events_of(case.events.all()))
    return next(
        t.value
        for t in allowed_events(timeline)
        if who.kind not in recorder_kinds(t, timeline.holding_stage)
    )


def _directive_form(who: Who, bundle: Bundle) -> dict[str, Any]:
    today = who.scenario.today
    return {
        "doc_number": "99-KL/MT",
        "issued_on": _day(today),
        "content": "Kết luận của ma trận phân quyền.",
        "task_agency": bundle.builder.agency_id,
        "task_description": "Báo cáo kết quả.",
        "task_due_on": _day(today + dt.timedelta(days=10)),
    }


# Case pages --------------------------------------------------------------------------


def _enforcement_office(who: Who, b: Bundle) -> int:
    """The case's province's enforcement office: a body the case does not have yet."""
    prefix = b.builder.agency.code.split("-")[0]
    return int(who.scenario.registry[f"{prefix}-THADS"].pk)


def _case_each(who: Who, b: Bundle) -> dict[str, list[Probe]]:
    case, today = b.case, who.scenario.today
    visible = who.sees(case)
    records = who.records(case)
    recordable = bool(who.recordable(case))
    sender = who.user is not None and who.user.pk == b.builder.pk  # of the reading batch
    editable = who.edits(case)
    edit_form = {
        "title": case.title + " (sửa)",
        "national_code": case.national_code or "",
        "summary": case.summary,
        "field": case.field,
        "classification": case.classification,
        "monitoring": "provincial" if case.monitoring == "none" else "none",
        "version": case.version,
    }
    base = f"/cases/{case.pk}/"
    return {
        "cases:detail": [Probe("GET", base, seen(visible))],
        "cases:edit": [
            Probe("GET", f"{base}edit/", decide(bool(editable), visible)),
            Probe("POST", f"{base}edit/", decide(bool(editable), visible), edit_form),
        ],
        "cases:record_event": [
            Probe("GET", f"{base}events/", Expect.BOUNCE),
            Probe(
                "POST",
                f"{base}events/",
                decide(records and recordable, visible),
                {"type": _event_type(who, case), "date": _day(today), "version": case.version},
                why="handling agency, writing role, and a decision its kind records now",
            ),
        ],
        "cases:change_event": [
            Probe("GET", f"{base}events/1/change/", Expect.BOUNCE),
            Probe(
                "POST",
                f"{base}events/1/change/",
                decide(
                    records and who.agency_id == b.case.events.get(sequence=1).agency_id, visible
                ),
                {
                    "change-1-reason": "Ma trận phân quyền",
                    "change-1-date": _day(b.case.opened_on),
                    "change-1-action": "withdraw",
                    "change-1-version": case.version,
                },
                why="the agency that recorded the decision, handling the case, writing role",
            ),
        ],
        "cases:add_agency": [
            Probe("GET", f"{base}agencies/", Expect.BOUNCE),
            Probe(
                "POST",
                f"{base}agencies/",
                decide(who.adds_agency(case), visible),
                {
                    "agency-agency": _enforcement_office(who, b),
                    "agency-since": _day(today),
                    "agency-version": case.version,
                },
                why="handling agency, or its overseers' leaders and coordinators",
            ),
        ],
        "cases:split": [
            Probe("GET", f"{base}split/", Expect.BOUNCE),
            Probe(
                "POST",
                f"{base}split/",
                decide(records and "case_split" in who.recordable(case), visible),
                {
                    "split-date": _day(today),
                    "split-title": "Vụ án tách để điều tra riêng",
                    "split-version": case.version,
                },
                why="a handling investigating body (a procuracy in prosecution), writing role",
            ),
        ],
        "cases:add_person": [
            Probe("GET", f"{base}persons/", Expect.BOUNCE),
            Probe(
                "POST",
                f"{base}persons/",
                decide(records, visible),
                {
                    "person-full_name": "Trần Thị Mới",
                    "person-role": "suspect",
                    "person-birth_year": 1980,
                    "person-position": "",
                    "person-version": case.version,
                },
            ),
        ],
        "cases:read_document": [
            Probe("GET", f"{base}documents/", Expect.BOUNCE),
            Probe(
                "POST",
                f"{base}documents/",
                decide(records and recordable, visible),
                {
                    "document": SimpleUploadedFile(
                        "quyết định.docx",
                        decision_docx("Ma trận phân quyền"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    )
                },
                why="a writer of a handling agency who may record a decision now",
            ),
            Probe(
                "POST",
                f"{base}documents/",
                decide(records and recordable, visible),
                {
                    "document": [
                        SimpleUploadedFile(f"quyết định {n}.docx", decision_docx("Ma trận"))
                        for n in (1, 2)
                    ]
                },
                why="several files, queued for the worker: the same check",
            ),
        ],
        "cases:review_document": [
            Probe(
                "GET",
                f"{base}documents/{b.document.pk}/",
                decide(records and recordable and who.agency_id == b.builder.agency_id, visible),
                why="the agency that gave the document, while it may record a decision",
            ),
            Probe(
                "POST",
                f"{base}documents/{b.document.pk}/",
                decide(records and recordable and who.agency_id == b.builder.agency_id, visible),
                {},
                why="the confirmation: an empty form is refused for its content (400)",
            ),
            Probe(
                "GET",
                f"{base}documents/{b.batch.result['documents'][0]['id']}/?batch={b.batch.pk}",
                decide(records and recordable and sender, visible),
                why="within a batch: the batch's sender alone",
            ),
        ],
        "cases:reading_batch": [
            Probe(
                "GET",
                f"{base}documents/batch/{b.batch.pk}/",
                decide(records and recordable and sender, visible),
                why="the batch's sender alone (a job is its owner's), while they may record",
            ),
        ],
        "cases:document_file": [
            Probe("GET", f"{base}documents/{b.document.pk}/file", seen(visible)),
        ],
        "cases:record_asset": [
            Probe("GET", f"{base}assets/", Expect.BOUNCE),
            Probe(
                "POST",
                f"{base}assets/",
                decide(records, visible),
                {
                    "asset-kind": "frozen",
                    "asset-amount_vnd": 1000,
                    "asset-date": _day(today),
                    "asset-note": "",
                    "asset-version": case.version,
                },
            ),
        ],
    }


def _case_once(who: Who) -> dict[str, list[Probe]]:
    scenario, today = who.scenario, who.scenario.today
    stems = [f"zq{key}title" for key in scenario.bundles]  # canary words less their last letter
    hanoi = Province.objects.get(code__iexact="HN").pk
    province = who.user.agency.province_id if who.user and who.user.agency_id else None
    create_form = {
        "kind": "criminal_case",
        "title": "Vụ án mới của ma trận phân quyền",
        "national_code": "",
        "summary": "",
        "province": province or hanoi,
        "charges": "353.3",
        "classification": 0,
        "monitoring": "none",
        "first_event": "case_initiated",
        "date": _day(today),
        "doc_number": "",
    }
    creates = decide(who.creates, True)
    opens = OVERSIGHT_OPENS_NO_CASE if who.creates and who.overseer else None
    owner = who.username == scenario.import_file_owner
    return {
        "cases:list": [
            Probe("GET", "/", Expect.OK),
            *[Probe("GET", f"/?q={stem}", Expect.OK) for stem in stems],
            Probe("GET", f"/?province={hanoi}", Expect.OK),
        ],
        "cases:create": [
            Probe("GET", "/cases/new/", creates),
            Probe("POST", "/cases/new/", creates, create_form, deviation=opens),
        ],
        "cases:export": [
            Probe("GET", "/cases/export/cases.csv", Expect.OK),
            Probe("GET", "/cases/export/cases.xlsx", Expect.OK),
            Probe("GET", "/cases/export/clocks.csv", Expect.OK),
        ],
        "cases:import": [
            Probe("GET", "/cases/import/", creates),
            Probe("POST", "/cases/import/", creates, {}),
        ],
        "cases:import_template": [
            Probe("GET", "/cases/import/template.xlsx", creates),
            Probe("GET", "/cases/import/template.csv", creates),
        ],
        "cases:import_file": [
            Probe("GET", scenario.import_file_url, decide(owner, False), why="its importer's only"),
        ],
    }


def _jobs_once(who: Who) -> dict[str, list[Probe]]:
    owner = who.username == who.scenario.job_owner
    url = who.scenario.job_url
    return {
        "jobs:job": [Probe("GET", url, decide(owner, False), why="its owner's only")],
        "jobs:file": [Probe("GET", f"{url}file/", decide(owner, False), why="its owner's only")],
    }


# Coordination pages ------------------------------------------------------------------


def _coordination_each(who: Who, b: Bundle) -> dict[str, list[Probe]]:
    today = who.scenario.today
    case = b.case
    visible = who.sees(case)
    request, obstacle, task = b.request, b.obstacle, b.task
    sees_request = who.sees_request(request)
    planned, held = b.meeting_planned, b.meeting_held
    sees_planned, sees_held = who.sees_meeting(planned), who.sees_meeting(held)
    item_visible = sees_held and visible
    handling = who.agency_id in who.facts(case).handling_agency_ids
    meeting_form = {
        "title": "Họp mới của ma trận",
        "chair_name": "Chủ trì",
        "held_on": _day(today + dt.timedelta(days=3)),
        "start_time": "08:30",
        "place": "Hội trường",
        "sites": "",
        "participants": [_province_agency(case, "VKS").pk, _province_agency(case, "TA").pk],
        "cases": str(case.pk),
    }
    recipient = _province_agency(case, "PY")
    return {
        "coordination:request_new": [
            Probe("GET", f"/coordination/cases/{case.pk}/requests/new/", seen(visible)),
            Probe(
                "POST",
                f"/coordination/cases/{case.pk}/requests/new/",
                decide(who.records(case), visible),
                {
                    "kind": "documents",
                    "to_agency": recipient.pk,
                    "subject": "Đề nghị cung cấp tài liệu",
                    "body": "",
                    "variant": "",
                    "due_on": _day(today + dt.timedelta(days=10)),
                },
                why="a handling agency's writer sends requests",
            ),
        ],
        "coordination:request": [
            Probe("GET", f"/coordination/requests/{request.pk}/", seen(sees_request)),
        ],
        "coordination:request_move": [
            Probe("GET", f"/coordination/requests/{request.pk}/move/", Expect.BOUNCE),
            Probe(
                "POST",
                f"/coordination/requests/{request.pk}/move/",
                decide(
                    who.writer and sees_request and who.agency_id == request.to_agency_id,
                    sees_request,
                ),
                {"to": "received", "reason": "", "answer": "", "version": request.version},
                why="only the recipient receives a request",
            ),
        ],
        "coordination:request_message": [
            Probe("GET", f"/coordination/requests/{request.pk}/messages/", Expect.BOUNCE),
            Probe(
                "POST",
                f"/coordination/requests/{request.pk}/messages/",
                decide(who.writer and sees_request and who.party(request), sees_request),
                {"text": "Đã nhận được."},
                why="the sender and the recipient write in its thread",
            ),
        ],
        "coordination:request_attachment": [
            Probe(
                "GET",
                f"/coordination/requests/{request.pk}/messages/{b.message.pk}/file/",
                seen(sees_request),
            )
        ],
        "coordination:obstacle_new": [
            Probe("GET", f"/coordination/cases/{case.pk}/obstacles/new/", seen(visible)),
            Probe(
                "POST",
                f"/coordination/cases/{case.pk}/obstacles/new/",
                decide(who.writer and visible, visible),
                {"category": "coordination", "description": "Vướng mắc mới."},
                why="any writer who sees the case raises one",
            ),
        ],
        "coordination:obstacle": [
            Probe("GET", f"/coordination/obstacles/{obstacle.pk}/", seen(visible)),
            Probe(
                "POST",
                f"/coordination/obstacles/{obstacle.pk}/",
                decide(
                    who.writer
                    and visible
                    and (handling or who.agency_id == obstacle.raised_by_agency_id),
                    visible,
                ),
                {"to": "being_resolved", "resolution": "", "version": obstacle.version},
                why="a handling agency or the one that raised it moves it",
            ),
        ],
        "coordination:plan_target": [
            Probe("GET", f"/coordination/cases/{case.pk}/plan/", seen(visible)),
            Probe(
                "POST",
                f"/coordination/cases/{case.pk}/plan/",
                decide(who.writer and who.overseer and visible, visible),
                {
                    "stage": "investigation",
                    "target_on": _day(today + dt.timedelta(days=40)),
                    "note": "",
                },
                why="the Steering Committee or the Internal Affairs Commission sets plans",
            ),
        ],
        "coordination:directive_new": [
            Probe("GET", f"/coordination/cases/{case.pk}/directives/new/", seen(visible)),
            Probe(
                "POST",
                f"/coordination/cases/{case.pk}/directives/new/",
                decide(who.writer and who.records_directives and visible, visible),
                _directive_form(who, b),
                why="a Steering Committee or its standing body records directives",
            ),
        ],
        "coordination:meeting": [
            Probe("GET", f"/coordination/meetings/{planned.pk}/", seen(sees_planned)),
            Probe("GET", f"/coordination/meetings/{held.pk}/", seen(sees_held)),
        ],
        "coordination:meeting_new": [
            Probe(
                "POST",
                "/coordination/meetings/new/",
                decide(who.writer and visible, visible),
                meeting_form,
                why="a writer calls a meeting on cases they see",
            )
        ],
        "coordination:meeting_hold": [
            Probe("GET", f"/coordination/meetings/{planned.pk}/hold/", Expect.BOUNCE),
            Probe(
                "POST",
                f"/coordination/meetings/{planned.pk}/hold/",
                decide(
                    who.writer and sees_planned and who.agency_id == planned.chair_agency_id,
                    sees_planned,
                ),
                {},
                why="the chair's agency holds its meeting",
            ),
        ],
        "coordination:meeting_close": [
            Probe("GET", f"/coordination/meetings/{held.pk}/close/", Expect.BOUNCE),
            Probe(
                "POST",
                f"/coordination/meetings/{held.pk}/close/",
                decide(
                    who.writer and sees_held and who.agency_id == held.chair_agency_id, sees_held
                ),
                {},
                why="the chair's agency closes its meeting",
            ),
        ],
        "coordination:meeting_details": [
            Probe("GET", f"/coordination/meetings/{held.pk}/details/", Expect.BOUNCE),
            Probe(
                "POST",
                f"/coordination/meetings/{held.pk}/details/",
                decide(
                    who.writer and sees_held and who.agency_id == held.chair_agency_id, sees_held
                ),
                {
                    "record-start_time": "08:30",
                    "record-end_time": "10:45",
                    "record-chair_name": "Chủ trì",
                    "record-secretary_name": "Thư ký của ma trận",
                    "record-secretary_agency": held.chair_agency_id,
                    "record-version": held.version,
                },
                why="the chair's agency keeps the record the minutes are drawn from",
            ),
        ],
        "coordination:position": [
            Probe(
                "GET",
                f"/coordination/agenda/{b.agenda_item.pk}/position/",
                Expect.BOUNCE if sees_held else Expect.HIDDEN,
            ),
            Probe(
                "POST",
                f"/coordination/agenda/{b.agenda_item.pk}/position/",
                decide(who.writer and item_visible and who.takes_part(held), item_visible),
                {"text": "Ý kiến mới của cơ quan."},
                why="an agency taking part in the meeting states its position",
            ),
        ],
        "coordination:conclude": [
            Probe(
                "GET",
                f"/coordination/agenda/{b.agenda_item.pk}/conclude/",
                Expect.BOUNCE if sees_held else Expect.HIDDEN,
            ),
            Probe(
                "POST",
                f"/coordination/agenda/{b.agenda_item.pk}/conclude/",
                decide(
                    who.writer and item_visible and who.agency_id == held.chair_agency_id,
                    item_visible,
                ),
                {"agreed": "yes", "text": "Thống nhất."},
                why="the chair's agency records the outcome",
            ),
        ],
        "coordination:escalation": [
            Probe("GET", f"/coordination/escalations/{b.escalation.pk}/", seen(visible)),
            Probe(
                "POST",
                f"/coordination/escalations/{b.escalation.pk}/",
                decide(
                    who.writer and visible and who.answers(b.escalation) and who.records_directives,
                    visible,
                ),
                _directive_form(who, b),
                why="the authority it went to, or its standing body, answers",
            ),
        ],
        "coordination:directive": [
            Probe("GET", f"/coordination/directives/{b.directive.pk}/", seen(visible)),
        ],
        "coordination:task_report": [
            Probe("GET", f"/coordination/tasks/{task.pk}/report/", seen(visible)),
            Probe(
                "POST",
                f"/coordination/tasks/{task.pk}/report/",
                decide(who.writer and visible and who.agency_id == task.agency_id, visible),
                {"percent": 60, "text": "Tiến độ.", "version": task.version},
                why="the agency given the task reports on it",
            ),
        ],
        "documents:minutes": [
            Probe(
                "GET",
                f"/documents/meetings/{held.pk}/minutes.docx",
                decide(sees_held and who.sees_whole_agenda(held), sees_held),
                why="the minutes carry every agenda case",
            )
        ],
        "documents:task_letter": [
            Probe(
                "GET",
                f"/documents/tasks/{task.pk}/letter/",
                decide(visible and who.signs_letters, visible),
            )
        ],
        "documents:clock_letter": [
            Probe(
                "GET",
                f"/documents/clocks/{b.clock.pk}/letter/",
                decide(visible and who.signs_letters, visible),
            )
        ],
    }


def _coordination_once(who: Who) -> dict[str, list[Probe]]:
    return {
        "coordination:inbox": [Probe("GET", "/coordination/inbox/", Expect.OK)],
        "coordination:meetings": [Probe("GET", "/coordination/meetings/", Expect.OK)],
        "coordination:meeting_new": [Probe("GET", "/coordination/meetings/new/", Expect.OK)],
    }


# Public information ------------------------------------------------------------------


def _publicity_each(who: Who, b: Bundle) -> dict[str, list[Probe]]:
    case, today = b.case, who.scenario.today
    visible = who.sees(case)
    # A case's releases are seen by those who draft about it, and by no one else.
    informs = who.informs_about(case)
    draft, in_review, report = b.release, b.release_in_review, b.false_report
    sees_report = who.sees_false_report(report)
    approves = who.approves_releases and informs
    return {
        "publicity:release_new": [
            Probe("GET", f"/publicity/cases/{case.pk}/releases/new/", decide(informs, visible)),
            Probe(
                "POST",
                f"/publicity/cases/{case.pk}/releases/new/",
                decide(informs, visible),
                {"name_rule": "initials"},
                why="a drafter who sees the case drafts from its record",
            ),
        ],
        "publicity:release": [
            Probe("GET", f"/publicity/releases/{draft.pk}/", seen(informs)),
            Probe("GET", f"/publicity/releases/{in_review.pk}/", seen(informs)),
            Probe(
                "POST",
                f"/publicity/releases/{draft.pk}/",
                seen(informs),
                {
                    "title": "Thông tin đã sửa của ma trận",
                    "body": "Nội dung đã sửa.",
                    "name_rule": "none",
                    "version": draft.version,
                },
                why="its drafters edit a draft",
            ),
        ],
        "publicity:release_move": [
            Probe(
                "GET",
                f"/publicity/releases/{draft.pk}/move/",
                Expect.BOUNCE if informs else Expect.HIDDEN,
            ),
            Probe(
                "POST",
                f"/publicity/releases/{draft.pk}/move/",
                seen(informs),
                {"to": "in_review", "version": draft.version},
                why="its drafters send a draft for review",
            ),
            Probe(
                "POST",
                f"/publicity/releases/{in_review.pk}/move/",
                decide(approves, informs),
                {"to": "approved", "version": in_review.version},
                why="a leader of the commission approves",
            ),
        ],
        "publicity:release_document": [
            # Only a published release is a document; the bundle's are not yet.
            Probe("GET", f"/publicity/releases/{draft.pk}/document/", Expect.HIDDEN),
            Probe("GET", f"/publicity/releases/{in_review.pk}/document/", Expect.HIDDEN),
        ],
        "publicity:false_report_new": [
            Probe(
                "GET",
                f"/publicity/cases/{case.pk}/false-information/new/",
                decide(informs, visible),
            ),
            Probe(
                "POST",
                f"/publicity/cases/{case.pk}/false-information/new/",
                decide(informs, visible),
                {
                    "platform": "Facebook",
                    "address": "",
                    "first_seen_on": _day(today),
                    "reach": "",
                    "claim": "Bài viết mới của ma trận.",
                    "other_cases": "",
                },
                why="a drafter who sees the case records what is said about it",
            ),
        ],
        "publicity:false_report": [
            Probe("GET", f"/publicity/false-information/{report.pk}/", seen(sees_report)),
            Probe(
                "POST",
                f"/publicity/false-information/{report.pk}/",
                seen(sees_report),
                {
                    "to": "assessed",
                    "verdict": "false",
                    "refuting_fact": "",
                    "rebuttal": "",
                    "referred_to": "",
                    "version": report.version,
                },
                why="a drafter who sees every case it names assesses it",
            ),
        ],
    }


def _publicity_once(who: Who) -> dict[str, list[Probe]]:
    drafts = decide(who.drafts_releases, True)
    year = who.scenario.today.year
    return {
        "publicity:releases": [
            Probe("GET", "/publicity/releases/", drafts),
            Probe("GET", "/publicity/releases/?status=draft", drafts),
        ],
        "publicity:false_reports": [
            Probe("GET", "/publicity/false-information/", drafts),
            Probe("GET", f"/publicity/false-information/?year={year}&status=new", drafts),
        ],
    }


def _public_once(who: Who) -> dict[str, list[Probe]]:
    """The public page: the same for everyone, signed in or not, and read-only. It is
    cached whoever asks, and the page kept is given to the signed-out visitor too, who
    may see no canary: whoever asked first, every page kept is checked against them all."""
    ag = who.scenario.bundles["ag"]
    published = ag.release_published.public_ref
    codes = Province.objects.filter(code__in=["AG", "HN"]).values_list("code", flat=True)
    return {
        "public:releases": [
            Probe("GET", "/public/", Expect.OK),
            Probe("GET", f"/public/?province={ag.case.province.code}", Expect.OK),
            Probe("POST", "/public/", Expect.METHOD, {}),
        ],
        "public:release": [
            Probe("GET", f"/public/releases/{published}/", Expect.OK),
            # A draft has no public address, and a database id is none.
            Probe("GET", f"/public/releases/{ag.release.pk}/", Expect.HIDDEN),
            Probe("POST", f"/public/releases/{published}/", Expect.METHOD, {}),
        ],
        "public:province": [
            *[Probe("GET", f"/public/provinces/{code}/", Expect.OK) for code in codes],
            Probe("POST", f"/public/provinces/{ag.case.province.code}/", Expect.METHOD, {}),
        ],
    }


# Overview, calculator, accounts ------------------------------------------------------


def _other_once(who: Who) -> dict[str, list[Probe]]:
    scenario, today = who.scenario, who.scenario.today
    provinces = Province.objects.filter(code__in=["AG", "HN"]).values_list("pk", flat=True)
    ag = scenario.bundles["ag"]
    figures = [
        "stage/investigation",
        f"overdue/{who.agency_id or ag.builder.agency_id}",
        f"overdue/{ag.builder.agency_id}",
        "waiting/expertise",
        "obstacle/expertise",
        "escalated/all",
        "tasks_overdue/all",
        "assets/damage",
        f"clock/{ag.clock.code}",
        f"opened/{(today - dt.timedelta(days=150)).strftime('%Y-%m')}",
    ]
    has_agency = who.user is not None and who.user.agency_id is not None
    report = {"period": str(today.year), "custom": "", "province": "", "proposals": ""}
    users = scenario.users
    administers = who.administers

    def manages(target: Any) -> bool:
        """An agency's administrator manages its own officers, never a system
        administrator; the system's administrators manage everyone."""
        if not administers:
            return False
        if who.user.is_superuser:
            return True
        same = target.agency_id == who.user.agency_id
        return same and not (target.is_superuser or target.is_staff)

    targets = [users["xem.ag"], users["dieutra.hn"], users["admin"]]
    return {
        "reports:dashboard": [
            Probe("GET", "/overview/", Expect.OK),
            *[Probe("GET", f"/overview/?province={pk}", Expect.OK) for pk in provinces],
        ],
        "reports:report": [
            Probe("GET", "/overview/report/", decide(has_agency, True)),
            Probe(
                "POST", "/overview/report/", decide(has_agency, True), report | {"format": "xlsx"}
            ),
        ],
        "reports:risk": [Probe("GET", "/overview/risk/", Expect.OK)],
        "reports:figure": [Probe("GET", f"/overview/cases/{f}/", Expect.OK) for f in figures],
        "clocks:calculator": [Probe("GET", "/clocks/", Expect.OK)],
        "clocks:calendar": [Probe("GET", "/clocks/calendar/", Expect.OK)],
        "accounts:users": [Probe("GET", "/accounts/users/", decide(administers, True))],
        "accounts:user_new": [
            Probe("GET", "/accounts/users/new/", decide(administers, True)),
            Probe("POST", "/accounts/users/new/", decide(administers, True), {}),
        ],
        "accounts:user_edit": [
            probe
            for target in targets
            for probe in (
                Probe("GET", f"/accounts/users/{target.pk}/", decide(manages(target), True)),
                Probe("POST", f"/accounts/users/{target.pk}/", decide(manages(target), True), {}),
            )
        ],
    }


def _sign_in_once(who: Who) -> dict[str, list[Probe]]:
    signed_out = who.anonymous
    return {
        "login": [
            Probe("GET", "/accounts/login/", Expect.OK),
            Probe("POST", "/accounts/login/", Expect.OK, {"username": "", "password": ""}),
        ],
        "logout": [
            Probe("GET", "/accounts/logout/", Expect.METHOD),
            Probe("POST", "/accounts/logout/", Expect.SIGNED_OUT, {}),
        ],
        "two_factor_setup": [
            Probe("GET", "/accounts/two-factor/", Expect.SIGN_IN if signed_out else Expect.OK),
            Probe("POST", "/accounts/two-factor/", Expect.SIGN_IN if signed_out else Expect.OK, {}),
        ],
        "two_factor_verify": [
            Probe("GET", "/accounts/two-factor/code/", Expect.SIGN_IN if signed_out else Expect.OK),
            Probe(
                "POST",
                "/accounts/two-factor/code/",
                Expect.SIGN_IN if signed_out else Expect.OK,
                {"code": "000000"},
            ),
        ],
        "backup_codes_renew": [
            Probe("GET", "/accounts/two-factor/backup-codes/", Expect.METHOD),
            Probe(
                "POST",
                "/accounts/two-factor/backup-codes/",
                Expect.SIGN_IN if signed_out else Expect.OK,
                {},
            ),
        ],
        "set_language": [
            Probe("GET", "/i18n/setlang/", Expect.OK),
            Probe("POST", "/i18n/setlang/", Expect.OK, {"language": "vi", "next": "/"}),
        ],
    }


# The JSON API ------------------------------------------------------------------------


def _api_each(who: Who, b: Bundle) -> dict[str, list[Probe]]:
    case, today = b.case, who.scenario.today
    visible = who.sees(case)
    records = who.records(case)
    base = f"/api/v1/cases/{case.pk}"
    reads = ["clocks", "events", "persons", "assets", "requests", "obstacles", "meetings"]
    probes: dict[str, list[Probe]] = {
        f"GET /api/v1/cases/{{case_id}}/{what}": [
            Probe("GET", f"{base}/{what}", seen(visible), api=True)
        ]
        for what in [*reads, "directives"]
    }
    event_type = _event_type(who, case)
    probes |= {
        "GET /api/v1/cases/{case_id}": [Probe("GET", base, seen(visible), api=True)],
        "PATCH /api/v1/cases/{case_id}": [
            Probe(
                "PATCH",
                base,
                decide("title" in who.edits(case), visible),
                {"title": case.title + " (sửa)", "version": case.version},
                api=True,
            )
        ],
        "POST /api/v1/cases/{case_id}/events": [
            Probe(
                "POST",
                f"{base}/events",
                decide(records and event_type in who.recordable(case), visible),
                {"type": event_type, "date": _day(today), "version": case.version},
                api=True,
            )
        ],
        "POST /api/v1/cases/{case_id}/events/{sequence}/withdrawal": [
            Probe(
                "POST",
                f"{base}/events/1/withdrawal",
                decide(records and who.agency_id == case.events.get(sequence=1).agency_id, visible),
                {"reason": "Ma trận phân quyền", "version": case.version},
                api=True,
            )
        ],
        "POST /api/v1/cases/{case_id}/split": [
            Probe(
                "POST",
                f"{base}/split",
                decide(records and "case_split" in who.recordable(case), visible),
                {"date": _day(today), "title": "Vụ án tách", "version": case.version},
                api=True,
            )
        ],
        "POST /api/v1/cases/{case_id}/agencies": [
            Probe(
                "POST",
                f"{base}/agencies",
                decide(who.adds_agency(case), visible),
                {
                    "agency": Agency.objects.get(pk=_enforcement_office(who, b)).code,
                    "since": _day(today),
                    "version": case.version,
                },
                api=True,
            )
        ],
        "POST /api/v1/cases/{case_id}/persons": [
            Probe(
                "POST",
                f"{base}/persons",
                decide(records, visible),
                {"full_name": "Trần Thị Mới", "role": "suspect", "version": case.version},
                api=True,
            )
        ],
        "POST /api/v1/cases/{case_id}/assets": [
            Probe(
                "POST",
                f"{base}/assets",
                decide(records, visible),
                {
                    "kind": "frozen",
                    "amount_vnd": 1000,
                    "date": _day(today),
                    "version": case.version,
                },
                api=True,
            )
        ],
        "POST /api/v1/cases/{case_id}/documents": [
            Probe(
                "POST",
                f"{base}/documents",
                decide(records and bool(who.recordable(case)), visible),
                {
                    "document": SimpleUploadedFile(
                        "quyết định.docx",
                        decision_docx("Ma trận phân quyền"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    )
                },
                api=True,
                multipart=True,
                why="a writer of a handling agency who may record a decision now",
            )
        ],
        "GET /api/v1/cases/{case_id}/documents/{document_id}": [
            Probe(
                "GET",
                f"{base}/documents/{b.document.pk}",
                decide(records and who.agency_id == b.builder.agency_id, visible),
                api=True,
                why="the agency that gave the document, while it handles the case",
            )
        ],
        "POST /api/v1/cases/{case_id}/documents/{document_id}/confirm": [
            Probe(
                "POST",
                f"{base}/documents/{b.document.pk}/confirm",
                decide(
                    records
                    and event_type in who.recordable(case)
                    and who.agency_id == b.builder.agency_id,
                    visible,
                ),
                {"type": event_type, "date": _day(today), "version": case.version},
                api=True,
                why="the agency that gave the document, while it may record a decision",
            )
        ],
        "POST /api/v1/cases": [
            Probe(
                "POST",
                "/api/v1/cases",
                Expect.OK if visible else Expect.TAKEN,
                {
                    "kind": "criminal_case",
                    "title": "Vụ án gửi lại theo mã quốc gia",
                    "province": case.province.code,
                    "national_code": case.national_code,
                    "first_event": {"type": "case_initiated", "date": _day(today)},
                },
                api=True,
                why="a key naming a case out of scope is refused as taken, saying no more",
            )
        ],
    }
    return probes


def _api_once(who: Who) -> dict[str, list[Probe]]:
    scenario, today = who.scenario, who.scenario.today
    agency = who.user.agency if who.user and who.user.agency_id else None
    province = agency.province.code if agency and agency.province_id else "HN"
    stems = [f"zq{key}title" for key in scenario.bundles]
    hanoi_police = scenario.registry["HN-CSDT"].pk
    return {
        "GET /api/v1/cases": [
            Probe("GET", "/api/v1/cases", Expect.OK, api=True),
            *[Probe("GET", f"/api/v1/cases?q={stem}", Expect.OK, api=True) for stem in stems],
        ],
        "POST /api/v1/cases": [
            Probe(
                "POST",
                "/api/v1/cases",
                decide(who.creates, True),
                {
                    "kind": "criminal_case",
                    "title": "Vụ án mới qua API",
                    "province": province,
                    "external_id": "MATRIX-1",
                    "first_event": {"type": "case_initiated", "date": _day(today)},
                },
                api=True,
                deviation=OVERSIGHT_OPENS_NO_CASE if who.creates and who.overseer else None,
            )
        ],
        "GET /api/v1/clocks": [Probe("GET", "/api/v1/clocks", Expect.OK, api=True)],
        "POST /api/v1/clocks/calc": [Probe("POST", "/api/v1/clocks/calc", Expect.OK, [], api=True)],
        "GET /api/v1/requests": [Probe("GET", "/api/v1/requests", Expect.OK, api=True)],
        "GET /api/v1/agencies": [Probe("GET", "/api/v1/agencies", Expect.OK, api=True)],
        "GET /api/v1/agencies/{agency_id}": [
            Probe("GET", f"/api/v1/agencies/{hanoi_police}", Expect.OK, api=True)
        ],
        "api:openapi-json": [Probe("GET", "/api/v1/openapi.json", Expect.OK, api=True)],
        "api:openapi-view": [Probe("GET", "/api/v1/docs", Expect.OK, api=True)],
        "api:api-root": [Probe("GET", "/api/v1/", Expect.HIDDEN, api=True)],
    }


# The admin site ----------------------------------------------------------------------


def _admin(who: Who, expect_staff: Expect = Expect.STAFF) -> Expect:
    """The admin site is the system administrators' (superusers'); anyone else is sent
    to its sign-in page."""
    return expect_staff if who.user is not None and who.user.is_superuser else Expect.SIGN_IN


def _first_pk(model: Any) -> str:
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return str(first if first is not None else 0)


def admin_model_keys() -> list[str]:
    """The standard pages of every model registered with the admin site."""
    keys = []
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        keys += [f"admin:{app}_{name}_{page}" for page in _ADMIN_PAGES]
        keys.append(f"admin/{app}/{name}/<path:object_id>/")
    return keys


_ADMIN_PAGES = ("changelist", "add", "history", "delete", "change")


def _admin_models_once(who: Who) -> dict[str, list[Probe]]:
    """One rule for the standard pages of every registered model, so a model
    registered later is in the matrix without an entry of its own."""
    probes: dict[str, list[Probe]] = {}
    expect = _admin(who)
    # A superuser's writes there are the admin's own business (and its slowest pages):
    # the posts are tried by everyone else, who must be sent to sign in.
    posts = expect is not Expect.STAFF
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        prefix, pk = f"/admin/{app}/{name}/", _first_pk(model)
        probes |= {
            f"admin:{app}_{name}_changelist": [Probe("GET", prefix, expect)],
            f"admin:{app}_{name}_add": [
                Probe("GET", f"{prefix}add/", expect),
                *([Probe("POST", f"{prefix}add/", expect, {})] if posts else []),
            ],
            f"admin:{app}_{name}_history": [Probe("GET", f"{prefix}{pk}/history/", expect)],
            f"admin:{app}_{name}_delete": [
                Probe("GET", f"{prefix}{pk}/delete/", expect),
                *([Probe("POST", f"{prefix}{pk}/delete/", expect, {})] if posts else []),
            ],
            f"admin:{app}_{name}_change": [
                Probe("GET", f"{prefix}{pk}/change/", expect),
                *([Probe("POST", f"{prefix}{pk}/change/", expect, {})] if posts else []),
            ],
            f"admin/{app}/{name}/<path:object_id>/": [Probe("GET", f"{prefix}{pk}/", expect)],
        }
    return probes


def _admin_once(who: Who) -> dict[str, list[Probe]]:
    case_type = ContentType.objects.get(app_label="cases", model="case").pk
    case = who.scenario.bundles["ag"].case.pk
    device = _first_pk(TOTPDevice)
    someone = who.scenario.users["dieutra.ag"].pk
    staff = who.user is not None and who.user.is_superuser
    return {
        "admin:index": [Probe("GET", "/admin/", _admin(who))],
        "admin:login": [
            Probe("GET", "/admin/login/", Expect.OK),
            Probe("POST", "/admin/login/", Expect.OK, {"username": "", "password": ""}),
        ],
        # Signing out of the admin site takes a POST from a superuser; anyone else is
        # sent to the admin's index, which sends them to sign in.
        "admin:logout": [
            Probe("GET", "/admin/logout/", _admin(who, Expect.METHOD) if staff else Expect.BOUNCE),
            Probe("POST", "/admin/logout/", Expect.SIGNED_OUT if staff else Expect.BOUNCE, {}),
        ],
        "admin:password_change": [
            Probe("GET", "/admin/password_change/", _admin(who)),
            Probe("POST", "/admin/password_change/", _admin(who), {}),
        ],
        "admin:password_change_done": [Probe("GET", "/admin/password_change/done/", _admin(who))],
        "admin:autocomplete": [Probe("GET", "/admin/autocomplete/", _admin(who))],
        "admin:jsi18n": [Probe("GET", "/admin/jsi18n/", _admin(who))],
        "admin:view_on_site": [Probe("GET", f"/admin/r/{case_type}/{case}/", _admin(who))],
        "admin:app_list": [Probe("GET", "/admin/cases/", _admin(who))],
        "admin/(?P<url>.*)$": [Probe("GET", "/admin/no-such-page/", _admin(who))],
        "admin:auth_user_password_change": [
            Probe("GET", f"/admin/accounts/user/{someone}/password/", _admin(who)),
            Probe("POST", f"/admin/accounts/user/{someone}/password/", _admin(who), {}),
        ],
        "admin:otp_totp_totpdevice_config": [
            Probe("GET", f"/admin/otp_totp/totpdevice/{device}/config/", _admin(who))
        ],
        "admin:otp_totp_totpdevice_qrcode": [
            Probe("GET", f"/admin/otp_totp/totpdevice/{device}/qrcode/", _admin(who))
        ],
    }


# The matrix ---------------------------------------------------------------------------

# Reached signed out; every other route sends a signed-out visitor to sign in.
PUBLIC = frozenset(
    {
        "login",
        "set_language",
        "admin:login",
        "api:api-root",
        "public:releases",
        "public:release",
        "public:province",
    }
)
# They end the session: the matrix gives the client its session back afterwards.
ENDS_SESSION = frozenset({"logout", "admin:logout"})

ONCE: list[Callable[[Who], dict[str, list[Probe]]]] = [
    _case_once,
    _jobs_once,
    _coordination_once,
    _publicity_once,
    _public_once,
    _other_once,
    _sign_in_once,
    _api_once,
    _admin_once,
    _admin_models_once,
]
EACH: list[Callable[[Who, Bundle], dict[str, list[Probe]]]] = [
    _case_each,
    _coordination_each,
    _publicity_each,
    _api_each,
]

ONCE_KEYS = [
    "cases:list",
    "cases:create",
    "cases:export",
    "cases:import",
    "cases:import_template",
    "cases:import_file",
    "jobs:job",
    "jobs:file",
    "coordination:inbox",
    "coordination:meetings",
    "coordination:meeting_new",
    "publicity:releases",
    "publicity:false_reports",
    "public:releases",
    "public:release",
    "public:province",
    "reports:dashboard",
    "reports:report",
    "reports:risk",
    "reports:figure",
    "clocks:calculator",
    "clocks:calendar",
    "accounts:users",
    "accounts:user_new",
    "accounts:user_edit",
    "login",
    "logout",
    "two_factor_setup",
    "two_factor_verify",
    "backup_codes_renew",
    "set_language",
    "GET /api/v1/cases",
    "POST /api/v1/cases",
    "GET /api/v1/clocks",
    "POST /api/v1/clocks/calc",
    "GET /api/v1/requests",
    "GET /api/v1/agencies",
    "GET /api/v1/agencies/{agency_id}",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "admin/(?P<url>.*)$",
    "admin:auth_user_password_change",
    "admin:otp_totp_totpdevice_config",
    "admin:otp_totp_totpdevice_qrcode",
]
EACH_KEYS = [
    "cases:detail",
    "cases:edit",
    "cases:record_event",
    "cases:change_event",
    "cases:add_agency",
    "cases:split",
    "cases:add_person",
    "cases:record_asset",
    "cases:read_document",
    "cases:review_document",
    "cases:document_file",
    "cases:reading_batch",
    "coordination:request_new",
    "coordination:request",
    "coordination:request_move",
    "coordination:request_message",
    "coordination:request_attachment",
    "coordination:obstacle_new",
    "coordination:obstacle",
    "coordination:plan_target",
    "coordination:directive_new",
    "coordination:meeting",
    "coordination:meeting_new",
    "coordination:meeting_hold",
    "coordination:meeting_close",
    "coordination:meeting_details",
    "coordination:position",
    "coordination:conclude",
    "coordination:escalation",
    "coordination:directive",
    "coordination:task_report",
    "documents:minutes",
    "documents:task_letter",
    "documents:clock_letter",
    "publicity:release_new",
    "publicity:release",
    "publicity:release_move",
    "publicity:release_document",
    "publicity:false_report_new",
    "publicity:false_report",
    "GET /api/v1/cases/{case_id}",
    "PATCH /api/v1/cases/{case_id}",
    "GET /api/v1/cases/{case_id}/clocks",
    "GET /api/v1/cases/{case_id}/events",
    "POST /api/v1/cases/{case_id}/events",
    "POST /api/v1/cases/{case_id}/events/{sequence}/withdrawal",
    "POST /api/v1/cases/{case_id}/split",
    "POST /api/v1/cases/{case_id}/agencies",
    "GET /api/v1/cases/{case_id}/persons",
    "POST /api/v1/cases/{case_id}/persons",
    "GET /api/v1/cases/{case_id}/assets",
    "POST /api/v1/cases/{case_id}/assets",
    "POST /api/v1/cases/{case_id}/documents",
    "GET /api/v1/cases/{case_id}/documents/{document_id}",
    "POST /api/v1/cases/{case_id}/documents/{document_id}/confirm",
    "GET /api/v1/cases/{case_id}/requests",
    "GET /api/v1/cases/{case_id}/obstacles",
    "GET /api/v1/cases/{case_id}/meetings",
    "GET /api/v1/cases/{case_id}/directives",
    "POST /api/v1/cases",
]


def covered_keys() -> set[str]:
    """The routes the matrix has entries for, named as the resolver (pattern name, or
    the pattern itself when unnamed) and the OpenAPI description (method and path) do."""
    return {*ONCE_KEYS, *EACH_KEYS, *admin_model_keys()}
