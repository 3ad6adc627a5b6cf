"""Every statutory clock of one case, derived from the decisions recorded on it.

LEGAL.md §1.11 says which decision starts, extends and ends each clock. ``clocks_for``
replays the case (procedure.timeline.replay), walks its history once, and hands each
clock to the engine (``compute``) for its deadline and explanation: nothing here counts
days. What cannot be computed is reported in ``DerivedClocks.problems`` (Vietnamese,
with a stable code), never raised.

- ``model``: the clocks as values (CaseClock, ClockStatus, ClockProblem, DerivedClocks);
- ``tables``: what each decision does to the clocks (ENDED_BY, EXTENDED_BY, LAPSING);
- ``valuation``: the Art. 216 clock, built per request, outside the catalogue;
- ``params``: the event parameters read (listed there) and how a decision is named;
- ``draft``: a clock while the history is walked, and the problems met;
- ``walk``: ``clocks_for`` and the one pass over the history that opens the drafts;
- ``finish``: each draft through the engine, and its status as of ``today``.
"""

from ..catalog import CATALOG
from .finish import open_status
from .model import (
    DUE_SOON_DAYS,
    CaseClock,
    ClockProblem,
    ClockStatus,
    DerivedClocks,
    nearest_deadline,
)
from .tables import ENDED_BY, EXTENDED_BY, LAPSING
from .valuation import VALUATION, VALUATION_LABEL
from .walk import clocks_for

__all__ = [
    "DUE_SOON_DAYS",
    "ENDED_BY",
    "EXTENDED_BY",
    "LAPSING",
    "VALUATION",
    "VALUATION_LABEL",
    "CaseClock",
    "ClockProblem",
    "ClockStatus",
    "DerivedClocks",
    "clock_label",
    "clocks_for",
    "nearest_deadline",
    "open_status",
    "variant_label",
]


def clock_label(code: str) -> str:
    """The name of a clock by its code: the catalogue's, or the valuation clock's."""
    if code == VALUATION:
        return VALUATION_LABEL
    rule = CATALOG.get(code)
    return rule.label if rule is not None else code


def variant_label(code: str, variant: str | None) -> str:
    """The name of a clock's case (its variant: "Tạm giam để điều tra"); empty for a
    clock without variants."""
    rule = CATALOG.get(code)
    if rule is None or not variant or variant not in rule.variants:
        return ""
    return rule.variants[variant].label
