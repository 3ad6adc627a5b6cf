"""Demo public information for An Giang, written through the real services: a few
releases drafted from case records, approved and published by the commission's leader,
and a register of false claims, one of them rebutted by a published release."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q

from phoihop.cases.models import Case
from phoihop.domain.errors import DomainError
from phoihop.publicity import services
from phoihop.publicity.models import PressRelease


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


def _publish(release: PressRelease, leader: object, press: object, now: dt.datetime) -> None:
    services.release_move(
        user=press, release_id=release.pk, expected_version=None, to="in_review", now=now
    )
    for to in ("approved", "published"):
        services.release_move(
            user=leader, release_id=release.pk, expected_version=None, to=to, now=now
        )


def demo_publicity_load(*, today: dt.date) -> int:
    """Returns the number of releases published; does nothing when releases exist."""
    if PressRelease.objects.exists():
        return 0
    users = get_user_model().objects.in_bulk(
        ["baochi.ag", "lanhdao.noichinh.ag"], field_name="username"
    )
    if len(users) < 2:
        return 0
    press, leader = users["baochi.ag"], users["lanhdao.noichinh.ag"]
    cases = list(
        Case.objects.filter(
            province__code="AG",
            classification=0,
            stage__in=["first_instance", "appeal", "enforcement"],
        )
        .annotate(accused=Count("persons", filter=Q(persons__role="accused")))
        .filter(accused__gt=0)
        .order_by("-last_event_on")[:4]
    )
    published = 0
    with transaction.atomic():
        for index, case in enumerate(cases[:3]):
            when = _at(today - dt.timedelta(days=20 - 6 * index))
            try:
                release = services.release_draft(
                    user=press, case_id=case.pk, name_rule="initials", now=when
                )
                _publish(release, leader, press, when)
            except DomainError:
                continue
            published += 1
        if cases:
            case = cases[0]
            seen = today - dt.timedelta(days=9)
            rebutted = services.false_report_record(
                user=press,
                platform="Facebook",
                address="facebook.com/trang-tin-khong-chinh-thong/posts/…",
                first_seen_on=seen,
                reach="khoảng 15.000 lượt xem, 400 lượt chia sẻ",
                claim="Bài đăng cho rằng các bị can trong vụ án đã được trả tự do và "
                "không bị truy cứu trách nhiệm hình sự.",
                case_ids=[case.pk],
                now=_at(seen),
            )
            services.false_report_move(
                user=press,
                report_id=rebutted.pk,
                expected_version=None,
                to="assessed",
                verdict="false",
                now=_at(seen),
            )
            rebuttal = services.release_draft(
                user=press, case_id=case.pk, name_rule="none", now=_at(seen)
            )
            rebuttal = services.release_edit(
                user=press,
                release_id=rebuttal.pk,
                expected_version=rebuttal.version,
                title=f"Bác bỏ thông tin sai sự thật về {case.title}",
                body=rebuttal.body + "\nThông tin trên mạng xã hội cho rằng các bị can đã "
                "được trả tự do, không bị truy cứu trách nhiệm hình sự là sai sự thật.",
                name_rule="none",
                now=_at(seen),
            )
            services.false_report_move(
                user=press,
                report_id=rebutted.pk,
                expected_version=None,
                to="rebuttal_drafted",
                refuting_fact="Hồ sơ vụ án: các bị can đang bị truy tố, xét xử theo quy định.",
                rebuttal_id=rebuttal.pk,
                now=_at(seen),
            )
            _publish(rebuttal, leader, press, _at(seen + dt.timedelta(days=1)))
            published += 1
            services.false_report_record(
                user=press,
                platform="YouTube",
                address="youtube.com/watch?v=…",
                first_seen_on=today - dt.timedelta(days=2),
                reach="khoảng 3.000 lượt xem",
                claim="Video cho rằng số tiền thiệt hại của vụ án bị che giấu.",
                case_ids=[case.pk],
                now=_at(today - dt.timedelta(days=2)),
            )
    return published
