"""The early warning in the product: the list of clocks at risk (/overview/risk/) and
the panel on the case page. The list follows the access policy, the reasons are the
domain's (in Vietnamese), the filters refuse what they do not know, and the list page
is a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency, Province
from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.cases.selectors import visible_cases
from phoihop.coordination.services import obstacles
from phoihop.coordination.services import requests as request_services
from phoihop.core.clock import today
from phoihop.reports.risk import at_risk_for, case_risk_facts, case_risks, comparable_groups
from tests.records import initiated_nearest_deadline
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

ROW = re.compile(r'data-testid="risk-row" data-case="(\d+)"')
LEVEL = re.compile(r'data-testid="risk-level" data-level="(\w+)"')
URL = "/overview/risk/"


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    call_command("demo_data", "--cases", "200", "--seed", "7", stdout=io.StringIO())


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


@pytest.fixture
def no_extension_left(open_case, demo_users, now):  # type: ignore[no-untyped-def]
    """A case of a less serious crime (Art. 364(1), ITN) 115 days into an investigation
    of 2 months extended once by 2 months, the one extension the law allows (BLTTHS
    Art. 172(2)(a)): over 90% of the period used, and nothing left to extend."""
    started = now.date() - dt.timedelta(days=115)
    case = open_case("Vụ án hết quyền gia hạn điều tra", initiated_on=started, charges="364.1")
    services.case_record_event(
        user=demo_users["kiemsat.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="investigation_extended",
            date=started + dt.timedelta(days=40),
            params={"months": 2},
        ),
        now=now,
    )
    return case


@pytest.fixture
def blocked_late(no_extension_left, demo_users, now):  # type: ignore[no-untyped-def]
    """The same case, blocked by two obstacles nobody has cleared."""
    for category, description in (
        ("expertise", "Chưa có kết luận giám định tài liệu kế toán."),
        ("valuation", "Chưa định giá được quyền sử dụng đất."),
    ):
        obstacles.obstacle_raise(
            user=demo_users["dieutra.ag"],
            case_id=no_extension_left.pk,
            category=category,
            description=description,
            now=now,
        )
    return no_extension_left


def _rows(client, query: str = "") -> tuple[str, list[int]]:  # type: ignore[no-untyped-def]
    page = client.get(URL + query)
    assert page.status_code == 200
    body = page.content.decode()
    return body, [int(pk) for pk in ROW.findall(body)]


def _row_of(body: str, case_pk: int) -> str:
    start = body.index(f'data-testid="risk-row" data-case="{case_pk}"')
    return body[start : body.index("</tr>", start)]


@pytest.fixture
def hanoi_case(open_case, now):  # type: ignore[no-untyped-def]
    """A Hà Nội case 85 days into a 3-month investigation: at risk."""
    return open_case(
        "Vụ án tại Hà Nội gần hết thời hạn điều tra",
        initiated_on=now.date() - dt.timedelta(days=85),
        charges="353.1",
        user="dieutra.hn",
    )


def test_an_officer_sees_only_the_risks_of_the_cases_they_may_see(demo, hanoi_case, demo_users):
    hanoi = demo_users["dieutra.hn"]
    an_giang = Province.objects.get(code="AG")

    seen = {row.case.pk: row.case.province_id for row in at_risk_for(hanoi, today=today())}
    everywhere = at_risk_for(demo_users["noichinh.tw"], today=today())

    assert any(row.case.province_id == an_giang.pk for row in everywhere)  # not vacuous
    assert hanoi_case.pk in seen
    assert set(seen) <= set(visible_cases(actor_for(hanoi)).values_list("pk", flat=True))
    assert an_giang.pk not in seen.values()


def test_the_list_page_shows_an_officer_no_case_of_another_province(
    client, demo, hanoi_case, demo_users
):
    sign_in(client, demo_users["dieutra.hn"])

    _, listed = _rows(client)

    visible = set(visible_cases(actor_for(demo_users["dieutra.hn"])).values_list("pk", flat=True))
    assert hanoi_case.pk in listed
    assert set(listed) <= visible
    assert not Province.objects.filter(code="AG", cases__pk__in=listed).exists()


def test_a_late_clock_with_no_extension_left_on_a_blocked_case_is_high_with_its_reasons(
    client, blocked_late, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    body, _ = _rows(client)

    row = _row_of(body, blocked_late.pk)
    assert 'data-level="high"' in row
    assert re.search(r"Đã dùng 9\d% thời hạn \(còn \d+ ngày", row)
    assert "Đã gia hạn 1/1 lần: không thể gia hạn thêm" in row
    assert "2 vướng mắc chưa được tháo gỡ" in row
    assert f'href="/cases/{blocked_late.pk}/"' in row


def test_a_late_clock_with_no_extension_left_alone_stays_medium(no_extension_left, demo_users):
    # Past 90% of the period with no extension left adds up to at most 55: HIGH (60)
    # needs evidence beyond the clock itself (a blocked case, overrunning comparables).
    risks = case_risks(demo_users["noichinh.ag"], no_extension_left, today=today())

    assert [(risk.clock.code, risk.assessment.level) for risk in risks] == [
        ("INVESTIGATION", "medium")
    ]
    assert [reason.code for reason in risks[0].assessment.reasons] == [
        "risk.period_used",
        "risk.extensions_used",
    ]


def test_an_overdue_expertise_request_is_a_reason(client, open_case, demo_users, now):
    case = open_case(
        "Vụ án chờ kết luận giám định",
        initiated_on=now.date() - dt.timedelta(days=70),
        charges="353.1",
    )
    request_services.request_send(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        kind="expertise",
        to_agency_id=Agency.objects.get(code="AG-PY").pk,
        subject="Trưng cầu giám định tài liệu kế toán",
        variant="NINE_DAYS",
        now=_at(now.date() - dt.timedelta(days=40)),
    )
    sign_in(client, demo_users["noichinh.ag"])

    body, _ = _rows(client)

    assert "1 yêu cầu giám định, định giá đã quá hạn mà chưa có kết luận" in _row_of(body, case.pk)


def test_the_case_page_shows_the_warning_for_a_case_at_risk_and_not_for_a_fresh_one(
    client, open_case, blocked_late, demo_users, now
):
    fresh = open_case("Vụ án mới khởi tố", initiated_on=now.date() - dt.timedelta(days=5))
    sign_in(client, demo_users["kiemsat.ag"])

    at_risk = client.get(f"/cases/{blocked_late.pk}/").content.decode()
    quiet = client.get(f"/cases/{fresh.pk}/").content.decode()

    assert 'data-testid="case-risk"' in at_risk
    assert "Đã gia hạn 1/1 lần: không thể gia hạn thêm" in at_risk
    assert 'data-level="high"' in at_risk
    assert 'data-testid="case-risk"' not in quiet


def test_the_case_page_weighs_the_records_it_read_as_the_warning_reads_them(
    client, blocked_late, demo_users, now
):
    # The page passes its own clocks and records to the warning (one read for the
    # page); the warning's own queries must come to the same facts and levels.
    from phoihop.reports.risk import _facts_by_case

    request_services.request_send(
        user=demo_users["dieutra.ag"],
        case_id=blocked_late.pk,
        kind="expertise",
        to_agency_id=Agency.objects.get(code="AG-PY").pk,
        subject="Trưng cầu giám định chữ ký",
        variant="NINE_DAYS",
        now=_at(now.date() - dt.timedelta(days=40)),
    )
    # The Internal Affairs Commission sees every request of the case; the procuracy,
    # party to none, sees none of them and must not be told of them.
    for username, overdue in (("noichinh.ag", 1), ("kiemsat.ag", 0)):
        user = demo_users[username]
        sign_in(client, user)

        page = client.get(f"/cases/{blocked_late.pk}/").context
        queried = _facts_by_case(
            user, Case.objects.filter(pk=blocked_late.pk).values("pk"), today()
        )[blocked_late.pk]

        assert queried.open_obstacles == 2
        assert queried.expert_requests_overdue == overdue
        assert (
            case_risk_facts(
                events=list(blocked_late.events.all()),
                requests=page["coordination"]["requests"],
                obstacles=page["coordination"]["obstacles"],
                escalations=page["coordination"]["escalations"],
                today=today(),
            )
            == queried
        )
        assert [(r.clock.pk, r.assessment) for r in page["risks"]] == [
            (r.clock.pk, r.assessment) for r in case_risks(user, blocked_late, today=today())
        ]


def test_the_level_filter_lists_only_that_level(client, open_case, blocked_late, demo_users, now):
    medium = open_case(
        "Vụ án đã dùng phần lớn thời hạn",
        initiated_on=initiated_nearest_deadline(now.date(), charges="353.1"),
        charges="353.1",
    )
    sign_in(client, demo_users["noichinh.ag"])

    high_body, high_rows = _rows(client, "?level=high")
    medium_body, medium_rows = _rows(client, "?level=medium")
    _, all_rows = _rows(client)

    assert blocked_late.pk in high_rows
    assert medium.pk not in high_rows
    assert medium.pk in medium_rows
    assert blocked_late.pk not in medium_rows
    assert set(LEVEL.findall(high_body)) == {"high"}
    assert set(LEVEL.findall(medium_body)) == {"medium"}
    assert {blocked_late.pk, medium.pk} <= set(all_rows)


def test_a_province_narrows_the_list(client, demo, demo_users):
    sign_in(client, demo_users["noichinh.tw"])
    an_giang = Province.objects.get(code="AG")

    _, listed = _rows(client, f"?province={an_giang.pk}")

    assert listed
    assert not Province.objects.exclude(pk=an_giang.pk).filter(cases__pk__in=listed).exists()


@pytest.mark.parametrize(
    "query",
    ["?level=low", "?level=x", "?province=x", "?province=999999", "?level=high&province=-1"],
)
def test_unknown_filter_values_are_404(client, demo_users, query):
    sign_in(client, demo_users["noichinh.ag"])

    assert client.get(URL + query).status_code == 404


def test_a_page_number_out_of_range_shows_a_page(client, blocked_late, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    assert client.get(URL + "?page=abc").status_code == 200
    assert client.get(URL + "?page=999").status_code == 200


def test_the_dashboard_links_to_the_early_warning(client, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    body = client.get("/overview/").content.decode()

    assert f'data-testid="risk-link" href="{URL}"' in body


def test_the_list_page_takes_the_same_few_queries_whatever_the_rows(
    client, demo, hanoi_case, demo_users, django_assert_max_num_queries
):
    from phoihop.reports.models import ComparableCurve

    counts = {}
    for username in ("noichinh.tw", "dieutra.hn"):
        sign_in(client, demo_users[username])
        # First before the day's curves are kept (the costlier way: those of the codes
        # on the page are computed and written, SQLite in batches of rows), then as
        # every later view of the day reads them.
        ComparableCurve.objects.all().delete()
        with django_assert_max_num_queries(20):
            _rows(client)
        # Three of them sign the request in: the session, the user, the authenticator
        # the session was verified with.
        with django_assert_max_num_queries(10) as captured:
            _, listed = _rows(client)
        counts[username] = (len(captured), len(listed))

    (national_queries, national_rows), (hanoi_queries, hanoi_rows) = counts.values()
    assert national_rows > hanoi_rows >= 1
    assert national_queries == hanoi_queries


def test_comparable_durations_come_only_from_unclassified_cases(open_case):
    from phoihop.reports.risk import comparable_curves_compute

    open_case("Vụ án thường", charges="353.3")
    before = comparable_curves_compute(today(), codes={"INVESTIGATION"})
    open_case("Vụ án mật", charges="353.3", classification=1)
    after = comparable_curves_compute(today(), codes={"INVESTIGATION"})

    assert before["INVESTIGATION"].observations == after["INVESTIGATION"].observations == 1


def test_the_curves_are_kept_for_the_day_and_the_sweep_computes_them_all(open_case):
    from phoihop.reports.risk import comparable_curves, risk_curves_warm

    case = open_case("Vụ án thường", charges="353.3")
    groups = comparable_groups("INVESTIGATION", case.category, case.province_id)
    first = comparable_curves(today(), groups=groups)
    open_case("Vụ án thứ hai", charges="353.3")

    # The same day: the kept curves, not yet the second case's clock.
    assert comparable_curves(today(), groups=groups) == first
    assert set(first) == set(groups)  # the three groups, each with the one clock
    warmed_groups = risk_curves_warm(today())
    warmed = comparable_curves(today(), groups=groups)

    assert warmed_groups >= 3
    assert warmed["INVESTIGATION"].observations == first["INVESTIGATION"].observations + 1


def test_a_kept_curve_reads_back_as_computed_and_a_group_without_durations_is_absent(open_case):
    from phoihop.reports.risk import comparable_curves, comparable_curves_compute

    case = open_case("Vụ án thường", charges="353.3")
    computed = comparable_curves_compute(today(), codes={"INVESTIGATION"})
    groups = comparable_groups("INVESTIGATION", case.category, case.province_id)
    elsewhere = comparable_groups("INVESTIGATION", case.category, case.province_id + 1000)

    assert comparable_curves(today(), groups=groups) == {g: computed[g] for g in groups}
    # Read again from the kept rows: the same curves, steps and all.
    kept = comparable_curves(today(), groups=(*groups, *elsewhere))
    assert kept == {g: computed[g] for g in groups}
    assert elsewhere[0] not in kept  # no clock of that province: no curve, not an empty one
