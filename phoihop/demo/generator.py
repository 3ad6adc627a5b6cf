"""Deterministic demo cases as plain values: one seed, the same cases everywhere.

Standard library and the domain only. Every procedural path is checked decision by
decision with the real stage machine (``check_next``), so demo data can only hold
histories the product itself would accept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import random
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from phoihop.demo import vocabulary
from phoihop.domain import crimes
from phoihop.domain.errors import DomainError
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import PARAM_PERSON, Event, EventType
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.procedure.timeline import Timeline, check_next, replay

E = EventType
K = AgencyKind

# Articles monitored most often in anti-corruption work, with rough weights.
ARTICLE_WEIGHTS: tuple[tuple[int, int], ...] = (
    (353, 14), (354, 12), (355, 10), (356, 12), (357, 5), (358, 4), (359, 3),
    (360, 5), (364, 6), (365, 3), (366, 2),
    (174, 6), (175, 3), (206, 3), (219, 6), (220, 3), (221, 2), (222, 4), (224, 3),
)  # fmt: skip
CLASSIFICATION_WEIGHTS = ((0, 70), (1, 20), (2, 8), (3, 2))
MONITORING_WEIGHTS = (("none", 75), ("provincial", 20), ("central", 5))
# An Giang, Hà Nội and TP. Hồ Chí Minh carry more cases, as the demo centres on them.
HEAVY_PROVINCES = {"AG": 12, "HN": 8, "HCM": 8}
# Art. 172(1) base periods, in days, for pacing the demo (the engine computes the law).
BASE_INVESTIGATION_DAYS = {
    crimes.CrimeCategory.ITN: 60,
    crimes.CrimeCategory.NT: 90,
    crimes.CrimeCategory.RNT: 120,
    crimes.CrimeCategory.DBNT: 120,
}


@dataclass(frozen=True)
class PersonPlan:
    full_name: str
    birth_year: int
    position: str
    is_official: bool
    is_party_member: bool


@dataclass(frozen=True)
class EventPlan:
    type: EventType
    date: dt.date
    recorder: AgencyKind
    params: Mapping[str, object]
    person_index: int | None = None


@dataclass(frozen=True)
class AssetPlan:
    kind: str
    amount_vnd: int
    date: dt.date


@dataclass
class CasePlan:
    number: int
    province_code: str
    kind: str
    title: str
    summary: str
    field: str
    charges: str
    category: crimes.CrimeCategory
    classification: int
    monitoring: str
    national_code: str | None
    persons: list[PersonPlan] = dataclasses.field(default_factory=list)
    events: list[EventPlan] = dataclasses.field(default_factory=list)
    assets: list[AssetPlan] = dataclasses.field(default_factory=list)


def _weighted(rng: random.Random, pairs: tuple[tuple[object, int], ...]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _province(rng: random.Random, codes: list[str]) -> str:
    weights = [HEAVY_PROVINCES.get(code, 1) for code in codes]
    return rng.choices(codes, weights=weights)[0]


class _Path:
    """Builds a case's decisions one by one through the stage machine."""

    def __init__(
        self,
        rng: random.Random,
        *,
        start: dt.date,
        today: dt.date,
        person: Callable[[int], str] = "p{}".format,
    ) -> None:
        self.rng = rng
        self.start = start
        self.today = today
        self.person = person  # the value of a decision's person parameter, by index
        self.events: list[EventPlan] = []
        self.domain: list[Event] = []
        self.timeline = replay([])

    def add(
        self,
        kind: EventType,
        recorder: AgencyKind,
        gap: tuple[int, int],
        params: Mapping[str, object] | None = None,
        person_index: int | None = None,
        after: dt.date | None = None,
    ) -> bool:
        """Add a decision ``gap`` days after the previous one, or after ``after`` (an
        earlier decision the law counts from) when given, never before the previous one."""
        if self.events:
            anchor = after or self.events[-1].date
            date = max(anchor + dt.timedelta(days=self.rng.randint(*gap)), self.events[-1].date)
        else:
            date = self.start
        if date > self.today:
            return False
        event = Event(
            type=kind,
            date=date,
            params=dict(params or {}),  # type: ignore[arg-type]
            sequence=len(self.domain) + 1,
        )
        try:
            self.timeline = check_next(
                self.timeline, event, today=self.today, recorder_kind=recorder
            )
        except DomainError:
            return False
        self.domain.append(event)
        self.events.append(EventPlan(kind, date, recorder, dict(params or {}), person_index))
        return True


def _procedure(rng: random.Random, path: _Path, plan: CasePlan) -> None:
    charges = {"charges": plan.charges}
    if not path.add(E.CRIME_REPORT_RECEIVED, K.INVESTIGATION, (0, 0)):
        return
    if plan.kind == "matter":
        # A matter is settled within its period: most end without a case (Art. 147);
        # some need the two-month prolongation first, a few are still open or late.
        if rng.random() < 0.3 and not path.add(
            E.REPORT_SETTLEMENT_PROLONGED, K.INVESTIGATION, (15, 19)
        ):
            return
        if rng.random() < 0.9:
            path.add(E.CASE_NOT_INITIATED, K.INVESTIGATION, (3, 16))
        return
    if rng.random() < 0.04:
        path.add(E.CASE_NOT_INITIATED, K.INVESTIGATION, (10, 19))
        return
    if not path.add(E.CASE_INITIATED, K.INVESTIGATION, (5, 19), charges):
        return
    for index in range(len(plan.persons)):
        charged = {**charges, PARAM_PERSON: path.person(index)}
        if not path.add(E.SUSPECT_CHARGED, K.INVESTIGATION, (1, 8), charged, person_index=index):
            return
        if rng.random() < 0.4:
            path.add(
                E.DETENTION_ORDERED,
                K.INVESTIGATION,
                (0, 1),
                {"months": 2, PARAM_PERSON: path.person(index)},
                person_index=index,
            )
    if rng.random() < 0.5:
        _request_and_answer(
            path,
            rng,
            E.EXPERTISE_REQUESTED,
            E.EXPERTISE_CONCLUDED,
            {"variant": "OTHER"},
            answered_in=(20, 80),
        )
    if rng.random() < 0.3:
        _request_and_answer(
            path,
            rng,
            E.VALUATION_REQUESTED,
            E.VALUATION_CONCLUDED,
            {"days": 30},
            answered_in=(10, 28),
        )
    if rng.random() < 0.06:
        path.add(E.INVESTIGATION_SUSPENDED, K.INVESTIGATION, (90, 150))
        return
    # Most investigations end within their period (with an extension when they need
    # one); about one in eight runs late, which the demo's early warnings should show.
    initiated = path.events[1].date
    base_days = BASE_INVESTIGATION_DAYS[plan.category]
    late = rng.random() < 0.12
    extended = rng.random() < 0.45
    _release_detained(path, rng)
    if extended:
        nominal = (base_days - 25, base_days - 12)
        if not path.add(
            E.INVESTIGATION_EXTENDED, K.PROCURACY, nominal, {"months": 2}, after=initiated
        ):
            return
        base_days += 60
    finish = (base_days + 5, base_days + 90) if late else (base_days // 2, base_days - 3)
    if not path.add(E.INVESTIGATION_CONCLUDED, K.INVESTIGATION, finish, after=initiated):
        return
    if rng.random() < 0.15:
        if not path.add(E.RETURNED_FOR_ADDITIONAL_INVESTIGATION, K.PROCURACY, (10, 25)):
            return
        if not path.add(E.ADDITIONAL_INVESTIGATION_CONCLUDED, K.INVESTIGATION, (20, 70)):
            return
    if not path.add(E.INDICTED, K.PROCURACY, (5, 18) if rng.random() < 0.9 else (25, 50)):
        return
    if not path.add(E.CASE_ACCEPTED_FOR_TRIAL, K.COURT, (2, 10)):
        return
    if not path.add(E.TRIAL_SCHEDULED, K.COURT, (10, 28) if rng.random() < 0.9 else (50, 100)):
        return
    if not path.add(E.FIRST_INSTANCE_JUDGMENT, K.COURT, (5, 15)):
        return
    if rng.random() < 0.4:
        if not path.add(E.APPEALED, K.COURT, (3, 14)):
            return
        if not path.add(E.APPEAL_ACCEPTED, K.COURT, (10, 30)):
            return
        if not path.add(E.APPELLATE_TRIAL_SCHEDULED, K.COURT, (20, 40)):
            return
        if not path.add(E.APPELLATE_JUDGMENT, K.COURT, (7, 15)):
            return
    elif not path.add(E.JUDGMENT_FINAL, K.COURT, (31, 33)):
        return
    if not path.add(E.EXECUTION_DECIDED, K.COURT, (2, 7)):
        return
    if not path.add(
        E.ENFORCEMENT_STARTED, K.ENFORCEMENT, (2, 7) if rng.random() < 0.9 else (8, 25)
    ):
        return
    path.add(E.CASE_CLOSED, K.ENFORCEMENT, (120, 540))


def _request_and_answer(
    path: _Path,
    rng: random.Random,
    request: EventType,
    answer: EventType,
    params: Mapping[str, object],
    *,
    answered_in: tuple[int, int],
) -> None:
    """Expertise or valuation asked for and, mostly in time, answered; the demo keeps
    some late answers, the bottleneck the platform exists to show."""
    if not path.add(request, K.INVESTIGATION, (3, 20), params):
        return
    asked_on = path.events[-1].date
    late = rng.random() < 0.15
    low, high = answered_in
    path.add(
        answer, K.INVESTIGATION, (high + 10, high + 60) if late else (low, high), after=asked_on
    )


def _release_detained(path: _Path, rng: random.Random) -> None:
    """Detained persons are mostly released before their order runs out; a few are
    held past it, which the demo's warnings should show."""
    orders = [e for e in path.events if e.type is E.DETENTION_ORDERED]
    for order in orders:
        held = (30, 58) if rng.random() < 0.85 else (62, 90)
        released = {PARAM_PERSON: order.params[PARAM_PERSON]}
        path.add(
            E.PERSON_RELEASED,
            K.INVESTIGATION,
            held,
            released,
            person_index=order.person_index,
            after=order.date,
        )


def _assets(rng: random.Random, plan: CasePlan) -> list[AssetPlan]:
    if plan.kind == "matter" or len(plan.events) < 2:
        return []
    opened = plan.events[1].date
    damage = rng.randint(5, 5000) * 100_000_000
    assets = [AssetPlan("damage", damage, opened)]
    if rng.random() < 0.5:
        assets.append(AssetPlan("frozen", damage * rng.randint(10, 80) // 100, opened))
    if rng.random() < 0.4:
        assets.append(AssetPlan("seized", damage * rng.randint(5, 50) // 100, opened))
    last = plan.events[-1].date
    if len(plan.events) > 6 and rng.random() < 0.6:
        assets.append(AssetPlan("recovered", damage * rng.randint(10, 90) // 100, last))
    return assets


def generate(
    *, count: int, seed: int, today: dt.date, province_codes: list[str]
) -> Iterator[CasePlan]:
    """``count`` cases spread over the three years before ``today``."""
    for plan, _ in plans_with_timelines(
        count=count, seed=seed, today=today, province_codes=province_codes
    ):
        yield plan


@dataclass(frozen=True)
class StoryCase:
    """A case one of the demo's stories needs: where its record must end, and how far
    back its start is drawn."""

    stages: frozenset[Stage]
    days_back: int


# The demo's accounts work in An Giang, and its stories need cases there whatever the
# size and seed: cases under investigation for the requests, the meeting and its
# escalation, judged cases for public information. Unclassified, with accused: cases
# every account of the province may see and a release may name.
STORY_PROVINCE = "AG"
_UNDER_INVESTIGATION = StoryCase(frozenset({Stage.INVESTIGATION}), days_back=150)
_JUDGED = StoryCase(frozenset({Stage.FIRST_INSTANCE, Stage.APPEAL, Stage.ENFORCEMENT}), 3 * 365)
STORY: tuple[StoryCase, ...] = (
    _UNDER_INVESTIGATION,
    _UNDER_INVESTIGATION,
    _JUDGED,
    _JUDGED,
)
_STORY_DRAWS = 1000  # one that suits comes within a few dozen draws; running out is a bug


def demo_plans(
    *, count: int, seed: int, today: dt.date, province_codes: list[str]
) -> Iterator[CasePlan]:
    """The demo's ``count`` cases: ``generate``'s, except that when the seed's cases
    lack some the stories need, the last ones that serve no story are replaced by such
    cases (drawn from a stream of their own). A demo of a few hundred cases or more
    nearly always has them, and is ``generate``'s cases unchanged."""
    if STORY_PROVINCE not in province_codes:
        yield from generate(count=count, seed=seed, today=today, province_codes=province_codes)
        return
    wanted = Counter(STORY)
    found: Counter[StoryCase] = Counter()
    held: deque[tuple[CasePlan, StoryCase | None]] = deque()
    for plan, timeline in plans_with_timelines(
        count=count, seed=seed, today=today, province_codes=province_codes
    ):
        serves = _story_served(plan, timeline)
        if serves is not None:
            found[serves] += 1
        held.append((plan, serves))
        if len(held) > len(STORY):  # the last few wait until it is known what is missing
            yield held.popleft()[0]
    missing = [story for story, n in wanted.items() for _ in range(n - found[story])]
    rng = random.Random(f"{seed}-story")
    tail = list(held)
    for index in reversed(range(len(tail))):
        plan, serves = tail[index]
        spare = serves is None or found[serves] > wanted[serves]
        if missing and spare:
            if serves is not None:
                found[serves] -= 1
            tail[index] = (_story_case(rng, plan.number, missing.pop(0), today), None)
    for plan, _ in tail:
        yield plan


def _story_served(plan: CasePlan, timeline: Timeline) -> StoryCase | None:
    """The story the case can serve, if any."""
    if (
        plan.province_code != STORY_PROVINCE
        or plan.kind != "criminal_case"
        or plan.classification != 0
        or not plan.persons
    ):
        return None
    return next((story for story in STORY if timeline.stage in story.stages), None)


def _story_case(rng: random.Random, number: int, wanted: StoryCase, today: dt.date) -> CasePlan:
    """Drawn until the stage machine leaves the record where the story needs it."""
    for _ in range(_STORY_DRAWS):
        plan, timeline = _draw(
            rng, number, [STORY_PROVINCE], today=today, days_back=wanted.days_back
        )
        if _story_served(plan, timeline) == wanted:
            return plan
    raise ValueError(f"no demo case in {sorted(wanted.stages)} after {_STORY_DRAWS} draws")


def plans_with_timelines(
    *,
    count: int,
    seed: int,
    today: dt.date,
    province_codes: list[str],
    years: int = 3,
    first_number: int = 1,
    code_width: int = 6,
    person: Callable[[int, int], str] | None = None,
) -> Iterator[tuple[CasePlan, Timeline]]:
    """``generate``'s cases with the timeline each ends in, spread over ``years``; the
    national codes numbered from ``first_number`` in ``code_width`` digits (the national
    benchmark loads a million cases in chunks that must not collide). ``person`` (case
    number, person's index → text) gives the person parameter of a decision about one, so
    a loader that knows the persons' ids in advance gets decisions and timeline that
    name them ("p0", "p1"… otherwise)."""
    rng = random.Random(seed)
    codes = sorted(province_codes)
    for number in range(first_number, first_number + count):
        yield _draw(
            rng,
            number,
            codes,
            today=today,
            days_back=years * 365,
            code_width=code_width,
            person=person,
        )


def _draw(
    rng: random.Random,
    number: int,
    codes: list[str],
    *,
    today: dt.date,
    days_back: int,
    code_width: int = 6,
    person: Callable[[int, int], str] | None = None,
) -> tuple[CasePlan, Timeline]:
    """One case, started up to ``days_back`` days before ``today``, in one of ``codes``."""
    province_code = _province(rng, codes)
    kind = "matter" if rng.random() < 0.12 else "criminal_case"
    article = int(_weighted(rng, ARTICLE_WEIGHTS))  # type: ignore[call-overload]
    clause = rng.choice(sorted(crimes.ARTICLES[article].clauses))
    charge = crimes.Charge(article, clause)
    field_code = rng.choice(sorted(vocabulary.FIELDS))
    where = vocabulary.place(rng, province_code)
    if kind == "matter":
        title = vocabulary.matter_title(rng, field_code, where)
    else:
        title = vocabulary.case_title(rng, article, field_code, where)
    started = today - dt.timedelta(days=rng.randint(0, days_back))
    plan = CasePlan(
        number=number,
        province_code=province_code,
        kind=kind,
        title=title,
        summary=(
            f"{vocabulary.CRIMES.get(article, '')} — {charge.label} Bộ luật Hình sự; "
            f"lĩnh vực {vocabulary.FIELDS[field_code]}; xảy ra tại {where}."
        ),
        field=field_code,
        charges=f"{article}.{clause}",
        category=charge.category,
        classification=int(_weighted(rng, CLASSIFICATION_WEIGHTS)),  # type: ignore[call-overload]
        monitoring=str(_weighted(rng, MONITORING_WEIGHTS)),
        national_code=(
            f"{province_code}-{started.year}-{number:0{code_width}d}"
            if rng.random() < 0.7
            else None
        ),
    )
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6)) if kind == "criminal_case" else 0):
        plan.persons.append(
            PersonPlan(
                full_name=vocabulary.person_name(rng),
                birth_year=rng.randint(1958, 1995),
                position=vocabulary.position(rng),
                is_official=rng.random() < 0.8,
                is_party_member=rng.random() < 0.6,
            )
        )
    named = functools.partial(person, number) if person is not None else "p{}".format
    path = _Path(rng, start=started, today=today, person=named)
    _procedure(rng, path, plan)
    plan.events = path.events
    plan.assets = _assets(rng, plan)
    return plan, path.timeline
