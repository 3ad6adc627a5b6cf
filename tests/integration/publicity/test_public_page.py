"""The public page through the real stack: open without sign-in, showing the published
releases and a province's figures and nothing else (canary words in every field that is
not published), served from the cache until a release is published, limited per
address, and refusing bad filters with a message."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from phoihop.cases.models import Case, CaseEvent
from phoihop.publicity import services
from phoihop.publicity.models import PressRelease
from tests.records import record_fill
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

PUBLISHED_TITLE = "Kết quả xử lý vụ án tham ô tại Ban Quản lý dự án xã Mỹ Hòa Hưng"
PUBLISHED_BODY = (
    "Cơ quan điều tra đã khởi tố 2 bị can. Hành vi gây thiệt hại 45,3 tỷ đồng; "
    "đến nay đã thu hồi 12.480.000.000 đồng."
)


def canary(what: str) -> str:
    return f"zqpublic{what}k"


def _move(release, user, now, *to, **kwargs):  # type: ignore[no-untyped-def]
    for step in to:
        release = services.release_move(
            user=user, release_id=release.pk, expected_version=None, to=step, now=now, **kwargs
        )
    return release


def _draft(user, case, now, title, body):  # type: ignore[no-untyped-def]
    release = services.release_draft(user=user, case_id=case.pk, name_rule="none", now=now)
    return services.release_edit(
        user=user,
        release_id=release.pk,
        expected_version=release.version,
        title=title,
        body=body,
        name_rule="none",
        now=now,
    )


@pytest.fixture
def world(open_case, demo_users, commission_leader, now, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """An An Giang case whose every internal field carries a canary; one release about
    it published, one approved but not published, one still a draft; a register entry
    about it; and a secret case of the same province with its own damage."""
    press, police = demo_users["baochi.ag"], demo_users["dieutra.ag"]
    press.full_name = canary("drafter")
    press.save(update_fields=["full_name"])
    case = open_case(f"Vụ án {canary('title')}")
    Case.objects.filter(pk=case.pk).update(
        summary=canary("summary"), national_code=canary("code").upper()
    )
    CaseEvent.objects.filter(case=case).update(note=canary("eventnote"), doc_number=canary("doc"))
    for kind, amount in (("damage", 45_300_000_000), ("recovered", 12_480_000_000)):
        record_fill(case, police, now, amounts=((kind, amount),), note=canary(kind))
    record_fill(
        case,
        police,
        now,
        accused=(f"Nguyễn Văn {canary('name')}", "Lê Thị Hồng"),
        position=canary("position"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        published = _draft(press, case, now, PUBLISHED_TITLE, PUBLISHED_BODY)
        published = _move(published, press, now, "in_review")
        published = _move(published, commission_leader, now, "approved", "published")
    approved = _draft(press, case, now, canary("approvedtitle"), canary("approvedbody"))
    _move(approved, commission_leader, now, "in_review", "approved")
    _draft(press, case, now, canary("drafttitle"), canary("draftbody"))
    services.false_report_record(
        user=press,
        platform=canary("platform"),
        address=canary("address"),
        first_seen_on=now.date(),
        reach=canary("reach"),
        claim=canary("claim"),
        case_ids=[case.pk],
        now=now,
    )
    secret = open_case(f"Vụ án mật {canary('secret')}", classification=2)
    record_fill(secret, police, now, amounts=(("damage", 7_000_000_000),))
    published.refresh_from_db()
    return {"case": case, "published": published, "press": press}


def _pages(world, today: dt.date) -> list[str]:  # type: ignore[no-untyped-def]
    ref = world["published"].public_ref
    return [
        "/public/",
        "/public/?province=AG",
        f"/public/?since={today.isoformat()}&until={today.isoformat()}",
        "/public/?page=2",
        f"/public/releases/{ref}/",
        "/public/provinces/AG/",
        "/public/releases/0/",
        f"/public/releases/{world['published'].pk}/",
        "/public/provinces/XX/",
    ]


def test_the_public_page_shows_what_was_published_and_no_field_that_was_not(world, demo_users, now):
    published = world["published"]
    hidden = [
        canary(what)
        for what in (
            "drafter",
            "title",
            "summary",
            "code",
            "eventnote",
            "doc",
            "name",
            "position",
            "damage",
            "recovered",
            "approvedtitle",
            "approvedbody",
            "drafttitle",
            "draftbody",
            "platform",
            "address",
            "reach",
            "claim",
            "secret",
        )
    ]
    internal = [f"/cases/{world['case'].pk}/", f"/publicity/releases/{published.pk}/", "/admin/"]
    signed_in = Client()
    sign_in(signed_in, world["press"])
    answers = {}
    for who, client in (("signed in", signed_in), ("anonymous", Client())):
        cache.clear()  # each visitor's pages rendered for them, not served from the other's
        for url in _pages(world, now.date()):
            response = client.get(url)
            text = response.content.decode()
            answers[(who, url)] = response.status_code
            leaked = [word for word in hidden if word.casefold() in text.casefold()]
            assert not leaked, f"{who} {url}: {leaked}"
            assert not [path for path in internal if path in text], f"{who} {url}"
            assert "csrfmiddlewaretoken" not in text
            assert "whoami" not in text

    list_page = Client().get("/public/?province=AG").content.decode()
    assert PUBLISHED_TITLE in list_page
    detail = Client().get(f"/public/releases/{published.public_ref}/").content.decode()
    assert "45,3 tỷ đồng" in detail
    assert "Ban Nội chính" in detail
    for who in ("signed in", "anonymous"):
        assert answers[(who, "/public/")] == 200
        assert answers[(who, "/public/releases/0/")] == 404
        assert answers[(who, f"/public/releases/{published.pk}/")] == 404  # ids lead nowhere
        assert answers[(who, "/public/provinces/XX/")] == 404
    assert re.fullmatch(r"[0-9a-f]{12}", published.public_ref)


def test_a_provinces_figures_count_the_initiated_cases_that_carry_no_classification(world):
    page = Client().get("/public/provinces/AG/").content.decode()

    def figure(name: str) -> str:
        found = re.search(rf'data-testid="figure-{name}">([^<]*)<', page)
        assert found, name
        return found.group(1)

    # The open case only: the secret case's existence and its 7 billion are not public.
    assert figure("cases") == "1"
    assert figure("accused") == "2"
    assert figure("damage") == "45.300.000.000 đ"
    assert figure("recovered") == "12.480.000.000 đ"


def test_the_public_page_is_kept_until_a_release_is_published(
    world, demo_users, commission_leader, now, django_capture_on_commit_callbacks
):
    client = Client()
    assert PUBLISHED_TITLE in client.get("/public/").content.decode()
    # A change behind the services' back is not seen: the page comes from the cache.
    PressRelease.objects.filter(pk=world["published"].pk).update(title="Tiêu đề đã sửa")
    assert PUBLISHED_TITLE in client.get("/public/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        second = _draft(
            world["press"], world["case"], now, "Thông tin bổ sung về vụ án", "Vụ án đang điều tra."
        )
        _move(second, world["press"], now, "in_review")
        _move(second, commission_leader, now, "approved", "published")

    fresh = client.get("/public/").content.decode()
    assert "Thông tin bổ sung về vụ án" in fresh
    assert "Tiêu đề đã sửa" in fresh


def test_the_public_page_answers_429_past_its_rate_per_address(world, settings, now):
    settings.PHOIHOP_PUBLIC_RATE = "3/hour"
    with time_machine.travel(now, tick=False):  # every request in one window
        answers = [Client(REMOTE_ADDR="10.1.2.3").get("/public/") for _ in range(4)]
        # Another address is not held back by the first.
        other = Client(REMOTE_ADDR="10.1.2.4").get("/public/")

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert "Quá nhiều yêu cầu" in answers[-1].content.decode()
    assert other.status_code == 200


def test_a_bad_filter_is_refused_with_a_message_naming_the_field(world):
    response = Client().get("/public/?since=31/02/2026&until=2026-01-01")
    text = response.content.decode()
    assert response.status_code == 400
    assert "Công bố từ ngày" in text
    assert PUBLISHED_TITLE not in text
    backwards = Client().get("/public/?since=2026-05-01&until=2026-01-01")
    assert backwards.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu" in backwards.content.decode()


def test_the_public_page_takes_no_writes(world):
    assert Client().post("/public/").status_code == 405
    assert Client().get("/public/").headers["Cache-Control"].startswith("public")
