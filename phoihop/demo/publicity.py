"""Demo public information for An Giang, written through the real services: a few
releases drafted from case records, approved and published by the commission's leader,
and a register of false claims, one of them rebutted by a published release. Who
drafts and who publishes is asked of the product's own rules (``casting``)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from phoihop.cases.labels import stage_label
from phoihop.cases.models import Case
from phoihop.demo import steps
from phoihop.demo.casting import demo_accounts, first_allowed, with_facts
from phoihop.domain.access.policy import Actor, CaseFacts
from phoihop.domain.organisation import Role
from phoihop.domain.publicity.access import may_approve_release, may_inform_about
from phoihop.publicity import services
from phoihop.publicity.models import PressRelease

PROVINCE = "AG"
RESULT_STAGES = ("first_instance", "appeal", "enforcement")


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


def _may_draft(facts: CaseFacts, _: Any, actor: Actor) -> bool:
    return may_inform_about(actor, facts)


def _may_publish(facts: CaseFacts, _: Any, actor: Actor) -> bool:
    """``release_move``'s rule for approving and publishing: a leader of the commission
    who may draft about the case."""
    return may_approve_release(actor) and may_inform_about(actor, facts)


def demo_publicity_load(*, today: dt.date) -> int:
    """Returns the number of releases published; does nothing when releases exist."""
    if PressRelease.objects.exists():
        return 0
    accounts = demo_accounts()
    # The press officer drafts, as the commission's work goes; a leader publishes.
    drafters = sorted(accounts, key=lambda account: account[1].role is not Role.PRESS)
    # Judged cases, unclassified: a classified case's release needs a leader to confirm
    # it carries no classified field, which only a person who has read the file can.
    judged = (
        Case.objects.filter(province__code=PROVINCE, classification=0, stage__in=RESULT_STAGES)
        .annotate(accused=Count("persons", filter=Q(persons__role="accused")))
        .filter(accused__gt=0)
        .order_by("-last_event_on", "pk")
    )
    cases: list[tuple[Case, Any, Any]] = []
    for case, facts in with_facts(judged):
        press = first_allowed(drafters, partial(_may_draft, facts))
        leader = first_allowed(accounts, partial(_may_publish, facts))
        if press is not None and leader is not None:
            cases.append((case, press, leader))
        if len(cases) == 3:
            break
    published = 0
    with steps.demo_step(steps.PUBLICITY), transaction.atomic():
        for index, (case, press, leader) in enumerate(cases):
            when = _at(today - dt.timedelta(days=20 - 6 * index))
            release = services.release_draft(
                user=press, case_id=case.pk, name_rule="initials", now=when
            )
            _publish(release, leader, press, when)
            published += 1
        if cases:
            case, press, leader = cases[0]
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
                refuting_fact=(
                    f"Hồ sơ vụ án: vụ án đang ở giai đoạn «{stage_label(case.stage)}»; các bị "
                    "can vẫn bị truy cứu trách nhiệm hình sự theo quy định."
                ),
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
