"""The province and agency registry files (phoihop/data/*.json) hold together."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from phoihop.demo.vocabulary import PROVINCES as VOCABULARY_PROVINCES
from phoihop.domain.organisation import AgencyKind, AgencyLevel

DATA_DIR = Path(__file__).resolve().parents[3] / "phoihop" / "data"
REFORM_DAY = dt.date(2025, 7, 1)
CORE_KINDS = {"steering", "internal_affairs", "investigation", "procuracy", "court"}
PROVINCE_KINDS = {"tỉnh", "thành phố trực thuộc trung ương"}
AGENCY_KEYS = {
    "code", "name", "short_name", "kind", "level", "province", "parent", "valid_from", "valid_to",
}  # fmt: skip


def _load(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


PROVINCES_FILE = _load("provinces.json")
CURRENT = PROVINCES_FILE["provinces"]
FORMER = PROVINCES_FILE["former_provinces"]
ALL_PROVINCES = {row["code"]: row for row in CURRENT + FORMER}
AGENCIES = _load("agencies.json")
AGENCY_BY_CODE = {row["code"]: row for row in AGENCIES}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _valid_on(row: dict[str, Any], day: dt.date) -> bool:
    start, end = _date(row.get("valid_from")), _date(row.get("valid_to"))
    return (start is None or start <= day) and (end is None or day <= end)


# provinces


def test_province_codes_are_unique_ascii_across_current_and_former() -> None:
    codes = [row["code"] for row in CURRENT + FORMER]
    assert len(codes) == len(set(codes))
    assert all(code.isascii() and code.isupper() and len(code) <= 16 for code in codes)


def test_exactly_34_provinces_are_valid_from_the_reform_on(today: dt.date) -> None:
    for day in (REFORM_DAY, dt.date(2026, 1, 1), today):
        valid = [row for row in CURRENT + FORMER if _valid_on(row, day)]
        assert len(valid) == 34, day
        assert {row["code"] for row in valid} == {row["code"] for row in CURRENT}, day


def test_the_34_are_11_unchanged_and_23_merged_28_provinces_and_6_cities() -> None:
    assert len(CURRENT) == 34
    assert sum(1 for row in CURRENT if not row["merged_from"]) == 11
    assert sum(1 for row in CURRENT if row["merged_from"]) == 23
    assert Counter(row["kind"] for row in CURRENT) == {
        "tỉnh": 28,
        "thành phố trực thuộc trung ương": 6,
    }
    assert all(row["valid_from"] == "2025-07-01" and row["valid_to"] is None for row in CURRENT)


def test_63_former_provinces_make_the_34() -> None:
    merged_names = [name for row in CURRENT for name in row["merged_from"]]
    unchanged = [row for row in CURRENT if not row["merged_from"]]
    assert len(merged_names) == len(set(merged_names)) == 52
    assert len(merged_names) + len(unchanged) == 63


def test_every_province_has_a_kind_and_a_name_with_diacritics() -> None:
    for row in CURRENT + FORMER:
        assert row["kind"] in PROVINCE_KINDS, row
        assert unicodedata.is_normalized("NFC", row["name"]), row
        assert row["name"] in row["full_name"], row


def test_a_merged_province_keeps_its_own_name_and_each_former_one_points_to_it() -> None:
    former_by_name = {row["name"]: row for row in FORMER}
    for row in CURRENT:
        if not row["merged_from"]:
            continue
        assert row["merged_from"][0] == row["name"], row
        for old_name in row["merged_from"][1:]:
            assert former_by_name[old_name]["merged_into"] == row["code"]
            assert former_by_name[old_name]["valid_to"] == "2025-06-30"


def test_former_provinces_end_before_the_reform_and_point_to_a_current_one() -> None:
    current_codes = {row["code"] for row in CURRENT}
    for row in FORMER:
        assert row["merged_into"] in current_codes, row
        assert _date(row["valid_to"]) < REFORM_DAY, row


def test_the_demo_vocabulary_knows_exactly_the_current_provinces() -> None:
    assert set(VOCABULARY_PROVINCES) == {row["code"] for row in CURRENT}


# agencies


def test_agency_rows_have_exactly_the_expected_keys() -> None:
    for row in AGENCIES:
        assert set(row) == AGENCY_KEYS, row


def test_agency_codes_are_unique_ascii() -> None:
    codes = [row["code"] for row in AGENCIES]
    assert [code for code, n in Counter(codes).items() if n > 1] == []
    assert all(code.isascii() and " " not in code for code in codes)


def test_kinds_and_levels_are_the_domain_values() -> None:
    assert {k.value for k in AgencyKind} == {
        "steering", "internal_affairs", "investigation", "procuracy", "court", "inspection",
        "expertise", "valuation", "enforcement",
    }  # fmt: skip
    assert {v.value for v in AgencyLevel} == {"central", "provincial", "regional"}
    for row in AGENCIES:
        assert row["kind"] in {k.value for k in AgencyKind}, row
        assert row["level"] in {v.value for v in AgencyLevel}, row


def test_lengths_fit_the_registry_columns() -> None:
    # phoihop.agencies.models.Agency: code 32, name 255, short_name 120
    for row in AGENCIES:
        assert len(row["code"]) <= 32, row
        assert len(row["name"]) <= 255, row
        assert 0 < len(row["short_name"]) <= 120, row


def test_validity_ranges_are_ordered() -> None:
    for row in AGENCIES:
        start, end = _date(row["valid_from"]), _date(row["valid_to"])
        assert start is not None, row
        assert end is None or start <= end, row


def test_provinces_exist_and_only_central_bodies_have_none() -> None:
    for row in AGENCIES:
        if row["level"] == "central":
            assert row["province"] is None, row
        else:
            assert row["province"] in ALL_PROVINCES, row


def test_agencies_of_a_former_province_end_with_it() -> None:
    for row in AGENCIES:
        province = ALL_PROVINCES.get(row["province"] or "")
        if province and province["valid_to"]:
            assert row["valid_to"] is not None, row
            assert _date(row["valid_to"]) <= _date(province["valid_to"]), row


def test_parents_exist_and_are_valid_when_the_child_starts() -> None:
    for row in AGENCIES:
        if row["parent"] is None:
            continue
        parent = AGENCY_BY_CODE.get(row["parent"])
        assert parent is not None, row
        assert parent["code"] != row["code"]
        assert _valid_on(parent, _date(row["valid_from"])), (row, parent)


def test_regional_courts_and_procuracies_hang_under_their_provincial_body() -> None:
    for row in AGENCIES:
        if row["level"] == "regional" and row["kind"] in {"court", "procuracy"}:
            parent = AGENCY_BY_CODE[row["parent"]]
            assert parent["kind"] == row["kind"], row
            assert parent["level"] == "provincial", row
            assert parent["province"] == row["province"], row


@pytest.mark.parametrize("on", ["reform", "today"])
def test_every_province_has_the_five_core_bodies(on: str, today: dt.date) -> None:
    day = REFORM_DAY if on == "reform" else today
    for province in CURRENT:
        kinds = Counter(
            row["kind"]
            for row in AGENCIES
            if row["province"] == province["code"]
            and row["level"] == "provincial"
            and _valid_on(row, day)
        )
        for kind in CORE_KINDS:
            # one of each, but police and security investigation bodies may both be listed
            expected = range(1, 3) if kind == "investigation" else range(1, 2)
            assert kinds[kind] in expected, (province["code"], kind, kinds)


def test_the_central_bodies_are_there() -> None:
    expected = {
        "TW-BCD": "steering",
        "TW-NC": "internal_affairs",
        "BCA-CSDT": "investigation",
        "BCA-ANDT": "investigation",
        "VKSTC": "procuracy",
        "VKSTC-CQDT": "investigation",
        "TATC": "court",
    }
    for code, kind in expected.items():
        row = AGENCY_BY_CODE[code]
        assert (row["kind"], row["level"], row["valid_to"]) == (kind, "central", None)
    assert AGENCY_BY_CODE["VKSTC-CQDT"]["parent"] == "VKSTC"


def test_an_giang_has_regional_courts_procuracies_and_support_bodies_today(today: dt.date) -> None:
    an_giang = [r for r in AGENCIES if r["province"] == "AG" and _valid_on(r, today)]
    kinds = Counter((r["level"], r["kind"]) for r in an_giang)
    assert kinds[("regional", "court")] >= 1
    assert kinds[("regional", "procuracy")] == kinds[("regional", "court")]
    for kind in ("expertise", "valuation", "enforcement"):
        assert kinds[("provincial", kind)] >= 1, kind
    assert AGENCY_BY_CODE["AG-TAKV1"]["name"] == "Tòa án nhân dân khu vực 1 - An Giang"


def test_pre_reform_history_is_kept_and_closed() -> None:
    for code in ("KG-TA", "AG-TA-CU", "AG-TA-LXUYEN", "TACC-HCM"):
        row = AGENCY_BY_CODE[code]
        assert row["valid_to"] == "2025-06-30", row
        assert not _valid_on(row, REFORM_DAY)
        assert _valid_on(row, dt.date(2024, 6, 1))


def test_names_are_vietnamese_with_diacritics() -> None:
    for row in AGENCIES:
        assert unicodedata.is_normalized("NFC", row["name"]), row
        assert not row["name"].isascii(), row
