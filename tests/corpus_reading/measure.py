"""Per-field accuracy of the reader over a generated corpus.

.venv/bin/python -m tests.corpus_reading.measure [count] [seed]
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field

from phoihop.domain.reading import ReadDecision, doubted, read_decision
from phoihop.domain.text import fold, search_words
from tests.corpus_reading.document import DecisionTruth
from tests.corpus_reading.forms import Sample, corpus

FIELDS = (
    "event_type",
    "doc_number",
    "signed_on",
    "place",
    "issuer",
    "legal_basis",
    "persons",
    "charges",
    "months",
    "days",
    "detention_from",
    "detention_to",
    "case_title",
)


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def _title(text: str) -> str:
    """A case's name, the same whatever quotation marks print it (a PDF or a scan gives
    typographic ones)."""
    return fold(text).translate(_QUOTES)


def _value(read: ReadDecision, name: str) -> object:
    found = getattr(read, name)
    if name == "event_type":
        return None if found is None else found.value.value
    if name == "place":
        return None if found is None else fold(found.value)
    if name == "issuer":
        return None if found is None else tuple(search_words(found.value))
    if name == "case_title":
        return None if found is None else _title(found.value)
    if name == "legal_basis":
        return frozenset(f.value for f in found)
    if name == "persons":
        return frozenset((fold(f.value.full_name), f.value.birth_year) for f in found)
    if name == "charges":
        return frozenset((f.value.article, f.value.clause) for f in found)
    return None if found is None else found.value


def _expected(truth: DecisionTruth, name: str) -> object:
    value = getattr(truth, name)
    if value is None:
        return None
    if name == "place":
        return fold(value)
    if name == "case_title":
        return _title(value)
    if name == "issuer":
        return tuple(search_words(value))
    if name == "legal_basis":
        return frozenset(value)
    if name == "persons":
        return frozenset((fold(n), y) for n, y in value)
    if name == "charges":
        return frozenset(value)
    return value


def confidence(read: ReadDecision, name: str) -> float | None:
    """How sure the reader was of a field: the least sure of its values; None when it
    read nothing (an empty field, which the user sees as such)."""
    found = getattr(read, name)
    if isinstance(found, tuple):
        return min((f.confidence for f in found), default=None)
    return None if found is None else found.confidence


@dataclass
class Accuracy:
    right: Counter[str] = field(default_factory=Counter)
    total: int = 0
    misses: list[tuple[str, Sample, object, object]] = field(default_factory=list)
    # the confidence of each miss, in the order of `misses`
    miss_confidences: list[float | None] = field(default_factory=list)

    def overall(self) -> float:
        return sum(self.right.values()) / (self.total * len(FIELDS)) if self.total else 0.0

    def unflagged(self, threshold: float) -> list[tuple[str, Sample, object, object]]:
        """The wrong fields read at or above ``threshold``: wrong and not marked so."""
        return [
            miss
            for miss, sure in zip(self.misses, self.miss_confidences, strict=True)
            if sure is not None and sure >= threshold
        ]

    def per_field(self) -> dict[str, float]:
        return {name: self.right[name] / self.total for name in FIELDS}

    def report(self) -> str:
        lines = [f"{name:<15} {share:7.2%}" for name, share in self.per_field().items()]
        for name, sample, got, want in self.misses[:12]:
            lines.append(
                f"-- {name}: read {got!r}, true {want!r} ({sample.document.form}, {sample.layout})"
            )
        return "\n".join(lines)


def measure(
    samples: list[Sample],
    texts: list[str] | None = None,
    doubts: list[tuple[tuple[int, int], ...]] | None = None,
) -> Accuracy:
    """The reader over the samples' texts, or over ``texts`` (the same samples' text as
    read back from their files), with ``doubts`` the spans OCR was unsure of."""
    accuracy = Accuracy(total=len(samples))
    texts = texts or [s.text for s in samples]
    for index, (sample, text) in enumerate(zip(samples, texts, strict=True)):
        read = read_decision(text)
        if doubts is not None:
            read = doubted(read, doubts[index])
        for name in FIELDS:
            got, want = _value(read, name), _expected(sample.truth, name)
            if got == want:
                accuracy.right[name] += 1
            else:
                accuracy.misses.append((name, sample, got, want))
                accuracy.miss_confidences.append(confidence(read, name))
    return accuracy


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2025
    print(measure(corpus(seed, count)).report())
