"""One worked example per clock of LEGAL.md §1, computed by hand from the rules
against the official 2025–2027 calendar (weekdays off in 2026: 01/01, 16–20/02,
27/04, 30/04, 01/05, 31/08, 01/09, 02/09; Saturday 22/08/2026 worked)."""

from __future__ import annotations

from typing import Any

import pytest

from phoihop.domain.clocks import CATALOG, calculate

rule = pytest.mark.rule


def case(code: str, expected: dict[str, Any], **item: Any) -> Any:
    return pytest.param({"clock": code, **item}, expected, marks=rule(code), id=code)


# The legal basis each rule must cite, as LEGAL.md §1.0–§1.9 gives it.
BASES = {
    "DENUNCIATION": "BLTTHS 2015, Điều 147 khoản 1",
    "DENUNCIATION_PROLONGED": "BLTTHS 2015, Điều 147 khoản 2",
    "DENUNCIATION_AFTER_ANNULMENT": "BLTTHS 2015, Điều 148 khoản 2",
    "DENUNCIATION_AFTER_RESUMPTION": "BLTTHS 2015, Điều 149",
    "INVESTIGATION": "BLTTHS 2015, Điều 172 khoản 1",
    "INVESTIGATION_RESUMED": "BLTTHS 2015, Điều 174 khoản 1",
    "SUPPLEMENTARY_INVESTIGATION": "BLTTHS 2015, Điều 174 khoản 2",
    "REINVESTIGATION": "BLTTHS 2015, Điều 174 khoản 3",
    "CUSTODY": "BLTTHS 2015, Điều 118",
    "DETENTION": "BLTTHS 2015, Điều 173",
    "PROSECUTION": "BLTTHS 2015, Điều 240 khoản 1",
    "TRIAL_PREPARATION": "BLTTHS 2015, Điều 277 khoản 1",
    "TRIAL_PREPARATION_AFTER_RETURN": "BLTTHS 2015, Điều 277 khoản 2",
    "HEARING_OPENING": "BLTTHS 2015, Điều 277 khoản 3",
    # Not in LEGAL.md's tables: docs/procedural-decisions.md.
    "HEARING_REOPENING": "BLTTHS 2015, Điều 297 khoản 2",
    "APPELLATE_HEARING_REOPENING": "BLTTHS 2015, Điều 352 khoản 2",
    "JUDGMENT_DELIVERY": "BLTTHS 2015, Điều 262",
    "APPEAL": "BLTTHS 2015, Điều 333",
    "PROTEST": "BLTTHS 2015, Điều 337",
    "APPELLATE_DECISION": "BLTTHS 2015, Điều 346 khoản 2",
    "APPELLATE_HEARING": "BLTTHS 2015, Điều 346 khoản 1",
    "EXPERTISE": "BLTTHS 2015, Điều 208",
    "EXECUTION_DECISION": "BLTTHS 2015, Điều 364 khoản 2",
    "CIVIL_ENFORCEMENT": "Luật Thi hành án dân sự 2008, Điều 36 khoản 2",
}


@pytest.mark.parametrize(("code", "label"), BASES.items(), ids=list(BASES))
def test_every_rule_cites_the_article_legal_md_gives(code: str, label: str) -> None:
    # given
    clock = CATALOG[code]

    # when
    cited = clock.basis.label

    # then
    assert cited == label


def test_the_catalogue_holds_exactly_the_specified_clocks() -> None:
    # given
    specified = set(BASES)

    # when
    implemented = set(CATALOG)

    # then
    assert implemented == specified


TABLE = [
    # §1.1 — 10/04 + 20 = 30/04 (holiday), 01/05 holiday, weekend → Monday 04/05
    case(
        "DENUNCIATION", {"nominal_end": "2026-04-30", "deadline": "2026-05-04"}, start="2026-04-10"
    ),
    case("DENUNCIATION", {"deadline": "2026-07-21"}, start="2026-07-01"),
    # 2 months from receipt → 10/05 (Sunday) → 11/05; request ≥ 5 days before 10/05
    case(
        "DENUNCIATION_PROLONGED",
        {
            "nominal_end": "2026-05-10",
            "deadline": "2026-05-11",
            "extension_request_by": "2026-05-05",
            "max_deadline": "2026-07-10",
        },
        start="2026-03-10",
    ),
    case(
        "DENUNCIATION_PROLONGED",
        {"deadline": "2026-07-10", "extension_request_by": None, "max_deadline": "2026-07-10"},
        start="2026-03-10",
        extensions=[{"months": 2}],
    ),
    # 31/01 + 1 month → 28/02 (clamped; Saturday) → Monday 02/03
    case("DENUNCIATION_AFTER_ANNULMENT", {"deadline": "2026-03-02"}, start="2026-01-31"),
    # 31/03 + 1 month → 30/04 (clamped; holiday) → 04/05
    case(
        "DENUNCIATION_AFTER_RESUMPTION",
        {"nominal_end": "2026-04-30", "deadline": "2026-05-04"},
        start="2026-03-31",
    ),
    # §1.2 — the acceptance example
    case(
        "INVESTIGATION",
        {
            "deadline": "2026-10-30",
            "extension_request_by": "2026-10-20",
            "max_deadline": "2027-06-28",
        },
        start="2026-06-30",
        category="RNT",
    ),
    case(
        "INVESTIGATION",
        {
            "deadline": "2026-03-16",
            "extension_request_by": "2026-03-05",
            "max_deadline": "2026-05-15",
        },
        start="2026-01-15",
        category="ITN",
    ),
    case(
        "INVESTIGATION",
        {"deadline": "2026-09-15", "extension_request_by": None, "max_deadline": "2026-09-15"},
        start="2026-01-15",
        category="NT",
        extensions=[{"months": 3}, {"months": 2}],
    ),
    # DBNT national security: 3 VKS extensions + PG "very complex" + PG national security
    case(
        "INVESTIGATION",
        {
            "deadline": "2027-09-10",
            "extension_request_by": "2027-08-31",
            "max_deadline": "2028-01-10",
        },
        start="2026-01-10",
        category="DBNT",
        national_security=True,
        extensions=[{"months": 4}] * 4,
    ),
    # §1.3
    case(
        "INVESTIGATION_RESUMED",
        {
            "deadline": "2026-05-05",
            "extension_request_by": "2026-04-24",
            "max_deadline": "2026-07-06",
        },
        start="2026-02-05",
        category="RNT",
    ),
    case(
        "SUPPLEMENTARY_INVESTIGATION",
        {"deadline": "2026-09-15"},
        start="2026-07-15",
        variant="PROCURACY",
    ),
    # 31/07 + 1 month = 31/08, the swapped Monday, then National Day → 03/09
    case(
        "SUPPLEMENTARY_INVESTIGATION",
        {"nominal_end": "2026-08-31", "deadline": "2026-09-03"},
        start="2026-07-31",
        variant="COURT",
    ),
    case("REINVESTIGATION", {"deadline": "2027-03-01"}, start="2026-11-30", category="NT"),
    # §1.4 — TTLT 04/2018 Art.17 example
    case(
        "CUSTODY",
        {
            "deadline_at": "2026-03-04T10:00",
            "deadline": "2026-03-04",
            "max_deadline_at": "2026-03-10T10:00",
        },
        start="2026-03-01T10:00",
    ),
    case(
        "CUSTODY",
        {"deadline_at": "2026-03-10T10:00", "max_deadline_at": "2026-03-10T10:00"},
        start="2026-03-01T10:00",
        extensions=[{"days": 3}, {"days": 3}],
    ),
    # R4: 2 months = 60 days, 01/03 is day 1 → 29/04 (01/03–30/04 would be 61 days)
    case(
        "DETENTION",
        {
            "deadline": "2026-04-29",
            "extension_request_by": "2026-04-17",
            "max_deadline": "2026-05-29",
        },
        start="2026-03-01",
        category="ITN",
        variant="INVESTIGATION",
    ),
    case(
        "DETENTION",
        {"deadline": "2026-05-20", "max_deadline": "2026-05-30"},
        start="2026-05-01",
        category="NT",
        variant="PROSECUTION",
    ),
    case(
        "DETENTION",
        {"deadline": "2026-08-29"},
        start="2026-06-01",
        category="RNT",
        variant="TRIAL_PREPARATION",
        extensions=[{"days": 30}],
    ),
    case("DETENTION", {"deadline": "2026-03-30"}, start="2026-02-14", variant="AFTER_SENTENCE"),
    case("DETENTION", {"deadline": "2027-02-02"}, start="2026-12-20", variant="AFTER_APPEAL"),
    # §1.5 — 01/04 + 30 = 01/05 (holiday) → 04/05; extension 15 days from the nominal 01/05
    case(
        "PROSECUTION",
        {"deadline": "2026-05-04", "max_deadline": "2026-05-18"},
        start="2026-04-01",
        category="RNT",
    ),
    case(
        "PROSECUTION",
        {"deadline": "2026-07-31"},
        start="2026-06-01",
        category="DBNT",
        extensions=[{"days": 30}],
    ),
    # §1.6 — 05/01 + 45 days = 19/02, inside Tết → 23/02
    case("TRIAL_PREPARATION", {"deadline": "2026-02-23"}, start="2026-01-05", category="NT"),
    # 2 months (R3) then 30 days (R2) chained from the nominal end
    case(
        "TRIAL_PREPARATION",
        {"nominal_end": "2026-04-04", "deadline": "2026-04-06"},
        start="2026-01-05",
        category="RNT",
        extensions=[{"days": 30}],
    ),
    # 07/08 + 15 = 22/08, a Saturday worked to bridge National Day
    case("TRIAL_PREPARATION_AFTER_RETURN", {"deadline": "2026-08-22"}, start="2026-08-07"),
    case("HEARING_OPENING", {"deadline": "2027-01-04"}, start="2026-12-17"),
    case(
        "HEARING_OPENING", {"deadline": "2026-03-31"}, start="2026-03-01", variant="FORCE_MAJEURE"
    ),
    # 17/04 + 10 = 27/04, the day off in lieu of Giỗ Tổ (Sunday 26/04) → 28/04
    case("JUDGMENT_DELIVERY", {"deadline": "2026-04-28"}, start="2026-04-17"),
    # §1.7
    case("APPEAL", {"deadline": "2026-02-23"}, start="2026-02-01"),
    case("APPEAL", {"deadline": "2026-06-10"}, start="2026-06-03", variant="DECISION"),
    case("PROTEST", {"deadline": "2026-06-18"}, start="2026-06-03", variant="SAME_LEVEL_JUDGMENT"),
    case("PROTEST", {"deadline": "2026-07-03"}, start="2026-06-03", variant="SUPERIOR_JUDGMENT"),
    case("PROTEST", {"deadline": "2026-06-10"}, start="2026-06-03", variant="SAME_LEVEL_DECISION"),
    case("PROTEST", {"deadline": "2026-06-18"}, start="2026-06-03", variant="SUPERIOR_DECISION"),
    case("APPELLATE_DECISION", {"deadline": "2026-04-15"}, start="2026-03-01"),
    case("APPELLATE_DECISION", {"deadline": "2026-05-15"}, start="2026-03-01", variant="SUPREME"),
    case("APPELLATE_HEARING", {"deadline": "2026-05-04"}, start="2026-03-01"),
    case("APPELLATE_HEARING", {"deadline": "2026-06-01"}, start="2026-03-01", variant="SUPREME"),
    # §1.8 — 31/05 + 3 months = 31/08 (swapped Monday) → 03/09
    case("EXPERTISE", {"deadline": "2026-09-03"}, start="2026-05-31", variant="PSYCHIATRIC"),
    case("EXPERTISE", {"deadline": "2026-03-02"}, start="2026-01-30", variant="DEATH_OR_POLLUTION"),
    case("EXPERTISE", {"deadline": "2026-02-23"}, start="2026-02-07", variant="NINE_DAYS"),
    case(
        "EXPERTISE",
        {"deadline": "2026-05-25"},
        start="2026-01-10",
        variant="OTHER",
        extensions=[{"days": 45}],
    ),
    case(
        "EXPERTISE",
        {"deadline": "2026-05-11", "max_deadline": "2026-07-10"},
        start="2026-01-10",
        variant="OTHER_COMPLEX",
    ),
    # §1.9 — 23/04 + 7 = 30/04 → 04/05
    case("EXECUTION_DECISION", {"deadline": "2026-05-04"}, start="2026-04-23"),
    # 5 working days after Friday 24/04: 28, 29/04, 04, 05, 06/05
    case("CIVIL_ENFORCEMENT", {"deadline": "2026-05-06"}, start="2026-04-24"),
]


@pytest.mark.parametrize(("item", "expected"), TABLE)
def test_deadline_follows_the_statutory_table(item, expected, official) -> None:
    # given an example worked by hand from LEGAL.md §1

    # when
    result = calculate(item, official)

    # then
    assert "error" not in result, result.get("error")
    assert {key: result[key] for key in expected} == expected
    assert result["basis"].startswith(("BLTTHS 2015, Điều", "Luật"))
