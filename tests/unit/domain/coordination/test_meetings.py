"""Inter-agency meetings: positions, outcomes, escalation to the competent authority,
closing."""

from __future__ import annotations

import pytest

from phoihop.domain.coordination import (
    AgendaCase,
    AuthorityRef,
    CaseOutcome,
    Meeting,
    MeetingStatus,
    Position,
    PositionEffect,
    authority_for,
    conclude_agreed,
    conclude_not_agreed,
    meeting_transition,
    record_position,
)
from phoihop.domain.errors import AccessDenied, InvalidInput, RuleViolation, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind, AgencyLevel

CHAIR, POLICE, PROCURACY, COURT, OUTSIDER = 1, 2, 3, 4, 99
CASE, OTHER_CASE = 10, 11
HANOI = 1


def meeting(
    status: MeetingStatus = MeetingStatus.HELD,
    positions: tuple[Position, ...] = (),
    agenda: tuple[AgendaCase, ...] = (AgendaCase(CASE), AgendaCase(OTHER_CASE)),
) -> Meeting:
    return Meeting(
        status=status,
        chair_agency_id=CHAIR,
        participant_agency_ids=frozenset({POLICE, PROCURACY, COURT}),
        agenda=agenda,
        positions=positions,
    )


DISAGREEING = (
    Position(POLICE, CASE, "Đủ căn cứ khởi tố bị can về tội tham ô tài sản."),
    Position(PROCURACY, CASE, "Chưa đủ căn cứ: cần giám định bổ sung."),
)


# -- positions -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.HELD])
def test_a_participating_agency_records_its_position_before_the_meeting_closes(status) -> None:
    # given

    # when
    effect = record_position(meeting(status), agency_id=POLICE, case_id=CASE, text="Đồng ý")

    # then
    assert effect is PositionEffect.ADDS


def test_the_chair_takes_part_and_may_record_a_position() -> None:
    # given

    # when
    effect = record_position(meeting(), agency_id=CHAIR, case_id=CASE, text="Đề nghị thống nhất")

    # then
    assert effect is PositionEffect.ADDS


def test_a_second_position_of_an_agency_on_a_case_replaces_the_first() -> None:
    # given
    held = meeting(positions=DISAGREEING)

    # when
    effect = record_position(held, agency_id=PROCURACY, case_id=CASE, text="Nay đồng ý khởi tố")
    after = held.with_position(Position(PROCURACY, CASE, "Nay đồng ý khởi tố"))

    # then
    assert effect is PositionEffect.REPLACES
    assert after.positions_on(CASE) == (
        DISAGREEING[0],
        Position(PROCURACY, CASE, "Nay đồng ý khởi tố"),
    )


def test_a_position_on_another_case_adds_to_the_agencys_positions() -> None:
    # given
    held = meeting(positions=DISAGREEING)

    # when
    effect = record_position(held, agency_id=POLICE, case_id=OTHER_CASE, text="Đồng ý")

    # then
    assert effect is PositionEffect.ADDS


def test_an_agency_not_taking_part_may_not_record_a_position() -> None:
    # given

    # when
    with pytest.raises(AccessDenied) as refused:
        record_position(meeting(), agency_id=OUTSIDER, case_id=CASE, text="Ý kiến")

    # then
    assert "cơ quan tham dự" in refused.value.message


def test_no_position_is_recorded_once_the_meeting_is_closed() -> None:
    # given

    # when
    with pytest.raises(TransitionNotAllowed) as refused:
        record_position(
            meeting(MeetingStatus.CLOSED), agency_id=POLICE, case_id=CASE, text="Ý kiến"
        )

    # then
    assert "đã kết thúc" in refused.value.message


def test_a_position_on_a_case_not_on_the_agenda_is_refused() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        record_position(meeting(), agency_id=POLICE, case_id=12345, text="Ý kiến")

    # then
    assert refused.value.field == "case_id"


def test_an_empty_position_is_refused_naming_the_text_field() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        record_position(meeting(), agency_id=POLICE, case_id=CASE, text="  ")

    # then
    assert refused.value.field == "text"


# -- outcomes --------------------------------------------------------------------------


def test_an_agreed_case_carries_its_conclusion() -> None:
    # given
    held = meeting(positions=DISAGREEING)

    # when
    conclusion = conclude_agreed(
        held, agency_id=CHAIR, case_id=CASE, conclusion=" Thống nhất khởi tố bị can. "
    )

    # then
    assert conclusion.agenda_case == AgendaCase(
        CASE, CaseOutcome.AGREED, "Thống nhất khởi tố bị can."
    )
    assert conclusion.escalation is None


def test_agreed_without_a_conclusion_is_refused_naming_the_conclusion_field() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        conclude_agreed(meeting(), agency_id=CHAIR, case_id=CASE, conclusion="")

    # then
    assert refused.value.field == "conclusion"


def test_only_the_chairs_agency_records_an_outcome() -> None:
    # given

    # when
    with pytest.raises(AccessDenied) as refused:
        conclude_agreed(meeting(), agency_id=POLICE, case_id=CASE, conclusion="Thống nhất")

    # then
    assert "chủ trì" in refused.value.message


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.CLOSED])
def test_an_outcome_is_recorded_only_while_the_meeting_is_held(status) -> None:
    # given

    # when
    with pytest.raises(TransitionNotAllowed):
        conclude_agreed(meeting(status), agency_id=CHAIR, case_id=CASE, conclusion="Thống nhất")

    # then nothing was recorded


def test_not_agreed_escalates_the_question_with_each_agencys_position() -> None:
    # given
    held = meeting(positions=(*reversed(DISAGREEING), Position(COURT, OTHER_CASE, "Khác")))

    # when
    conclusion = conclude_not_agreed(
        held,
        agency_id=CHAIR,
        case_id=CASE,
        question="Có khởi tố bị can về tội tham ô tài sản không?",
        case_monitoring="provincial",
        province_id=HANOI,
    )

    # then
    draft = conclusion.escalation
    assert conclusion.agenda_case.outcome is CaseOutcome.NOT_AGREED
    assert draft is not None
    assert draft.case_id == CASE
    assert draft.question == "Có khởi tố bị can về tội tham ô tài sản không?"
    assert draft.positions == (
        (POLICE, "Đủ căn cứ khởi tố bị can về tội tham ô tài sản."),
        (PROCURACY, "Chưa đủ căn cứ: cần giám định bổ sung."),
    )
    assert draft.authority == AuthorityRef(AgencyLevel.PROVINCIAL, HANOI)
    assert draft.authority_kind is AgencyKind.STEERING


def test_a_centrally_monitored_case_escalates_to_the_central_committee() -> None:
    # given
    held = meeting(positions=DISAGREEING)

    # when
    conclusion = conclude_not_agreed(
        held,
        agency_id=CHAIR,
        case_id=CASE,
        question="Xin ý kiến chỉ đạo",
        case_monitoring="central",
        province_id=HANOI,
    )

    # then
    assert conclusion.escalation is not None
    assert conclusion.escalation.authority.level is AgencyLevel.CENTRAL
    assert "Ban Chỉ đạo Trung ương" in conclusion.escalation.authority.label


def test_not_agreed_with_a_single_position_is_refused() -> None:
    # given
    held = meeting(positions=DISAGREEING[:1])

    # when
    with pytest.raises(RuleViolation) as refused:
        conclude_not_agreed(
            held,
            agency_id=CHAIR,
            case_id=CASE,
            question="Xin ý kiến",
            case_monitoring="provincial",
            province_id=HANOI,
        )

    # then
    assert refused.value.field == "positions"


def test_two_agencies_saying_the_same_thing_are_not_a_disagreement() -> None:
    # given
    held = meeting(
        positions=(
            Position(POLICE, CASE, "Đồng ý khởi tố."),
            Position(PROCURACY, CASE, "  đồng ý   khởi tố. "),
        )
    )

    # when
    with pytest.raises(RuleViolation):
        conclude_not_agreed(
            held,
            agency_id=CHAIR,
            case_id=CASE,
            question="Xin ý kiến",
            case_monitoring="provincial",
            province_id=HANOI,
        )

    # then nothing is escalated


def test_not_agreed_without_a_question_is_refused_naming_the_question_field() -> None:
    # given
    held = meeting(positions=DISAGREEING)

    # when
    with pytest.raises(InvalidInput) as refused:
        conclude_not_agreed(
            held,
            agency_id=CHAIR,
            case_id=CASE,
            question="",
            case_monitoring="provincial",
            province_id=HANOI,
        )

    # then
    assert refused.value.field == "question"


# -- the competent authority -----------------------------------------------------------


@pytest.mark.parametrize("monitoring", ["none", "provincial"])
def test_a_case_not_monitored_centrally_goes_to_its_provincial_committee(monitoring) -> None:
    # given

    # when
    authority = authority_for(monitoring, HANOI)

    # then
    assert authority == AuthorityRef(AgencyLevel.PROVINCIAL, HANOI)
    assert authority.standing_body_kind is AgencyKind.INTERNAL_AFFAIRS
    assert "Ban Nội chính Tỉnh ủy" in authority.label


def test_a_provincial_authority_needs_the_province() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        authority_for("provincial", None)

    # then
    assert refused.value.field == "province_id"


def test_an_unknown_monitoring_level_is_refused() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        authority_for("district", HANOI)

    # then
    assert refused.value.field == "monitoring"


def test_the_committee_and_its_standing_body_of_the_province_make_up_the_authority() -> None:
    # given
    authority = authority_for("provincial", HANOI)

    # when
    members = {
        (kind, level, province): authority.includes(kind, level, province)
        for kind in (AgencyKind.STEERING, AgencyKind.INTERNAL_AFFAIRS, AgencyKind.PROCURACY)
        for level in (AgencyLevel.PROVINCIAL, AgencyLevel.CENTRAL)
        for province in (HANOI, 2)
    }

    # then
    assert {key for key, included in members.items() if included} == {
        (AgencyKind.STEERING, AgencyLevel.PROVINCIAL, HANOI),
        (AgencyKind.INTERNAL_AFFAIRS, AgencyLevel.PROVINCIAL, HANOI),
    }


# -- holding and closing ---------------------------------------------------------------


def test_the_chair_marks_the_meeting_held() -> None:
    # given

    # when
    new = meeting_transition(meeting(MeetingStatus.PLANNED), MeetingStatus.HELD, agency_id=CHAIR)

    # then
    assert new is MeetingStatus.HELD


def test_the_chair_closes_a_meeting_once_every_case_has_an_outcome() -> None:
    # given
    held = meeting(
        agenda=(
            AgendaCase(CASE, CaseOutcome.AGREED, "Thống nhất"),
            AgendaCase(OTHER_CASE, CaseOutcome.NOT_AGREED, "Xin ý kiến"),
        )
    )

    # when
    new = meeting_transition(held, MeetingStatus.CLOSED, agency_id=CHAIR)

    # then
    assert new is MeetingStatus.CLOSED


def test_a_meeting_with_a_case_still_pending_cannot_close() -> None:
    # given
    held = meeting().with_outcome(AgendaCase(CASE, CaseOutcome.AGREED, "Thống nhất"))

    # when
    with pytest.raises(TransitionNotAllowed) as refused:
        meeting_transition(held, MeetingStatus.CLOSED, agency_id=CHAIR)

    # then
    assert refused.value.params == {"pending_case_ids": [OTHER_CASE]}
    assert refused.value.field == "agenda"


def test_only_the_chairs_agency_closes_the_meeting() -> None:
    # given
    held = meeting(agenda=(AgendaCase(CASE, CaseOutcome.AGREED, "Thống nhất"),))

    # when
    with pytest.raises(AccessDenied):
        meeting_transition(held, MeetingStatus.CLOSED, agency_id=POLICE)

    # then the meeting stays held


def test_a_planned_meeting_is_held_before_it_is_closed() -> None:
    # given

    # when
    with pytest.raises(TransitionNotAllowed):
        meeting_transition(meeting(MeetingStatus.PLANNED), MeetingStatus.CLOSED, agency_id=CHAIR)

    # then the meeting stays planned


def test_a_closed_meeting_is_not_reopened() -> None:
    # given

    # when
    with pytest.raises(TransitionNotAllowed):
        meeting_transition(meeting(MeetingStatus.CLOSED), MeetingStatus.HELD, agency_id=CHAIR)

    # then the meeting stays closed
