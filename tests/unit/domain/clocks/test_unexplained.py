"""Clocks derived without their explanation (``clocks_for(..., explain=False)``, how they
are recomputed in bulk and stored) are the clocks derived with it, but for their steps.

Property over two thousand generated cases (the demo generator, three seeds), as of two
days and with two calendars: the same clocks field by field, the same problems, the same
statuses; only ``steps`` is empty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import pytest

from phoihop.demo.generator import generate
from phoihop.demo.vocabulary import PROVINCES
from phoihop.domain.clocks import RestDayCalendar
from phoihop.domain.clocks.derive import DerivedClocks, clocks_for
from phoihop.domain.procedure.events import Event
from phoihop.domain.procedure.timeline import replay

GENERATED_ON = dt.date(2026, 11, 29)
SEEDS = (2025, 7, 99)
CASES_PER_SEED = 700


@functools.cache  # each seed's cases are generated once for the module's tests
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


def test_a_timeline_already_replayed_gives_the_same_clocks(official) -> None:
    # given generated cases whose decisions the caller has already replayed (as a checked
    # insertion or an import's plan has)
    cases = histories(SEEDS[0])[:300]

    # when
    again = [clocks_for(events, official, today=GENERATED_ON) for events in cases]
    given = [
        clocks_for(events, official, today=GENERATED_ON, replayed=replay(events))
        for events in cases
    ]

    # then
    assert given == again


def test_a_timeline_holding_decisions_after_today_is_replayed_again(official) -> None:
    # given a case seen as of a day before its last decisions
    events = next(events for events in histories(SEEDS[1]) if len(events) > 8)
    today = events[5].date

    # when
    given = clocks_for(events, official, today=today, replayed=replay(events))

    # then
    assert given == clocks_for(events, official, today=today)
