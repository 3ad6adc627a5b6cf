"""The state-secret mark a document carries (dấu chỉ độ mật).

A document that names or counts a classified case is itself a state-secret document of
the highest level among those cases (Law on Protection of State Secrets 2018, Art. 8;
LEGAL.md §6). The mark is the stamp of Circular 24/2020/TT-BCA, form 02: the level in
bold capitals in a rectangle, in red ink (Art. 3(2) of the circular: CONFIRMED), placed
under the number and symbol (Decree 30/2020 Appendix I, box 10a; recalled – verify).
The box sizes (40, 30, 20 × 8 mm) are those of the earlier Circular 33/2015/TT-BCA,
kept by form 02 as far as a secondary source shows: recalled – verify.

Decree 26/2020/NĐ-CP Art. 2 asks a state-secret document to state, in its recipients
("Nơi nhận"), how many copies were made, who drafted it and whether it may be copied:
``copies_note`` writes that line (recalled – verify).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from phoihop.domain.access.classification import Classification

MARK_TEXTS = {
    Classification.CONFIDENTIAL: "MẬT",
    Classification.SECRET: "TỐI MẬT",
    Classification.TOP_SECRET: "TUYỆT MẬT",
}
MARK_WIDTH_MM = {
    Classification.CONFIDENTIAL: 20,
    Classification.SECRET: 30,
    Classification.TOP_SECRET: 40,
}
MARK_HEIGHT_MM = 8
MARK_SIZE_PT = 13
MARK_COLOUR = "FF0000"  # red ink (Circular 24/2020/TT-BCA Art. 3(2))


@dataclass(frozen=True)
class SecretMark:
    level: Classification

    @classmethod
    def highest(cls, levels: Iterable[int]) -> SecretMark | None:
        """The mark of a document naming cases of these levels; None when none is
        classified."""
        top = max((Classification(level) for level in levels), default=Classification.NONE)
        return cls(top) if top > Classification.NONE else None

    @property
    def text(self) -> str:
        return MARK_TEXTS[self.level]

    @property
    def width_mm(self) -> int:
        return MARK_WIDTH_MM[self.level]


def mark_text(level: int) -> str:
    """ "MẬT", "TỐI MẬT", "TUYỆT MẬT"; "" for an unclassified document."""
    return MARK_TEXTS.get(Classification(level), "")


def copies_note(copies: int, drafter: str, *, may_copy: bool = False) -> str:
    """The line Decree 26/2020 Art. 2 asks for in the recipients of a secret document."""
    allowed = "được phép sao, chụp" if may_copy else "không được phép sao, chụp"
    return f"Số lượng: {copies:02d} bản; người soạn thảo: {drafter}; {allowed}."
