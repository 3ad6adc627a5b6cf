"""Clocks derived without their explanation (``clocks_for(..., explain=False)``, how they
are recomputed in bulk and stored) are the clocks derived with it, but for their steps.

Property over two thousand generated cases (the demo generator, three seeds), as of two
days and with two calendars: the same clocks field by field, the same problems, the same
statuses; only ``steps`` is empty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from phoihop.demo.generator import generate
from phoihop.demo.vocabulary import PROVINCES
from phoihop.domain.clocks import RestDayCalendar
from phoihop.domain.clocks.derive import DerivedClocks, clocks_for
from phoihop.domain.procedure.events import Event

GENERATED_ON = dt.date(2026, 11, 29)
SEEDS = (2025, 7, 99)
CASES_PER_SEED = 700


def histories(seed: int) -> list[list[Event]]:
    plans = generate(
        count=CASES_PER_SEED, seed=seed, today=GENERATED_ON, province_codes=sorted(PROVINCES)
    )
    return [
        [Event(e.type, e.date, e.params, n) for n, e in enumerate(plan.events, start=1)]  # type: ignore[arg-type]
        for plan in plans
    ]


def without_steps(derived: DerivedClocks) -> DerivedClocks:
    return DerivedClocks(
        tuple(dataclasses.replace(clock, steps=()) for clock in derived.clocks),
        derived.problems,
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_clocks_without_explanation_are_the_explained_ones_but_for_their_steps(
    seed, official
) -> None:
    # given generated cases as of the day they were generated for; a third of them also a
    # year before, a sixth with a weekends-only calendar, and every fifth stripped of its
    # lengths and charges (extensions without length, clocks without category: problems)
    asked = []
    for n, events in enumerate(histories(seed)):
        if n % 5 == 0:
            events = [stripped(event) for event in events]
        asked.append((events, official, GENERATED_ON))
        if n % 3 == 0:
            asked.append((events, official, GENERATED_ON - dt.timedelta(days=365)))
        if n % 6 == 1:
            asked.append((events, RestDayCalendar(), GENERATED_ON))

    # when
    explained = [clocks_for(events, c, today=today) for events, c, today in asked]
    bare = [clocks_for(events, c, today=today, explain=False) for events, c, today in asked]

    # then
    assert all(clock.steps == () for derived in bare for clock in derived.clocks)
    assert bare == [without_steps(derived) for derived in explained]
    assert sum(len(derived.clocks) for derived in bare) > 5 * len(asked)
    assert sum(len(derived.problems) for derived in bare) > len(asked) / 10


def stripped(event: Event) -> Event:
    kept = {k: v for k, v in event.params.items() if k not in ("charges", "months", "days")}
    return dataclasses.replace(event, params=kept)
