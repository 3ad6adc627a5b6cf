"""The read-only coordination, clock and registry API: each list shows what the pages
show the caller and nothing more, pages through {count, page, pages, items}, refuses
a bad filter with a Vietnamese message naming it, and answers 404 for a case outside
the caller's scope."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.coordination.services import meetings, obstacles
from phoihop.domain.coordination.meetings import Delegate
from tests.integration.coordination import conftest as coordination

pytestmark = pytest.mark.django_db

# The coordination state of tests/integration/coordination, built by the real services.
case = coordination.case
send_request = coordination.send_request
held_meeting = coordination.held_meeting
escalation = coordination.escalation
directive = coordination.directive


def _token(username: str) -> str:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return out.getvalue().strip()


def _get(client, url, username, params=None):  # type: ignore[no-untyped-def]
    return client.get(url, params or {}, HTTP_AUTHORIZATION=f"Bearer {_token(username)}")


@pytest.fixture
def hanoi_case(open_case):  # type: ignore[no-untyped-def]
    return open_case("Vụ án tham ô tại Sở Tài chính Hà Nội", user="dieutra.hn")


@pytest.fixture
def opinion_request(send_request, today):  # type: ignore[no-untyped-def]
    """The police asking the An Giang procuracy for an opinion, besides the expertise."""
    return send_request(
        "opinion",
        to="AG-VKS",
        variant=None,
        due_on=today + dt.timedelta(days=5),
        subject="Đề nghị cho ý kiến về tội danh",
    )


# --- /cases/{case_id}/... -------------------------------------------------------------


def test_a_case_s_requests_are_those_the_caller_s_agency_sent_or_received(
    client, case, send_request, opinion_request
):
    expertise = send_request()

    forensic = _get(client, f"/api/v1/cases/{case.pk}/requests", "giamdinh.ag")
    police = _get(client, f"/api/v1/cases/{case.pk}/requests", "dieutra.ag")
    oversight = _get(client, f"/api/v1/cases/{case.pk}/requests", "noichinh.ag")

    assert forensic.status_code == 200
    assert [r["id"] for r in forensic.json()] == [expertise.pk]
    assert forensic.json()[0]["from_agency"] == "AG-CSDT"
    assert forensic.json()[0]["to_agency"] == "AG-PY"
    assert forensic.json()[0]["overdue"] is False
    assert {r["id"] for r in police.json()} == {expertise.pk, opinion_request.pk}
    assert {r["id"] for r in oversight.json()} == {expertise.pk, opinion_request.pk}


def test_a_case_s_obstacles_are_listed_with_the_agency_that_raised_them(
    client, case, demo_users, now
):
    raised = obstacles.obstacle_raise(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        category="expertise",
        description="Chưa có kết luận giám định thiệt hại gói thầu số 7.",
        now=now,
    )

    response = _get(client, f"/api/v1/cases/{case.pk}/obstacles", "kiemsat.ag")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": raised.pk,
            "category": "expertise",
            "description": "Chưa có kết luận giám định thiệt hại gói thầu số 7.",
            "raised_by_agency": "AG-CSDT",
            "status": "open",
            "resolution": "",
            "created_at": response.json()[0]["created_at"],
            "version": 1,
        }
    ]


def test_a_meeting_on_the_case_carries_each_agency_s_position(client, case, held_meeting):
    response = _get(client, f"/api/v1/cases/{case.pk}/meetings", "kiemsat.ag")

    assert response.status_code == 200
    [meeting] = response.json()
    assert meeting["id"] == held_meeting.pk
    assert meeting["chair_agency"] == "AG-NC"
    assert meeting["status"] == "held"
    [item] = meeting["agenda"]
    assert {p["agency"]: p["text"] for p in item["positions"]} == {
        "AG-CSDT": coordination.POLICE_POSITION,
        "AG-VKS": coordination.PROCURACY_POSITION,
    }


def test_a_meeting_carries_its_times_sites_secretary_and_delegates(
    client, case, held_meeting, demo_users, registry, now
):
    police = registry["AG-CSDT"]
    meetings.meeting_details_record(
        user=demo_users["noichinh.ag"],
        meeting_id=held_meeting.pk,
        expected_version=None,
        start_time=dt.time(8, 30),
        end_time=dt.time(11, 15),
        chair_name="Trần Minh Khoa",
        chair_title="Phó Trưởng Ban",
        secretary_name="Nguyễn Thị Thu Hà",
        secretary_title="Chuyên viên",
        secretary_agency_id=held_meeting.chair_agency_id,
        delegates=[Delegate(police.pk, "Lê Văn Quyết", "Phó Thủ trưởng")],
        now=now,
    )

    response = _get(client, f"/api/v1/cases/{case.pk}/meetings", "kiemsat.ag")

    [meeting] = response.json()
    assert {k: meeting[k] for k in ("chair_title", "start_time", "end_time", "place", "sites")} == {
        "chair_title": "Phó Trưởng Ban",
        "start_time": "08:30:00",
        "end_time": "11:15:00",
        "place": "Trụ sở Ban Nội chính Tỉnh ủy An Giang",
        "sites": ["Điểm cầu Công an tỉnh"],
    }
    assert meeting["secretary"] == {
        "name": "Nguyễn Thị Thu Hà",
        "title": "Chuyên viên",
        "agency": "AG-NC",
    }
    assert meeting["delegates"] == [
        {"agency": "AG-CSDT", "name": "Lê Văn Quyết", "title": "Phó Thủ trưởng"}
    ]


def test_an_agency_of_the_case_not_at_the_meeting_does_not_see_it(client, case, held_meeting):
    response = _get(client, f"/api/v1/cases/{case.pk}/meetings", "toaan.ag")

    assert response.status_code == 200
    assert response.json() == []


def test_a_directive_comes_with_its_tasks(client, case, directive, escalation, today):
    response = _get(client, f"/api/v1/cases/{case.pk}/directives", "dieutra.ag")

    assert response.status_code == 200
    [answer] = response.json()
    assert answer["doc_number"] == "15-TB/BCĐ"
    assert answer["issuing_agency"] == "AG-BCD"
    assert answer["escalation"] == escalation.pk
    assert [(t["agency"], t["due_on"], t["done_on"]) for t in answer["tasks"]] == [
        ("AG-CSDT", (today + dt.timedelta(days=10)).isoformat(), None)
    ]


@pytest.mark.parametrize("what", ["requests", "obstacles", "meetings", "directives"])
def test_a_case_outside_the_caller_s_scope_answers_404_in_vietnamese(
    client, case, directive, send_request, what
):
    send_request()

    hanoi = _get(client, f"/api/v1/cases/{case.pk}/{what}", "dieutra.hn")
    missing = _get(client, f"/api/v1/cases/999999/{what}", "dieutra.ag")

    assert hanoi.status_code == missing.status_code == 404
    assert hanoi.json() == missing.json()
    assert hanoi.json()["message"] == "Không tìm thấy vụ án."


# --- /requests --------------------------------------------------------------------------


def test_the_request_list_splits_incoming_from_outgoing(
    client, send_request, opinion_request, hanoi_case
):
    expertise = send_request()
    send_request(to="HN-PY", user="dieutra.hn", on_case=hanoi_case)

    outgoing = _get(client, "/api/v1/requests", "dieutra.ag", {"direction": "outgoing"})
    incoming = _get(client, "/api/v1/requests", "dieutra.ag", {"direction": "incoming"})
    forensic = _get(client, "/api/v1/requests", "giamdinh.ag", {"direction": "incoming"})
    hanoi = _get(client, "/api/v1/requests", "dieutra.hn")

    assert outgoing.status_code == 200
    assert {r["id"] for r in outgoing.json()["items"]} == {expertise.pk, opinion_request.pk}
    assert incoming.json()["count"] == 0
    assert [r["id"] for r in forensic.json()["items"]] == [expertise.pk]
    assert forensic.json()["items"][0]["case_title"] == expertise.case.title
    assert hanoi.json()["count"] == 1
    assert expertise.pk not in {r["id"] for r in hanoi.json()["items"]}


def test_an_oversight_body_lists_only_requests_to_or_from_its_own_agency(client, send_request):
    send_request()

    response = _get(client, "/api/v1/requests", "noichinh.ag")

    assert response.status_code == 200
    assert response.json() == {"count": 0, "page": 1, "pages": 1, "items": []}


def test_the_request_list_filters_by_status(client, send_request, opinion_request, demo_users, now):
    from phoihop.coordination.services import requests as request_services

    expertise = send_request()
    request_services.request_move(
        user=demo_users["kiemsat.ag"],
        request_id=opinion_request.pk,
        expected_version=opinion_request.version,
        to="declined",
        reason="Chưa đủ tài liệu để cho ý kiến.",
        answer="",
        now=now,
    )

    open_ = _get(client, "/api/v1/requests", "dieutra.ag", {"status": "open"})
    declined = _get(client, "/api/v1/requests", "dieutra.ag", {"status": "declined"})

    assert [r["id"] for r in open_.json()["items"]] == [expertise.pk]
    assert [r["id"] for r in declined.json()["items"]] == [opinion_request.pk]


def test_the_request_list_pages_through_every_request_once(client, send_request, today):
    sent = [
        send_request(
            "documents",
            to="AG-VKS",
            variant=None,
            due_on=today + dt.timedelta(days=days),
            subject=f"Đề nghị cung cấp tài liệu số {days}",
        ).pk
        for days in (7, 3, 5)
    ]

    pages = [
        _get(client, "/api/v1/requests", "dieutra.ag", {"page": page, "page_size": 2}).json()
        for page in (1, 2)
    ]

    assert [(p["count"], p["page"], p["pages"], len(p["items"])) for p in pages] == [
        (3, 1, 2, 2),
        (3, 2, 2, 1),
    ]
    assert [r["id"] for p in pages for r in p["items"]] == [sent[1], sent[2], sent[0]]


def test_the_request_list_runs_the_same_queries_for_one_request_as_for_three(
    client, send_request, today
):
    token = _token("dieutra.ag")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/requests", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200
        return len(captured)

    queries()  # the token's first use is written (once a minute): measured after it
    send_request()
    one = queries()
    for days in (3, 5):
        send_request("documents", to="AG-VKS", variant=None, due_on=today + dt.timedelta(days=days))
    three = queries()

    assert one == three


# --- /clocks ----------------------------------------------------------------------------


@pytest.fixture
def clocked_cases(open_case, now, hanoi_case):  # type: ignore[no-untyped-def]
    """An An Giang case per clock status (its investigation running, due soon,
    overdue), and a Hanoi case."""
    return {
        status: open_case(f"Vụ án {status}", initiated_on=now.date() - dt.timedelta(days=days))
        for status, days in (("running", 30), ("due_soon", 120), ("overdue", 400))
    } | {"hanoi": hanoi_case}


def test_the_clock_list_shows_the_open_clocks_of_visible_cases_nearest_first(client, clocked_cases):
    response = _get(client, "/api/v1/clocks", "dieutra.ag")

    items = response.json()["items"]
    assert response.status_code == 200
    assert [(c["case"], c["status"]) for c in items] == [
        (clocked_cases["overdue"].pk, "overdue"),
        (clocked_cases["due_soon"].pk, "due_soon"),
        (clocked_cases["running"].pk, "running"),
    ]
    assert items[0]["case_title"] == "Vụ án overdue"
    assert items[0]["code"] == "INVESTIGATION"
    assert [c["deadline"] for c in items] == sorted(c["deadline"] for c in items)


@pytest.mark.parametrize("status", ["overdue", "due_soon"])
def test_the_clock_list_filters_by_status(client, clocked_cases, status):
    response = _get(client, "/api/v1/clocks", "dieutra.ag", {"status": status})

    assert [c["case"] for c in response.json()["items"]] == [clocked_cases[status].pk]


def test_the_hanoi_police_see_only_the_hanoi_clock(client, clocked_cases):
    response = _get(client, "/api/v1/clocks", "dieutra.hn", {"page_size": 1})

    assert response.json()["count"] == 1
    assert response.json()["items"][0]["case"] == clocked_cases["hanoi"].pk


# --- /agencies --------------------------------------------------------------------------


def test_the_registry_search_folds_diacritics(client, registry, demo_users):
    response = _get(client, "/api/v1/agencies", "dieutra.hn", {"q": "VIEN KIEM SAT an giang"})

    codes = {a["code"] for a in response.json()["items"]}
    assert response.status_code == 200
    assert "AG-VKS" in codes
    assert "HN-VKS" not in codes
    assert "AG-CSDT" not in codes


def test_the_registry_filters_by_kind_and_province_and_pages(client, registry, demo_users):
    first = _get(
        client,
        "/api/v1/agencies",
        "dieutra.ag",
        {"kind": "procuracy", "province": "HN", "page_size": 5},
    ).json()
    last = _get(
        client,
        "/api/v1/agencies",
        "dieutra.ag",
        {"kind": "procuracy", "province": "HN", "page_size": 5, "page": 3},
    ).json()

    expected = {a.code for a in registry.values() if a.kind == "procuracy" and a.province}
    expected = {code for code in expected if registry[code].province.code == "HN"}
    assert first["count"] == len(expected) == 13
    assert (first["pages"], len(first["items"]), len(last["items"])) == (3, 5, 3)
    assert {(a["kind"], a["province"]) for a in first["items"] + last["items"]} == {
        ("procuracy", "HN")
    }


def test_one_agency_and_an_unknown_one(client, registry, demo_users):
    found = _get(client, f"/api/v1/agencies/{registry['TW-NC'].pk}", "dieutra.ag")
    missing = _get(client, "/api/v1/agencies/999999", "dieutra.ag")

    assert found.json()["code"] == "TW-NC"
    assert found.json()["province"] is None
    assert missing.status_code == 404
    assert missing.json() == {
        "code": "not_found",
        "message": "Không tìm thấy cơ quan trong danh mục.",
        "field": None,
    }


# --- bad filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/requests", {"direction": "sideways"}, "direction"),
        ("/api/v1/requests", {"status": "lost"}, "status"),
        ("/api/v1/clocks", {"status": "running"}, "status"),
        ("/api/v1/agencies", {"kind": "ministry"}, "kind"),
        ("/api/v1/agencies", {"province": "ZZ"}, "province"),
    ],
)
def test_a_bad_filter_is_refused_with_422_naming_it_in_vietnamese(
    client, demo_users, url, params, field
):
    response = _get(client, url, "dieutra.ag", params)

    assert response.status_code == 422
    assert response.json()["code"] == "input.invalid"
    assert response.json()["field"] == field
    assert field in response.json()["message"]


@pytest.mark.parametrize("url", ["/api/v1/requests", "/api/v1/clocks", "/api/v1/agencies"])
@pytest.mark.parametrize("params", [{"page": "0"}, {"page_size": "101"}, {"page_size": "0"}])
def test_a_page_out_of_bounds_is_refused_with_422(client, demo_users, url, params):
    response = _get(client, url, "dieutra.ag", params)

    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "field"}
