"""The corpus of publicly reported cases (tests/fixtures/real_cases.json) holds together:
every step is a decision type the record knows, or null with the reported wording (a gap
to learn from); every step cites one of its case's sources; dated steps run in order."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from phoihop.domain.procedure.events import EventType

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "real_cases.json"
PRECISIONS = {"day", "month", "before"}


def _cases() -> list[dict]:
    return json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]


def test_the_corpus_has_ten_cases_or_more_from_several_provinces_and_both_levels() -> None:
    cases = _cases()

    assert len(cases) >= 10
    assert len({case["province"] for case in cases}) >= 5
    assert {case["level"] for case in cases} == {"central", "provincial"}
    assert len({case["key"] for case in cases}) == len(cases)


def test_every_step_is_a_known_decision_or_a_named_gap_and_cites_a_source() -> None:
    known = {t.value for t in EventType}
    for case in _cases():
        sources = case["sources"]
        assert sources, case["key"]
        assert all(s["url"].startswith("http") for s in sources), case["key"]
        for step in case["steps"]:
            assert step["type"] in known or (step["type"] is None and step["vietnamese"])
            assert 0 <= step["source"] < len(sources), (case["key"], step)
            assert step["precision"] in PRECISIONS, (case["key"], step)


def test_dated_steps_run_in_order() -> None:
    # A step known to the month only is ordered by its month against its neighbours.
    for case in _cases():
        steps = case["steps"]
        for before, after in itertools.pairwise(steps):
            coarse = "month" in (before["precision"], after["precision"])
            width = 7 if coarse else 10
            assert before["date"][:width] <= after["date"][:width], (case["key"], after)
