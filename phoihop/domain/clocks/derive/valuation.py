"""The asset valuation clock (Art. 216), the one clock built per request instead of
taken from the catalogue."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from phoihop.domain.crimes import CrimeCategory

from ..rules import ClockRule, CountingMode, Duration, LegalBasis, Note, Terms
from ..validation import build_catalog

# Art. 216 sets no period for asset valuation: the request states it. The clock is built
# here from that period and is not in the catalogue (LEGAL.md §1.8 VAL-PERIOD).
VALUATION: Final = "VALUATION"
VALUATION_LABEL: Final = "Thời hạn định giá tài sản"


@lru_cache(maxsize=256)  # requests state a few usual periods (30 days, 2 months)
def _valuation_rule(length: Duration) -> ClockRule:
    """216: the period the request states, counted as any procedural period (R2/R3).
    Built per period and checked like a catalogue rule, but not in the catalogue."""
    basis = LegalBasis(code="BLTTHS-2015", article=216)
    rule = ClockRule(
        code=VALUATION,
        label=VALUATION_LABEL,
        start_event="ngày Hội đồng định giá tài sản nhận yêu cầu định giá",
        counting=CountingMode.PROCEDURAL_DAYS,
        basis=basis,
        terms=Terms(
            basis=basis,
            label="Theo thời hạn ghi trong văn bản yêu cầu định giá",
            base=dict.fromkeys(CrimeCategory, length),
            notes=(
                Note(
                    "Điều 216 không quy định số ngày: thời hạn là thời hạn ghi trong văn bản yêu "
                    "cầu; Hội đồng định giá phải thông báo bằng văn bản nếu không thực hiện được."
                ),
            ),
        ),
    )
    return build_catalog((rule,))[VALUATION]
