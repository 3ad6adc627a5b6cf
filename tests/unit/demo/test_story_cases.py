"""The demo's cases: the seed's own cases, except that when they lack the An Giang
cases the demo's stories need, the last ones are replaced by such cases, so that every
seed and size has them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from phoihop.demo.generator import STORY, CasePlan, demo_plans, generate
from phoihop.demo.vocabulary import PROVINCES
from phoihop.domain.procedure.events import Event
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.procedure.timeline import replay

GENERATED_ON = (dt.date(2026, 3, 2), dt.date(2026, 12, 31))
CODES = sorted(PROVINCES)
JUDGED = {Stage.FIRST_INSTANCE, Stage.APPEAL, Stage.ENFORCEMENT}


def stories(plans: list[CasePlan]) -> Counter[str]:
    """How many cases could serve each story: An Giang's, unclassified, with accused,
    under investigation or judged."""
    served: Counter[str] = Counter()
    for plan in plans:
        if plan.province_code != "AG" or plan.classification != 0 or not plan.persons:
            continue
        events = [Event(e.type, e.date, e.params, n) for n, e in enumerate(plan.events, 1)]  # type: ignore[arg-type]
        stage = replay(events).stage
        if stage is Stage.INVESTIGATION:
            served["investigation"] += 1
        elif stage in JUDGED:
            served["judged"] += 1
    return served


@pytest.mark.parametrize("today", GENERATED_ON)
@pytest.mark.parametrize("seed", range(12))
def test_a_small_demo_has_the_cases_its_stories_need(seed: int, today: dt.date) -> None:
    # Given / when a small demo's cases are drawn
    plans = list(demo_plans(count=40, seed=seed, today=today, province_codes=CODES))

    # then two An Giang cases are under investigation and two judged, at the least
    served = stories(plans)
    assert served["investigation"] >= 2
    assert served["judged"] >= 2


@pytest.mark.parametrize("seed", range(12))
def test_only_the_last_cases_are_replaced_and_numbers_stay_unique(seed: int) -> None:
    # Given the cases ``generate`` gives for the seed
    today = GENERATED_ON[0]
    own = list(generate(count=40, seed=seed, today=today, province_codes=CODES))

    # when the demo's 40 cases are drawn
    plans = list(demo_plans(count=40, seed=seed, today=today, province_codes=CODES))

    # then all but the last few are those, each case has its number, no code is twice
    assert plans[: -len(STORY)] == own[: -len(STORY)]
    assert [p.number for p in plans] == list(range(1, 41))
    codes = [p.national_code for p in plans if p.national_code]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("seed", [7, 2025])
def test_a_demo_whose_own_cases_serve_every_story_is_the_seeds_cases(seed: int) -> None:
    # Given a seed whose 500 cases serve every story already
    today = GENERATED_ON[0]
    own = list(generate(count=500, seed=seed, today=today, province_codes=CODES))
    assert stories(own)["investigation"] >= 2
    assert stories(own)["judged"] >= 2

    # when the demo's cases are drawn, then they are those cases, unchanged
    assert list(demo_plans(count=500, seed=seed, today=today, province_codes=CODES)) == own


def test_a_demo_smaller_than_the_stories_has_that_many_cases() -> None:
    # Given / when fewer cases are asked for than the stories need
    plans = list(demo_plans(count=2, seed=1, today=GENERATED_ON[0], province_codes=CODES))

    # then there are that many, both An Giang's under investigation
    assert len(plans) == 2
    assert stories(plans)["investigation"] == 2
