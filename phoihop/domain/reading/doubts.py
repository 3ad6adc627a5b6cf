"""Fields read from words the OCR was unsure of: whatever the rule's own confidence, the
user is told to check them (a scan's "L" read as "U", an 8 read as 6 give a well-formed
value that no rule can tell from the true one)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from phoihop.domain.reading.model import ReadDecision, ReadField, Span

UNSURE = 0.5  # below any threshold a form shows a field as sure from


def doubted(
    read: ReadDecision, doubtful: Sequence[Span], *, confidence: float = UNSURE
) -> ReadDecision:
    """``read`` with each field whose span meets a ``doubtful`` span (in ``read.text``)
    lowered to at most ``confidence``."""
    if not doubtful:
        return read
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(read):
        value = getattr(read, field.name)
        if isinstance(value, ReadField):
            changes[field.name] = _lowered(value, doubtful, confidence)
        elif isinstance(value, tuple):
            changes[field.name] = tuple(_lowered(f, doubtful, confidence) for f in value)
    return dataclasses.replace(read, **changes)


def _lowered(found: ReadField[Any], doubtful: Sequence[Span], confidence: float) -> ReadField[Any]:
    start, end = found.span
    if found.confidence > confidence and any(a < end and start < b for a, b in doubtful):
        return dataclasses.replace(found, confidence=confidence)
    return found
