"""The oversight dashboard: every number on it opens the list of the cases it counts,
and that list has exactly that many cases — for every user's scope, and narrowed to a
province. Figures follow the same access policy as the case list."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch

from phoihop.cases.models import Case
from phoihop.reports.figures import Figure
from phoihop.reports.views import FigureLinks, figure_url
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'data-testid="figure" data-count="(\d+)" href="([^"]+)"')
LISTED = re.compile(r'data-testid="result-count" data-count="(\d+)"')


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    call_command("demo_data", "--cases", "300", "--seed", "7", stdout=io.StringIO())


def _figures(client, url: str) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    page = client.get(url)
    assert page.status_code == 200
    return [
        (int(n), href.replace("&amp;", "&")) for n, href in FIGURE.findall(page.content.decode())
    ]


@pytest.mark.parametrize(
    "username", ["noichinh.tw", "noichinh.ag", "bcd.ag", "dieutra.ag", "kiemsat.ag"]
)
def test_every_number_equals_the_count_of_the_list_it_opens(client, demo, username):
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username=username))
    figures = _figures(client, "/overview/")

    listed = {}
    for count, href in figures:
        page = client.get(href)
        assert page.status_code == 200, href
        listed[href] = (count, int(LISTED.search(page.content.decode())[1]))

    assert sum(count > 0 for count, _ in figures) >= 5, figures
    assert {href: pair for href, pair in listed.items() if pair[0] != pair[1]} == {}


def test_a_province_narrows_every_figure_and_its_list(client, demo):
    from django.contrib.auth import get_user_model

    from phoihop.agencies.models import Province

    sign_in(client, get_user_model().objects.get(username="noichinh.tw"))
    an_giang = Province.objects.get(code="AG")
    figures = _figures(client, f"/overview/?province={an_giang.pk}")

    stage_total = sum(count for count, href in figures if "/cases/stage/" in href)
    assert stage_total == Case.objects.filter(province=an_giang).count()
    for count, href in figures:
        assert f"province={an_giang.pk}" in href
        assert int(LISTED.search(client.get(href).content.decode())[1]) == count


def test_each_field_of_each_month_opens_as_many_cases_as_its_bar_shows(client, demo):
    import json

    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username="noichinh.tw"))
    page = client.get("/overview/").content.decode()
    chart = json.loads(re.search(r'id="dashboard-data"[^>]*>(.*?)</script>', page, re.S)[1])
    opened = chart["opened"]

    parts = [
        (count, series["urls"][index])
        for series in opened["series"]
        for index, count in enumerate(series["data"])
        if count
    ]
    assert len(opened["series"]) >= 2
    assert sum(count for count, _ in parts) > 0
    for count, url in parts:
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert int(LISTED.search(listed)[1]) == count, url


def test_the_dashboard_counts_only_the_users_scope(client, demo):
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username="dieutra.hn"))
    hanoi = _figures(client, "/overview/")
    sign_in(client, get_user_model().objects.get(username="noichinh.tw"))
    nation = _figures(client, "/overview/")

    def stages(figures):  # type: ignore[no-untyped-def]
        return sum(count for count, href in figures if "/cases/stage/" in href)

    assert stages(hanoi) < stages(nation) == Case.objects.count()


@pytest.mark.parametrize(
    "url",
    [
        "/overview/cases/stage/nonsense/",
        "/overview/cases/overdue/abc/",
        "/overview/cases/x/y/",
        "/overview/?province=999999",
        "/overview/?province=x",
        "/overview/cases/opened/2026-13/",
    ],
)
def test_unknown_figures_and_scopes_are_404(client, demo_users, url):
    sign_in(client, demo_users["noichinh.ag"])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/overview/?province=%C2%B2",
        "/overview/cases/overdue/99999999999999999999999/",
        "/overview/cases/clock/%00/",
        "/overview/cases/waiting/nonsense/",
        "/overview/cases/assets/x/",
        "/overview/cases/opened/2026-1/",
        "/overview/cases/opened/2026-11%7CLAND/",
        "/overview/cases/opened/2026-11%7Cland%7Cx/",
    ],
)
def test_strange_addresses_are_404_not_500(client, demo_users, url):
    sign_in(client, demo_users["noichinh.tw"])

    assert client.get(url).status_code == 404


def test_long_agency_panels_show_ten_and_fold_the_rest_with_their_links(client, demo):
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username="noichinh.tw"))
    page = client.get("/overview/").content.decode()
    overdue = page.split("Quá hạn, theo cơ quan")[1].split("</section>")[0]

    shown, _, folded = overdue.partition('data-testid="more-figures"')
    assert shown.count('data-testid="figure"') == 10
    assert folded.count('data-testid="figure"') > 0  # still there, one click away
    assert "Xem tất cả" in folded


@pytest.mark.parametrize("province", [None, 7])
@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("stage", "investigation"),
        ("overdue", "12"),
        ("opened", "2026-03|land"),
        ("opened", "2026-03|"),
        ("clock", "Điều 147"),
        ("waiting", "a b%c?#&=~:@!$'()*+,;"),
    ],
)
def test_a_figures_link_is_the_address_reverse_makes(kind, value, province):
    assert FigureLinks(province).url(kind, value) == figure_url(Figure(kind, value, 0), province)


@pytest.mark.parametrize("value", ["", "2026/03"])
def test_a_value_no_address_holds_is_refused_as_reverse_refuses_it(value):
    with pytest.raises(NoReverseMatch):
        FigureLinks(None).url("opened", value)
