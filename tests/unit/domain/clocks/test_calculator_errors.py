"""What the law does not allow, and malformed input, come back as an error object
naming the article and the field; the calculator never raises."""

from __future__ import annotations

import pytest

from phoihop.domain.clocks import calculate


def error_of(item, calendar) -> dict:
    result = calculate(item, calendar)
    assert "deadline" not in result
    return result["error"]


@pytest.mark.rule("INVESTIGATION")
def test_a_third_extension_for_a_serious_crime_is_refused(official) -> None:
    # given NT allows two extensions (172(2))
    item = {
        "id": "vu-1",
        "clock": "INVESTIGATION",
        "start": "2026-01-15",
        "category": "NT",
        "extensions": [{"months": 3}, {"months": 2}, {"months": 1}],
    }

    # when
    result = calculate(item, official)

    # then
    assert result["id"] == "vu-1"
    assert result["error"]["code"] == "clock.extension.not_allowed"
    assert result["error"]["field"] == "extensions[2]"
    assert "Điều 172" in result["error"]["message"]
    assert "lần gia hạn thứ 3" in result["error"]["message"]


@pytest.mark.rule("INVESTIGATION")
def test_extension_beyond_the_legal_maximum_is_refused(official) -> None:
    # given NT's second extension is capped at 2 months
    item = {
        "clock": "INVESTIGATION",
        "start": "2026-01-15",
        "category": "NT",
        "extensions": [{"months": 3}, {"months": 3}],
    }

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.extension.too_long"
    assert error["field"] == "extensions[1]"
    assert "Điều 172 khoản 2" in error["message"]


@pytest.mark.rule("PROSECUTION")
def test_a_prosecution_extension_longer_than_its_cap_is_refused(official) -> None:
    # given RNT may be extended by at most 15 days (240(1))
    item = {
        "clock": "PROSECUTION",
        "start": "2026-04-01",
        "category": "RNT",
        "extensions": [{"days": 16}],
    }

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.extension.too_long"
    assert "Điều 240 khoản 1" in error["message"]


@pytest.mark.rule("TRIAL_PREPARATION")
def test_a_second_trial_preparation_extension_is_refused(official) -> None:
    # given
    item = {
        "clock": "TRIAL_PREPARATION",
        "start": "2026-01-05",
        "category": "NT",
        "extensions": [{"days": 15}, {"days": 1}],
    }

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == "extensions[1]"
    assert "Điều 277 khoản 1" in error["message"]


@pytest.mark.rule("CUSTODY")
def test_a_third_custody_extension_is_refused(official) -> None:
    # given
    item = {"clock": "CUSTODY", "start": "2026-03-01T10:00", "extensions": [{"days": 3}] * 3}

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == "extensions[2]"
    assert "Điều 118" in error["message"]


@pytest.mark.rule("CUSTODY")
def test_a_custody_extension_longer_than_three_days_is_refused(official) -> None:
    # given
    item = {"clock": "CUSTODY", "start": "2026-03-01T10:00", "extensions": [{"hours": 73}]}

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.extension.too_long"


@pytest.mark.rule("CUSTODY")
def test_custody_without_an_hour_is_refused(official) -> None:
    # given
    item = {"clock": "CUSTODY", "start": "2026-03-01"}

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == "start"
    assert "Điều 118" in error["message"]


@pytest.mark.rule("EXPERTISE")
def test_an_extension_of_mandatory_expertise_is_refused(official) -> None:
    # given BLTTHS 208(1) periods have no extension
    item = {
        "clock": "EXPERTISE",
        "variant": "PSYCHIATRIC",
        "start": "2026-01-10",
        "extensions": [{"months": 1}],
    }

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.extension.not_allowed"
    assert "Điều 208 khoản 1 điểm a" in error["message"]


@pytest.mark.rule("EXPERTISE")
def test_an_expertise_extension_over_half_the_maximum_is_refused(official) -> None:
    # given half of 3 months is read as 45 days (HALF_MAXIMUM_AS_DAYS)
    item = {
        "clock": "EXPERTISE",
        "variant": "OTHER",
        "start": "2026-01-10",
        "extensions": [{"months": 2}],
    }

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.extension.too_long"
    assert "Điều 26a khoản 4" in error["message"]


@pytest.mark.rule("PROTEST")
def test_a_variant_the_clock_lacks_is_refused(official) -> None:
    # given
    item = {"clock": "PROTEST", "start": "2026-06-03", "variant": "HIGH_COURT"}

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.variant.unknown"
    assert error["field"] == "variant"
    assert "Điều 337" in error["message"]


@pytest.mark.rule("PROTEST")
def test_a_clock_with_variants_and_no_default_needs_one(official) -> None:
    # given
    item = {"clock": "PROTEST", "start": "2026-06-03"}

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.variant.required"
    assert "SUPERIOR_JUDGMENT" in error["message"]


@pytest.mark.rule("DENUNCIATION")
def test_a_variant_on_a_clock_without_variants_is_refused(official) -> None:
    # given
    item = {"clock": "DENUNCIATION", "start": "2026-06-03", "variant": "NORMAL"}

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == "variant"
    assert "Điều 147 khoản 1" in error["message"]


@pytest.mark.rule("INVESTIGATION")
def test_a_missing_category_is_refused(official) -> None:
    # given
    item = {"clock": "INVESTIGATION", "start": "2026-06-30"}

    # when
    error = error_of(item, official)

    # then
    assert error["code"] == "clock.category.required"
    assert error["field"] == "category"
    assert "Điều 172 khoản 1" in error["message"]


@pytest.mark.rule("DETENTION")
def test_a_detention_order_longer_than_the_law_is_refused(official) -> None:
    # given NT detention for investigation is at most 3 months (173)
    item = {
        "clock": "DETENTION",
        "variant": "INVESTIGATION",
        "category": "NT",
        "start": "2026-03-01",
        "ordered": {"months": 4},
    }

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == "ordered"
    assert "Điều 173" in error["message"]


@pytest.mark.rule("DETENTION")
def test_custody_days_cannot_exceed_the_detention_order(official) -> None:
    # given
    item = {
        "clock": "DETENTION",
        "variant": "AFTER_SENTENCE",
        "start": "2026-03-01",
        "deduct_days": 45,
    }

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == "deduct_days"


@pytest.mark.rule("INVESTIGATION")
def test_a_recategorisation_before_the_start_is_refused(official) -> None:
    # given
    item = {
        "clock": "INVESTIGATION",
        "start": "2026-03-01",
        "category": "NT",
        "recategorisations": [{"date": "2026-02-01", "category": "RNT"}],
    }

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == "recategorisations[0].date"


BAD_INPUT = [
    pytest.param({"clock": "NOPE", "start": "2026-01-01"}, "clock", id="unknown-clock"),
    pytest.param({"start": "2026-01-01"}, "clock", id="missing-clock"),
    pytest.param({"clock": "DENUNCIATION", "start": "01/04/2026"}, "start", id="date-format"),
    pytest.param({"clock": "DENUNCIATION", "start": "2026-02-30"}, "start", id="no-such-day"),
    pytest.param({"clock": "DENUNCIATION"}, "start", id="missing-start"),
    pytest.param(
        {"clock": "DENUNCIATION", "start": "2026-01-01", "colour": 1}, "colour", id="unknown-field"
    ),
    pytest.param(
        {"clock": "INVESTIGATION", "start": "2026-01-01", "category": "XX"},
        "category",
        id="category",
    ),
    pytest.param(
        {
            "clock": "INVESTIGATION",
            "start": "2026-01-01",
            "category": "NT",
            "extensions": [{"weeks": 1}],
        },
        "extensions[0]",
        id="extension-unit",
    ),
    pytest.param(
        {
            "clock": "INVESTIGATION",
            "start": "2026-01-01",
            "category": "NT",
            "extensions": [{"months": 0}],
        },
        "extensions[0]",
        id="zero-extension",
    ),
    pytest.param(
        {"clock": "DENUNCIATION", "start": "2026-01-01", "national_security": "yes"},
        "national_security",
        id="flag",
    ),
    pytest.param(
        {"clock": "DENUNCIATION", "start": "2026-01-01", "deduct_days": 2},
        "deduct_days",
        id="deduct",
    ),
    pytest.param(
        {"clock": "DENUNCIATION", "start": "2026-01-01", "calendar": {"rest_days": ["x"]}},
        "calendar.rest_days[0]",
        id="calendar-day",
    ),
    pytest.param({"clock": "CIVIL_ENFORCEMENT", "start": "9999-12-30"}, "start", id="out-of-range"),
]


# What the message says in words (a page shows it under the field's label, so it names
# no key); the other messages are about the shape of the JSON and name its key.
SAID_IN_WORDS = {"unknown-clock", "missing-clock", "deduct", "out-of-range"}


@pytest.mark.parametrize(("item", "field"), BAD_INPUT)
def test_malformed_input_names_the_field(item, field, official, request) -> None:
    # given a malformed item

    # when
    error = error_of(item, official)

    # then
    assert error["field"] == field
    key = field.split("[")[0].split(".")[0]
    said_in_words = request.node.callspec.id in SAID_IN_WORDS
    assert (key in error["message"]) is not said_in_words, error["message"]


def test_an_input_that_is_not_an_object_is_refused(official) -> None:
    # given
    item = ["INVESTIGATION"]

    # when
    result = calculate(item, official)  # type: ignore[arg-type]

    # then
    assert result["error"]["code"] == "input.invalid"
