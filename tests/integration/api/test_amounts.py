"""Amounts of money have a stated maximum (issue 21): an entry is at most 10^15 đồng,
on the API and on the case page, and a case holds at most 10^18 đồng of one kind; past
either, 422 (the page: the form again, with the error under the field) in Vietnamese
naming the field, and nothing is written. The sums over such amounts are held by
tests/integration/reports/test_money_sums.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import AssetAction, Case
from phoihop.core.clock import now
from phoihop.domain.amounts import MAX_AMOUNT_VND, MAX_CASE_TOTAL_VND
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _auth(username: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return {"HTTP_AUTHORIZATION": f"Bearer {out.getvalue().strip()}"}


def _post(client, case: Case, amount: int, auth, kind: str = "damage"):  # type: ignore[no-untyped-def]
    case.refresh_from_db()
    return client.post(
        f"/api/v1/cases/{case.pk}/assets",
        {"kind": kind, "amount_vnd": amount, "date": "2020-01-01", "version": case.version},
        content_type="application/json",
        **auth,
    )


def test_the_maximum_of_one_entry_is_accepted_and_stored_exactly(client, open_case):
    case = open_case()

    answer = _post(client, case, MAX_AMOUNT_VND, _auth("dieutra.ag"))

    assert answer.status_code == 201
    assert answer.json()["amount_vnd"] == 10**15
    assert AssetAction.objects.get(case=case).amount_vnd == 10**15


@pytest.mark.parametrize("amount", [MAX_AMOUNT_VND + 1, 10**18, 10**30])
def test_an_entry_over_the_maximum_is_refused_naming_the_field(client, open_case, amount):
    case = open_case()
    version = case.version

    answer = _post(client, case, amount, _auth("dieutra.ag"))

    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "input.amount_too_large"
    assert body["field"] == "amount_vnd"
    assert body["message"].startswith("Số tiền (")
    assert "1.000.000.000.000.000 đồng (một triệu tỷ đồng)" in body["message"]
    assert not AssetAction.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.version == version


def test_the_schema_states_the_maximum():
    from phoihop.core.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    asset_in = schema["components"]["schemas"]["AssetIn"]["properties"]["amount_vnd"]

    assert asset_in["minimum"] == 0
    assert asset_in["maximum"] == MAX_AMOUNT_VND
    assert "10^15" in asset_in["description"]


def _rows_at_the_maximum(case: Case, kind: str, count: int, user) -> None:  # type: ignore[no-untyped-def]
    """``count`` entries at the maximum, as the service writes them, without its tally
    refresh per row (a thousand service calls would only make the test slow)."""
    at = now()
    AssetAction.objects.bulk_create(
        AssetAction(
            case=case,
            kind=kind,
            amount_vnd=MAX_AMOUNT_VND,
            date=dt.date(2020, 1, 1),
            entered_by=user,
            entered_at=at,
        )
        for _ in range(count)
    )


def test_a_case_holds_up_to_its_maximum_of_one_kind_and_no_more(client, open_case, demo_users):
    case = open_case()
    auth = _auth("dieutra.ag")
    _rows_at_the_maximum(case, "damage", 999, demo_users["dieutra.ag"])

    last = _post(client, case, MAX_AMOUNT_VND, auth)  # the thousandth: 10^18 in all
    one_more = _post(client, case, 1, auth)
    other_kind = _post(client, case, MAX_AMOUNT_VND, auth, kind="recovered")

    assert last.status_code == 201
    assert one_more.status_code == 422
    assert one_more.json()["code"] == "input.case_total_too_large"
    assert one_more.json()["field"] == "amount_vnd"
    assert "«Thiệt hại»" in one_more.json()["message"]
    assert "1.000.000.000.000.000.001 đồng" in one_more.json()["message"]
    total = sum(case.asset_actions.filter(kind="damage").values_list("amount_vnd", flat=True))
    assert total == MAX_CASE_TOTAL_VND
    assert other_kind.status_code == 201  # the bound is per kind
    assert AuditEvent.objects.filter(action="case.asset.recorded").count() == 2


def _form(case: Case, amount: str) -> dict[str, str]:
    return {
        "asset-kind": "seized",
        "asset-amount_vnd": amount,
        "asset-date": case.opened_on.isoformat(),
        "asset-version": str(case.version),
    }


def test_the_page_accepts_the_maximum(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    answer = client.post(f"/cases/{case.pk}/assets/", _form(case, str(MAX_AMOUNT_VND)))

    assert answer.status_code == 302
    assert case.asset_actions.get().amount_vnd == MAX_AMOUNT_VND


def test_the_page_refuses_one_dong_over_the_maximum_under_the_field(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    answer = client.post(f"/cases/{case.pk}/assets/", _form(case, str(MAX_AMOUNT_VND + 1)))

    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Số tiền không được quá 1.000.000.000.000.000 đồng (một triệu tỷ đồng)" in page
    assert 'max="1000000000000000"' in page  # the browser is told the bound too
    assert not case.asset_actions.exists()
