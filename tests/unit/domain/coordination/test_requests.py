"""Coordination requests: the transition table, due dates (statutory for expertise,
agreed otherwise), overdue, and the suspension hint."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.clocks import ClockRequest, compute
from phoihop.domain.coordination import (
    REQUEST_TRANSITIONS,
    RequestKind,
    RequestParty,
    RequestStatus,
    allowed_request_moves,
    due_date_for,
    is_open,
    is_overdue,
    moved_by,
    request_transition,
    suspension_hint,
)
from phoihop.domain.errors import AccessDenied, InvalidInput, RuleViolation, TransitionNotAllowed

S = RequestStatus
SENDER = RequestParty.SENDER
RECIPIENT = RequestParty.RECIPIENT
rule = pytest.mark.rule


# -- transitions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "to"),
    [
        (S.SENT, S.RECEIVED),
        (S.RECEIVED, S.IN_PROGRESS),
        (S.SENT, S.ANSWERED),
        (S.RECEIVED, S.ANSWERED),
        (S.IN_PROGRESS, S.ANSWERED),
    ],
)
def test_the_recipient_moves_a_request_towards_its_answer(status, to) -> None:
    # given a request in an open status

    # when
    new = request_transition(status, to, RECIPIENT)

    # then
    assert new is to


@pytest.mark.parametrize("status", [S.SENT, S.RECEIVED, S.IN_PROGRESS])
def test_the_sender_may_cancel_an_open_request_without_a_reason(status) -> None:
    # given an open request

    # when
    new = request_transition(status, S.CANCELLED, SENDER, reason=None)

    # then
    assert new is S.CANCELLED


def test_the_recipient_may_decline_with_a_reason() -> None:
    # given
    reason = "Không thuộc thẩm quyền định giá của Hội đồng"

    # when
    new = request_transition(S.RECEIVED, S.DECLINED, RECIPIENT, reason=reason)

    # then
    assert new is S.DECLINED


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_declining_without_a_reason_is_refused_naming_the_reason_field(reason) -> None:
    # given a request just received

    # when
    with pytest.raises(InvalidInput) as refused:
        request_transition(S.RECEIVED, S.DECLINED, RECIPIENT, reason=reason)

    # then
    assert refused.value.field == "reason"
    assert "lý do từ chối" in refused.value.message


def test_the_sender_may_not_answer_its_own_request() -> None:
    # given a request in progress

    # when
    with pytest.raises(AccessDenied) as refused:
        request_transition(S.IN_PROGRESS, S.ANSWERED, SENDER)

    # then
    assert "cơ quan nhận yêu cầu" in refused.value.message


def test_the_recipient_may_not_cancel_the_request() -> None:
    # given a request just sent

    # when
    with pytest.raises(AccessDenied) as refused:
        request_transition(S.SENT, S.CANCELLED, RECIPIENT)

    # then
    assert "cơ quan gửi yêu cầu" in refused.value.message


@pytest.mark.parametrize("closed", [S.ANSWERED, S.DECLINED, S.CANCELLED])
def test_a_closed_request_moves_no_further(closed) -> None:
    # given a request answered, declined or cancelled

    # when
    with pytest.raises(TransitionNotAllowed) as refused:
        request_transition(closed, S.IN_PROGRESS, RECIPIENT)

    # then
    assert refused.value.params == {"status": closed.value, "to": "in_progress"}
    assert "không thể chuyển sang «Đang thực hiện»" in refused.value.message


def test_an_impossible_move_is_refused_before_asking_who_makes_it() -> None:
    # given a request in progress, which cannot go back to received

    # when
    with pytest.raises(TransitionNotAllowed) as refused:
        request_transition(S.IN_PROGRESS, S.RECEIVED, SENDER)

    # then
    assert "có thể chuyển sang" in refused.value.message


def test_the_buttons_each_party_sees_are_the_moves_the_table_accepts() -> None:
    # given every status and party
    for status in RequestStatus:
        for party in RequestParty:
            # when
            moves = allowed_request_moves(status, party)

            # then
            for to in moves:
                assert request_transition(status, to, party, reason="lý do") is to
            for to in set(RequestStatus) - set(moves):
                with pytest.raises((TransitionNotAllowed, AccessDenied)):
                    request_transition(status, to, party, reason="lý do")


def test_only_open_requests_can_be_moved_at_all() -> None:
    # given the table

    # when
    origins = {status for status, _ in REQUEST_TRANSITIONS}

    # then
    assert origins == {status for status in RequestStatus if is_open(status)}


# -- open and overdue ------------------------------------------------------------------


def test_a_request_is_due_until_the_end_of_its_due_day() -> None:
    # given
    due_on = date(2026, 5, 4)

    # when
    on_the_day = is_overdue(S.IN_PROGRESS, due_on, today=date(2026, 5, 4))
    the_day_after = is_overdue(S.IN_PROGRESS, due_on, today=date(2026, 5, 5))

    # then
    assert not on_the_day
    assert the_day_after


@pytest.mark.parametrize("closed", [S.ANSWERED, S.DECLINED, S.CANCELLED])
def test_a_closed_request_is_never_overdue(closed) -> None:
    # given a request closed and long past its due day

    # when
    overdue = is_overdue(closed, date(2026, 1, 1), today=date(2026, 6, 1))

    # then
    assert not overdue
    assert not is_open(closed)


# -- due dates -------------------------------------------------------------------------


@rule("EXPERTISE")
def test_nine_day_expertise_sent_on_24_april_2026_is_due_on_monday_4_may(calendar_2026) -> None:
    # given 24/04 + 9 days = Sunday 03/05/2026, after the 30/04 and 01/05 holidays
    sent_on = date(2026, 4, 24)

    # when
    due = due_date_for(
        RequestKind.EXPERTISE, sent_on=sent_on, variant="NINE_DAYS", calendar=calendar_2026
    )

    # then the last day rolls to Monday 04/05/2026, as the engine counts it
    engine = compute(
        ClockRequest(code="EXPERTISE", start_on=sent_on, variant="NINE_DAYS"), calendar_2026
    )
    assert due.due_on == date(2026, 5, 4) == engine.deadline
    assert due.statutory
    assert due.basis == "BLTTHS 2015, Điều 208 khoản 1 điểm c"
    assert due.steps == engine.steps


@rule("EXPERTISE")
@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("PSYCHIATRIC", date(2026, 7, 24)),  # 3 months, a Friday
        ("DEATH_OR_POLLUTION", date(2026, 5, 25)),  # 1 month: Sunday 24/05 → Monday
        ("OTHER", date(2026, 7, 24)),  # GĐTP 26a(4): 3 months
        ("OTHER_COMPLEX", date(2026, 8, 24)),  # 4 months, a Monday
    ],
)
def test_expertise_is_due_on_its_statutory_period_by_variant(
    calendar_2026, variant, expected
) -> None:
    # given an expertise request sent on Friday 24/04/2026

    # when
    due = due_date_for(
        RequestKind.EXPERTISE, sent_on=date(2026, 4, 24), variant=variant, calendar=calendar_2026
    )

    # then
    assert due.due_on == expected
    assert due.statutory


def test_expertise_counts_from_receipt_of_the_full_dossier_when_known(calendar_2026) -> None:
    # given the dossier completed on Monday 04/05/2026: + 9 days = Wednesday 13/05
    sent_on, received_on = date(2026, 4, 24), date(2026, 5, 4)

    # when
    due = due_date_for(
        RequestKind.EXPERTISE,
        sent_on=sent_on,
        received_on=received_on,
        variant="NINE_DAYS",
        calendar=calendar_2026,
    )

    # then
    assert due.due_on == date(2026, 5, 13)


def test_expertise_without_a_variant_is_refused_naming_the_variant_field(calendar_2026) -> None:
    # given an expertise request whose kind of expertise was not chosen

    # when
    with pytest.raises(InvalidInput) as refused:
        due_date_for(RequestKind.EXPERTISE, sent_on=date(2026, 4, 24), calendar=calendar_2026)

    # then
    assert refused.value.field == "variant"


def test_an_agreed_expertise_date_within_the_statutory_period_governs(calendar_2026) -> None:
    # given a date agreed with the expert before the 04/05 statutory date
    agreed = date(2026, 4, 29)

    # when
    due = due_date_for(
        RequestKind.EXPERTISE,
        sent_on=date(2026, 4, 24),
        variant="NINE_DAYS",
        agreed_due_on=agreed,
        calendar=calendar_2026,
    )

    # then
    assert due.due_on == agreed
    assert not due.statutory
    assert "Điều 26a khoản 5" in due.basis


def test_an_agreed_expertise_date_beyond_the_statutory_one_is_refused(calendar_2026) -> None:
    # given a date agreed after the 04/05/2026 statutory date
    agreed = date(2026, 5, 5)

    # when
    with pytest.raises(RuleViolation) as refused:
        due_date_for(
            RequestKind.EXPERTISE,
            sent_on=date(2026, 4, 24),
            variant="NINE_DAYS",
            agreed_due_on=agreed,
            calendar=calendar_2026,
        )

    # then
    assert refused.value.field == "due_on"
    assert "Điều 208" in refused.value.message
    assert "Điều 26a" in refused.value.message
    assert refused.value.params["statutory_due_on"] == "2026-05-04"


def test_valuation_is_due_on_the_date_stated_in_the_request(calendar_2026) -> None:
    # given Art. 216 sets no period: the request states one
    agreed = date(2026, 6, 30)

    # when
    due = due_date_for(
        RequestKind.VALUATION,
        sent_on=date(2026, 4, 24),
        agreed_due_on=agreed,
        calendar=calendar_2026,
    )

    # then
    assert due.due_on == agreed
    assert not due.statutory
    assert "Điều 216" in due.basis


def test_valuation_without_a_due_date_is_refused_naming_the_due_on_field(calendar_2026) -> None:
    # given a valuation request stating no period

    # when
    with pytest.raises(InvalidInput) as refused:
        due_date_for(RequestKind.VALUATION, sent_on=date(2026, 4, 24), calendar=calendar_2026)

    # then
    assert refused.value.field == "due_on"
    assert "Điều 216" in refused.value.message


@pytest.mark.parametrize(
    "kind",
    [
        RequestKind.DOCUMENTS,
        RequestKind.OPINION,
        RequestKind.LEGAL_ASSISTANCE,
        RequestKind.ASSET_RECOVERY,
        RequestKind.OTHER,
    ],
)
def test_other_requests_need_an_agreed_due_date(calendar_2026, kind) -> None:
    # given a request with no due date

    # when
    with pytest.raises(InvalidInput) as refused:
        due_date_for(kind, sent_on=date(2026, 4, 24), calendar=calendar_2026)

    # then
    assert refused.value.field == "due_on"


def test_other_requests_are_due_on_the_agreed_date_even_on_a_rest_day(calendar_2026) -> None:
    # given an agreed date that is Sunday 03/05/2026: no statutory rollover applies
    agreed = date(2026, 5, 3)

    # when
    due = due_date_for(
        RequestKind.DOCUMENTS,
        sent_on=date(2026, 4, 24),
        agreed_due_on=agreed,
        calendar=calendar_2026,
    )

    # then
    assert due.due_on == agreed
    assert not due.statutory


def test_a_due_date_before_the_request_was_sent_is_refused(calendar_2026) -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        due_date_for(
            RequestKind.OPINION,
            sent_on=date(2026, 4, 24),
            agreed_due_on=date(2026, 4, 23),
            calendar=calendar_2026,
        )

    # then
    assert refused.value.field == "due_on"


def test_a_variant_on_a_request_other_than_expertise_is_refused(calendar_2026) -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        due_date_for(
            RequestKind.VALUATION,
            sent_on=date(2026, 4, 24),
            variant="NINE_DAYS",
            agreed_due_on=date(2026, 6, 30),
            calendar=calendar_2026,
        )

    # then
    assert refused.value.field == "variant"


# -- suspension hint -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock_code", "article", "decision"),
    [
        ("INVESTIGATION", "Điều 229 khoản 1 điểm c", "tạm đình chỉ điều tra"),
        ("PROSECUTION", "Điều 247 khoản 1 điểm c", "tạm đình chỉ vụ án"),
        ("DENUNCIATION", "Điều 148 khoản 1 điểm a", "tạm đình chỉ việc giải quyết nguồn tin"),
        ("DENUNCIATION_PROLONGED", "Điều 148 khoản 1 điểm a", "tạm đình chỉ việc giải quyết"),
    ],
)
@pytest.mark.parametrize("kind", [RequestKind.EXPERTISE, RequestKind.VALUATION])
def test_an_open_expertise_or_valuation_past_the_main_clock_allows_suspension(
    kind, clock_code, article, decision
) -> None:
    # given the main clock ran out on 10/03/2026 and the request is still open

    # when
    hint = suspension_hint(kind, True, date(2026, 3, 10), date(2026, 3, 11), clock_code=clock_code)

    # then
    assert hint is not None
    assert article in hint
    assert decision in hint
    assert "10/03/2026" in hint


def test_no_suspension_hint_while_the_main_clock_still_runs() -> None:
    # given the last day of the main clock

    # when
    hint = suspension_hint(
        RequestKind.EXPERTISE,
        True,
        date(2026, 3, 10),
        date(2026, 3, 10),
        clock_code="INVESTIGATION",
    )

    # then
    assert hint is None


def test_no_suspension_hint_once_the_request_is_answered() -> None:
    # given

    # when
    hint = suspension_hint(
        RequestKind.EXPERTISE,
        False,
        date(2026, 3, 10),
        date(2026, 4, 1),
        clock_code="INVESTIGATION",
    )

    # then
    assert hint is None


@pytest.mark.parametrize("kind", [RequestKind.DOCUMENTS, RequestKind.OPINION, RequestKind.OTHER])
def test_no_suspension_hint_for_requests_that_are_no_ground_for_it(kind) -> None:
    # given

    # when
    hint = suspension_hint(
        kind, True, date(2026, 3, 10), date(2026, 4, 1), clock_code="INVESTIGATION"
    )

    # then
    assert hint is None


@pytest.mark.parametrize("clock_code", ["DETENTION", "HEARING_OPENING", "NO_SUCH_CLOCK"])
def test_no_suspension_hint_for_clocks_the_ground_does_not_cover(clock_code) -> None:
    # given

    # when
    hint = suspension_hint(
        RequestKind.EXPERTISE, True, date(2026, 3, 10), date(2026, 4, 1), clock_code=clock_code
    )

    # then
    assert hint is None


def test_no_suspension_hint_without_a_main_clock() -> None:
    # given a case whose main clock is not running

    # when
    hint = suspension_hint(
        RequestKind.EXPERTISE, True, None, date(2026, 4, 1), clock_code="INVESTIGATION"
    )

    # then
    assert hint is None


def test_a_pending_expertise_after_trial_preparation_ran_out_allows_the_courts_suspension() -> None:
    # given: LEGAL.md §1.6 — the court suspends on the 229(1)(c) ground (Art. 281)

    # when
    hint = suspension_hint(
        RequestKind.EXPERTISE,
        True,
        date(2026, 3, 10),
        date(2026, 4, 1),
        clock_code="TRIAL_PREPARATION",
    )

    # then
    assert hint is not None
    assert "Điều 281" in hint


def test_each_status_names_the_party_whose_move_put_the_request_there() -> None:
    # given every status

    # when
    movers = {status: moved_by(status) for status in RequestStatus}

    # then
    assert movers == {
        S.SENT: SENDER,
        S.RECEIVED: RECIPIENT,
        S.IN_PROGRESS: RECIPIENT,
        S.ANSWERED: RECIPIENT,
        S.DECLINED: RECIPIENT,
        S.CANCELLED: SENDER,
    }
