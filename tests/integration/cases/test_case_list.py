"""The case list: need-to-know filtering, diacritic-blind search, filters, pages."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from phoihop.accounts.access import actor_for
from phoihop.cases.labels import category_abbreviation, category_label, stage_label
from phoihop.cases.models import Case
from phoihop.cases.selectors import CaseFilters, case_facts, case_list_for, visible_cases
from phoihop.domain.access.policy import may_view
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(open_case):  # type: ignore[no-untyped-def]
    return {
        "corruption": open_case("Vụ án tham nhũng tại Sở Tài nguyên và Môi trường tỉnh An Giang"),
        "fraud": open_case("Vụ án lừa đảo chiếm đoạt tài sản tại xã Mỹ Hòa Hưng", charges="174.2"),
        "secret": open_case(
            "Vụ án THAM NHŨNG tại Ngân hàng Đầu tư", classification=2, user="kiemsat.ag"
        ),
        "hanoi": open_case("Vụ án tham nhũng tại Hà Nội", user="dieutra.hn"),
    }


def _titles(user, **filters):  # type: ignore[no-untyped-def]
    return {c.title for c in case_list_for(actor_for(user), CaseFilters(**filters))}


@pytest.mark.parametrize("query", ["tham nhung", "THAM NHŨNG", "Tham nhũng", "tham   nhũng"])
def test_search_ignores_diacritics_and_case(cases, demo_users, query):
    found = _titles(demo_users["noichinh.ag"], q=query)

    assert found == {cases["corruption"].title, cases["secret"].title}


def test_d_with_stroke_is_found_by_d(cases, demo_users):
    assert _titles(demo_users["noichinh.ag"], q="dau tu") == {cases["secret"].title}


def test_an_officer_of_another_province_sees_none_of_an_giangs_cases(cases, demo_users):
    assert _titles(demo_users["dieutra.hn"]) == {cases["hanoi"].title}


def test_clearance_hides_cases_classified_above_it(cases, demo_users):
    assert cases["secret"].title not in _titles(demo_users["dieutra.ag"])
    assert cases["secret"].title in _titles(demo_users["noichinh.ag"])


def test_the_central_commission_sees_every_province(cases, demo_users):
    assert _titles(demo_users["noichinh.tw"]) == {c.title for c in cases.values()}


def test_the_list_filter_agrees_with_the_one_case_policy_for_every_user_and_case(cases, demo_users):
    for user, case in itertools.product(demo_users.values(), Case.objects.all()):
        actor = actor_for(user)
        in_list = visible_cases(actor).filter(pk=case.pk).exists()

        assert in_list is may_view(actor, case_facts(case)), (user.username, case.title)


def test_filters_combine(cases, demo_users):
    found = _titles(demo_users["noichinh.ag"], q="tham nhung", classification=0)

    assert found == {cases["corruption"].title}


def test_the_list_page_runs_a_fixed_number_of_queries(client, cases, demo_users, open_case):
    sign_in(client, demo_users["noichinh.ag"])
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for i in range(5):
        open_case(f"Vụ án tham nhũng số {i}")

    with CaptureQueriesContext(connection) as many:
        response = client.get("/")

    assert response.status_code == 200
    assert len(many) == len(few)


def test_the_list_page_shows_results_and_pages(client, cases, demo_users):
    sign_in(client, demo_users["noichinh.ag"])

    response = client.get("/", {"q": "tham nhung"})

    body = response.content.decode()
    assert response.status_code == 200
    assert cases["corruption"].title in body
    assert cases["fraud"].title not in body
    assert "2 vụ" in body


def test_a_malformed_filter_answers_400_with_a_vietnamese_message_naming_the_field(
    client, demo_users
):
    sign_in(client, demo_users["noichinh.ag"])

    response = client.get("/", {"classification": "9", "province": "abc"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Độ mật:" in body
    assert "Tỉnh, thành phố:" in body


def test_past_the_cap_a_search_stops_counting_and_says_more_than(
    client, cases, demo_users, monkeypatch
):
    from phoihop.core import pagination

    sign_in(client, demo_users["noichinh.ag"])
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    capped = client.get("/", {"q": "vu an"}).content.decode()
    plain = client.get("/").content.decode()
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    exact = client.get("/", {"q": "vu an"}).content.decode()

    assert 'data-count="2" data-capped="true"' in capped
    assert "Hơn 2 vụ: thu hẹp bộ lọc để đếm hết." in capped
    assert capped.count('data-testid="case-row"') == 2  # pages end at the cap
    assert 'data-count="3">' in plain  # a list without a search counts every case
    assert 'data-count="3">' in exact
    assert "data-capped" not in exact


def test_a_row_shows_the_case_its_page_links_to_its_deadline_and_labels(
    client, open_case, demo_users, today
):
    late = open_case("Vụ án tham nhũng quá hạn", initiated_on=today - dt.timedelta(days=400))
    late.refresh_from_db()
    secret = open_case("Vụ án được phân loại mật", classification=1)
    sign_in(client, demo_users["noichinh.ag"])

    body = client.get("/").content.decode()

    row = next(r for r in body.split('data-testid="case-row"')[1:] if late.title in r)
    assert f'<a href="{reverse("cases:detail", args=[late.pk])}" class="fw-medium">' in row
    assert late.next_deadline is not None
    assert late.next_deadline < today
    assert (
        f'data-testid="next-deadline">{late.next_deadline:%d/%m/%Y} '
        '<span class="badge clock-overdue">quá hạn</span>'
    ) in row
    assert f"<td>{late.last_event_on:%d/%m/%Y}</td>" in row
    with translation.override("vi"):
        assert f"<td>{stage_label(late.stage)}</td>" in row
        assert (
            f'<abbr title="{category_label(late.category)}">'
            f"{category_abbreviation(late.category)}</abbr>"
        ) in row
    assert f"<td>{late.province.name}</td>" in row
    row = next(r for r in body.split('data-testid="case-row"')[1:] if secret.title in r)
    with translation.override("vi"):
        assert (
            f'<span class="badge badge-classification-1 ms-1">'
            f"{secret.get_classification_display()}</span>"
        ) in row
