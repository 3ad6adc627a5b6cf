"""The inbox (/coordination/inbox/): every item names its case, kind, agency, due date
and status; items are grouped by case, filtered and paged; what another agency changed
since the user's previous look is marked; an answer to the agency's request arrives as
an item; a time limit reminded every day is one item; each user sees only what waits on
their own agency, on cases they may see."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from phoihop.coordination.models import InboxLook
from phoihop.coordination.selectors import InboxKind, inbox_for
from phoihop.coordination.services import directives
from phoihop.coordination.services import requests as request_services
from phoihop.coordination.services.followup import followup_sweep
from phoihop.coordination.services.inbox import inbox_look_record
from phoihop.core.clock import now as clock_now
from tests.integration.coordination.conftest import at
from tests.records import initiated_nearest_deadline
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

USERS = ("dieutra.ag", "giamdinh.ag", "kiemsat.ag", "bcd.ag", "noichinh.ag", "dieutra.hn")
INBOX = "/coordination/inbox/"


def _answer(demo_users, request, text="Kết luận giám định số 7/KL-PY.", *, when=None):  # type: ignore[no-untyped-def]
    return request_services.request_move(
        user=demo_users["giamdinh.ag"],
        request_id=request.pk,
        expected_version=request.version,
        to="answered",
        answer=text,
        now=when or clock_now(),
    )


def _page(client, query: str = "") -> html.HtmlElement:  # type: ignore[no-untyped-def]
    response = client.get(INBOX + query)
    assert response.status_code == 200
    return html.fromstring(response.content)


def _items(page: html.HtmlElement) -> list[dict[str, object]]:
    """Each item shown: its case (the group's heading), kind, text and new mark."""
    found = []
    for group in page.xpath('//*[@data-testid="inbox-group"]'):
        case = group.xpath('.//*[@data-testid="group-case"]')[0].text_content().strip()
        for row in group.xpath('.//*[@data-testid="inbox-item"]'):
            found.append(
                {
                    "case": case,
                    "case_id": int(group.get("data-case")),
                    "kind": row.get("data-kind"),
                    "text": " ".join(row.text_content().split()),
                    "new": bool(row.xpath('.//*[@data-testid="new-mark"]')),
                }
            )
    return found


@pytest.fixture
def busy_case(case, send_request, escalation, demo_users, registry, now, today):  # type: ignore[no-untyped-def]
    """Requests open, overdue and answered; a pending escalation; a review directive
    with tasks for the police and the procuracy; the reminders of one sweep."""
    send_request(sent_on=case.opened_on)  # overdue at the forensic centre
    send_request("documents", to="AG-VKS", variant=None, due_on=today + dt.timedelta(days=30))
    send_request("opinion", to="AG-VKS", variant=None, due_on=today + dt.timedelta(days=3))
    _answer(demo_users, send_request(subject="Giám định chữ ký trên hợp đồng"), when=now)
    directives.directive_issue(
        user=demo_users["noichinh.ag"],
        escalation_id=None,
        case_id=case.pk,
        doc_number="42-KL/BNCTU",
        issued_on=today,
        content="Kết luận rà soát vụ án: đẩy nhanh giám định, định giá.",
        tasks=[
            directives.TaskInput(registry["AG-CSDT"].pk, "Hoàn thành giám định.", today),
            directives.TaskInput(
                registry["AG-VKS"].pk, "Kiểm sát việc giám định.", today + dt.timedelta(5)
            ),
        ],
        now=now,
    )
    call_command("sweep", stdout=io.StringIO())
    return case


# -- what each item says ---------------------------------------------------------------


def test_each_item_names_its_case_kind_agency_due_date_and_status(
    client, case, send_request, demo_users, today
):
    request = send_request()
    sign_in(client, demo_users["giamdinh.ag"])

    page = _page(client)

    (item,) = _items(page)
    assert item["case"] == case.title
    assert item["case_id"] == case.pk
    assert f"#{case.pk}" in page.xpath('//*[@data-testid="group-number"]')[0].text_content()
    assert item["kind"] == "received"
    text = str(item["text"])
    assert "Yêu cầu nhận được" in text
    assert request.subject in text
    assert "từ CQCSĐT Công an tỉnh An Giang" in text
    assert request.due_on.strftime("%d/%m/%Y") in text
    assert f"còn {(request.due_on - today).days} ngày" in text
    assert "Đã gửi" in text  # the status's label
    assert "received" not in text  # no raw code on screen
    assert "sent" not in text


def test_items_are_grouped_under_their_case(client, case, open_case, send_request, demo_users):
    other = open_case("Vụ án vi phạm quy định về đấu thầu tại Sở Y tế tỉnh An Giang")
    send_request(subject="Trưng cầu giám định số 1")
    send_request(subject="Trưng cầu giám định số 2")
    send_request(subject="Trưng cầu giám định số 3", on_case=other)
    sign_in(client, demo_users["giamdinh.ag"])

    page = _page(client)

    groups = page.xpath('//*[@data-testid="inbox-group"]')
    assert sorted(int(g.get("data-case")) for g in groups) == sorted([case.pk, other.pk])
    headings = [g.xpath('.//*[@data-testid="group-case"]')[0].text_content() for g in groups]
    assert sorted(headings) == sorted([case.title, other.title])
    shown = {
        (i["case_id"], str(i["text"]).split("Trưng cầu giám định ")[1][:5]) for i in _items(page)
    }
    assert shown == {(case.pk, "số 1 "), (case.pk, "số 2 "), (other.pk, "số 3 ")}


def test_a_time_limit_reminded_on_three_days_is_one_item_with_the_days_left(
    client, open_case, demo_users, today
):
    initiated = initiated_nearest_deadline(today, charges="353.3")
    case = open_case(initiated_on=initiated)
    for back in (2, 1, 0):
        day = today - dt.timedelta(days=back)
        followup_sweep(today=day, now=at(day))
    deadline = case.clocks.get(code="INVESTIGATION").deadline
    sign_in(client, demo_users["dieutra.ag"])

    items = [i for i in _items(_page(client)) if "Thời hạn điều tra" in str(i["text"])]

    assert len(items) == 1
    (item,) = items
    assert item["kind"] == "deadline"
    assert item["case"] == case.title
    left = (deadline - today).days
    assert ("hôm nay là ngày cuối" if left == 0 else f"còn {left} ngày") in str(item["text"])
    assert f"đã đôn đốc ngày {today:%d/%m}" in str(item["text"])


def test_an_overdue_request_says_by_how_many_days(client, case, send_request, demo_users, today):
    request = send_request(sent_on=case.opened_on)
    sign_in(client, demo_users["dieutra.ag"])

    (item,) = _items(_page(client))

    assert item["kind"] == "sent"
    assert f"quá hạn {(today - request.due_on).days} ngày" in str(item["text"])
    assert "gửi TT Pháp y tỉnh An Giang" in str(item["text"])


# -- an answer arrives -----------------------------------------------------------------


def test_the_answer_to_a_request_arrives_in_the_senders_inbox_as_a_new_item(
    client, case, send_request, demo_users
):
    request = send_request()
    sign_in(client, demo_users["dieutra.ag"])
    assert [i["kind"] for i in _items(_page(client))] == ["sent"]

    _answer(demo_users, request, "Kết luận giám định số 12/KL-PY.")
    (item,) = _items(_page(client))

    assert item["kind"] == "reply"
    assert item["case"] == case.title
    assert item["new"]
    assert "Trả lời yêu cầu đã gửi" in str(item["text"])
    assert "Đã trả lời" in str(item["text"])
    assert "Kết luận giám định số 12/KL-PY." in str(item["text"])
    assert "gửi TT Pháp y tỉnh An Giang" in str(item["text"])


def test_a_request_cancelled_by_its_sender_reaches_the_recipient_as_withdrawn(
    case, send_request, demo_users, today
):
    request = send_request()
    request_services.request_move(
        user=demo_users["dieutra.ag"],
        request_id=request.pk,
        expected_version=request.version,
        to="cancelled",
        reason="Đã có kết luận của cơ quan khác.",
        now=clock_now(),
    )

    box = inbox_for(demo_users["giamdinh.ag"], today=today, since=None)

    (group,) = box.groups
    (item,) = group.items
    assert (item.kind, item.note) == (InboxKind.WITHDRAWN, "Đã có kết luận của cơ quan khác.")
    assert inbox_for(demo_users["dieutra.ag"], today=today, since=None).groups == []


def test_a_reply_leaves_the_inbox_a_month_after_it_came(case, send_request, demo_users, today):
    _answer(demo_users, send_request(), when=at(today))

    def replies(on: dt.date) -> int:
        return inbox_for(demo_users["dieutra.ag"], today=on, since=None).counts["reply"]

    assert replies(today + dt.timedelta(days=30)) == 1
    assert replies(today + dt.timedelta(days=31)) == 0


# -- new since the last look -----------------------------------------------------------


def test_only_what_another_agency_changed_since_the_previous_look_is_marked_new(
    client, case, send_request, demo_users
):
    waiting = send_request(subject="Trưng cầu giám định số 1")
    answered = send_request(subject="Trưng cầu giám định số 2")
    sign_in(client, demo_users["dieutra.ag"])
    first = _items(_page(client))  # the first look: everything is new

    _answer(demo_users, answered)
    second = _items(_page(client))
    third = _items(_page(client))

    def marks(items: list[dict[str, object]]) -> dict[str, tuple[object, object]]:
        return {
            subject: (item["kind"], item["new"])
            for item in items
            for subject in (waiting.subject, answered.subject)
            if subject in str(item["text"])
        }

    assert all(item["new"] for item in first)
    assert marks(second) == {waiting.subject: ("sent", False), answered.subject: ("reply", True)}
    assert marks(third) == {waiting.subject: ("sent", False), answered.subject: ("reply", False)}


def test_paging_and_filtering_keep_the_marks_the_inbox_was_opened_with(
    client, case, send_request, demo_users
):
    answered = send_request()
    sign_in(client, demo_users["dieutra.ag"])
    _page(client)
    _answer(demo_users, answered)
    _page(client)  # opened: the answer is new

    filtered = _items(_page(client, "?kind=reply"))
    paged = _items(_page(client, "?page=1"))

    assert [i["new"] for i in filtered] == [True]
    assert [i["new"] for i in paged] == [True]


def test_the_agencys_own_moves_are_not_new_to_it(case, send_request, demo_users, today):
    request = send_request()
    expert = demo_users["giamdinh.ag"]
    looked = inbox_look_record(user=expert, now=clock_now())
    assert looked is None
    request_services.request_move(
        user=expert,
        request_id=request.pk,
        expected_version=request.version,
        to="received",
        now=clock_now(),
    )

    mine = inbox_for(expert, today=today, since=inbox_look_record(user=expert, now=clock_now()))
    theirs = inbox_for(demo_users["dieutra.ag"], today=today, since=at(today - dt.timedelta(1)))

    assert [item.new for group in mine.groups for item in group.items] == [False]
    assert [item.new for group in theirs.groups for item in group.items] == [True]


def test_a_message_from_the_other_agency_marks_the_request_new(
    case, send_request, demo_users, today
):
    request = send_request()
    since = clock_now()
    request_services.request_message_add(
        user=demo_users["giamdinh.ag"],
        request_id=request.pk,
        text="Đề nghị bổ sung chứng từ thanh toán.",
        upload=None,
        now=clock_now(),
    )

    police = inbox_for(demo_users["dieutra.ag"], today=today, since=since)
    expert = inbox_for(demo_users["giamdinh.ag"], today=today, since=since)

    assert [item.new for group in police.groups for item in group.items] == [True]
    assert [item.new for group in expert.groups for item in group.items] == [False]


def test_each_look_is_stored_per_user_in_the_database(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    _page(client)
    first = InboxLook.objects.get(user=demo_users["dieutra.ag"])
    _page(client, "?kind=")  # filtering is not a new look
    _page(client)

    again = InboxLook.objects.get(user=demo_users["dieutra.ag"])
    assert again.previous_looked_at == first.looked_at
    assert again.looked_at > first.looked_at
    assert not InboxLook.objects.filter(user=demo_users["giamdinh.ag"]).exists()


# -- filters, counts and pages ---------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_each_kinds_count_is_the_number_of_items_that_kind_shows(
    client, busy_case, demo_users, today, username
):
    sign_in(client, demo_users[username])
    page = _page(client)
    counts = {
        badge.get("data-testid")[len("count-") :]: int(badge.text_content())
        for badge in page.xpath('//*[@data-testid="inbox-kinds"]//*[@data-testid]')
    }

    for kind in InboxKind:
        shown = _items(_page(client, f"?kind={kind.value}"))
        assert counts.get(kind.value, 0) == len(shown), (username, kind)
        assert all(item["kind"] == kind.value for item in shown)
    assert counts["all"] == len(_items(page))


def test_the_inboxes_show_what_each_agency_must_act_on(busy_case, demo_users, today):
    counts = {u: inbox_for(demo_users[u], today=today, since=None).counts for u in USERS}

    assert counts["giamdinh.ag"]["received"] == 1  # the answered request is not to act on
    assert counts["dieutra.ag"]["sent"] == 3
    assert counts["dieutra.ag"]["reply"] == 1
    assert counts["dieutra.ag"]["task"] == 1
    assert counts["kiemsat.ag"]["received"] == 2
    assert counts["kiemsat.ag"]["task"] == 1
    assert counts["bcd.ag"]["escalation"] == 1
    assert set(counts["dieutra.hn"].values()) == {0}


def test_the_search_ignores_accents_and_finds_the_case_or_the_subject(
    client, case, open_case, send_request, demo_users
):
    other = open_case("Vụ án vi phạm quy định về đấu thầu tại Sở Y tế tỉnh An Giang")
    send_request(subject="Trưng cầu giám định thiệt hại gói thầu số 7")
    send_request(
        "valuation",
        to="AG-HDDG",
        variant=None,
        due_on=other.opened_on + dt.timedelta(60),
        subject="Yêu cầu định giá thiết bị y tế",
        on_case=other,
    )
    sign_in(client, demo_users["dieutra.ag"])

    by_case = _items(_page(client, "?q=DAU+THAU+so+y+te"))
    by_subject = _items(_page(client, "?q=dinh+gia+thiet+bi"))
    by_number = _items(_page(client, f"?q=%23{case.pk}"))

    assert [i["case_id"] for i in by_case] == [other.pk]
    assert [i["case_id"] for i in by_subject] == [other.pk]
    assert [i["case_id"] for i in by_number] == [case.pk]


def test_the_state_filter_shows_the_overdue_items_only(
    client, case, send_request, demo_users, today
):
    late = send_request(sent_on=case.opened_on, subject="Trưng cầu giám định quá hạn")
    send_request(subject="Trưng cầu giám định còn hạn")
    sign_in(client, demo_users["giamdinh.ag"])

    overdue = _items(_page(client, "?state=overdue"))

    assert [late.subject in str(i["text"]) for i in overdue] == [True]


def test_an_unknown_filter_value_is_a_400_with_the_field_named(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    response = client.get(INBOX + "?kind=everything")

    assert response.status_code == 400
    assert html.fromstring(response.content).xpath('//*[@data-field="kind"]')


def test_the_inbox_shows_ten_cases_a_page(client, open_case, send_request, demo_users):
    cases = [open_case(f"Vụ án tham nhũng số {n} tại tỉnh An Giang") for n in range(12)]
    for case in cases:
        send_request(on_case=case)
    sign_in(client, demo_users["giamdinh.ag"])

    first = _page(client)
    second = _page(client, "?page=2")

    ids = [i["case_id"] for i in _items(first)] + [i["case_id"] for i in _items(second)]
    assert len(_items(first)) == 10
    assert len(_items(second)) == 2
    assert sorted(ids) == sorted(case.pk for case in cases)
    assert first.xpath('//a[contains(@href, "page=2")]')


# -- access ----------------------------------------------------------------------------


def test_a_user_sees_only_what_waits_on_their_own_agency(busy_case, demo_users, today):
    seen = {
        username: {
            (item.kind.value, item.title)
            for group in inbox_for(demo_users[username], today=today, since=None).groups
            for item in group.items
        }
        for username in USERS
    }

    assert all(kind != "sent" for kind, _ in seen["giamdinh.ag"])
    assert {title for kind, title in seen["kiemsat.ag"] if kind == "received"} == {
        r.subject for r in busy_case.requests.filter(to_agency__code="AG-VKS")
    }
    # The Internal Affairs Commission oversees the case and sees its requests on the
    # case page, but none waits on it.
    assert {kind for kind, _ in seen["noichinh.ag"]} <= {"deadline", "task", "escalation"}
    assert seen["dieutra.hn"] == set()


def test_an_item_of_a_case_above_the_users_clearance_is_not_shown(
    open_case, send_request, demo_users, today
):
    secret = open_case("Vụ án có độ mật", classification=2)
    send_request(on_case=secret)

    box = inbox_for(demo_users["giamdinh.ag"], today=today, since=None)  # cleared to Mật

    assert box.groups == []


def test_the_inbox_runs_a_fixed_number_of_queries(client, busy_case, send_request, demo_users):
    sign_in(client, demo_users["dieutra.ag"])
    client.get(INBOX)
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    for number in range(5):
        _answer(demo_users, send_request(subject=f"Trưng cầu giám định số {number}"))
        send_request(subject=f"Trưng cầu giám định bổ sung số {number}")
    call_command("sweep", stdout=io.StringIO())

    with CaptureQueriesContext(connection) as many:
        response = client.get(INBOX)

    assert response.status_code == 200
    assert len(many) == len(few)
