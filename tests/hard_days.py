"""The suite on the calendar's hard days: ``make test-hard-days``.

A test that reads the real day passes on most days and fails on a few: the first of a
month, a quarter or a year, the hours when Vietnam is already a day ahead of UTC, the
Lunar New Year break, a leap day, a Saturday worked in lieu. This runs the SQLite suite
once for each such day, with the clock of every Python process of the run (pytest, the
servers and commands it starts) moved to that day and hour in Vietnam by time-machine
(``tests/clock_shift/sitecustomize.py``), ticking on from there.

Two days run side by side (two cores), each with its own ``var/`` folder; each day's
whole output goes to ``var/hard-days/<day>.log`` and its closing lines are printed.
Extra arguments go to pytest: ``python -m tests.hard_days -- tests/unit``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CLOSING = re.compile(r"\d+ (passed|failed|errors?)\b|no tests ran")
DAYS = {
    "2026-12-31T23:30": "the year's last half hour in Vietnam (16:30 UTC)",
    "2027-01-01T00:30": "a new year, quarter and month in Vietnam while UTC is still in the old",
    "2027-02-03T09:00": "the last working day before the Lunar New Year break",
    "2027-02-05T09:00": "New Year's Eve (Giao thừa), a rest day inside the break",
    "2028-02-29T09:00": "a leap day",
    "2026-08-22T09:00": "a Saturday worked in lieu of a bridging day",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", nargs="*", default=list(DAYS), help="YYYY-MM-DDTHH:MM, Vietnam")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("pytest_args", nargs="*", default=["-m", "not bench"])
    options = parser.parse_args()

    with ThreadPoolExecutor(max_workers=options.jobs) as pool:
        results = list(pool.map(lambda day: _run(day, options.pytest_args), options.days))
    for day, code, summary in results:
        print(f"== {day} ({DAYS.get(day, 'chosen day')}): exit {code}\n{summary}\n", flush=True)
    failed = [day for day, code, _ in results if code != 0]
    print(f"hard days: {len(results) - len(failed)} green, {len(failed)} red {failed or ''}")
    return 1 if failed else 0


def _run(day: str, pytest_args: list[str]) -> tuple[str, int, str]:
    moment = dt.datetime.fromisoformat(day).replace(tzinfo=VIETNAM)
    folder = ROOT / "var" / "hard-days" / day.replace(":", "")
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PHOIHOP_TEST_DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PHOIHOP_VAR_DIR=str(folder),
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(ROOT / "tests" / "clock_shift"), env.get("PYTHONPATH")])
        ),
        TEST_CLOCK_SHIFT_SECONDS=str(moment.timestamp() - time.time()),
    )
    seen = _moved_clock(env)
    if seen[:16] != moment.strftime("%Y-%m-%dT%H:%M"):
        return day, 2, f"the clock was not moved: a process of the run reads {seen}"
    log = folder.parent / f"{folder.name}.log"
    with log.open("w") as out:
        code = subprocess.call(
            [sys.executable, "-m", "pytest", *pytest_args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    lines = log.read_text(errors="replace").splitlines()
    failures = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    return (
        day,
        code,
        "\n".join([*failures, *lines[-1:], f"(whole output: {log.relative_to(ROOT)})"]),
    )


def _moved_clock(env: dict[str, str]) -> str:
    """What a process of the run reads as now in Vietnam: the proof that the shift holds."""
    probe = (
        "import datetime, zoneinfo; "
        "print(datetime.datetime.now(zoneinfo.ZoneInfo('Asia/Ho_Chi_Minh')).isoformat())"
    )
    return subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
