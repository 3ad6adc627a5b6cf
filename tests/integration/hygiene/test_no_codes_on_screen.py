"""No codes on screen: every page a demo user reaches by following links from the home
page (and the calculator with queries filled in, right and wrong, and the public pages,
signed in and out) names everything in Vietnamese: no enum value, clock or case code,
field name, ISO date or English word. ``screen_text`` says what counts as a code and
keeps the allow-list with the reason for each word.

The walk reads each kind of page (one URL name) a few times per user, breadth first,
with the Django test client; it leaves out the JSON API, Django's administration site
and the files to download, which have faces of their own."""

from __future__ import annotations

from collections import Counter, defaultdict
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from tests.integration.hygiene.screen_text import raw_codes, visible_text
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

ROLES = (
    "dieutra.ag",
    "kiemsat.ag",
    "toaan.ag",
    "giamdinh.ag",
    "noichinh.ag",
    "lanhdao.noichinh.ag",
    "noichinh.tw",
    "bcd.ag",
    "baochi.ag",
    "xem.ag",
    "quantri.ag",
)
# Pages of one kind (one URL name) visited per user: enough to meet each kind's
# variations (a case in each stage turns up among the first few) in bounded time.
PER_KIND = 3
# The case page has the most faces (stages, clocks, persons, coordination): more of it.
PER_KIND_MORE = {"cases:detail": 8}
PER_USER = 120
SHOWN = 20  # findings shown per page in the failure message
# Where a link leads out of the pages: the JSON API, Django's own administration
# site (its own vocabulary, for administrators), the language switch, and files to
# download (tests/files reads those back).
NOT_PAGES = (
    "/api/",
    "/admin/",
    "/i18n/",
    "/static/",
    "/media/",
    "/accounts/logout/",
    "/documents/",
    "/cases/export/",
    "/cases/import/template.",
    "/cases/import/files/",
)
# Kinds of page the walk must reach, or it proves nothing about them.
WALKED = {
    "cases:list",
    "cases:detail",
    "cases:create",
    "coordination:inbox",
    "coordination:request",
    "coordination:meetings",
    "coordination:meeting",
    "coordination:directive",
    "coordination:escalation",
    "clocks:calculator",
    "clocks:calendar",
    "reports:dashboard",
    "reports:report",
    "reports:risk",
    "reports:figure",
    "publicity:releases",
    "publicity:release",
    "publicity:false_reports",
    "public:releases",
    "public:release",
    "accounts:users",
}
CALCULATOR_QUERIES = (
    # investigation of a very serious crime, extended twice
    "/clocks/?clock=INVESTIGATION&start=02/03/2026&category=RNT"
    "&extension_1_amount=4&extension_1_unit=months&extension_2_amount=3&extension_2_unit=months",
    # an expertise of a listed kind; a custody from the hour of the arrest
    "/clocks/?clock=EXPERTISE&variant=EXPERTISE:NINE_DAYS&start=2026-03-02",
    "/clocks/?clock=CUSTODY&start=02/03/2026&start_time=21:30",
    # a detention extended beyond what the law allows: the refusal is on the page
    "/clocks/?clock=DETENTION&variant=DETENTION:INVESTIGATION&start=02/03/2026&category=NT"
    "&extension_1_amount=9&extension_1_unit=months",
    # what is missing: the start, the case of the expertise, the category, the hour
    "/clocks/?clock=EXPERTISE&start=",
    "/clocks/?clock=INVESTIGATION&start=02/03/2026",
    "/clocks/?clock=CUSTODY&start=02/03/2026",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(page: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urljoin(page, href)
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(NOT_PAGES):
            continue
        found.append(path)
    return found


def _kind(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def walk(
    client: Client, start: tuple[str, ...], identifiers: frozenset[str]
) -> tuple[dict[str, list[Any]], Counter[str]]:
    """Breadth first from ``start``; each HTML page's raw codes by page, and how many
    pages of each kind were read."""
    queue = list(start)
    seen = set(queue)
    per_kind: Counter[str] = Counter()
    findings: dict[str, list[Any]] = {}
    visited = 0
    while queue and visited < PER_USER:
        path = queue.pop(0)
        kind = _kind(path)
        if per_kind[kind] >= PER_KIND_MORE.get(kind, PER_KIND) and path not in start:
            continue
        per_kind[kind] += 1
        response = client.get(path)
        visited += 1
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        assert response.status_code in (200, 400), (path, response.status_code)
        html = response.content.decode()
        if found := raw_codes(visible_text(html), identifiers):
            findings[path] = found
        for link in _links(path, html):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return findings, per_kind


@pytest.fixture
def demo(demo_users, registry, today, now):  # type: ignore[no-untyped-def]
    """The demo at small size: cases over three years with their clocks, requests, a
    meeting, a directive, releases and false information, reminders in the inbox; and
    the viewer and the local administrator the security matrix also uses."""
    from django.conf import settings

    from phoihop.accounts.forms import UserForm
    from phoihop.clocks.services import clock_statuses_refresh
    from phoihop.coordination.services.followup import followup_sweep
    from phoihop.demo.coordination import demo_coordination_load
    from phoihop.demo.loader import demo_cases_load
    from phoihop.demo.publicity import demo_publicity_load

    demo_cases_load(count=300, seed=2025, today=today)
    demo_coordination_load(today=today, seed=2025)
    demo_publicity_load(today=today)
    clock_statuses_refresh(today=today)
    followup_sweep(today=today, now=now)
    users = dict(demo_users)
    for username, role in (("xem.ag", "viewer"), ("quantri.ag", "admin")):
        form = UserForm(
            data={
                "username": username,
                "full_name": f"Người dùng {username}",
                "email": "",
                "agency": registry["AG-CSDT"].pk,
                "role": role,
                "clearance": 1,
                "is_active": True,
                "password": settings.PHOIHOP_DEMO_PASSWORD,
            },
            admin_user=demo_users["admin"],
        )
        assert form.is_valid(), form.errors
        users[username] = form.save()
    return users


def test_no_page_shows_a_raw_code_to_any_demo_role(demo):  # type: ignore[no-untyped-def]
    from phoihop.agencies.models import Agency

    identifiers = frozenset(u.username for u in demo.values()) | frozenset(
        Agency.objects.values_list("code", flat=True)
    )
    report: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    kinds: Counter[str] = Counter()
    for username in ROLES:
        client = Client()
        sign_in(client, demo[username])
        findings, read = walk(client, ("/", *CALCULATOR_QUERIES, "/public/"), identifiers)
        kinds.update(read)
        for path, found in findings.items():
            report[path][username] = found
    anonymous, read = walk(Client(), ("/public/",), identifiers)
    kinds.update(read)
    for path, found in anonymous.items():
        report[path]["(signed out)"] = found

    assert not (missing := WALKED - set(kinds)), f"the walk never reached {sorted(missing)}"
    lines = []
    for path, by_role in sorted(report.items()):
        roles = sorted(by_role)
        lines.append(f"{path}  [{', '.join(roles)}]")
        shown = {(f.token, f.why): f for role in roles for f in by_role[role]}
        for (token, why), f in list(shown.items())[:SHOWN]:
            lines.append(f"    {token!r} ({why}): …{f.context}…")
    assert not report, f"{len(report)} pages show raw codes:\n" + "\n".join(lines)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Thời hạn giám định (NINE_DAYS)", "NINE_DAYS"),
        ("Hạn trả lời (trường due_on).", "due_on"),
        ("Loại tội DBNT", "DBNT"),
        ("Giai đoạn: investigation", "investigation"),
        ("Thời hạn giám định (OTHER)", "OTHER"),
        ("Clock", "Clock"),
        ("Bắt đầu: YYYY-MM-DD", "YYYY"),
        ("đến ngày 2026-03-02", "2026-03-02"),
        ("Các lần gia hạn: 2m, 1m, 15d", "2m"),
        ("Loại tội RNT, không có chú giải", "RNT"),
        ("Còn 5 ngày, the deadline is near", "the"),
    ],
)
def test_the_walk_flags_each_kind_of_raw_code(text, token):  # type: ignore[no-untyped-def]
    assert token in [finding.token for finding in raw_codes(text)]


def test_the_walk_lets_vietnamese_through(demo_users):  # type: ignore[no-untyped-def]
    text = (
        "Vụ án tham ô tài sản tại Ngân hàng TMCP Đông Hải, HCM-2026-000052 · quý III năm 2026. "
        "Cơ quan CSĐT Công an tỉnh An Giang (PC09) gửi VKSND tỉnh, hạn 02/03/2026, dạng "
        "dd/mm/yyyy; ĐBNT — đặc biệt nghiêm trọng; RNT — rất nghiêm trọng. English · phoihop "
        "· dieutra.ag"
    )

    assert raw_codes(text, frozenset(demo_users)) == []
