"""A clock while the history is walked (what the engine will be asked), and the problems
met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.procedure.events import Event

from ..computation import Recategorisation, Text, written
from ..rules import ClockRule, Duration, Terms
from .model import ClockProblem


@dataclass
class _Draft:
    """A clock while the history is walked: what the engine will be asked."""

    key: str
    code: str
    rule: ClockRule
    variant: str | None
    person: str | None
    origin: Event
    start_on: date
    start_at: datetime | None = None
    category: CrimeCategory | None = None
    recategorisations: list[Recategorisation] = field(default_factory=list)
    extensions: list[tuple[Duration, Event]] = field(default_factory=list)
    ordered: Duration | None = None
    deduct_days: int = 0
    before: list[str] = field(default_factory=list)
    ended: Event | None = None
    approximate: bool = False  # started from a decision whose day is not known exactly
    unknown_start: str | None = None  # why no start can be computed (said as a problem)
    # Whether its length follows the category (R10): asked at every decision walked, so
    # kept, and set again whenever the rule changes (change_rule).
    follows_category: bool = field(init=False)

    def __post_init__(self) -> None:
        self.follows_category = self._follows()

    def change_rule(self, code: str, rule: ClockRule) -> None:
        self.code, self.rule = code, rule
        self.follows_category = self._follows()

    @property
    def terms(self) -> Terms | None:
        if self.rule.terms is not None:
            return self.rule.terms
        chosen = self.variant or self.rule.default_variant
        return None if chosen is None else self.rule.variants.get(chosen)

    def _follows(self) -> bool:
        terms = self.terms
        return terms is not None and terms.depends_on_category

    @property
    def current_category(self) -> CrimeCategory | None:
        if self.recategorisations:
            return self.recategorisations[-1].category
        return self.category


class _Reporter:
    """Collects what could not be derived, each problem naming the clock and decision;
    and, when ``explaining``, what each clock's explanation says before the engine's."""

    def __init__(self, *, explaining: bool = True) -> None:
        self.problems: list[ClockProblem] = []
        self.explaining = explaining

    def _tell(self, draft: _Draft, text: Text) -> None:
        if self.explaining:
            draft.before.append(written(text))

    def _report(
        self,
        code: str,
        message: str,
        *,
        draft: _Draft | None = None,
        clock: str | None = None,
        event: Event | None = None,
    ) -> None:
        source = event if event is not None or draft is None else draft.origin
        self.problems.append(
            ClockProblem(
                code=code,
                message=message,
                key=None if draft is None else draft.key,
                clock=clock or (None if draft is None else draft.code),
                sequence=None if source is None else source.sequence,
            )
        )
