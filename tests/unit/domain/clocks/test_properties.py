"""Properties of the engine that must hold for every start date and table entry
(CONVENTIONS.md §5), checked against the real official calendar."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from phoihop.core.calendars import official_calendar
from phoihop.domain.clocks import CATALOG, Duration, RestDayCalendar, calculate
from phoihop.domain.clocks.counting import detention_days
from phoihop.domain.clocks.rules import CountingMode, Unit
from phoihop.domain.crimes import CrimeCategory

OFFICIAL = official_calendar()
PROPERTY = settings(max_examples=1000, deadline=None, database=None)
STARTS = st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 6, 30))
CATEGORIES = st.sampled_from(list(CrimeCategory))
# (clock, variant) for every procedural table
PROCEDURAL = [
    (code, variant)
    for code, rule in CATALOG.items()
    if rule.counting not in (CountingMode.HOURS, CountingMode.DETENTION)
    for variant, _ in rule.all_terms()
]
DETENTION = [(variant, terms) for variant, terms in CATALOG["DETENTION"].all_terms()]
WITH_EXTENSIONS = [
    (code, variant)
    for code, rule in CATALOG.items()
    for variant, terms in rule.all_terms()
    if terms.extensions
]


def item_for(code: str, variant: str | None, start: date, category: CrimeCategory, **more) -> dict:
    start_text = f"{start.isoformat()}T08:30" if code == "CUSTODY" else start.isoformat()
    item = {"clock": code, "start": start_text, "category": str(category), **more}
    if variant is not None:
        item["variant"] = variant
    return item


KEYS = {Unit.MONTHS: "months", Unit.DAYS: "days", Unit.HOURS: "hours"}


def extension_to_json(length: Duration) -> dict:
    return {KEYS[length.unit]: length.amount}


@PROPERTY
@given(
    clock=st.sampled_from(
        PROCEDURAL + [("DETENTION", v) for v, _ in DETENTION] + [("CUSTODY", None)]
    ),
    first=STARTS,
    gap=st.integers(min_value=0, max_value=400),
    category=CATEGORIES,
)
def test_a_later_start_never_gives_an_earlier_deadline(clock, first, gap, category) -> None:
    # given two starts, the second no earlier than the first
    code, variant = clock
    later = first + timedelta(days=gap)

    # when
    early_result = calculate(item_for(code, variant, first, category), OFFICIAL)
    late_result = calculate(item_for(code, variant, later, category), OFFICIAL)

    # then
    assert early_result["deadline"] <= late_result["deadline"]
    assert early_result["max_deadline"] <= late_result["max_deadline"]


@PROPERTY
@given(
    clock=st.sampled_from(WITH_EXTENSIONS),
    start=STARTS,
    category=CATEGORIES,
    national_security=st.booleans(),
    fraction=st.floats(min_value=0.0, max_value=1.0),
    data=st.data(),
)
def test_an_extension_never_shortens(
    clock, start, category, national_security, fraction, data
) -> None:
    # given a case and every extension the law allows it, each of some lawful length
    code, variant = clock
    rule = CATALOG[code]
    terms = dict(rule.all_terms())[variant]
    steps = terms.steps_for(category, national_security)
    granted = [
        extension_to_json(Duration(max(1, round(cap.amount * fraction)), cap.unit))
        for _, cap in steps
    ]
    count = data.draw(st.integers(min_value=0, max_value=len(granted)))
    base = item_for(code, variant, start, category, national_security=national_security)

    # when
    before = calculate({**base, "extensions": granted[:count]}, OFFICIAL)
    after = calculate({**base, "extensions": granted[: count + 1]}, OFFICIAL)

    # then
    assert "error" not in before, before
    assert "error" not in after, after
    assert before["deadline"] <= after["deadline"] <= after["max_deadline"]
    assert after["max_deadline"] <= before["max_deadline"]


@PROPERTY
@given(clock=st.sampled_from(PROCEDURAL), start=STARTS, category=CATEGORIES)
def test_a_procedural_deadline_never_falls_on_a_rest_day(clock, start, category) -> None:
    # given
    code, variant = clock

    # when
    result = calculate(item_for(code, variant, start, category), OFFICIAL)

    # then
    deadline = date.fromisoformat(result["deadline"])
    assert not OFFICIAL.is_rest(deadline)
    assert result["deadline"] >= result["nominal_end"]
    if result["extension_request_by"] is not None:
        request_by = date.fromisoformat(result["extension_request_by"])
        assert not OFFICIAL.is_rest(request_by)
        assert request_by < date.fromisoformat(result["nominal_end"])


@PROPERTY
@given(
    variant_terms=st.sampled_from(DETENTION),
    start=STARTS,
    category=CATEGORIES,
    extra_rest=st.sets(st.integers(min_value=0, max_value=1000), max_size=40),
)
def test_a_detention_deadline_never_moves_off_its_computed_day(
    variant_terms, start, category, extra_rest
) -> None:
    # given any calendar, however many rest days it declares
    variant, terms = variant_terms
    calendar = RestDayCalendar(
        rest_days={start + timedelta(days=n): "Ngày nghỉ thử" for n in extra_rest}
    )
    expected_end = start + timedelta(days=detention_days(terms.base[category]) - 1)

    # when
    result = calculate(item_for("DETENTION", variant, start, category), calendar)
    official_result = calculate(item_for("DETENTION", variant, start, category), OFFICIAL)

    # then
    assert result["deadline"] == result["nominal_end"] == expected_end.isoformat()
    assert official_result["deadline"] == result["deadline"]


@settings(max_examples=300, deadline=None, database=None)
@given(
    item=st.dictionaries(
        st.sampled_from(
            [
                "id",
                "clock",
                "start",
                "category",
                "variant",
                "extensions",
                "ordered",
                "deduct_days",
                "x",
            ]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-5, max_value=10**6),
            st.sampled_from([*CATALOG, "2026-01-31", "2026-01-31T10:00", "NT", "COURT"]),
            st.text(max_size=12),
            st.lists(
                st.dictionaries(
                    st.sampled_from(["months", "days", "hours"]), st.integers(-2, 10**5)
                )
            ),
            st.dictionaries(st.sampled_from(["months", "days"]), st.integers(-2, 10**5)),
        ),
    )
)
def test_the_calculator_never_raises(item) -> None:
    # given any JSON-like object

    # when
    result = calculate(item, OFFICIAL)

    # then
    assert ("error" in result) != ("deadline" in result)
