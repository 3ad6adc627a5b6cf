"""Agencies in their place: the procuracy handles a case from the investigating body's
first decision, the court from the indictment, and another agency can be added by those
who may, on a date it existed (BLTTHS Art. 154(2), 159-160, 240)."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.accounts.access import actor_for
from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.models import Case, CaseAgency
from phoihop.cases.participation import case_agency_add
from phoihop.cases.selectors import visible_cases
from phoihop.core.errors import NotFound
from phoihop.domain.errors import AccessDenied, InvalidInput
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _police_case(demo_users, now, *, first="case_initiated"):  # type: ignore[no-untyped-def]
    officer = demo_users["dieutra.ag"]
    return services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án vi phạm quy định về đấu thầu tại Sở Y tế",
            province_id=officer.agency.province_id,
            first_event=services.EventInput(
                type=first, date=now.date() - dt.timedelta(days=10), params={"charges": "222.2"}
            ),
        ),
        now=now,
    )


def _sees(user):  # type: ignore[no-untyped-def]
    return visible_cases(actor_for(user))


def _handling(case) -> set[str]:  # type: ignore[no-untyped-def]
    return set(
        CaseAgency.objects.filter(case=case, role="handling").values_list("agency__code", flat=True)
    )


def test_a_case_the_police_initiate_is_handled_at_once_by_the_provincial_procuracy(demo_users, now):
    case = _police_case(demo_users, now)

    assert _handling(case) == {"AG-CSDT", "AG-VKS"}
    assert _sees(demo_users["kiemsat.ag"]).filter(pk=case.pk).exists()
    assert not _sees(demo_users["toaan.ag"]).filter(pk=case.pk).exists()


def test_a_crime_report_the_police_receive_is_supervised_by_the_procuracy_too(demo_users, now):
    case = _police_case(demo_users, now, first="crime_report_received")

    assert _handling(case) == {"AG-CSDT", "AG-VKS"}


def test_a_procuracy_asked_to_help_before_becomes_a_handling_agency(demo_users, now, registry):
    case = _police_case(demo_users, now)
    CaseAgency.objects.filter(case=case, agency=registry["AG-VKS"]).update(role="requested")

    services.case_record_event(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=case.version,
        event=services.EventInput(type="investigation_suspended", date=now.date()),
        now=now,
    )

    assert "AG-VKS" in _handling(case)


def test_an_oversight_coordinator_adds_a_court_and_it_is_audited(demo_users, now, registry):
    case = _police_case(demo_users, now)

    case_agency_add(
        user=demo_users["noichinh.ag"],
        case_id=case.pk,
        expected_version=case.version,
        agency_id=registry["AG-TAKV1"].pk,
        since=now.date(),
        now=now,
    )

    assert "AG-TAKV1" in _handling(case)
    assert AuditEvent.objects.filter(action="case.agency.added").count() == 1
    assert _sees(demo_users["toaan.ag"]).filter(pk=case.pk).exists() is False  # AG-TA


def test_adding_a_body_on_a_day_it_did_not_exist_or_twice_is_refused_and_writes_nothing(
    demo_users, now, registry
):
    case = _police_case(demo_users, now)
    version = case.version
    add = {
        "user": demo_users["dieutra.ag"],
        "case_id": case.pk,
        "now": now,
        "expected_version": None,
    }

    with pytest.raises(InvalidInput) as before_it_existed:
        case_agency_add(**add, agency_id=registry["AG-TA"].pk, since=dt.date(2024, 5, 1))
    with pytest.raises(InvalidInput) as twice:
        case_agency_add(**add, agency_id=registry["AG-VKS"].pk, since=now.date())

    case.refresh_from_db()
    assert before_it_existed.value.field == "since"
    assert "không tồn tại vào ngày 01/05/2024" in before_it_existed.value.message
    assert "đã tham gia" in twice.value.message
    assert case.version == version
    assert not AuditEvent.objects.filter(action="case.agency.added").exists()


def test_an_agency_outside_the_case_or_a_press_officer_may_not_add_another(
    demo_users, now, registry
):
    case = _police_case(demo_users, now)
    add = {
        "case_id": case.pk,
        "expected_version": None,
        "agency_id": registry["AG-PY"].pk,
        "since": now.date(),
        "now": now,
    }

    with pytest.raises(NotFound):
        case_agency_add(user=demo_users["giamdinh.ag"], **add)
    with pytest.raises(AccessDenied):
        case_agency_add(user=demo_users["baochi.ag"], **add)


def _create_form(registry, day, **extra):  # type: ignore[no-untyped-def]
    return {
        "kind": "criminal_case",
        "title": "Vụ án tham ô tài sản tại Công ty cấp nước",
        "province": registry["AG-CSDT"].province_id,
        "classification": 0,
        "monitoring": "none",
        "first_event": "case_initiated",
        "date": day.isoformat(),
        "charges": "353.2",
        **extra,
    }


def test_the_page_that_opens_a_case_names_the_other_agencies(client, demo_users, registry, today):
    sign_in(client, demo_users["dieutra.ag"])

    answer = client.post(
        "/cases/new/",
        _create_form(registry, today, agencies=[registry["AG-VKSKV1"].pk, registry["AG-TAKV1"].pk]),
    )

    case = Case.objects.get(title="Vụ án tham ô tài sản tại Công ty cấp nước")
    assert answer.status_code == 302
    assert _handling(case) == {"AG-CSDT", "AG-VKSKV1", "AG-TAKV1"}  # the named procuracy


def test_the_case_page_adds_an_agency_and_refuses_a_date_it_did_not_exist_with_a_message(
    client, demo_users, now, registry
):
    case = _police_case(demo_users, now)
    sign_in(client, demo_users["kiemsat.ag"])
    url = f"/cases/{case.pk}/agencies/"

    form = {"agency-agency": registry["AG-TA"].pk, "agency-version": case.version}

    refused = client.post(url, {**form, "agency-since": "2024-05-01"})
    stale = client.post(url, {**form, "agency-since": now.date(), "agency-version": 0})
    added = client.post(url, {**form, "agency-since": now.date()})

    assert refused.status_code == 400
    assert "không tồn tại vào ngày 01/05/2024" in refused.content.decode()
    assert stale.status_code == 409
    assert added.status_code == 302
    assert "AG-TA" in _handling(case)


def test_the_add_agency_form_comes_when_opened_with_the_version_the_page_showed(
    client, demo_users, now, registry
):
    """The case page does not render the list of every handling body: it asks for the
    form when the user opens it. The form carries the version of the page the user
    read, so an edit made since is caught when it is sent; a user who may not add an
    agency gets no form, and the plain address still leads back to the case."""
    case = _police_case(demo_users, now)
    url = f"/cases/{case.pk}/agencies/"
    sign_in(client, demo_users["kiemsat.ag"])

    page = client.get(f"/cases/{case.pk}/").content.decode()
    form = client.get(f"{url}?version={case.version - 1}", headers={"HX-Request": "true"})
    plain = client.get(url)

    assert f'hx-get="{url}?version={case.version}"' in page
    assert 'name="agency-agency"' not in page
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<option value="{registry["AG-TA"].pk}"' in html
    assert f'name="agency-version" value="{case.version - 1}"' in html
    assert plain.status_code == 302
    assert plain["Location"] == f"/cases/{case.pk}/"

    client.logout()
    sign_in(client, demo_users["toaan.ag"])  # a court of the province, not handling it
    refused = client.get(url, headers={"HX-Request": "true"})
    assert refused.status_code == 404
