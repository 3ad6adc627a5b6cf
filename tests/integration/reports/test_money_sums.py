"""Sums of money do not overflow (issue 21). Ten cases each hold the most one case may
hold of one kind, a thousand entries at the maximum of one entry (less 7 đồng, so that
a sum rounded anywhere shows): ten times 10^18 is past 2^63, where PostgreSQL's bigint
and SQLite's integer sum end. The case's figures, the public page's province, the
periodic report and the overview all sum them without an error; each is exact, but
the overview's stored tally on SQLite, which past 2^63 keeps a real number (close, not
exact: README, "Amounts")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from phoihop.agencies.models import Province
from phoihop.cases import services
from phoihop.cases.models import AssetAction, Case
from phoihop.documents.report_data import Figure
from phoihop.domain.amounts import MAX_AMOUNT_VND, MAX_CASE_TOTAL_VND
from phoihop.domain.reporting.periods import ReportPeriod
from phoihop.publicity.public import province_figures
from phoihop.publicity.services import record_figures
from phoihop.reports.figures import dashboard_for
from phoihop.reports.periodic import report_data
from phoihop.reports.tallies import tallies_rebuild
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

CASES = 10
PER_CASE = MAX_CASE_TOTAL_VND - 7
TOTAL = CASES * PER_CASE  # 9,999,999,999,999,999,930 > 2^63 - 1


def _full(case: Case, user, now) -> None:  # type: ignore[no-untyped-def]
    """999 entries at the maximum (as the service writes them, without its refresh per
    row), then the last through the service itself, which refreshes the case's figures."""
    AssetAction.objects.bulk_create(
        AssetAction(
            case=case,
            kind="damage",
            amount_vnd=MAX_AMOUNT_VND,
            date=case.opened_on,
            entered_by=user,
            entered_at=now,
        )
        for _ in range(999)
    )
    case.refresh_from_db()
    services.case_record_asset(
        user=user,
        case_id=case.pk,
        expected_version=case.version,
        asset={"kind": "damage", "amount_vnd": MAX_AMOUNT_VND - 7, "date": case.opened_on},
        now=now,
    )


@pytest.fixture
def full_cases(open_case, demo_users, now):  # type: ignore[no-untyped-def]
    cases = [open_case(f"Vụ án thiệt hại lớn số {n}") for n in range(CASES)]
    for case in cases:
        _full(case, demo_users["dieutra.ag"], now)
    return cases


def _close(value: int) -> bool:
    """Equal, or (SQLite's real past 2^63) within a double's rounding."""
    if connection.vendor == "postgresql":
        return value == TOTAL
    return abs(value - TOTAL) <= TOTAL * 2**-52


def test_a_case_at_its_maximum_sums_exactly(full_cases):
    figures = record_figures(full_cases[0])

    assert figures.damage_vnd == PER_CASE


def test_the_public_page_sums_a_province_past_64_bits_exactly(full_cases):
    code = Province.objects.get(pk=full_cases[0].province_id).code

    figures = province_figures(code)

    assert figures is not None
    assert figures.damage_vnd == TOTAL


def test_the_periodic_report_sums_past_64_bits_exactly(full_cases, demo_users, now, today):
    data = report_data(
        user=demo_users["noichinh.ag"],
        period=ReportPeriod("span", today - dt.timedelta(days=60), today, "kỳ thử"),
        province=None,
        today=today,
        generated_at=now,
    )

    figures: dict[str, Figure] = {
        figure.label: figure for section in data.sections for figure in section.figures
    }
    assert figures["Thiệt hại (lũy kế)"].value == TOTAL
    assert figures["Thiệt hại"].value == TOTAL  # every entry is dated in the period


def test_the_overview_sums_past_64_bits_and_after_a_rebuild(full_cases, demo_users, today):
    user = demo_users["noichinh.ag"]

    kept = dashboard_for(user, today=today).assets["damage"]
    tallies_rebuild()
    rebuilt = dashboard_for(user, today=today).assets["damage"]

    assert kept.count == rebuilt.count == CASES
    assert _close(kept.extra["amount"])
    assert _close(rebuilt.extra["amount"])


def test_the_overview_page_shows_it(client, full_cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    page = client.get("/overview/")

    assert page.status_code == 200
