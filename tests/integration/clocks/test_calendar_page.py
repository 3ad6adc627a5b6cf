"""The rest-day calendar page and the admin's extra days."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.clocks.calculator import calculate_many
from phoihop.core.models import CalendarDay
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_the_calendar_page_shows_each_special_day_with_its_reason(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    body = client.get("/clocks/calendar/", {"year": 2026}).content.decode()

    assert "17/02/2026" in body  # Tết
    assert "27/04/2026" in body  # compensatory day for Giỗ Tổ on a Sunday


def test_a_rest_day_added_by_the_admin_moves_a_deadline():
    request = {"id": "x", "clock": "DENUNCIATION", "start": "2026-11-09"}  # ends Sun 29/11 → 30/11
    before = calculate_many([request])[0]["deadline"]

    CalendarDay.objects.create(date=dt.date(2026, 11, 30), kind="rest", reason="Nghỉ đột xuất")
    after = calculate_many([request])[0]["deadline"]

    assert before == "2026-11-30"
    assert after == "2026-12-01"
