"""Every body the registry holds in force heads its documents on lines that fit the
header's column, broken between phrases, under the body above it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phoihop.documents.issuers import RegistryBody, derive_issuer
from phoihop.documents.layout import bold_text_width_mm, fitted_lines, layout_for

DATA = Path(__file__).resolve().parents[3] / "phoihop" / "data"
PROVINCES = {p["code"]: p for p in json.loads((DATA / "provinces.json").read_text())["provinces"]}
AGENCIES = json.loads((DATA / "agencies.json").read_text())
BY_CODE = {a["code"]: a for a in AGENCIES}


def _body(row: dict) -> RegistryBody:  # type: ignore[type-arg]
    province = PROVINCES.get(row["province"])
    parent = BY_CODE.get(row["parent"]) if row["parent"] else None
    return RegistryBody(
        kind=row["kind"],
        level=row["level"],
        name=row["name"],
        code=row["code"],
        province_name=province["name"] if province else None,
        province_code=row["province"],
        province_is_city=bool(province and province["kind"].startswith("thành phố")),
        parent_name=parent["name"] if parent else None,
    )


@pytest.mark.parametrize(
    "row", [a for a in AGENCIES if a["valid_to"] is None], ids=lambda a: a["code"]
)
def test_every_body_in_force_heads_its_documents_within_the_column(row: dict) -> None:  # type: ignore[type-arg]
    issuer = derive_issuer(_body(row))
    layout = layout_for(issuer.variant)
    lines = fitted_lines(issuer.name, layout.left_column_mm, layout.sizes.issuing_agency)
    assert issuer.symbol
    assert all(
        bold_text_width_mm(line, layout.sizes.issuing_agency) <= layout.left_column_mm
        for line in lines
    ), lines
    assert issuer.name.replace("\n", " ").split() == " ".join(lines).split()  # no word lost


@pytest.mark.parametrize(
    ("code", "superior", "lines"),
    [
        (
            "BCA-C03",
            "BỘ CÔNG AN",
            ["CỤC CẢNH SÁT ĐIỀU TRA", "TỘI PHẠM VỀ THAM NHŨNG,", "KINH TẾ, BUÔN LẬU"],
        ),
        ("VKSTC", None, ["VIỆN KIỂM SÁT", "NHÂN DÂN TỐI CAO"]),
        ("HCM-TA", "TÒA ÁN NHÂN DÂN TỐI CAO", ["TÒA ÁN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
        ("AG-PY", None, ["TRUNG TÂM PHÁP Y", "TỈNH AN GIANG"]),
        ("AG-CSDT", "CÔNG AN TỈNH AN GIANG", ["CƠ QUAN CẢNH SÁT ĐIỀU TRA"]),
    ],
)
def test_a_long_name_breaks_between_phrases_never_inside_a_word(
    code: str, superior: str | None, lines: list[str]
) -> None:
    issuer = derive_issuer(_body(BY_CODE[code]))
    layout = layout_for(issuer.variant)
    assert issuer.superior == superior
    assert fitted_lines(issuer.name, layout.left_column_mm, layout.sizes.issuing_agency) == lines
