"""Directives and tasks: who records a directive, task status, progress reports."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.coordination import (
    DirectiveSource,
    ProgressReport,
    Task,
    TaskStatus,
    authority_for,
    check_directive,
    check_directive_recorder,
    check_task,
    done_on,
    report_progress,
    task_status,
)
from phoihop.domain.errors import AccessDenied, InvalidInput, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind, AgencyLevel

TODAY = date(2026, 5, 4)
HANOI, HUE = 1, 2
POLICE = 7


@pytest.mark.parametrize("kind", [AgencyKind.STEERING, AgencyKind.INTERNAL_AFFAIRS])
def test_the_committee_or_its_standing_body_records_a_directive(kind) -> None:
    # given

    # when
    check_directive_recorder(
        agency_kind=kind, agency_level=AgencyLevel.PROVINCIAL, province_id=HANOI
    )

    # then no error is raised


@pytest.mark.parametrize(
    "kind", [AgencyKind.INVESTIGATION, AgencyKind.PROCURACY, AgencyKind.COURT, None]
)
def test_a_handling_agency_may_not_record_a_directive(kind) -> None:
    # given

    # when
    with pytest.raises(AccessDenied) as refused:
        check_directive_recorder(
            agency_kind=kind, agency_level=AgencyLevel.PROVINCIAL, province_id=HANOI
        )

    # then
    assert "Ban Chỉ đạo" in refused.value.message


def test_an_escalation_is_answered_by_the_authority_it_went_to() -> None:
    # given an escalation to the Hà Nội committee
    authority = authority_for("provincial", HANOI)

    # when
    check_directive_recorder(
        agency_kind=AgencyKind.INTERNAL_AFFAIRS,
        agency_level=AgencyLevel.PROVINCIAL,
        province_id=HANOI,
        authority=authority,
    )

    # then no error is raised


def test_another_provinces_committee_may_not_answer_the_escalation() -> None:
    # given an escalation to the Hà Nội committee
    authority = authority_for("provincial", HANOI)

    # when
    with pytest.raises(AccessDenied) as refused:
        check_directive_recorder(
            agency_kind=AgencyKind.STEERING,
            agency_level=AgencyLevel.PROVINCIAL,
            province_id=HUE,
            authority=authority,
        )

    # then
    assert "Ban Chỉ đạo cấp tỉnh" in refused.value.message


def test_a_provincial_committee_may_not_answer_an_escalation_to_the_central_one() -> None:
    # given
    authority = authority_for("central", HANOI)

    # when
    with pytest.raises(AccessDenied):
        check_directive_recorder(
            agency_kind=AgencyKind.STEERING,
            agency_level=AgencyLevel.PROVINCIAL,
            province_id=HANOI,
            authority=authority,
        )

    # then the central committee alone answers


def test_an_answer_to_an_escalation_names_the_escalation() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        check_directive(
            source=DirectiveSource.ESCALATION_ANSWER,
            text="Đồng ý khởi tố",
            issued_on=TODAY,
            today=TODAY,
        )

    # then
    assert refused.value.field == "escalation_id"


def test_a_review_directive_is_recorded_with_its_text() -> None:
    # given

    # when
    text = check_directive(
        source=DirectiveSource.REVIEW,
        text="  Khẩn trương kết thúc điều tra. ",
        issued_on=TODAY,
        today=TODAY,
    )

    # then
    assert text == "Khẩn trương kết thúc điều tra."


def test_a_directive_without_text_is_refused_naming_the_text_field() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        check_directive(
            source=DirectiveSource.ESCALATION_ANSWER,
            text="",
            issued_on=TODAY,
            today=TODAY,
            escalation_id=3,
        )

    # then
    assert refused.value.field == "text"


def test_a_directive_dated_in_the_future_is_refused() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        check_directive(
            source=DirectiveSource.REVIEW,
            text="Chỉ đạo",
            issued_on=date(2026, 5, 5),
            today=TODAY,
        )

    # then
    assert refused.value.field == "issued_on"


def test_a_task_due_before_its_directive_is_refused() -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        check_task(text="Giám định bổ sung", issued_on=TODAY, due_on=date(2026, 5, 1))

    # then
    assert refused.value.field == "due_on"


# -- task status -----------------------------------------------------------------------


def test_a_task_is_open_until_its_due_day_ends() -> None:
    # given

    # when
    status = task_status(None, date(2026, 5, 4), today=date(2026, 5, 4))

    # then
    assert status is TaskStatus.OPEN


def test_an_open_task_past_its_due_day_is_overdue() -> None:
    # given

    # when
    status = task_status(None, date(2026, 5, 4), today=date(2026, 5, 5))

    # then
    assert status is TaskStatus.OVERDUE


def test_a_task_done_late_is_done_not_overdue() -> None:
    # given

    # when
    status = task_status(date(2026, 5, 20), date(2026, 5, 4), today=date(2026, 6, 1))

    # then
    assert status is TaskStatus.DONE


def test_a_task_without_a_due_day_is_never_overdue() -> None:
    # given

    # when
    status = Task(POLICE, due_on=None).status(date(2030, 1, 1))

    # then
    assert status is TaskStatus.OPEN


# -- progress reports ------------------------------------------------------------------


def test_the_assigned_agency_reports_progress() -> None:
    # given
    task = Task(POLICE, due_on=date(2026, 5, 30))

    # when
    report = report_progress(
        task,
        agency_id=POLICE,
        percent=40,
        text="Đã lấy lời khai",
        done=False,
        reported_on=TODAY,
        today=TODAY,
    )

    # then
    assert report == ProgressReport(TODAY, 40, "Đã lấy lời khai", done=False)


def test_a_task_is_done_on_the_first_report_saying_done() -> None:
    # given
    task = Task(POLICE, due_on=date(2026, 5, 30))
    reports = [
        report_progress(
            task,
            agency_id=POLICE,
            percent=50,
            text="Nửa chặng",
            done=False,
            reported_on=date(2026, 5, 1),
            today=TODAY,
        ),
        report_progress(
            task,
            agency_id=POLICE,
            percent=100,
            text="Hoàn thành",
            done=True,
            reported_on=date(2026, 5, 3),
            today=TODAY,
        ),
    ]

    # when
    finished = done_on(reports)

    # then
    assert finished == date(2026, 5, 3)
    assert task_status(finished, task.due_on, TODAY) is TaskStatus.DONE


def test_reports_short_of_done_leave_the_task_open() -> None:
    # given
    reports = [ProgressReport(TODAY, 100, "Gần xong", done=False)]

    # when
    finished = done_on(reports)

    # then
    assert finished is None


def test_another_agency_may_not_report_on_the_task() -> None:
    # given
    task = Task(POLICE, due_on=None)

    # when
    with pytest.raises(AccessDenied):
        report_progress(
            task,
            agency_id=99,
            percent=10,
            text="Báo cáo",
            done=False,
            reported_on=TODAY,
            today=TODAY,
        )

    # then the report is not recorded


def test_no_report_after_the_task_is_done() -> None:
    # given
    task = Task(POLICE, due_on=None, done_on=date(2026, 5, 1))

    # when
    with pytest.raises(TransitionNotAllowed):
        report_progress(
            task,
            agency_id=POLICE,
            percent=100,
            text="Bổ sung",
            done=True,
            reported_on=TODAY,
            today=TODAY,
        )

    # then the task stays done


@pytest.mark.parametrize("percent", [-1, 101, True, 50.5])
def test_a_percentage_outside_0_to_100_is_refused(percent) -> None:
    # given
    task = Task(POLICE, due_on=None)

    # when
    with pytest.raises(InvalidInput) as refused:
        report_progress(
            task,
            agency_id=POLICE,
            percent=percent,
            text="Báo cáo",
            done=False,
            reported_on=TODAY,
            today=TODAY,
        )

    # then
    assert refused.value.field == "percent"


def test_a_report_saying_done_is_at_100_percent() -> None:
    # given
    task = Task(POLICE, due_on=None)

    # when
    with pytest.raises(InvalidInput) as refused:
        report_progress(
            task,
            agency_id=POLICE,
            percent=90,
            text="Xong",
            done=True,
            reported_on=TODAY,
            today=TODAY,
        )

    # then
    assert refused.value.field == "percent"


def test_a_report_without_text_is_refused() -> None:
    # given
    task = Task(POLICE, due_on=None)

    # when
    with pytest.raises(InvalidInput) as refused:
        report_progress(
            task, agency_id=POLICE, percent=10, text=" ", done=False, reported_on=TODAY, today=TODAY
        )

    # then
    assert refused.value.field == "text"


def test_a_report_dated_in_the_future_is_refused() -> None:
    # given
    task = Task(POLICE, due_on=None)

    # when
    with pytest.raises(InvalidInput) as refused:
        report_progress(
            task,
            agency_id=POLICE,
            percent=10,
            text="Báo cáo",
            done=False,
            reported_on=date(2026, 5, 5),
            today=TODAY,
        )

    # then
    assert refused.value.field == "reported_on"
