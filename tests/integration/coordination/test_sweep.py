"""The nightly sweep (`manage.py sweep`): reminders to the responsible agency's inbox
and by e-mail, at most once per item per day however often it runs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from phoihop.coordination.models import Reminder

pytestmark = pytest.mark.django_db


def _sweep() -> str:
    out = io.StringIO()
    call_command("sweep", stdout=out)
    return out.getvalue()


def test_two_sweeps_on_the_same_day_send_each_reminder_once(case, send_request, demo_users):
    expert = demo_users["giamdinh.ag"]
    expert.email = "giamdinh@angiang.example.vn"
    expert.save(update_fields=["email"])
    request = send_request(sent_on=case.opened_on)  # nine days ran out three weeks ago
    _sweep()
    count = Reminder.objects.count()
    reminders = sorted(Reminder.objects.values_list("key", "agency_id"))
    sent = [(m.subject, m.body, tuple(m.to)) for m in mail.outbox]

    second = _sweep()

    assert count >= 1
    assert Reminder.objects.count() == count
    assert sorted(Reminder.objects.values_list("key", "agency_id")) == reminders
    assert len(mail.outbox) == len(sent) >= 1
    assert [(m.subject, m.body, tuple(m.to)) for m in mail.outbox] == sent
    assert f"0 reminders sent, {count} already sent today, 0 e-mails" in second
    about_request = Reminder.objects.get(item_kind="request", item_key=str(request.pk))
    assert about_request.agency_id == expert.agency_id
    assert about_request.level == "overdue"
    assert about_request.emailed == 1
    to_expert = [m for m in mail.outbox if m.to == [expert.email]]
    assert [m.body for m in to_expert] == [about_request.text]
    assert request.subject in about_request.text


def test_a_request_answered_before_the_sweep_is_not_reminded(case, send_request, demo_users, now):
    from phoihop.coordination.services.requests import request_move

    request = send_request(sent_on=case.opened_on)
    request_move(
        user=demo_users["giamdinh.ag"],
        request_id=request.pk,
        expected_version=request.version,
        to="answered",
        answer="Kết luận giám định số 12/KL-PY.",
        now=now,
    )

    _sweep()

    assert not Reminder.objects.filter(item_kind="request", item_key=str(request.pk)).exists()


def test_a_request_due_in_two_days_is_reminded_as_due_soon(send_request, registry, today):
    request = send_request(
        "documents", to="AG-VKS", variant=None, due_on=today + dt.timedelta(days=2)
    )

    _sweep()

    reminder = Reminder.objects.get(item_kind="request", item_key=str(request.pk))
    assert reminder.level == "due_soon"
    assert reminder.agency_id == registry["AG-VKS"].pk
    assert "còn 2 ngày" in reminder.text


def test_the_next_day_the_overdue_request_is_reminded_again(case, send_request, today, now):
    from phoihop.coordination.services.followup import followup_sweep

    request = send_request(sent_on=case.opened_on)
    followup_sweep(today=today, now=now)

    followup_sweep(today=today + dt.timedelta(days=1), now=now + dt.timedelta(days=1))

    reminders = Reminder.objects.filter(item_kind="request", item_key=str(request.pk))
    assert sorted(r.sent_on for r in reminders) == [today, today + dt.timedelta(days=1)]
