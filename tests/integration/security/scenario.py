"""The authorization matrix's world, built through the real services: four cases (An
Giang open, An Giang top secret, Hà Nội open, Hà Nội secret), each with one of every
record a route can show — a person, an asset action, a decision, a request with an
attached file, an obstacle, a plan target, a planned and a held meeting, the
escalation and the directive that followed, a task and its report, a draft release,
a release sent for review and a false-information entry — and a canary string in
every text a page, a file or the API could carry out of the case. The open An Giang
case also has a published release, whose text carries no canary: it is public.

A canary belongs to the record that carries it; it may reach a user who may see that
record (the case, or for a request's texts the request, for a meeting's the meeting,
for a release's its drafters, for a false-information entry's those who draft about
every case it names), and no one else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from phoihop.accounts.forms import UserForm
from phoihop.cases import reading, reading_batch, services
from phoihop.clocks.models import Clock, ClockStatus
from phoihop.coordination.services import directives, meetings, obstacles, plans
from phoihop.coordination.services import requests as request_services
from phoihop.domain.procedure.events import EventType
from phoihop.publicity import services as publicity
from tests.jobs import run_queued_jobs

# Who sees which case, by the scenario's design (DESIGN §5): an agency taking part or
# the province's oversight bodies, the central commission everywhere, never above the
# user's clearance. The matrix checks the policy agrees before it checks the product.
BUNDLES = ("ag", "ags", "hn", "hns")
VISIBLE_CASES: dict[str | None, frozenset[str]] = {
    None: frozenset(),  # signed out
    "xem.ag": frozenset({"ag"}),  # viewer at the An Giang police
    "dieutra.ag": frozenset({"ag"}),
    "kiemsat.ag": frozenset({"ag"}),
    "toaan.ag": frozenset({"ag"}),
    "giamdinh.ag": frozenset({"ag"}),  # asked for an expertise on the An Giang case
    "bcd.ag": frozenset({"ag"}),  # the top-secret case is above its Secret clearance
    "noichinh.ag": frozenset({"ag"}),
    "lanhdao.noichinh.ag": frozenset({"ag"}),  # approves releases; cleared Secret
    "baochi.ag": frozenset({"ag"}),  # the commission's press officer, cleared Confidential
    "quantri.ag": frozenset({"ag"}),  # the An Giang police's own administrator
    "dieutra.hn": frozenset({"hn"}),  # the Hà Nội secret case is above Confidential
    "noichinh.tw": frozenset(BUNDLES),
    "admin": frozenset(BUNDLES),
}
MATRIX_USERS: tuple[str | None, ...] = tuple(VISIBLE_CASES)


def canary(bundle: str, what: str) -> str:
    """A word no page prints unless it shows that record: ``zq`` + bundle + field +
    ``k``. Searches send it without its last letter, so an echoed query is not a leak."""
    return f"zq{bundle}{what}k"


@dataclass(frozen=True)
class Canary:
    token: str
    bundle: str
    # "case", "request", "meeting_planned", "meeting_held", "release", "false_report"
    carrier: str


@dataclass
class Bundle:
    key: str
    case: Any
    builder: Any  # the handling officer who opened it
    overseer: Any  # the oversight body's coordinator who set plans and directives
    chair: Any
    person: Any = None
    asset: Any = None
    request: Any = None
    message: Any = None
    document: Any = None  # a decision's document the builder gave to be read
    batch: Any = None  # the job that read two more of the builder's documents at once
    obstacle: Any = None
    plan: Any = None
    meeting_planned: Any = None
    meeting_held: Any = None
    agenda_item: Any = None
    escalation: Any = None
    directive: Any = None
    task: Any = None
    clock: Any = None
    release: Any = None  # a draft
    release_in_review: Any = None
    release_published: Any = None  # the open An Giang case's only
    false_report: Any = None
    canaries: list[Canary] = field(default_factory=list)

    def token(self, what: str, carrier: str = "case") -> str:
        token = canary(self.key, what)
        self.canaries.append(Canary(token, self.key, carrier))
        return token


@dataclass
class Scenario:
    today: dt.date
    users: dict[str, Any]
    registry: dict[str, Any]
    bundles: dict[str, Bundle]
    import_file_url: str = ""
    import_file_owner: str = "dieutra.hn"
    job_url: str = ""  # a finished report job of the owner's, its file kept
    job_owner: str = "dieutra.hn"

    @property
    def canaries(self) -> list[Canary]:
        return [c for b in self.bundles.values() for c in b.canaries]


PASSWORD = "Matrận-kiểm-thử-2026!"


def _user(admin: Any, username: str, agency: Any, role: str, clearance: int) -> Any:
    """An account made as an administrator makes one, through the user form."""
    form = UserForm(
        data={
            "username": username,
            "full_name": f"Người dùng {username}",
            "email": "",
            "agency": agency.pk,
            "role": role,
            "clearance": clearance,
            "is_active": True,
            "password": PASSWORD,
        },
        admin_user=admin,
    )
    assert form.is_valid(), form.errors
    return form.save()


def _open(bundle_key: str, builder: Any, registry: dict[str, Any], now: Any, **extra: Any) -> Any:
    prefix = builder.agency.code.split("-")[0]
    today = timezone.localdate(now)
    return services.case_create(
        user=builder,
        data=services.CaseInput(
            kind="criminal_case",
            title=f"Vụ án tham ô tài sản {canary(bundle_key, 'title')}",
            summary=f"Tóm tắt {canary(bundle_key, 'summary')}",
            national_code=canary(bundle_key, "code").upper(),
            province_id=builder.agency.province_id,
            agency_ids=[registry[f"{prefix}-VKS"].pk, registry[f"{prefix}-TA"].pk],
            first_event=services.EventInput(
                type=EventType.CASE_INITIATED.value,
                # Long enough ago that the investigation period has run out: the
                # follow-up letter for an overdue clock needs one.
                date=today - dt.timedelta(days=150),
                doc_number=canary(bundle_key, "doc"),
                note=canary(bundle_key, "eventnote"),
                params={"charges": "353.3"},
            ),
            **extra,
        ),
        now=now,
    )


def _fill(bundle: Bundle, registry: dict[str, Any], now: Any, *, mixed_with: Any = None) -> None:
    """One of every record on the bundle's case, through the services."""
    case, builder, overseer, chair = bundle.case, bundle.builder, bundle.overseer, bundle.chair
    today = timezone.localdate(now)
    prefix = builder.agency.code.split("-")[0]
    for canary_of_case in ("title", "summary", "code", "doc", "eventnote"):
        bundle.token(canary_of_case)

    bundle.person = services.case_add_person(
        user=builder,
        case_id=case.pk,
        expected_version=None,
        person={
            "full_name": f"Nguyễn Văn {bundle.token('person')}",
            "role": "accused",
            "birth_year": 1970,
            "is_official": True,
            "is_party_member": True,
            "position": bundle.token("position"),
        },
        now=now,
    )
    bundle.asset = services.case_record_asset(
        user=builder,
        case_id=case.pk,
        expected_version=None,
        asset={
            "kind": "damage",
            "amount_vnd": 12_345_000_000,
            "date": today - dt.timedelta(days=20),
            "note": bundle.token("asset"),
        },
        now=now,
    )
    bundle.request = request_services.request_send(
        user=builder,
        case_id=case.pk,
        kind="expertise",
        to_agency_id=registry[f"{prefix}-PY"].pk,
        subject=bundle.token("reqsubject", "request"),
        body=bundle.token("reqbody", "request"),
        variant="NINE_DAYS",
        now=now,
    )
    file_token = bundle.token("file", "request")
    bundle.message = request_services.request_message_add(
        user=builder,
        request_id=bundle.request.pk,
        text=bundle.token("message", "request"),
        upload=SimpleUploadedFile(
            f"{file_token}.pdf",
            b"%PDF-1.4 " + bundle.token("filebody", "request").encode(),
            "application/pdf",
        ),
        now=now,
    )
    bundle.document = reading.decision_document_read(
        user=builder,
        case_id=case.pk,
        upload=SimpleUploadedFile(
            "quyết định.docx",
            decision_docx(bundle.token("document")),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        now=now,
    )
    bundle.batch = reading_batch.reading_batch_enqueue(
        user=builder,
        case_id=case.pk,
        uploads=[
            SimpleUploadedFile(f"quyết định {n}.docx", decision_docx(f"Đợt văn bản, số {n}"))
            for n in (1, 2)
        ],
        now=now,
    )
    assert run_queued_jobs() == 1
    bundle.batch.refresh_from_db()
    bundle.obstacle = obstacles.obstacle_raise(
        user=builder,
        case_id=case.pk,
        category="expertise",
        description=bundle.token("obstacle"),
        now=now,
    )
    bundle.plan = plans.plan_target_set(
        user=overseer,
        case_id=case.pk,
        stage="investigation",
        target_on=today + dt.timedelta(days=30),
        note="Theo chỉ đạo của Ban Chỉ đạo",  # shown on no page, so no canary
        now=now,
    )
    participants = [builder.agency_id, registry[f"{prefix}-VKS"].pk]
    bundle.meeting_planned = meetings.meeting_create(
        user=chair,
        title=bundle.token("meetingplanned", "meeting_planned"),
        chair_name=chair.full_name,
        held_on=today + dt.timedelta(days=7),
        start_time=dt.time(8, 30),
        place=bundle.token("placeplanned", "meeting_planned"),
        sites=[bundle.token("siteplanned", "meeting_planned")],
        participant_ids=participants,
        case_ids=[case.pk],
        now=now,
    )
    # The held meeting of the top-secret case also discusses the open An Giang case:
    # its agencies see the meeting, and must see nothing of the other agenda case.
    agenda = [mixed_with.pk, case.pk] if mixed_with is not None else [case.pk]
    bundle.meeting_held = meetings.meeting_create(
        user=chair,
        title=bundle.token("meetingheld", "meeting_held"),
        chair_name=chair.full_name,
        held_on=today,
        start_time=dt.time(8, 30),
        place=bundle.token("placeheld", "meeting_held"),
        sites=[bundle.token("siteheld", "meeting_held")],
        participant_ids=participants,
        case_ids=agenda,
        now=now,
    )
    meetings.meeting_hold(
        user=chair, meeting_id=bundle.meeting_held.pk, expected_version=None, now=now
    )
    bundle.agenda_item = bundle.meeting_held.agenda.get(case=case)
    for author, what in ((builder, "position1"), (chair, "position2")):
        meetings.position_record(
            user=author, agenda_item_id=bundle.agenda_item.pk, text=bundle.token(what), now=now
        )
    concluded = meetings.agenda_conclude(
        user=chair,
        agenda_item_id=bundle.agenda_item.pk,
        agreed=False,
        text=bundle.token("question"),
        now=now,
    )
    bundle.escalation = concluded.escalation
    bundle.directive = directives.directive_issue(
        user=overseer,
        escalation_id=None,
        case_id=case.pk,
        doc_number=bundle.token("directivedoc"),
        issued_on=today - dt.timedelta(days=10),
        content=bundle.token("directive"),
        tasks=[
            # Due yesterday: overdue, so the follow-up letter can be drawn up.
            directives.TaskInput(
                builder.agency_id, bundle.token("task"), today - dt.timedelta(days=1)
            )
        ],
        now=now,
    )
    bundle.task = bundle.directive.tasks.get()
    directives.task_report(
        user=builder,
        task_id=bundle.task.pk,
        expected_version=None,
        percent=40,
        text=bundle.token("report"),
        done=False,
        now=now,
    )
    bundle.clock = Clock.objects.filter(case=case, status=ClockStatus.OVERDUE).first()
    assert bundle.clock is not None, f"{bundle.key}: no overdue clock for the follow-up letter"
    # The versions the pages would show now: a probe is refused for its access, not
    # for a stale version.
    for record in (
        case,
        bundle.request,
        bundle.obstacle,
        bundle.meeting_planned,
        bundle.meeting_held,
        bundle.task,
    ):
        record.refresh_from_db()


def _inform(bundle: Bundle, drafter: Any, now: Any, *, also_about: Any = None) -> None:
    """The bundle's public information, through the publicity services: a draft release
    whose title and text carry canaries, a release drafted from the record and sent for
    review, and a false-information entry about the case (and ``also_about``)."""
    case = bundle.case
    drafted = publicity.release_draft(user=drafter, case_id=case.pk, name_rule="initials", now=now)
    bundle.release = publicity.release_edit(
        user=drafter,
        release_id=drafted.pk,
        expected_version=drafted.version,
        title=f"Thông tin về vụ án {bundle.token('releasetitle', 'release')}",
        body=f"Nội dung thông tin {bundle.token('releasebody', 'release')}",
        name_rule="initials",
        now=now,
    )
    reviewed = publicity.release_draft(user=drafter, case_id=case.pk, name_rule="initials", now=now)
    # Approving it is then refused for the approver's role only, never for its text.
    assert publicity.release_check(reviewed).clean, f"{bundle.key}: the drafted text fails"
    bundle.release_in_review = publicity.release_move(
        user=drafter,
        release_id=reviewed.pk,
        expected_version=reviewed.version,
        to="in_review",
        now=now,
    )
    bundle.false_report = publicity.false_report_record(
        user=drafter,
        platform="Facebook",
        address="",
        first_seen_on=timezone.localdate(now) - dt.timedelta(days=3),
        reach="",
        claim=f"Bài viết cho rằng vụ án bị bỏ qua {bundle.token('claim', 'false_report')}",
        case_ids=[case.pk, *([also_about.pk] if also_about is not None else [])],
        now=now,
    )
    for record in (bundle.release, bundle.release_in_review, bundle.false_report):
        record.refresh_from_db()


def _publish(bundle: Bundle, drafter: Any, leader: Any, now: Any) -> None:
    """A release the commission's leader published: public, so its title and text are
    written anew without the case's words, and carry no canary."""
    release = publicity.release_draft(
        user=drafter, case_id=bundle.case.pk, name_rule="none", now=now
    )
    release = publicity.release_edit(
        user=drafter,
        release_id=release.pk,
        expected_version=release.version,
        title="Thông tin về kết quả xử lý một vụ án tham ô tài sản tại An Giang",
        body="Cơ quan Cảnh sát điều tra tiếp tục điều tra, làm rõ vụ án theo quy định.",
        name_rule="none",
        now=now,
    )
    for user, to in ((drafter, "in_review"), (leader, "approved"), (leader, "published")):
        release = publicity.release_move(
            user=user, release_id=release.pk, expected_version=release.version, to=to, now=now
        )
    bundle.release_published = release


def build(demo_users: dict[str, Any], registry: dict[str, Any], now: Any) -> Scenario:
    admin = demo_users["admin"]
    users = dict(demo_users)
    users["xem.ag"] = _user(admin, "xem.ag", registry["AG-CSDT"], "viewer", 1)
    users["quantri.ag"] = _user(admin, "quantri.ag", registry["AG-CSDT"], "admin", 1)
    # Cleared leaders who open the classified cases; not in the matrix themselves.
    builder_ag = _user(admin, "lanhdao.ag", registry["AG-CSDT"], "leader", 3)
    builder_hn = _user(admin, "lanhdao.hn", registry["HN-CSDT"], "leader", 3)
    for user in (*users.values(), builder_ag, builder_hn):
        user.refresh_from_db()

    central = users["noichinh.tw"]
    plan: dict[str, tuple[Any, Any, int]] = {
        # bundle: the handling officer, the oversight coordinator (who also chairs the
        # meetings), the classification
        "ag": (users["dieutra.ag"], users["noichinh.ag"], 0),
        "ags": (builder_ag, central, 3),
        "hn": (users["dieutra.hn"], central, 0),
        "hns": (builder_hn, central, 2),
    }
    bundles: dict[str, Bundle] = {}
    for key, (builder, overseer, classification) in plan.items():
        case = _open(key, builder, registry, now, classification=classification)
        bundles[key] = Bundle(
            key=key, case=case, builder=builder, overseer=overseer, chair=overseer
        )
    for key, bundle in bundles.items():
        _fill(bundle, registry, now, mixed_with=bundles["ag"].case if key == "ags" else None)
    # The press officer drafts about the open An Giang case, the central commission
    # about the others; the top-secret case's entry also names the open An Giang case,
    # so the An Giang commission, which sees only that one, must not see the entry.
    press, leader = users["baochi.ag"], users["lanhdao.noichinh.ag"]
    for key, bundle in bundles.items():
        drafter = press if key == "ag" else central
        _inform(bundle, drafter, now, also_about=bundles["ag"].case if key == "ags" else None)
    _publish(bundles["ag"], press, leader, now)
    return Scenario(today=timezone.localdate(now), users=users, registry=registry, bundles=bundles)


def decision_docx(words: str) -> bytes:
    """A decision's document as an agency would give it: its title, and ``words``."""
    import io

    from docx import Document

    document = Document()
    for line in ("CƠ QUAN CẢNH SÁT ĐIỀU TRA", "QUYẾT ĐỊNH", "KHỞI TỐ VỤ ÁN HÌNH SỰ", words):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
