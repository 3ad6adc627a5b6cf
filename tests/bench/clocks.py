"""Benchmark: recompute every statutory clock of N generated cases (default 1,000,000).

Cases come from the demo generator in chunks (each chunk its own seed, so the run is
deterministic); only the recomputation (replaying the decisions and deriving every
clock) is timed, in CPU seconds of the process. Each chunk is derived twice, on the same
cases: with the step-by-step explanation (what a page shows) and without it (what is
stored, the explanation being written again when a page asks). Chunks run on every
core. Prints one JSON object: both figures and how many times faster the second is.

    python -m tests.bench.clocks --cases 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import time

from phoihop.core.calendars import official_calendar
from phoihop.demo.generator import generate
from phoihop.demo.vocabulary import PROVINCES
from phoihop.domain.clocks.derive import clocks_for
from phoihop.domain.procedure.events import Event

TODAY = dt.date(2026, 11, 29)
CHUNK = 10_000


def _provinces() -> list[str]:
    return sorted(PROVINCES)


def _chunk(args: tuple[int, int]) -> tuple[int, int, float, float]:
    seed, count = args
    calendar = official_calendar()
    histories = [
        [Event(e.type, e.date, e.params, i) for i, e in enumerate(plan.events, start=1)]  # type: ignore[arg-type]
        for plan in generate(count=count, seed=seed, today=TODAY, province_codes=_provinces())
    ]
    started = time.process_time()
    clocks = sum(len(clocks_for(events, calendar, today=TODAY).clocks) for events in histories)
    explained = time.process_time() - started
    started = time.process_time()
    for events in histories:
        clocks_for(events, calendar, today=TODAY, explain=False)
    return count, clocks, explained, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()
    tasks = [
        (2025 + i, min(CHUNK, options.cases - i * CHUNK))
        for i in range((options.cases + CHUNK - 1) // CHUNK)
    ]
    started = time.perf_counter()
    with multiprocessing.Pool(options.workers) as pool:
        results = pool.map(_chunk, tasks)
    wall = time.perf_counter() - started
    cases = sum(r[0] for r in results)
    explained = sum(r[2] for r in results)
    unexplained = sum(r[3] for r in results)
    print(
        json.dumps(
            {
                "benchmark": "clocks.recompute",
                "cases": cases,
                "clocks": sum(r[1] for r in results),
                "workers": options.workers,
                "recompute_seconds_cpu": round(explained, 2),
                "cases_per_second_per_core": round(cases / explained, 1),
                "cases_per_second": round(cases / explained * options.workers, 1),
                "unexplained_seconds_cpu": round(unexplained, 2),
                "unexplained_cases_per_second_per_core": round(cases / unexplained, 1),
                "unexplained_cases_per_second": round(cases / unexplained * options.workers, 1),
                "unexplained_times_faster": round(explained / unexplained, 2),
                "wall_seconds_including_generation": round(wall, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
