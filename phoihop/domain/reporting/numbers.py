"""How the reports write their numbers: one rounding rule and Vietnamese digits.

The periodic report and the overview show the same medians and shares; both round
with ``round_half_up`` (2,5 ngày is 3 ngày, as a reader rounds by hand), never with
Python's ``round`` or ``:.0f``, which round a half to the even neighbour (2,5 → 2).

Vietnamese writes a full stop between thousands and a comma before the decimals
(1.121 vụ; 12,5%), in a sentence as in a table; ``vietnamese_number`` writes a number
so, wherever a document prints one."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: int | float | Decimal, places: int = 0) -> Decimal:
    """``value`` rounded to ``places`` decimals, a half away from zero (2.5 → 3,
    -2.5 → -3). A float is read as the shortest decimal that prints it (1.005 is
    1.005, not the binary 1.00499…), the number the reader would see."""
    if places < 0:
        raise ValueError("places must be 0 or more")
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def whole(value: int | float | Decimal) -> int:
    """``value`` rounded half up to a whole number (a median of days)."""
    return int(round_half_up(value))


def vietnamese_number(value: int | float | Decimal, places: int = 0) -> str:
    """1121 → "1.121"; 1250000 → "1.250.000"; (12.25, 1) → "12,3"; -1500 → "-1.500".
    A value with decimals is rounded half up to ``places`` first."""
    rounded = round_half_up(value, places)
    sign = "-" if rounded < 0 else ""
    digits = f"{abs(rounded):.{places}f}"
    whole_part, _, decimals = digits.partition(".")
    grouped = f"{int(whole_part):,}".replace(",", ".")
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"
