"""Every form that creates something carries a one-time token: the same page sent
twice (a double click, a resubmitted tab, a retry after a lost answer) creates one
thing, and the second copy is sent where the first went. A refused first copy leaves
the token unused for the corrected form; the page sent back with other values, after
the browser's Back, is a new submission."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps

from tests.forms_on_page import form_posting_to, with_opened_parts
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _creates(model: str) -> Callable[[], int]:
    return lambda: apps.get_model(model).objects.count()


# Each creating form of the site: who, the page it is on, where it posts, what is typed,
# and what it creates. ``{case}`` is an open An Giang case.
CREATE_FORMS: list[tuple[str, str, str, str, dict[str, Any], str]] = [
    (
        "case",
        "dieutra.ag",
        "/cases/new/",
        "",
        {"title": "Vụ án nhận hối lộ tại Chi cục Thuế khu vực", "date": "{yesterday}"},
        "cases.Case",
    ),
    (
        "person",
        "dieutra.ag",
        "/cases/{case}/",
        "/cases/{case}/persons/",
        {"person-full_name": "Nguyễn Văn Tám", "person-role": "accused"},
        "cases.Person",
    ),
    (
        "asset",
        "dieutra.ag",
        "/cases/{case}/",
        "/cases/{case}/assets/",
        {"asset-kind": "seized", "asset-amount_vnd": "150000000", "asset-date": "{yesterday}"},
        "cases.AssetAction",
    ),
    (
        "decision",
        "dieutra.ag",
        "/cases/{case}/",
        "/cases/{case}/events/",
        {"type": "expertise_requested", "date": "{yesterday}"},
        "cases.CaseEvent",
    ),
    (
        "directive",
        "bcd.ag",
        "/coordination/cases/{case}/directives/new/",
        "",
        {
            "doc_number": "12-CV/BCĐ",
            "issued_on": "{yesterday}",
            "content": "Khẩn trương hoàn thành giám định thiệt hại.",
            "task_agency": "{AG-CSDT}",
            "task_description": "Phối hợp hoàn thành giám định trong 10 ngày.",
            "task_due_on": "{next_week}",
        },
        "coordination.Directive",
    ),
    (
        "user",
        "admin",
        "/accounts/users/new/",
        "",
        {
            "username": "canbo.moi.ag",
            "full_name": "Lý Thị Mai",
            "agency": "{AG-VKS}",
            "password": "mat-khau-du-dai-2026",
        },
        "accounts.User",
    ),
    (
        "agency",
        "dieutra.ag",
        "/cases/{case}/",
        "/cases/{case}/agencies/",
        {"agency-agency": "{AG-THADS}", "agency-since": "{yesterday}"},
        "cases.CaseAgency",
    ),
    (
        "plan target",
        "noichinh.ag",
        "/coordination/cases/{case}/plan/",
        "",
        {"stage": "investigation", "target_on": "{next_week}"},
        "coordination.PlanTarget",
    ),
    (
        "request",
        "dieutra.ag",
        "/coordination/cases/{case}/requests/new/",
        "",
        {
            "kind": "documents",
            "to_agency": "{AG-VKS}",
            "subject": "Đề nghị cung cấp hồ sơ",
            "due_on": "{next_week}",
        },
        "coordination.Request",
    ),
    (
        "obstacle",
        "dieutra.ag",
        "/coordination/cases/{case}/obstacles/new/",
        "",
        {"category": "expertise", "description": "Chưa có kết luận giám định thiệt hại."},
        "coordination.Obstacle",
    ),
    (
        "meeting",
        "noichinh.ag",
        "/coordination/meetings/new/?case={case}",
        "",
        {
            "title": "Họp liên ngành tháo gỡ vướng mắc",
            "chair_name": "Trần Minh Khoa",
            "start_time": "08:30",
            "place": "Trụ sở Ban Nội chính Tỉnh ủy",
            "participants": ["{AG-CSDT}", "{AG-VKS}"],
        },
        "coordination.Meeting",
    ),
    (
        "false report",
        "baochi.ag",
        "/publicity/cases/{case}/false-information/new/",
        "",
        {
            "platform": "Mạng xã hội",
            "first_seen_on": "{yesterday}",
            "claim": "Tin sai về số tiền thiệt hại.",
        },
        "publicity.FalseReport",
    ),
]


def _errors(html: str) -> list[str]:
    return re.findall(r'(?:role="alert"|data-field="[^"]*")[^>]*>([^<]+)<', html)


def _fill(value: Any, context: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, context) for v in value]
    return value.format(**context) if isinstance(value, str) else value


@pytest.fixture
def context(open_case, registry, today):  # type: ignore[no-untyped-def]
    import datetime as dt

    case = open_case()
    values = {
        "case": str(case.pk),
        "yesterday": (today - dt.timedelta(days=1)).isoformat(),
        "next_week": (today + dt.timedelta(days=7)).isoformat(),
    }
    values.update({code: str(agency.pk) for code, agency in registry.items()})
    return values


# Every creating form, as a test's parameters (the Chromium double click uses it too).
EACH_CREATE_FORM = pytest.mark.parametrize(
    ("what", "user", "page", "action", "typed", "model"),
    CREATE_FORMS,
    ids=[row[0] for row in CREATE_FORMS],
)


@EACH_CREATE_FORM
def test_a_form_sent_twice_creates_one_thing(
    client, demo_users, context, what, user, page, action, typed, model
):
    sign_in(client, demo_users[user])
    page_url, action_url = _fill(page, context), _fill(action, context)
    html = with_opened_parts(
        client.get(page_url).content.decode(),
        lambda url: client.get(url, headers={"HX-Request": "true"}).content.decode(),
    )
    form = form_posting_to(html, action_url)
    data = form.data(**_fill(typed, context))
    assert any(name.endswith("once") and value for name, value in data.items()), what
    count = _creates(model)
    before = count()

    first = client.post(action_url or page_url, data)
    second = client.post(action_url or page_url, data)

    assert first.status_code == 302, _errors(first.content.decode())
    assert count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    shown = client.get(second["Location"]).content.decode()
    assert "đã được gửi" in shown, "the second copy is told it was not done again"


def test_a_refused_copy_leaves_the_token_for_the_corrected_form(client, demo_users, context):
    from phoihop.coordination.models import Request

    sign_in(client, demo_users["dieutra.ag"])
    url = f"/coordination/cases/{context['case']}/requests/new/"
    form = form_posting_to(client.get(url).content.decode(), "")
    typed = {"kind": "documents", "to_agency": context["AG-VKS"], "due_on": context["next_week"]}

    refused = client.post(url, form.data(**typed, subject=""))
    corrected = client.post(url, form.data(**typed, subject="Đề nghị cung cấp hồ sơ"))

    assert refused.status_code == 400
    assert corrected.status_code == 302
    assert Request.objects.filter(subject="Đề nghị cung cấp hồ sơ").count() == 1


def test_the_page_sent_back_with_other_values_is_a_new_submission(client, demo_users, context):
    from phoihop.coordination.models import Request

    sign_in(client, demo_users["dieutra.ag"])
    url = f"/coordination/cases/{context['case']}/requests/new/"
    form = form_posting_to(client.get(url).content.decode(), "")
    typed = {"kind": "documents", "to_agency": context["AG-VKS"], "due_on": context["next_week"]}

    client.post(url, form.data(**typed, subject="Đề nghị cung cấp hồ sơ thứ nhất"))
    client.post(url, form.data(**typed, subject="Đề nghị cung cấp hồ sơ thứ hai"))

    assert Request.objects.filter(subject__startswith="Đề nghị cung cấp hồ sơ thứ").count() == 2
