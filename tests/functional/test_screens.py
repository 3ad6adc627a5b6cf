"""The main pages of each role, photographed in Debian's Chromium at 1366×768 (and two
on a 10-inch tablet held upright) and compared with the pictures kept beside this
file: a broken layout (a menu on two lines, a table pushed down, a form drawn empty)
moves most of the screen and fails; a different case number or a font's hinting moves
a few pixels and passes.

Everything on the pictures is fixed: the demo data of one seed, made and shown on one
day with the clock moved to it; the charts (drawn with animation) are masked. After a
change meant to alter a page, make the pictures again and look at each:

    PHOIHOP_UPDATE_SCREENS=1 pytest tests/functional/test_screens.py

A failing comparison leaves what Chromium drew, and the difference, in var/screens/."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from PIL import Image, ImageChops

from tests.functional.conftest import login

pytestmark = [
    pytest.mark.functional,
    pytest.mark.django_db(transaction=True, reset_sequences=True),
]

REFERENCES = Path(__file__).parent / "screens"
UPDATE = os.environ.get("PHOIHOP_UPDATE_SCREENS") == "1"
# A pixel counts as changed when a channel moves by more than this (anti-aliasing moves
# less); a picture fails when more than this share of its pixels changed.
CHANNEL_TOLERANCE = 48
SHARE_TOLERANCE = 0.02
# The day the pictures show: a Monday in Vietnam, at nine in the morning.
DAY = dt.datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 800, "height": 1280}


def _first(model: str, **filters: Any) -> int:
    from django.apps import apps

    found = apps.get_model(model).objects.filter(**filters).order_by("pk").first()
    assert found is not None, (model, filters)
    return int(found.pk)


# name, who (None: signed out), viewport, the address (from the data).
SCREENS: list[tuple[str, str | None, dict[str, int], Callable[[], str]]] = [
    ("sign-in", None, DESKTOP, lambda: "/accounts/login/"),
    ("public-releases", None, DESKTOP, lambda: "/public/"),
    ("case-list-police", "dieutra.ag", DESKTOP, lambda: "/"),
    (
        "case-police",
        "dieutra.ag",
        DESKTOP,
        lambda: f"/cases/{_first('cases.Case', province__code='AG')}/",
    ),
    ("case-new", "dieutra.ag", DESKTOP, lambda: "/cases/new/"),
    ("inbox-police", "dieutra.ag", DESKTOP, lambda: "/coordination/inbox/"),
    (
        "request-forensic",
        "giamdinh.ag",
        DESKTOP,
        lambda: (
            f"/coordination/requests/{_first('coordination.Request', to_agency__code='AG-PY')}/"
        ),
    ),
    ("calculator-procuracy", "kiemsat.ag", DESKTOP, lambda: "/clocks/"),
    ("calendar-court", "toaan.ag", DESKTOP, lambda: "/clocks/calendar/"),
    ("overview-commission", "noichinh.ag", DESKTOP, lambda: "/overview/"),
    ("meetings-commission", "noichinh.ag", DESKTOP, lambda: "/coordination/meetings/"),
    ("meeting-new", "noichinh.ag", DESKTOP, lambda: "/coordination/meetings/new/"),
    ("report-commission", "noichinh.ag", DESKTOP, lambda: "/overview/report/"),
    ("early-warning-committee", "bcd.ag", DESKTOP, lambda: "/overview/risk/"),
    ("releases-press", "baochi.ag", DESKTOP, lambda: "/publicity/releases/"),
    ("users-administrator", "admin", DESKTOP, lambda: "/accounts/users/"),
    ("not-found", "dieutra.ag", DESKTOP, lambda: "/cases/99999999/"),
    ("case-list-tablet", "noichinh.ag", TABLET, lambda: "/"),
    (
        "case-tablet",
        "noichinh.ag",
        TABLET,
        lambda: f"/cases/{_first('cases.Case', province__code='AG')}/",
    ),
]


@pytest.fixture
def fixed_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture
def demo(fixed_day, registry):  # type: ignore[no-untyped-def]
    call_command("demo_data", "--cases", "60", "--seed", "11", stdout=io.StringIO())
    call_command("sweep", stdout=io.StringIO())


def _changed_share(expected: Image.Image, actual: Image.Image) -> float:
    if expected.size != actual.size:
        return 1.0
    difference = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    changed = difference.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0).convert("L")
    histogram = changed.histogram()
    total = expected.size[0] * expected.size[1]
    return (total - histogram[0]) / total


def _compare(name: str, picture: bytes) -> str | None:
    reference = REFERENCES / f"{name}.png"
    if UPDATE:
        reference.write_bytes(picture)
        return None
    if not reference.exists():
        return f"{name}: no reference picture (make it with PHOIHOP_UPDATE_SCREENS=1)"
    actual = Image.open(io.BytesIO(picture))
    expected = Image.open(reference)
    share = _changed_share(expected, actual)
    if share <= SHARE_TOLERANCE:
        return None
    out = Path(settings.VAR_DIR) / "screens"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.png").write_bytes(picture)
    if expected.size == actual.size:
        ImageChops.difference(expected.convert("RGB"), actual.convert("RGB")).save(
            out / f"{name}.diff.png"
        )
    return f"{name}: {share:.1%} of the pixels changed (at most {SHARE_TOLERANCE:.0%})"


def _settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    # The caret and focus rings are not the layout.
    page.evaluate("document.activeElement && document.activeElement.blur()")


def test_the_main_pages_look_as_they_did(browser, live_server, demo):  # type: ignore[no-untyped-def]
    failures: list[str] = []
    contexts: dict[tuple[str | None, int], Any] = {}
    try:
        for name, who, viewport, address in SCREENS:
            key = (who, viewport["width"])
            if key not in contexts:
                context = browser.new_context(
                    base_url=live_server.url, locale="vi-VN", viewport=viewport
                )
                page = context.new_page()
                page.set_default_timeout(15_000)
                if who is not None:
                    login(page, who)
                contexts[key] = (context, page)
            page = contexts[key][1]
            page.goto(address())
            _settle(page)
            picture = page.screenshot(
                mask=[page.locator(".dashboard-chart")], animations="disabled", caret="hide"
            )
            failure = _compare(name, picture)
            if failure:
                failures.append(failure)
    finally:
        for context, _ in contexts.values():
            context.close()
    assert len(SCREENS) >= 12
    assert not failures, "\n".join(failures)
