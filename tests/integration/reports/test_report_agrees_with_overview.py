"""The periodic report and the overview count the same things the same way.

For a period that ends today, every figure the two share is equal, for a province and
for a user's whole scope: the cases by stage, those with an overdue clock, one past
the law's maximum or one needing an update, the cases waiting on an expertise or a
valuation (and the requests, and the median days they waited), the unresolved
obstacles by kind, the escalations awaiting a directive, the overdue directive tasks,
and the assets by kind. The figures of the period only are labelled so, and held to
the overview by how they relate. For a period that ended earlier, the figures at a day
are those of its last day: the overdue list is as of then, its days counted to then."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from phoihop.agencies.models import Province
from phoihop.cases.labels import STAGE_LABELS
from phoihop.cases.models import AssetKind, Case
from phoihop.clocks.models import Clock
from phoihop.coordination.models import ObstacleCategory, Request, RequestKind
from phoihop.coordination.services import directives, meetings, obstacles
from phoihop.coordination.services import requests as request_services
from phoihop.documents.report_data import Figure, ReportData
from phoihop.domain.reporting.numbers import vietnamese_number
from phoihop.domain.reporting.periods import ReportPeriod
from phoihop.reports.figures import Dashboard, dashboard_for, figure_cases
from phoihop.reports.periodic import count_check, report_data
from tests.records import suspect_charge

pytestmark = pytest.mark.django_db

EXPERT_KINDS = (RequestKind.EXPERTISE, RequestKind.VALUATION)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _escalate(users: dict[str, Any], case: Case, held_on: dt.date) -> Any:
    """A meeting on ``case`` where the police and the procuracy disagree, sent up to the
    provincial Steering Committee: an escalation awaiting its directive."""
    chair = users["noichinh.ag"]
    meeting = meetings.meeting_create(
        user=chair,
        title="Họp liên ngành về tội danh",
        chair_name="Trần Minh Khoa",
        held_on=held_on,
        start_time=dt.time(8, 30),
        place="Trụ sở Ban Nội chính Tỉnh ủy An Giang",
        sites=[],
        participant_ids=[users["dieutra.ag"].agency_id, users["kiemsat.ag"].agency_id],
        case_ids=[case.pk],
        now=_at(held_on),
    )
    meetings.meeting_hold(
        user=chair, meeting_id=meeting.pk, expected_version=None, now=_at(held_on)
    )
    item = meeting.agenda.get()
    for username, text in (
        ("dieutra.ag", "Đủ căn cứ khởi tố về tội Tham ô tài sản."),
        ("kiemsat.ag", "Chưa đủ căn cứ, cần giám định thiệt hại."),
    ):
        meetings.position_record(
            user=users[username], agenda_item_id=item.pk, text=text, now=_at(held_on)
        )
    concluded = meetings.agenda_conclude(
        user=chair,
        agenda_item_id=item.pk,
        agreed=False,
        text="Xin ý kiến Ban Chỉ đạo tỉnh về tội danh.",
        now=_at(held_on),
    )
    return concluded.escalation


@pytest.fixture
def record(db, demo_users, registry, open_case, today):  # type: ignore[no-untyped-def]
    """The demo's 300 cases over several provinces, stages and classifications (with
    their clocks, requests, obstacles, a directive and its tasks), and in An Giang: an
    escalation still awaiting its directive, a request answered, one declined, an
    obstacle resolved, and a directive whose task is late."""
    call_command("demo_data", "--cases", "300", "--seed", "7", stdout=io.StringIO())
    police = demo_users["dieutra.ag"]
    case = open_case("Vụ án tham ô tại Công ty Lương thực", initiated_on=today - dt.timedelta(40))
    _escalate(demo_users, case, today - dt.timedelta(days=3))
    answered = request_services.request_send(
        user=police,
        case_id=case.pk,
        kind="expertise",
        to_agency_id=registry["AG-PY"].pk,
        subject="Trưng cầu giám định chữ ký",
        variant="NINE_DAYS",
        now=_at(today - dt.timedelta(days=20)),
    )
    request_services.request_move(
        user=demo_users["giamdinh.ag"],
        request_id=answered.pk,
        expected_version=None,
        to="answered",
        answer="Kết luận giám định số 12/KL-PY.",
        now=_at(today - dt.timedelta(days=2)),
    )
    declined = request_services.request_send(
        user=police,
        case_id=case.pk,
        kind="valuation",
        to_agency_id=registry["AG-HDDG"].pk,
        subject="Định giá lô hàng tồn kho",
        agreed_due_on=today + dt.timedelta(days=10),
        now=_at(today - dt.timedelta(days=15)),
    )
    request_services.request_move(
        user=police,
        request_id=declined.pk,
        expected_version=None,
        to="cancelled",
        reason="Đã có kết quả định giá trong vụ án khác.",
        now=_at(today - dt.timedelta(days=1)),
    )
    resolved = obstacles.obstacle_raise(
        user=police,
        case_id=case.pk,
        category="law_application",
        description="Chưa thống nhất cách xác định thiệt hại.",
        now=_at(today - dt.timedelta(days=12)),
    )
    obstacles.obstacle_move(
        user=police,
        obstacle_id=resolved.pk,
        expected_version=None,
        to="being_resolved",
        now=_at(today - dt.timedelta(days=8)),
    )
    obstacles.obstacle_move(
        user=police,
        obstacle_id=resolved.pk,
        expected_version=None,
        to="resolved",
        resolution="Đã thống nhất tại cuộc họp liên ngành.",
        now=_at(today - dt.timedelta(days=4)),
    )
    obstacles.obstacle_raise(
        user=police,
        case_id=case.pk,
        category="asset_recovery",
        description="Tài sản đã tẩu tán ra nước ngoài.",
        now=_at(today - dt.timedelta(days=6)),
    )
    issued = today - dt.timedelta(days=12)
    directives.directive_issue(
        user=demo_users["bcd.ag"],
        escalation_id=None,
        case_id=case.pk,
        doc_number="21-TB/BCĐ",
        issued_on=issued,
        content="Giao Cơ quan CSĐT hoàn thành giám định, báo cáo kết quả.",
        tasks=[
            directives.TaskInput(
                police.agency_id, "Báo cáo kết quả giám định.", issued + dt.timedelta(5)
            )
        ],
        now=_at(issued),
    )


def _report(user: Any, now: dt.datetime, province: Province | None, start: dt.date) -> ReportData:
    today = now.date()
    return report_data(
        user=user,
        period=ReportPeriod("span", start, today, "kỳ thử"),
        province=province,
        today=today,
        generated_at=now,
    )


def _figures(data: ReportData) -> dict[str, Figure]:
    labels = [figure.label for section in data.sections for figure in section.figures]
    assert len(labels) == len(set(labels)), "each figure of the report has its own label"
    return {figure.label: figure for section in data.sections for figure in section.figures}


def _cases_of(figure: Figure) -> set[str]:
    """The cases a report figure names (its appendix lists them all here)."""
    assert figure.cases_total is None
    return {ref.key for ref in figure.cases}


def _keys(ids: set[int]) -> set[str]:
    return {
        code or f"#{pk}"
        for pk, code in Case.objects.filter(pk__in=ids).values_list("pk", "national_code")
    }


def _behind(user: Any, board_figures: list[Any], today: dt.date, province: int | None) -> set[str]:
    """The cases behind the overview's figures of one kind (one per agency): every case
    in any of their lists."""
    ids: set[int] = set()
    for figure in board_figures:
        listed = figure_cases(user, figure.kind, figure.value, today=today, province=province)
        ids |= set(listed.values_list("pk", flat=True))
    return _keys(ids)


def _paragraphs(data: ReportData) -> str:
    return "\n".join(text for section in data.sections for text in section.paragraphs)


def _assert_agree(
    data: ReportData, board: Dashboard, user: Any, today: dt.date, province: int | None
) -> None:
    figures = _figures(data)
    assert count_check(data) == {
        label: figure.value for label, figure in figures.items() if figure.unit == "vụ"
    }

    # The cases by stage: every case of the scope, as of the report's day.
    stages = next(s for s in data.sections if s.heading.startswith("Vụ án, vụ việc theo giai"))
    assert stages.heading.endswith(f"(đến ngày lập báo cáo {today:%d/%m/%Y})")
    with_labels = {str(STAGE_LABELS[f.value]): f.count for f in board.stages if f.count}
    assert {f.label: f.value for f in stages.figures} == with_labels
    assert sum(f.value for f in stages.figures) == board.total

    # The statutory clocks on the period's last day, here today.
    overdue = figures["Vụ án, vụ việc có thời hạn tố tụng quá hạn"]
    assert _cases_of(overdue) == _behind(user, board.overdue, today, province)
    assert overdue.value == len(_cases_of(overdue))
    past = figures["Vụ án, vụ việc có thời hạn tố tụng vượt thời hạn tối đa luật định"]
    assert _cases_of(past) == _behind(user, board.past_maximum, today, province)
    assert past.value == len(_cases_of(past))
    stale = next(
        f
        for label, f in figures.items()
        if label.startswith("Vụ án, vụ việc có thời hạn cần cập nhật")
    )
    assert stale.value == board.needs_update.count
    assert _cases_of(stale) == _behind(user, [board.needs_update], today, province)
    late = figures["Thời hạn tố tụng quá hạn"]
    assert (data.overdue_total or len(data.overdue)) == late.value
    for row in data.overdue:
        assert row.days_overdue == (today - row.deadline).days > 0
    assert {row.case.key for row in data.overdue} == _cases_of(overdue)

    # Waiting on an expertise or a valuation: cases, requests, median days waited.
    waiting = {f.value: f for f in board.waiting}
    for kind in EXPERT_KINDS:
        label = str(kind.label).lower()
        shown = waiting.get(kind.value)
        cases = figures[f"Vụ án, vụ việc chờ kết quả {label}"]
        requests = figures[f"Yêu cầu {label} chưa có kết quả"]
        assert cases.value == (shown.count if shown else 0)
        assert requests.value == (shown.extra["requests"] if shown else 0)
        if shown:
            median = vietnamese_number(shown.extra["median_days"])
            said = f"{requests.value} yêu cầu chưa có kết quả, đã chờ trung vị {median} ngày."
            assert f"Yêu cầu {label}: {said}" in _paragraphs(data)

    # Unresolved obstacles by kind.
    by_category = {
        f"Trong đó: vướng mắc về {str(ObstacleCategory(f.value).label).lower()}": f.count
        for f in board.obstacles
    }
    assert {
        label: f.value for label, f in figures.items() if label.startswith("Trong đó: vướng mắc về")
    } == by_category
    stuck = figures["Vụ án, vụ việc có vướng mắc chưa được tháo gỡ"]
    assert _cases_of(stuck) == _behind(user, board.obstacles, today, province)

    # Escalations awaiting a directive, overdue directive tasks.
    assert figures["Vụ án, vụ việc đang chờ ý kiến chỉ đạo"].value == board.escalated.count
    tasks = figures["Vụ án, vụ việc có nhiệm vụ chỉ đạo quá hạn chưa hoàn thành"]
    assert tasks.value == board.tasks_overdue.count

    # Assets by kind: the sums to date and their cases, and the share recovered.
    for kind in AssetKind:
        figure = figures[f"{kind.label} (lũy kế)"]
        shown = board.assets.get(kind.value)
        assert figure.value == (shown.extra["amount"] if shown else 0)
        assert len(_cases_of(figure)) == (shown.count if shown else 0)
    share = (
        f"{vietnamese_number(100 * board.recovery_ratio, 1)}%"
        if board.recovery_ratio is not None
        else "—"
    )
    assert f"lũy kế đến ngày {today:%d/%m/%Y}: {share}." in _paragraphs(data)

    # The period's own figures: the cases followed in it are some of the scope's; the
    # new ones, the unfinished ones and what ran past the maximum within it, fewer still.
    followed = figures["Vụ án, vụ việc theo dõi trong kỳ"].value
    assert 0 < followed <= board.total
    assert figures["Vụ án, vụ việc mới"].value <= followed
    active = figures[f"Đang giải quyết (chưa kết thúc) đến ngày {today:%d/%m/%Y}"]
    assert active.value <= followed
    within = next(
        f
        for label, f in figures.items()
        if label.startswith("Trong đó: vượt thời hạn tối đa trong kỳ")
    )
    assert _cases_of(within) <= _cases_of(past)


@pytest.mark.parametrize(
    ("username", "province_code"),
    [
        ("noichinh.tw", None),
        ("noichinh.tw", "AG"),
        ("noichinh.tw", "HN"),
        ("noichinh.ag", None),
        ("dieutra.ag", None),
    ],
)
def test_every_figure_the_report_shares_with_the_overview_is_equal_on_the_same_day(
    record, demo_users, now, today, username, province_code
):
    user = demo_users[username]
    province = Province.objects.get(code=province_code) if province_code else None

    data = _report(user, now, province, today - dt.timedelta(days=90))
    board = dashboard_for(user, today=today, province=province.pk if province else None)

    _assert_agree(data, board, user, today, province.pk if province else None)


def test_the_record_exercises_every_shared_figure(record, demo_users, today):
    """The record is varied enough that the equalities above compare numbers, not
    zeros: several provinces and classifications, and a case in every shared figure."""
    board = dashboard_for(demo_users["noichinh.tw"], today=today)
    cases = Case.objects.all()

    assert cases.values("province").distinct().count() >= 3
    assert cases.values("classification").distinct().count() >= 2
    assert len(board.stages) >= 4
    assert board.overdue
    assert board.past_maximum
    assert board.needs_update.count
    assert {f.value for f in board.waiting} >= {"expertise", "valuation"}
    assert board.obstacles
    assert board.escalated.count
    assert board.tasks_overdue.count
    assert board.assets.get("damage")
    assert board.assets.get("recovered")
    assert Request.objects.filter(status="answered").exists()


def test_the_new_cases_of_a_month_so_far_are_the_overviews_cases_opened_that_month(
    record, demo_users, now, today
):
    user = demo_users["noichinh.tw"]

    data = _report(user, now, None, today.replace(day=1))
    board = dashboard_for(user, today=today)

    assert _figures(data)["Vụ án, vụ việc mới"].value == board.opened[-1].count


# ---- a period that ended before today ------------------------------------------------


@pytest.fixture
def before_and_after(open_case, demo_users, registry, now, today):  # type: ignore[no-untyped-def]
    """Around a day D, twenty days ago: A's investigation overdue on D and concluded
    since; E's falling due after D, overdue now; a request answered after D, one
    answered before it; a task done after D, late on D; an escalation answered after D."""
    police = demo_users["dieutra.ag"]
    a = open_case("Vụ án A", initiated_on=today - dt.timedelta(days=300), charges="353.1")
    suspect_charge(
        a,
        police,
        now,
        "Nguyễn Văn A",
        on=today - dt.timedelta(days=299),
        charges="353.1",
    )
    e = open_case("Vụ án E", initiated_on=today - dt.timedelta(days=130), charges="353.1")
    on = Clock.objects.get(case=e, code="INVESTIGATION").deadline
    assert on is not None
    assert on < today - dt.timedelta(days=1)
    a.refresh_from_db()
    from phoihop.cases import services

    services.case_record_event(
        user=police,
        case_id=a.pk,
        expected_version=a.version,
        event=services.EventInput(type="investigation_concluded", date=on + dt.timedelta(days=1)),
        now=now,
    )

    def send(kind: str, to: str, sent: dt.date, answered: dt.date) -> None:
        request = request_services.request_send(
            user=police,
            case_id=a.pk,
            kind=kind,
            to_agency_id=registry[to].pk,
            subject="Trưng cầu",
            variant="NINE_DAYS" if kind == "expertise" else None,
            agreed_due_on=None if kind == "expertise" else sent + dt.timedelta(days=30),
            now=_at(sent),
        )
        request_services.request_move(
            user=demo_users["giamdinh.ag"] if kind == "expertise" else police,
            request_id=request.pk,
            expected_version=None,
            to="answered" if kind == "expertise" else "cancelled",
            answer="Kết luận giám định.",
            reason="Không còn cần.",
            now=_at(answered),
        )

    send("expertise", "AG-PY", on - dt.timedelta(days=10), on + dt.timedelta(days=2))
    send("expertise", "AG-PY", on - dt.timedelta(days=10), on - dt.timedelta(days=1))
    send("valuation", "AG-HDDG", on - dt.timedelta(days=8), on + dt.timedelta(days=3))
    issued = on - dt.timedelta(days=10)
    directive = directives.directive_issue(
        user=demo_users["bcd.ag"],
        escalation_id=None,
        case_id=a.pk,
        doc_number="30-TB/BCĐ",
        issued_on=issued,
        content="Giao Cơ quan CSĐT kết thúc điều tra.",
        tasks=[
            directives.TaskInput(police.agency_id, "Kết thúc điều tra.", issued + dt.timedelta(5))
        ],
        now=_at(issued),
    )
    directives.task_report(
        user=police,
        task_id=directive.tasks.get().pk,
        expected_version=None,
        percent=100,
        text="Đã ban hành kết luận điều tra.",
        done=True,
        now=_at(on + dt.timedelta(days=1)),
    )
    escalation = _escalate(demo_users, e, on - dt.timedelta(days=4))
    directives.directive_issue(
        user=demo_users["bcd.ag"],
        escalation_id=escalation.pk,
        case_id=None,
        doc_number="31-TB/BCĐ",
        issued_on=on + dt.timedelta(days=1),
        content="Thống nhất xác định tội danh Tham ô tài sản.",
        tasks=[directives.TaskInput(police.agency_id, "Khởi tố bị can.", today + dt.timedelta(10))],
        now=_at(on + dt.timedelta(days=1)),
    )
    return a, e, on


def test_a_past_periods_figures_are_those_of_its_last_day(before_and_after, demo_users, now, today):
    a, _, on = before_and_after
    user = demo_users["noichinh.ag"]
    period = ReportPeriod("span", on - dt.timedelta(days=30), on, "kỳ trước")

    data = report_data(user=user, period=period, province=None, today=today, generated_at=now)
    current_data = report_data(
        user=user,
        period=ReportPeriod("span", on, today, "kỳ này"),
        province=None,
        today=today,
        generated_at=now,
    )

    a_clock = Clock.objects.get(case=a, code="INVESTIGATION")
    assert a_clock.deadline is not None
    # On D, A was overdue (concluded the day after) and E not yet (due on D itself).
    assert [(row.case.title, row.clock, row.days_overdue) for row in data.overdue] == [
        ("Vụ án A", "Thời hạn điều tra vụ án hình sự", (on - a_clock.deadline).days)
    ]
    # Today, E's investigation is overdue and A's no longer (it ended): the overdue
    # list of a period ending today.
    investigation = "Thời hạn điều tra vụ án hình sự"
    listed_now = {(row.case.title, row.clock) for row in current_data.overdue}
    assert ("Vụ án E", investigation) in listed_now
    assert ("Vụ án A", investigation) not in listed_now
    figures = _figures(data)
    assert figures["Yêu cầu giám định tư pháp chưa có kết quả"].value == 1  # answered after D
    assert figures["Yêu cầu định giá tài sản chưa có kết quả"].value == 1  # cancelled after D
    assert "đã chờ trung vị 10 ngày" in _paragraphs(data)
    assert figures["Nhiệm vụ chỉ đạo quá hạn chưa hoàn thành"].value == 1  # done after D
    assert figures["Vụ án, vụ việc đang chờ ý kiến chỉ đạo"].value == 1  # answered after D
    current = _figures(current_data)
    assert current["Yêu cầu giám định tư pháp chưa có kết quả"].value == 0
    assert current["Nhiệm vụ chỉ đạo quá hạn chưa hoàn thành"].value == 0
    assert current["Vụ án, vụ việc đang chờ ý kiến chỉ đạo"].value == 0
    headings = [section.heading for section in data.sections]
    assert all(f"{on:%d/%m/%Y}" in heading or "lập báo cáo" in heading for heading in headings)
