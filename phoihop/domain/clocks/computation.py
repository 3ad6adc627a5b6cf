"""One computation in progress: its inputs, its outcome, and the explanation it
builds step by step (Vietnamese, citing the law of each step). The LEGAL.md Appendix A
conventions it relied on are listed apart by their IDs, for tests and the API: the
explanation is read by officials, who are told what the convention says, not its ID.

A computation asked not to explain (``explaining`` False) counts the same days and
relies on the same conventions but writes no step: each step is handed over as a
function that writes it, called only when the explanation is wanted. Clocks recomputed
in bulk are stored without their explanation, which is written again when read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.frozen import quickly_made

from .calendar import RestDayCalendar
from .rules import (
    CONVENTION_TEXTS,
    ClockRule,
    Confidence,
    Convention,
    Duration,
    ExtensionStep,
    LegalBasis,
    Terms,
)

CATEGORY_NAMES = {
    CrimeCategory.ITN: "ít nghiêm trọng",
    CrimeCategory.NT: "nghiêm trọng",
    CrimeCategory.RNT: "rất nghiêm trọng",
    CrimeCategory.DBNT: "đặc biệt nghiêm trọng",
}
ONE_DAY = timedelta(days=1)

# A step of the explanation: its text, or a function writing it when it is wanted.
Text = str | Callable[[], str]


def written(text: Text) -> str:
    return text if isinstance(text, str) else text()


@dataclass(frozen=True)
class Recategorisation:
    """The charge moved to a clause of another category (TTLT 04/2018 Art.14)."""

    on: date
    category: CrimeCategory


@quickly_made
@dataclass(frozen=True)
class ClockRequest:
    code: str
    start_on: date
    start_at: datetime | None = None  # CUSTODY counts from the hour (R1)
    category: CrimeCategory | None = None
    national_security: bool = False
    variant: str | None = None
    extensions: tuple[Duration, ...] = ()  # in the order granted
    recategorisations: tuple[Recategorisation, ...] = ()
    ordered: Duration | None = None  # DETENTION: length written in the order
    deduct_days: int = 0  # DETENTION: days already in custody (118(4))


@quickly_made
@dataclass(frozen=True)
class ClockResult:
    code: str
    variant: str | None
    category: CrimeCategory | None
    basis: LegalBasis
    nominal_end: date
    deadline: date
    deadline_at: datetime | None
    extension_request_by: date | None
    max_deadline: date
    max_deadline_at: datetime | None
    steps: tuple[str, ...]
    conventions: tuple[Convention, ...] = ()


@dataclass
class Outcome:
    nominal_end: date
    deadline: date
    max_deadline: date
    request_by: date | None = None
    deadline_at: datetime | None = None
    max_deadline_at: datetime | None = None


@dataclass
class Computation:
    """The working state of one computation: its inputs and the explanation so far."""

    rule: ClockRule
    variant: str | None
    terms: Terms
    request: ClockRequest
    calendar: RestDayCalendar
    category: CrimeCategory | None = None
    lighter: bool = False
    steps: list[str] = field(default_factory=list)
    conventions: list[Convention] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    explaining: bool = True

    def say(self, text: Text) -> None:
        if self.explaining:
            self.steps.append(written(text))

    def apply(self, text: Text, convention: Convention, citation: str | None = None) -> None:
        if self.explaining:
            cite = citation or CONVENTION_TEXTS[convention].citation
            self.steps.append(f"{written(text)} ({cite})")
        if convention not in self.conventions:
            self.conventions.append(convention)

    def consult(self, *dates: date) -> None:
        for day in dates:
            self.years.add(day.year)

    @property
    def base(self) -> Duration:
        return self.terms.base[self.category or CrimeCategory.ITN]

    @property
    def available(self) -> tuple[tuple[ExtensionStep, Duration], ...]:
        return self.terms.steps_for(
            self.category or CrimeCategory.ITN, self.request.national_security
        )

    def finish(self) -> tuple[str, ...]:
        """The explanation with its closing caveats (none when not explaining); the
        calendar's caveat adds its convention either way."""
        if not self.explaining:
            unsure = any(self._unsure(year) for year in self.years)
            if unsure and Convention.OFFICIAL_WORKING_CALENDAR not in self.conventions:
                self.conventions.append(Convention.OFFICIAL_WORKING_CALENDAR)
            return ()
        steps = list(self.steps)
        for convention in self.conventions:
            text = CONVENTION_TEXTS[convention]
            if text.caveat is not None:
                prefix = "CHƯA XÁC NHẬN" if text.confidence is Confidence.UNCONFIRMED else "Lưu ý"
                steps.append(f"{prefix}: quy ước: {text.caveat}")
        if self.terms.confidence is Confidence.UNCONFIRMED:
            steps.append(
                "CHƯA XÁC NHẬN: độ dài thời hạn này chưa được xác nhận trong luật hiện hành."
            )
        for note in self.terms.notes:
            steps.append(f"{_NOTE_PREFIX[note.confidence]}{note.text}")
        for year in sorted(self.years):
            if year not in self.calendar.known_years:
                steps.append(
                    f"CHƯA XÁC NHẬN: chưa có dữ liệu ngày nghỉ lễ năm {year}; chỉ tính thứ Bảy, "
                    "Chủ nhật là ngày nghỉ."
                )
            elif year in self.calendar.provisional_years:
                steps.append(
                    f"Lưu ý: lịch ngày nghỉ năm {year} là tạm tính, chưa có thông báo chính thức."
                )
            else:
                continue
            if Convention.OFFICIAL_WORKING_CALENDAR not in self.conventions:
                self.conventions.append(Convention.OFFICIAL_WORKING_CALENDAR)
        return tuple(steps)

    def _unsure(self, year: int) -> bool:
        """A year without holiday data, or with provisional data only."""
        calendar = self.calendar
        return year not in calendar.known_years or year in calendar.provisional_years


_NOTE_PREFIX = {
    Confidence.CONFIRMED: "Ghi chú: ",
    Confidence.SECONDARY: "Ghi chú (nguồn thứ cấp): ",
    Confidence.UNCONFIRMED: "CHƯA XÁC NHẬN: ",
    Confidence.CONVENTION: "Lưu ý: quy ước: ",
}


@lru_cache(maxsize=8192)  # a few thousand days recur in every explanation
def day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def moment_text(moment: datetime) -> str:
    return f"{moment:%H:%M %d/%m/%Y}"


def rest_list(run: Computation, first: date, last: date, backward: bool = False) -> str:
    """The rest days from ``first`` to ``last``, each with its reason."""
    step = -ONE_DAY if backward else ONE_DAY
    listed, day = [], first
    while (day >= last) if backward else (day <= last):
        listed.append(f"{day_text(day)} ({run.calendar.reason(day)})")
        day += step
    return ", ".join(listed)


def note_worked_weekend(run: Computation, day: date) -> None:
    # OFFICIAL_WORKING_CALENDAR (UNCONFIRMED, LEGAL.md §4): a swapped Saturday is taken
    # as a working day; the user is told whenever a result depends on it.
    if run.calendar.is_worked_weekend(day):
        run.apply(
            lambda: (
                f"Ngày {day_text(day)} là ngày làm bù ({run.calendar.reason(day)}) nên "
                "được coi là ngày làm việc"
            ),
            Convention.OFFICIAL_WORKING_CALENDAR,
        )
