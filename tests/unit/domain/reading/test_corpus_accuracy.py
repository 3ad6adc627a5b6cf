"""The reader against the measured corpus: documents written in the official forms'
layouts (tests/corpus_reading), each with its true fields."""

from __future__ import annotations

import random

from tests.corpus_reading.forms import BUILDERS, corpus
from tests.corpus_reading.measure import FIELDS, measure

TARGET = 0.98


def test_each_field_is_read_right_in_at_least_98_percent_of_the_corpus():
    samples = corpus(seed=2025, count=208)

    accuracy = measure(samples)

    shares = accuracy.per_field()
    assert all(shares[name] >= TARGET for name in FIELDS), accuracy.report()


def test_the_corpus_covers_every_form_in_both_layouts_and_is_the_same_for_a_seed():
    first, again = corpus(seed=11, count=52), corpus(seed=11, count=52)

    assert [s.text for s in first] == [s.text for s in again]
    assert {s.truth.event_type for s in first} == {
        build(random.Random(0))[1].event_type for build in BUILDERS
    }
    assert {s.layout for s in first} == {"columns", "side_by_side"}
