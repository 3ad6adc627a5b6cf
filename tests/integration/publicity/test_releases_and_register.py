"""Public information through the real services and database: a release drafted from
the record, its figures checked, approved and published by a leader, a classified
case's release held for the leader's confirmation, and a false claim rebutted by a
published release and counted in its month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from phoihop.audit.models import AuditEvent
from phoihop.domain.errors import AccessDenied, InvalidInput, RuleViolation
from phoihop.publicity import services
from phoihop.publicity.models import PressRelease

pytestmark = pytest.mark.django_db


def _approve_and_publish(release, leader, now, **kwargs):  # type: ignore[no-untyped-def]
    for to in ("in_review", "approved", "published"):
        release.refresh_from_db()
        release = services.release_move(
            user=leader,
            release_id=release.pk,
            expected_version=release.version,
            to=to,
            now=now,
            **kwargs,
        )
    return release


def test_a_release_drafted_from_the_record_states_its_figures_and_names_by_the_rule(
    case_with_record, demo_users, now
):
    release = services.release_draft(
        user=demo_users["noichinh.ag"], case_id=case_with_record.pk, name_rule="initials", now=now
    )

    assert "Số bị can: 2 (N.V.A., L.T.H.)." in release.body
    assert "thiệt hại 45.300.000.000 đồng" in release.body
    assert "thu hồi 12.480.000.000 đồng" in release.body
    assert "Nguyễn Văn An" not in release.body
    assert services.release_check(release).clean


def test_a_figure_the_record_contradicts_stops_approval_until_corrected(
    case_with_record, demo_users, commission_leader, now
):
    drafter = demo_users["noichinh.ag"]
    release = services.release_draft(
        user=drafter, case_id=case_with_record.pk, name_rule="initials", now=now
    )
    release = services.release_edit(
        user=drafter,
        release_id=release.pk,
        expected_version=release.version,
        title=release.title,
        body=release.body.replace("Số bị can: 2", "Khởi tố 3 bị can") + " Nguyễn Văn An bị bắt.",
        name_rule="initials",
        now=now,
    )
    check = services.release_check(release)
    assert [c.stated for c in check.contradictions] == ["3 bị can"]
    assert check.forbidden_names == ["Nguyễn Văn An"]

    release = services.release_move(
        user=drafter,
        release_id=release.pk,
        expected_version=release.version,
        to="in_review",
        now=now,
    )
    with pytest.raises(InvalidInput) as refused:
        services.release_move(
            user=commission_leader,
            release_id=release.pk,
            expected_version=release.version,
            to="approved",
            now=now,
        )
    assert "«3 bị can»" in refused.value.message
    assert PressRelease.objects.get(pk=release.pk).status == "in_review"


def test_only_a_leader_of_the_commission_approves_and_a_police_officer_drafts_nothing(
    case_with_record, demo_users, now
):
    drafter = demo_users["noichinh.ag"]
    release = services.release_draft(
        user=drafter, case_id=case_with_record.pk, name_rule="none", now=now
    )
    release = services.release_move(
        user=drafter,
        release_id=release.pk,
        expected_version=release.version,
        to="in_review",
        now=now,
    )

    with pytest.raises(AccessDenied):
        services.release_move(
            user=drafter,
            release_id=release.pk,
            expected_version=release.version,
            to="approved",
            now=now,
        )
    with pytest.raises(AccessDenied):
        services.release_draft(
            user=demo_users["dieutra.ag"], case_id=case_with_record.pk, name_rule="none", now=now
        )


def test_a_classified_cases_release_is_published_only_with_the_leaders_confirmation(
    open_case, demo_users, commission_leader, now
):
    case = open_case("Vụ án mật về đấu thầu", classification=1)
    release = services.release_draft(
        user=demo_users["noichinh.ag"], case_id=case.pk, name_rule="none", now=now
    )
    release = services.release_move(
        user=commission_leader, release_id=release.pk, expected_version=1, to="in_review", now=now
    )
    release = services.release_move(
        user=commission_leader,
        release_id=release.pk,
        expected_version=release.version,
        to="approved",
        now=now,
    )

    with pytest.raises(RuleViolation) as refused:
        services.release_move(
            user=commission_leader,
            release_id=release.pk,
            expected_version=release.version,
            to="published",
            now=now,
        )
    assert refused.value.field == "classified_fields_excluded"
    assert PressRelease.objects.get(pk=release.pk).published_at is None

    published = services.release_move(
        user=commission_leader,
        release_id=release.pk,
        expected_version=release.version,
        to="published",
        classified_fields_excluded=True,
        now=now,
    )
    assert published.status == "published"
    assert AuditEvent.objects.filter(
        action="release.moved", target_id=str(release.pk), data__classified_fields_excluded=True
    ).exists()


def test_a_false_claim_is_rebutted_by_a_published_release_and_counted_in_its_month(
    case_with_record, demo_users, commission_leader, now
):
    drafter = demo_users["noichinh.ag"]
    seen = now.date() - dt.timedelta(days=2)
    report = services.false_report_record(
        user=drafter,
        platform="Facebook",
        address="trang cá nhân «Sự thật An Giang»",
        first_seen_on=seen,
        reach="khoảng 12.000 lượt chia sẻ",
        claim="Vụ án đã bị đình chỉ, không ai bị khởi tố.",
        case_ids=[case_with_record.pk],
        now=now,
    )
    report = services.false_report_move(
        user=drafter,
        report_id=report.pk,
        expected_version=1,
        to="assessed",
        verdict="false",
        now=now,
    )
    rebuttal = services.release_draft(
        user=drafter, case_id=case_with_record.pk, name_rule="initials", now=now
    )
    report = services.false_report_move(
        user=drafter,
        report_id=report.pk,
        expected_version=report.version,
        to="rebuttal_drafted",
        refuting_fact="Hồ sơ ghi 2 bị can đã bị khởi tố; vụ án đang điều tra.",
        rebuttal_id=rebuttal.pk,
        now=now,
    )

    _approve_and_publish(rebuttal, commission_leader, now)

    report.refresh_from_db()
    assert report.status == "rebutted"
    months = services.false_report_months(drafter, year=seen.year)
    assert [(m.month, m.platform, m.status.value, m.count) for m in months] == [
        (seen.replace(day=1), "Facebook", "rebutted", 1)
    ]
    # Someone of another province sees neither the entry nor its count.
    assert services.false_report_months(demo_users["noichinh.tw"], year=seen.year)
    other = get_user_model().objects.create(
        username="nc.hn", agency=demo_users["dieutra.hn"].agency, role="press", clearance=3
    )
    assert services.false_report_months(other, year=seen.year) == []


def test_the_case_page_lists_the_entries_about_the_case_whose_every_case_the_user_sees(
    case_with_record, open_case, demo_users, now
):
    """The case page's card asks the entries naming the case, not the whole register:
    it must show what the register shows of them (an entry that also names a case of
    another province stays hidden from the province's drafter)."""
    central = demo_users["noichinh.tw"]
    elsewhere = open_case("Vụ án lừa đảo tại Hà Nội", user="dieutra.hn")

    def entry(claim: str, case_ids: list[int]) -> int:
        return services.false_report_record(
            user=central,
            platform="Facebook",
            address="trang «Tin nóng»",
            first_seen_on=now.date(),
            reach="",
            claim=claim,
            case_ids=case_ids,
            now=now,
        ).pk

    only_here = entry("Vụ án đã bị đình chỉ.", [case_with_record.pk])
    both = entry("Hai vụ án do cùng một người chỉ đạo.", [case_with_record.pk, elsewhere.pk])
    drafter = demo_users["noichinh.ag"]

    card = services.case_publicity(drafter, case_with_record)

    assert card is not None
    shown = [r.pk for r in card["false_reports"]]
    assert shown == [only_here]
    register = services.false_reports_visible_to(drafter).filter(cases=case_with_record)
    assert shown == list(register.values_list("pk", flat=True))
    whole = services.case_publicity(central, case_with_record)
    assert whole is not None
    assert sorted(r.pk for r in whole["false_reports"]) == sorted([only_here, both])
