"""The public-information pages of the signed-in product through the real stack:
who reaches them, a stale edit detected, a classified case's release held at the
publish button until the leader ticks the confirmation, and the register worked from
a case page to the month's figures, with bad input refused field by field."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from phoihop.publicity.models import FalseReport, PressRelease
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def client_for(user):  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def _drafted(client, case) -> PressRelease:  # type: ignore[no-untyped-def]
    response = client.post(f"/publicity/cases/{case.pk}/releases/new/", {"name_rule": "none"})
    assert response.status_code == 302
    return PressRelease.objects.get(pk=int(re.search(r"/releases/(\d+)/", response.url)[1]))


def _move(client, release, to, **extra):  # type: ignore[no-untyped-def]
    release.refresh_from_db()
    return client.post(
        f"/publicity/releases/{release.pk}/move/",
        {"to": to, "version": release.version, **extra},
    )


def test_only_those_who_draft_releases_reach_the_pages(case_with_record, demo_users):
    police = client_for(demo_users["dieutra.ag"])
    press = client_for(demo_users["baochi.ag"])
    release = _drafted(press, case_with_record)
    for url in (
        "/publicity/releases/",
        "/publicity/false-information/",
        f"/publicity/cases/{case_with_record.pk}/releases/new/",
        f"/publicity/releases/{release.pk}/",
    ):
        assert police.get(url).status_code == 404, url
        assert press.get(url).status_code == 200, url
    case_page = police.get(f"/cases/{case_with_record.pk}/").content.decode()
    assert "/publicity/" not in case_page
    assert f"/publicity/cases/{case_with_record.pk}/releases/new/" in (
        press.get(f"/cases/{case_with_record.pk}/").content.decode()
    )


def test_an_edit_on_a_version_someone_else_changed_is_refused_and_loses_nothing(
    case_with_record, demo_users
):
    press = client_for(demo_users["baochi.ag"])
    commission = client_for(demo_users["noichinh.ag"])
    release = _drafted(press, case_with_record)
    form = {"title": "Bản của cán bộ báo chí", "body": "Nội dung một.", "name_rule": "none"}
    first = press.post(f"/publicity/releases/{release.pk}/", {**form, "version": 1})
    assert first.status_code == 302
    late = commission.post(
        f"/publicity/releases/{release.pk}/",
        {**form, "title": "Bản của Ban Nội chính", "version": 1},
    )
    assert late.status_code == 409
    assert "vừa được người khác sửa" in late.content.decode()
    assert PressRelease.objects.get(pk=release.pk).title == "Bản của cán bộ báo chí"


def test_a_classified_cases_release_waits_at_publish_for_the_leaders_confirmation(
    open_case, demo_users, commission_leader
):
    case = open_case("Vụ án về đấu thầu thiết bị y tế", classification=1)
    press = client_for(demo_users["baochi.ag"])
    leader = client_for(commission_leader)
    release = _drafted(press, case)
    assert _move(press, release, "in_review").status_code == 302
    assert _move(leader, release, "approved").status_code == 302
    page = leader.get(f"/publicity/releases/{release.pk}/").content.decode()
    assert 'name="classified_fields_excluded"' in page

    refused = _move(leader, release, "published")
    assert refused.status_code == 422
    assert "phải xác nhận" in refused.content.decode()
    release.refresh_from_db()
    assert (release.status, release.public_ref) == ("approved", None)

    published = _move(leader, release, "published", classified_fields_excluded="on")
    assert published.status_code == 302
    release.refresh_from_db()
    assert release.status == "published"
    assert release.classified_fields_excluded
    assert Client().get(f"/public/releases/{release.public_ref}/").status_code == 200


def test_a_claim_recorded_from_the_case_page_is_rebutted_and_counted_in_its_month(
    case_with_record, demo_users, commission_leader, now, django_capture_on_commit_callbacks
):
    press = client_for(demo_users["baochi.ag"])
    seen = now.date() - dt.timedelta(days=1)
    recorded = press.post(
        f"/publicity/cases/{case_with_record.pk}/false-information/new/",
        {
            "platform": "TikTok",
            "address": "tiktok.com/@tin-nong/video/1",
            "first_seen_on": seen.isoformat(),
            "reach": "20.000 lượt xem",
            "claim": "Video nói vụ án đã bị đình chỉ.",
            "other_cases": "",
        },
    )
    assert recorded.status_code == 302
    report = FalseReport.objects.get()
    url = f"/publicity/false-information/{report.pk}/"

    def move(to, **extra):  # type: ignore[no-untyped-def]
        report.refresh_from_db()
        form = {"verdict": "", "refuting_fact": "", "rebuttal": "", "referred_to": ""}
        return press.post(url, {**form, "to": to, "version": report.version, **extra})

    assert move("assessed", verdict="false").status_code == 302
    rebuttal = _drafted(press, case_with_record)
    no_fact = move("rebuttal_drafted", rebuttal=rebuttal.pk)
    assert no_fact.status_code == 400
    assert "Cần nêu sự thật trong hồ sơ" in no_fact.content.decode()
    drafted = move(
        "rebuttal_drafted", rebuttal=rebuttal.pk, refuting_fact="Hồ sơ: vụ án đang điều tra."
    )
    assert drafted.status_code == 302
    early = move("rebutted")
    assert early.status_code == 400
    assert "chưa được công bố" in early.content.decode()

    leader = client_for(commission_leader)
    with django_capture_on_commit_callbacks(execute=True):
        for to in ("in_review", "approved", "published"):
            assert _move(leader, rebuttal, to).status_code == 302

    report.refresh_from_db()
    assert report.status == "rebutted"
    figures = press.get(f"/publicity/false-information/?year={seen.year}").content.decode()
    table = figures[figures.index('data-testid="monthly-figures"') :]
    row = re.search(
        rf"<td>{seen:%m/%Y}</td><td>TikTok</td><td>Đã công bố thông tin phản bác</td>"
        r'<td class="text-end">(\d+)</td>',
        table,
    )
    assert row, table[:2000]
    assert row[1] == "1"


def test_a_bad_register_entry_is_refused_naming_the_field_and_writes_nothing(
    case_with_record, demo_users, now
):
    press = client_for(demo_users["baochi.ag"])
    url = f"/publicity/cases/{case_with_record.pk}/false-information/new/"
    good = {
        "platform": "Facebook",
        "address": "",
        "first_seen_on": now.date().isoformat(),
        "reach": "",
        "claim": "Bài đăng sai sự thật.",
        "other_cases": "",
    }
    for change, message in (
        ({"claim": "   "}, "Nội dung thông tin (tóm tắt)"),
        ({"first_seen_on": (now.date() + dt.timedelta(days=3)).isoformat()}, "sau hôm nay"),
        ({"first_seen_on": "30/02/2026"}, "Ngày phát hiện"),
        ({"other_cases": "KHONG-CO-MA-NAY"}, "KHONG-CO-MA-NAY"),
    ):
        response = press.post(url, {**good, **change})
        assert response.status_code == 400, change
        assert message in response.content.decode(), change
    assert not FalseReport.objects.exists()


def test_an_edit_sent_after_the_release_left_the_draft_is_refused_with_its_reason(
    case_with_record, demo_users
):
    press = client_for(demo_users["baochi.ag"])
    release = _drafted(press, case_with_record)
    assert _move(press, release, "in_review").status_code == 302
    release.refresh_from_db()
    late = press.post(
        f"/publicity/releases/{release.pk}/",
        {"title": "Sửa muộn", "body": "Nội dung.", "name_rule": "none", "version": release.version},
    )
    assert late.status_code == 400
    assert "Chỉ sửa được thông tin ở trạng thái dự thảo" in late.content.decode()
    assert PressRelease.objects.get(pk=release.pk).title != "Sửa muộn"
