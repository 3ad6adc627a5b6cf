"""Figures a release states, checked against the case record before approval.

A release is written by hand from the record; a figure copied wrong ("12 bị can" when
the record holds 11, "thiệt hại 45 tỷ đồng" when the assessed damage is 4.5 billion)
is published under the bloc's name. The check reads the figures the text states in
digits — counts of accused and amounts of damage and recovery — and names each that
the record contradicts. Figures written in words ("mười hai bị can") are not read:
the release form asks for digits, and the reviewer still reads the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Figure(StrEnum):
    ACCUSED = "accused"  # bị can, bị cáo
    DAMAGE = "damage"  # thiệt hại, VND
    RECOVERED = "recovered"  # thu hồi, VND


FIGURE_LABELS_VI = {
    Figure.ACCUSED: "số bị can, bị cáo",
    Figure.DAMAGE: "số tiền thiệt hại",
    Figure.RECOVERED: "số tiền đã thu hồi",
}


@dataclass(frozen=True)
class RecordFigures:
    """What the record holds: the accused (persons charged), the damage assessed and
    the amount recovered, in đồng."""

    accused: int
    damage_vnd: int
    recovered_vnd: int

    def value(self, figure: Figure) -> int:
        return {
            Figure.ACCUSED: self.accused,
            Figure.DAMAGE: self.damage_vnd,
            Figure.RECOVERED: self.recovered_vnd,
        }[figure]


@dataclass(frozen=True)
class Contradiction:
    figure: Figure
    stated: str  # as written in the text
    recorded: int

    @property
    def message(self) -> str:
        recorded = f"{self.recorded:,}".replace(",", ".")
        unit = "" if self.figure is Figure.ACCUSED else " đồng"
        return (
            f"«{self.stated}»: {FIGURE_LABELS_VI[self.figure]} không khớp hồ sơ "
            f"(hồ sơ ghi {recorded}{unit})."
        )


_COUNT = re.compile(r"(?<![\d.,])(\d{1,4})\s+(?:bị\s+can|bị\s+cáo)", re.IGNORECASE)
_AMOUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(nghìn\s+tỷ|tỷ|triệu|nghìn)?\s*(?:đồng|VNĐ|VND)",
    re.IGNORECASE,
)
_UNITS = {
    None: Decimal(1),
    "nghìn": Decimal(10) ** 3,
    "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9,
    "nghìn tỷ": Decimal(10) ** 12,
}
# Which amount is which: the nearest of these words before it, within its sentence.
_AMOUNT_KINDS = (
    (Figure.RECOVERED, re.compile(r"thu\s+hồi|khắc\s+phục|nộp\s+lại", re.IGNORECASE)),
    (Figure.DAMAGE, re.compile(r"thiệt\s+hại|gây\s+thất\s+thoát|chiếm\s+đoạt", re.IGNORECASE)),
)
_SENTENCE_END = re.compile(r"[.;!?\n](?=\s|$)")


def stated_amount(number: str, unit: str | None) -> tuple[Decimal, Decimal]:
    """The amount a text states, in đồng, and how far it may lie from the record for
    the rounding the writer chose ("12,5 tỷ" is anything from 12.45 to 12.55 billion).
    Vietnamese writing: dots group thousands, a comma marks decimals."""
    scale = _UNITS[" ".join(unit.lower().split()) if unit else None]
    if "," in number:
        whole, decimals = number.split(",")
        value = Decimal(f"{whole}.{decimals}")
        step = Decimal(10) ** -len(decimals)
    else:
        value = Decimal(number.replace(".", ""))
        step = Decimal(1)
    return value * scale, step * scale / 2


def _kind_of_amount(text: str, start: int) -> Figure | None:
    sentence_start = 0
    for end in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = end.end()
    before = text[sentence_start:start]
    nearest: tuple[int, Figure] | None = None
    for figure, words in _AMOUNT_KINDS:
        for match in words.finditer(before):
            if nearest is None or match.start() > nearest[0]:
                nearest = (match.start(), figure)
    return nearest[1] if nearest else None


def contradictions(text: str, record: RecordFigures) -> list[Contradiction]:
    """Each figure stated in ``text`` that the record contradicts, in text order."""
    found: list[tuple[int, Contradiction]] = []
    for match in _COUNT.finditer(text):
        if int(match.group(1)) != record.accused:
            found.append(
                (match.start(), Contradiction(Figure.ACCUSED, match.group(0), record.accused))
            )
    for match in _AMOUNT.finditer(text):
        figure = _kind_of_amount(text, match.start())
        if figure is None:
            continue
        try:
            amount, tolerance = stated_amount(match.group(1), match.group(2))
        except (InvalidOperation, ValueError):
            continue
        recorded = record.value(figure)
        if abs(amount - recorded) > tolerance:
            found.append((match.start(), Contradiction(figure, match.group(0), recorded)))
    return [c for _, c in sorted(found, key=lambda pair: pair[0])]
