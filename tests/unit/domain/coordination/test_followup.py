"""The follow-up sweep: what is due within N days or overdue, the reminder text, and
one reminder per item per day."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.coordination import (
    FollowUpItem,
    FollowUpKind,
    ReminderLevel,
    due_items,
    reminder_key,
)
from phoihop.domain.errors import InvalidInput

TODAY = date(2026, 5, 4)


def item(due_on: date, kind: FollowUpKind = FollowUpKind.REQUEST, key: str = "17") -> FollowUpItem:
    return FollowUpItem(
        kind=kind,
        key=key,
        responsible_agency_id=3,
        due_on=due_on,
        title="Yêu cầu giám định số 17",
        case_id=42,
    )


def test_an_item_due_within_the_window_gets_a_due_soon_reminder() -> None:
    # given
    soon = item(date(2026, 5, 7))

    # when
    reminders = due_items([soon], today=TODAY, within_days=3)

    # then
    [reminder] = reminders
    assert reminder.level is ReminderLevel.DUE_SOON
    assert reminder.days == 3
    assert reminder.text == "Đôn đốc: Yêu cầu giám định số 17 đến hạn ngày 07/05/2026 (còn 3 ngày)."
    assert reminder.item is soon


def test_an_item_beyond_the_window_is_not_reminded() -> None:
    # given
    later = item(date(2026, 5, 8))

    # when
    reminders = due_items([later], today=TODAY, within_days=3)

    # then
    assert reminders == []


def test_an_overdue_item_gets_an_overdue_reminder() -> None:
    # given
    late = item(date(2026, 4, 29))

    # when
    [reminder] = due_items([late], today=TODAY, within_days=0)

    # then
    assert reminder.level is ReminderLevel.OVERDUE
    assert reminder.days == 5
    assert reminder.text == (
        "Đôn đốc: Yêu cầu giám định số 17 đã quá hạn 5 ngày (hạn ngày 29/04/2026)."
    )


def test_an_item_due_today_is_due_soon_on_its_last_day() -> None:
    # given
    today_item = item(TODAY)

    # when
    [reminder] = due_items([today_item], today=TODAY, within_days=0)

    # then
    assert reminder.level is ReminderLevel.DUE_SOON
    assert reminder.days == 0
    assert "hôm nay là ngày cuối" in reminder.text


def test_the_reminder_key_is_kind_key_and_day() -> None:
    # given
    clock = item(date(2026, 5, 10), kind=FollowUpKind.CLOCK, key="INVESTIGATION")

    # when
    key = reminder_key(clock, TODAY)

    # then
    assert key == "clock:INVESTIGATION:2026-05-04"


def test_the_same_item_gets_the_same_key_all_day_and_a_new_one_the_next_day() -> None:
    # given
    first = item(date(2026, 5, 6))
    again = item(date(2026, 5, 6))

    # when
    keys = {reminder_key(first, TODAY), reminder_key(again, TODAY)}
    tomorrow = reminder_key(first, date(2026, 5, 5))

    # then
    assert keys == {"request:17:2026-05-04"}
    assert tomorrow == "request:17:2026-05-05"


def test_an_item_listed_twice_in_one_sweep_is_reminded_once() -> None:
    # given
    twice = [item(date(2026, 5, 6)), item(date(2026, 5, 6))]

    # when
    reminders = due_items(twice, today=TODAY, within_days=5)

    # then
    assert len(reminders) == 1


def test_items_of_different_kinds_with_the_same_key_are_distinct() -> None:
    # given
    request = item(date(2026, 5, 6), kind=FollowUpKind.REQUEST, key="5")
    task = item(date(2026, 5, 6), kind=FollowUpKind.TASK, key="5")

    # when
    reminders = due_items([request, task], today=TODAY, within_days=5)

    # then
    assert {r.key for r in reminders} == {"request:5:2026-05-04", "task:5:2026-05-04"}


def test_reminders_come_earliest_first() -> None:
    # given
    items = [
        item(date(2026, 5, 6), key="b"),
        item(date(2026, 5, 1), key="a"),
        item(date(2026, 5, 5), key="c"),
    ]

    # when
    reminders = due_items(items, today=TODAY, within_days=5)

    # then
    assert [r.item.key for r in reminders] == ["a", "c", "b"]


@pytest.mark.parametrize("within_days", [-1, True])
def test_a_negative_window_is_refused(within_days) -> None:
    # given

    # when
    with pytest.raises(InvalidInput) as refused:
        due_items([], today=TODAY, within_days=within_days)

    # then
    assert refused.value.field == "within_days"


def test_a_deadline_figure_counts_the_agency_that_must_act_not_every_agency_on_the_case():
    from phoihop.domain.coordination.followup import Participant, agencies_to_act
    from phoihop.domain.organisation import AgencyKind as K

    police, procuracy, court = (
        Participant(1, K.INVESTIGATION, True),
        Participant(2, K.PROCURACY, True),
        Participant(3, K.COURT, True),
    )
    clocks = [
        ("overdue", "PROSECUTION", ""),
        ("due_soon", "DETENTION", "PROSECUTION"),
        ("past_maximum", "INVESTIGATION", ""),
    ]

    found = agencies_to_act(clocks, [police, procuracy, court])
    unjoined = agencies_to_act([("overdue", "EXPERTISE", "")], [police, procuracy])

    assert found == {"overdue": {2}, "due_soon": set(), "past_maximum": {1}}
    assert unjoined["overdue"] == {1, 2}  # the expert body is not on the case
