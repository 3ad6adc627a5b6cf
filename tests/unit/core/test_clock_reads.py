"""Time is read in one place: ``phoihop/core/clock.py`` for the product, the ``now`` and
``today`` fixtures for the tests. A direct read of the machine's clock elsewhere passes on
most days and fails on some (after 17:00 UTC Vietnam is a day ahead; a test written in
November meets December), so this test reads every module's syntax tree and names each
direct read it finds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ("phoihop", "config", "tests", "scripts")
# Where reading the machine's clock is the point.
ALLOWED = {
    "phoihop/core/clock.py",  # the product's one clock
    "tests/conftest.py",  # the `now` fixture, through that clock
    "tests/hard_days.py",  # moves the clock: it must read the real one first
    # Django's sessions expire by the machine's clock, as Django writes their expiry;
    # read by the product's clock, a moved clock would sign everyone out.
    "phoihop/accounts/session_store.py",
}
# name.attr(...) reads the clock when `name` is one of these modules or classes.
CLOCK_READS = {
    "today": {"date", "datetime"},
    "now": {"datetime", "timezone"},
    "utcnow": {"datetime"},
    "localdate": {"timezone"},  # with no value: today, read from the clock
    "localtime": {"timezone"},
}
NEEDS_NO_ARGUMENT = {"localdate", "localtime"}
CLOCK_IMPORTS = {"django.utils.timezone": {"now", "localdate", "localtime"}}


def direct_clock_reads(source: str) -> list[tuple[int, str]]:
    """The lines of ``source`` that read the machine's clock directly, each with the call."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in CLOCK_IMPORTS:
            for alias in node.names:
                if alias.name in CLOCK_IMPORTS[node.module]:
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attr, owner = node.func.attr, _last_name(node.func.value)
        if owner not in CLOCK_READS.get(attr, ()):
            continue
        if attr in NEEDS_NO_ARGUMENT and (node.args or node.keywords):
            continue  # converts a moment it is given: reads no clock
        found.append((node.lineno, f"{owner}.{attr}()"))
    return found


def _last_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _modules() -> list[Path]:
    return sorted(path for folder in SCANNED for path in (ROOT / folder).rglob("*.py"))


def test_no_module_reads_the_machine_clock_but_the_product_clock_and_the_fixtures() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in _modules()
        if path.relative_to(ROOT).as_posix() not in ALLOWED
        for line, call in direct_clock_reads(path.read_text(encoding="utf-8"))
    ]

    assert offenders == [], "read today through phoihop.core.clock or the fixtures:\n" + "\n".join(
        offenders
    )


@pytest.mark.parametrize(
    "source",
    [
        "import datetime as dt\nday = dt.date.today()",
        "from datetime import date\nday = date.today()",
        "from datetime import datetime\nmoment = datetime.now()",
        "import datetime\nmoment = datetime.datetime.now(datetime.UTC)",
        "from datetime import datetime\nmoment = datetime.utcnow()",
        "from django.utils import timezone\nmoment = timezone.now()",
        "from django.utils import timezone\nday = timezone.localdate()",
        "from django.utils import timezone\nmoment = timezone.localtime()",
        "from django.utils.timezone import now\nmoment = now()",
    ],
)
def test_each_way_of_reading_the_clock_is_found(source: str) -> None:
    assert len(direct_clock_reads(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        "from phoihop.core.clock import now, today\nmoment, day = now(), today()",
        "from django.utils import timezone\nday = timezone.localdate(moment)",
        "from django.utils import timezone\nmoment = timezone.localtime(value=moment)",
        "import datetime as dt\nday = dt.date(2026, 12, 6)",
        "from django.utils import timezone\nmoment = timezone.make_aware(naive)",
    ],
)
def test_the_product_clock_and_conversions_are_not_direct_reads(source: str) -> None:
    assert direct_clock_reads(source) == []
