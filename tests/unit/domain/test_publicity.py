"""Releases and the false-information register: the figures check, the naming rule,
the ways a release and a register entry move, the month's figures."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.errors import AccessDenied, InvalidInput, RuleViolation, TransitionNotAllowed
from phoihop.domain.publicity.false_reports import (
    FalseReportStatus as F,
)
from phoihop.domain.publicity.false_reports import (
    Verdict,
    false_report_transition,
    monthly_figures,
)
from phoihop.domain.publicity.figures import Figure, RecordFigures, contradictions
from phoihop.domain.publicity.names import NameRule, initials, names_not_allowed, shown_name
from phoihop.domain.publicity.releases import ReleaseStatus as R
from phoihop.domain.publicity.releases import release_steps, release_transition

RECORD = RecordFigures(accused=11, damage_vnd=45_300_000_000, recovered_vnd=12_480_000_000)


def test_a_count_of_accused_that_the_record_contradicts_is_named():
    found = contradictions("Khởi tố 12 bị can về tội tham ô tài sản.", RECORD)

    assert [(c.figure, c.stated, c.recorded) for c in found] == [(Figure.ACCUSED, "12 bị can", 11)]
    assert found[0].message == "«12 bị can»: số bị can, bị cáo không khớp hồ sơ (hồ sơ ghi 11)."


def test_figures_that_match_the_record_within_their_rounding_pass():
    text = (
        "Cơ quan điều tra đã khởi tố 11 bị can. Hành vi gây thiệt hại 45,3 tỷ đồng; "
        "đến nay đã thu hồi 12.480.000.000 đồng. Xét xử 11 bị cáo."
    )

    assert contradictions(text, RECORD) == []
    assert contradictions("Gây thiệt hại khoảng 45 tỷ đồng.", RECORD) == []


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Gây thiệt hại 4,5 tỷ đồng cho Nhà nước.", Figure.DAMAGE),
        ("Đã thu hồi 1.248.000.000 đồng.", Figure.RECOVERED),
        ("Thiệt hại 45,3 tỷ đồng, đã khắc phục 13 tỷ đồng.", Figure.RECOVERED),
        ("Chiếm đoạt 453 triệu đồng.", Figure.DAMAGE),
    ],
)
def test_an_amount_is_read_as_damage_or_recovery_by_the_words_before_it(text, figure):
    found = contradictions(text, RECORD)

    assert [c.figure for c in found] == [figure]


def test_an_amount_with_no_telling_word_in_its_sentence_is_not_judged():
    assert (
        contradictions("Thiệt hại đã được xác định. Chi phí giám định 30 triệu đồng.", RECORD) == []
    )


def test_names_follow_the_release_rule():
    assert initials("Đặng Thị Kim Liên") == "Đ.T.K.L."
    assert shown_name("Nguyễn  Văn An", NameRule.FULL) == "Nguyễn Văn An"
    assert shown_name("Nguyễn Văn An", NameRule.INITIALS) == "N.V.A."
    assert shown_name("Nguyễn Văn An", NameRule.NONE) is None


def test_a_full_name_the_rule_forbids_is_found_with_or_without_diacritics():
    names = ["Nguyễn Văn An", "Lê Thị Hồng"]
    text = (
        "Bị can NGUYEN VAN AN (sinh 1970) và bị can L.T.H. đã bị khởi tố; "
        "Nguyễn Văn Anh không liên quan."
    )

    assert names_not_allowed(text, names, NameRule.INITIALS) == ["Nguyễn Văn An"]
    assert names_not_allowed(text, names, NameRule.FULL) == []


def test_a_release_goes_from_draft_through_review_to_publication_by_a_leader():
    moves = [R.IN_REVIEW, R.APPROVED, R.PUBLISHED]
    status = R.DRAFT
    for to in moves:
        status = release_transition(
            status, to, by_leader=True, classified=False, classified_fields_excluded=False
        )
    assert status is R.PUBLISHED
    with pytest.raises(TransitionNotAllowed):
        release_transition(
            R.PUBLISHED, R.DRAFT, by_leader=True, classified=False, classified_fields_excluded=False
        )


def test_the_steps_offered_are_the_transitions_the_role_may_take():
    assert release_steps(R.IN_REVIEW, by_leader=False) == [R.DRAFT]
    assert release_steps(R.IN_REVIEW, by_leader=True) == [R.DRAFT, R.APPROVED]
    assert release_steps(R.APPROVED, by_leader=True) == [R.DRAFT, R.PUBLISHED]
    assert release_steps(R.PUBLISHED, by_leader=True) == []


def test_only_a_leader_approves():
    with pytest.raises(AccessDenied) as refused:
        release_transition(
            R.IN_REVIEW,
            R.APPROVED,
            by_leader=False,
            classified=False,
            classified_fields_excluded=False,
        )
    assert refused.value.code == "release.leader_only"


def test_a_release_about_a_classified_case_needs_the_leaders_confirmation_to_be_published():
    with pytest.raises(RuleViolation) as refused:
        release_transition(
            R.APPROVED,
            R.PUBLISHED,
            by_leader=True,
            classified=True,
            classified_fields_excluded=False,
        )
    assert refused.value.field == "classified_fields_excluded"
    assert (
        release_transition(
            R.APPROVED,
            R.PUBLISHED,
            by_leader=True,
            classified=True,
            classified_fields_excluded=True,
        )
        is R.PUBLISHED
    )


def test_a_false_claim_is_assessed_rebutted_and_closed():
    status = false_report_transition(F.NEW, F.ASSESSED, verdict=Verdict.FALSE)
    status = false_report_transition(
        status, F.REBUTTAL_DRAFTED, verdict=Verdict.FALSE, refuting_fact="Hồ sơ ghi 11 bị can."
    )
    status = false_report_transition(status, F.REBUTTED, verdict=Verdict.FALSE)
    assert false_report_transition(status, F.CLOSED, verdict=Verdict.FALSE) is F.CLOSED


def test_a_true_claim_is_not_rebutted_and_a_rebuttal_names_its_fact():
    with pytest.raises(InvalidInput):
        false_report_transition(F.NEW, F.ASSESSED, verdict=None)
    with pytest.raises(InvalidInput) as true_claim:
        false_report_transition(
            F.ASSESSED, F.REBUTTAL_DRAFTED, verdict=Verdict.TRUE, refuting_fact="x"
        )
    assert true_claim.value.field == "verdict"
    with pytest.raises(InvalidInput) as no_fact:
        false_report_transition(F.ASSESSED, F.REBUTTAL_DRAFTED, verdict=Verdict.PARTLY_FALSE)
    assert no_fact.value.field == "refuting_fact"
    assert false_report_transition(F.ASSESSED, F.REFERRED, verdict=Verdict.TRUE) is F.REFERRED
    with pytest.raises(TransitionNotAllowed):
        false_report_transition(F.NEW, F.REBUTTED, verdict=Verdict.FALSE)


def test_the_months_figures_count_entries_by_platform_and_status():
    entries = [
        (date(2026, 11, 3), "Facebook", F.REBUTTED),
        (date(2026, 11, 20), " facebook ", F.REBUTTED),
        (date(2026, 11, 21), "YouTube", F.NEW),
        (date(2026, 10, 30), "Facebook", F.NEW),
    ]

    figures = [(m.month, m.platform, m.status, m.count) for m in monthly_figures(entries)]

    assert figures == [
        (date(2026, 10, 1), "Facebook", F.NEW, 1),
        (date(2026, 11, 1), "Facebook", F.REBUTTED, 2),
        (date(2026, 11, 1), "YouTube", F.NEW, 1),
    ]
