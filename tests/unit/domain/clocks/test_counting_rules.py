"""The counting rules R1–R12 of LEGAL.md §1.12, each tagged with its number, plus
month ends and every kind of rest day of §4."""

from __future__ import annotations

from datetime import date

import pytest

from phoihop.domain.clocks import RestDayCalendar, calculate
from phoihop.domain.clocks.counting import add_months

rule = pytest.mark.rule


def steps_text(result: dict) -> str:
    return "\n".join(result["steps"])


# -- R1 custody to the hour -----------------------------------------------------------


@rule("R1")
def test_custody_runs_to_the_hour_of_the_arrest(official) -> None:
    # given the TTLT 04/2018 Art.17 example
    item = {"clock": "CUSTODY", "start": "2026-03-01T10:00"}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline_at"] == "2026-03-04T10:00"
    assert "TAM_GIU_HOURS" in result["conventions"]


@rule("R1")
def test_custody_ending_at_midnight_ends_on_the_day_before(official) -> None:
    # given
    item = {"clock": "CUSTODY", "start": "2026-03-01T00:00"}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline_at"] == "2026-03-04T00:00"
    assert result["deadline"] == "2026-03-03"


@rule("R1")
def test_custody_ending_on_a_holiday_is_not_moved(official) -> None:
    # given a custody ending on 30/04/2026
    item = {"clock": "CUSTODY", "start": "2026-04-27T15:30"}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline_at"] == "2026-04-30T15:30"


# -- R2 days -------------------------------------------------------------------------


@rule("R2")
def test_the_start_day_is_not_counted_and_the_rule_is_named(official) -> None:
    # given
    item = {"clock": "INVESTIGATION", "start": "2026-06-30", "category": "RNT"}

    # when
    result = calculate(item, official)

    # then
    assert "Ngày bắt đầu 30/06/2026 không tính (BLTTHS Điều 134; BLDS Điều 147)" in result["steps"]
    assert "DAYS_EXCLUSIVE_ROLL" in result["conventions"]
    assert any(s.startswith("Lưu ý: quy ước: không tính ngày") for s in result["steps"])


@rule("R2")
def test_a_day_period_ending_on_holidays_moves_to_the_next_working_day(official) -> None:
    # given the acceptance example: 30/04 and 01/05 are holidays, then a weekend
    item = {"clock": "DENUNCIATION", "start": "2026-04-10"}

    # when
    result = calculate(item, official)

    # then
    assert result["nominal_end"] == "2026-04-30"
    assert result["deadline"] == "2026-05-04"
    assert "Ngày Chiến thắng" in steps_text(result)


# -- R3 months -----------------------------------------------------------------------


MONTH_ENDS = [
    (date(2026, 1, 29), 1, date(2026, 2, 28)),
    (date(2026, 1, 30), 1, date(2026, 2, 28)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 29), 1, date(2028, 2, 29)),  # leap year
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 5, 31), 1, date(2026, 6, 30)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 2, 28), 3, date(2026, 5, 28)),  # never "end of month to end of month"
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2027, 12, 31), 2, date(2028, 2, 29)),
    (date(2026, 10, 31), 4, date(2027, 2, 28)),
    (date(2026, 4, 30), 1, date(2026, 5, 30)),
]


@rule("R3")
@pytest.mark.parametrize(("start", "count", "end"), MONTH_ENDS)
def test_months_end_on_the_same_day_number_or_the_month_end(start, count, end) -> None:
    # given a start and a number of months

    # when
    nominal, _ = add_months(start, count)

    # then
    assert nominal == end


@rule("R3")
def test_a_month_period_from_the_31st_is_clamped_then_rolled(official) -> None:
    # given 31/01/2026 + 1 month = 28/02/2026, a Saturday
    item = {"clock": "DENUNCIATION_AFTER_ANNULMENT", "start": "2026-01-31"}

    # when
    result = calculate(item, official)

    # then
    assert result["nominal_end"] == "2026-02-28"
    assert result["deadline"] == "2026-03-02"
    assert "không có ngày 31 nên lấy ngày cuối tháng" in steps_text(result)


@rule("R3")
def test_a_month_period_in_a_leap_year_ends_on_29_february(official) -> None:
    # given
    item = {"clock": "DENUNCIATION_AFTER_ANNULMENT", "start": "2028-01-31"}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2028-02-29"


# -- R4 / R5 detention ----------------------------------------------------------------


@rule("R4")
def test_detention_counts_the_first_day_and_30_day_months(official) -> None:
    # given 2 months from 01/03: 60 days with 01/03 as day 1
    item = {
        "clock": "DETENTION",
        "variant": "INVESTIGATION",
        "category": "ITN",
        "start": "2026-03-01",
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-04-29"
    assert "DETENTION_INCLUSIVE_30D_NOROLL" in result["conventions"]


@rule("R4")
def test_detention_deducts_the_days_already_in_custody(official) -> None:
    # given
    item = {
        "clock": "DETENTION",
        "variant": "INVESTIGATION",
        "category": "ITN",
        "start": "2026-03-01",
        "deduct_days": 3,
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-04-26"


@rule("R4")
def test_detention_ending_on_a_holiday_is_not_moved(official) -> None:
    # given 4 months = 120 days from 01/01/2026 ends on 30/04/2026
    item = {
        "clock": "DETENTION",
        "variant": "INVESTIGATION",
        "category": "RNT",
        "start": "2026-01-01",
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-04-30"


@rule("R4")
def test_a_shorter_order_sets_the_end(official) -> None:
    # given an order of 1 month where the law allows 3
    item = {
        "clock": "DETENTION",
        "variant": "INVESTIGATION",
        "category": "NT",
        "start": "2026-03-01",
        "ordered": {"days": 30},
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-03-30"


@rule("R5")
def test_a_detention_extension_starts_the_day_after_the_old_end(official) -> None:
    # given 120 days ending 30/04, then 3 months = 90 days from 01/05
    item = {
        "clock": "DETENTION",
        "variant": "INVESTIGATION",
        "category": "RNT",
        "start": "2026-01-01",
        "extensions": [{"months": 3}],
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-07-29"
    assert "DETENTION_EXT_STARTS_NEXT_DAY" in result["conventions"]


# -- R6 chaining ----------------------------------------------------------------------


@rule("R6")
def test_an_extension_chains_from_the_nominal_not_the_rolled_end(official) -> None:
    # given 28/01 + 2 months = 28/03 (Saturday, rolled to 30/03); + 2 months from 28/03
    item = {
        "clock": "INVESTIGATION",
        "start": "2026-01-28",
        "category": "ITN",
        "extensions": [{"months": 2}],
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-05-28"
    assert "EXT_CHAIN_FROM_NOMINAL_END" in result["conventions"]
    assert any(s.startswith("Lưu ý: quy ước: mỗi lần gia hạn") for s in result["steps"])


@rule("R6")
def test_the_chained_date_wins_and_the_anchored_one_is_shown(official) -> None:
    # given 31/12 + 2 + 2 months: 28/04 chained, 30/04 counted from the start
    item = {"clock": "DENUNCIATION_PROLONGED", "start": "2026-12-31", "extensions": [{"months": 2}]}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2027-04-28"
    assert "Cách đọc khác: tính thẳng 4 tháng từ ngày bắt đầu cho 30/04/2027" in steps_text(result)


# -- R8 working days ------------------------------------------------------------------


@rule("R8")
def test_working_days_skip_rest_days_and_count_a_worked_saturday(official) -> None:
    # given Thursday 24/04/2025: 25/04, Saturday 26/04 (worked), 28/04, 29/04, then 05/05
    item = {"clock": "CIVIL_ENFORCEMENT", "start": "2025-04-24"}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2025-05-05"
    assert "WORKING_DAYS_EXCLUSIVE" in result["conventions"]
    assert "OFFICIAL_WORKING_CALENDAR" in result["conventions"]


# -- R9 backward ----------------------------------------------------------------------


@rule("R9")
def test_the_extension_request_date_counts_back_from_the_nominal_end(official) -> None:
    # given nominal end 30/10/2026, 10 days before
    item = {"clock": "INVESTIGATION", "start": "2026-06-30", "category": "RNT"}

    # when
    result = calculate(item, official)

    # then
    assert result["extension_request_by"] == "2026-10-20"
    assert "BACKWARD_FROM_NOMINAL_END" in result["conventions"]


@rule("R9")
def test_a_request_date_on_rest_days_moves_back_to_the_previous_working_day(official) -> None:
    # given nominal end 07/05/2026; 5 days before is Saturday 02/05, after 30/04 and 01/05
    item = {"clock": "DENUNCIATION_PROLONGED", "start": "2026-03-07"}

    # when
    result = calculate(item, official)

    # then
    assert result["extension_request_by"] == "2026-04-29"
    assert "BACKWARD_PREV_WORKDAY" in result["conventions"]


@rule("R9")
def test_no_request_date_once_every_extension_is_used(official) -> None:
    # given
    item = {"clock": "DENUNCIATION_PROLONGED", "start": "2026-03-07", "extensions": [{"months": 1}]}

    # when
    result = calculate(item, official)

    # then
    assert result["extension_request_by"] is None


# -- R10 recategorisation -------------------------------------------------------------


@rule("R10")
def test_a_heavier_charge_recomputes_from_the_original_start(official) -> None:
    # given NT (3 months) became RNT (4 months) on 01/03
    item = {
        "clock": "INVESTIGATION",
        "start": "2026-01-15",
        "category": "NT",
        "recategorisations": [{"date": "2026-03-01", "category": "RNT"}],
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-05-15"
    assert result["category"] == "RNT"
    assert "RECATEGORISE_FROM_ORIGINAL_START" in result["conventions"]


@rule("R10")
def test_a_lighter_charge_leaves_out_extensions_the_lighter_table_lacks(official) -> None:
    # given RNT with two 4-month extensions, then ITN (one extension of at most 2 months)
    item = {
        "clock": "INVESTIGATION",
        "start": "2026-01-15",
        "category": "RNT",
        "extensions": [{"months": 4}, {"months": 4}],
        "recategorisations": [{"date": "2026-06-01", "category": "ITN"}],
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-05-15"
    assert "TTLT 04/2018 Điều 14" in steps_text(result)


# -- R11 effective day ----------------------------------------------------------------


@rule("R11")
def test_execution_runs_from_the_day_after_the_last_protest_day(official) -> None:
    # given pronouncement 31/03: 30 days → 30/04 (holiday) → last day 04/05, effective 05/05
    item = {"clock": "EXECUTION_DECISION", "variant": "FROM_PRONOUNCEMENT", "start": "2026-03-31"}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-05-12"
    assert "EFFECTIVE_DAY_AFTER_LAST_PROTEST_DAY" in result["conventions"]
    assert "Cách đọc khác" in steps_text(result)


# -- R12 resumption -------------------------------------------------------------------


@rule("R12")
def test_resumption_opens_a_fresh_period(official) -> None:
    # given a resumption decision on 05/02/2026 for an RNT case
    item = {"clock": "INVESTIGATION_RESUMED", "start": "2026-02-05", "category": "RNT"}

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-05-05"
    assert "RESUMPTION_STARTS_FRESH_PERIOD" in result["conventions"]
    assert any(s.startswith("Lưu ý: quy ước: phục hồi mở") for s in result["steps"])


# -- every kind of rest day (§4) ------------------------------------------------------

REST_DAY_KINDS = [
    pytest.param({"clock": "DENUNCIATION", "start": "2026-03-02"}, "2026-03-23", id="weekend"),
    pytest.param(
        {"clock": "TRIAL_PREPARATION", "start": "2026-01-05", "category": "NT"},
        "2026-02-23",
        id="tet",
    ),
    pytest.param(
        {"clock": "SUPPLEMENTARY_INVESTIGATION", "variant": "COURT", "start": "2026-07-31"},
        "2026-09-03",
        id="bridging-day",
    ),
    pytest.param(
        {"clock": "JUDGMENT_DELIVERY", "start": "2026-04-17"}, "2026-04-28", id="compensatory"
    ),
    pytest.param(
        {"clock": "TRIAL_PREPARATION_AFTER_RETURN", "start": "2026-08-07"},
        "2026-08-22",
        id="worked-saturday",
    ),
    # 04/11 + 20 = 24/11/2026: Vietnam Culture Day is not (yet) a rest day in law
    pytest.param({"clock": "DENUNCIATION", "start": "2026-11-04"}, "2026-11-24", id="culture-day"),
]


@rule("R2")
@pytest.mark.parametrize(("item", "deadline"), REST_DAY_KINDS)
def test_each_kind_of_rest_day_moves_a_procedural_deadline(item, deadline, official) -> None:
    # given a period whose nominal end falls on that kind of day

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == deadline


def test_a_calendar_added_for_one_calculation_is_honoured(official) -> None:
    # given 30/10/2026 declared a rest day for this calculation only
    item = {
        "clock": "INVESTIGATION",
        "start": "2026-06-30",
        "category": "RNT",
        "calendar": {"rest_days": [{"date": "2026-10-30", "reason": "Bão"}]},
    }

    # when
    result = calculate(item, official)

    # then
    assert result["deadline"] == "2026-11-02"
    assert "Bão" in steps_text(result)


def test_a_year_without_holiday_data_is_flagged() -> None:
    # given a weekends-only calendar
    calendar = RestDayCalendar()

    # when
    result = calculate({"clock": "DENUNCIATION", "start": "2026-04-10"}, calendar)

    # then
    assert result["deadline"] == "2026-04-30"
    assert "CHƯA XÁC NHẬN: chưa có dữ liệu ngày nghỉ lễ năm 2026" in steps_text(result)


def test_a_provisional_year_is_flagged(official) -> None:
    # given a deadline in 2027, whose calendar is still provisional
    item = {"clock": "DENUNCIATION", "start": "2027-03-01"}

    # when
    result = calculate(item, official)

    # then
    assert "lịch ngày nghỉ năm 2027 là tạm tính" in steps_text(result)


def test_an_unconfirmed_variant_says_so(official) -> None:
    # given the Supreme Court figure carried over from the former High Courts
    item = {"clock": "APPELLATE_DECISION", "variant": "SUPREME", "start": "2026-03-01"}

    # when
    result = calculate(item, official)

    # then
    assert any(step.startswith("CHƯA XÁC NHẬN:") for step in result["steps"])
