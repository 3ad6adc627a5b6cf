"""Crime categories of the Penal Code (Art. 9): the key of almost every clock table."""

from __future__ import annotations

from enum import StrEnum


class CrimeCategory(StrEnum):
    ITN = "ITN"  # ít nghiêm trọng: up to 3 years
    NT = "NT"  # nghiêm trọng: over 3 up to 7 years
    RNT = "RNT"  # rất nghiêm trọng: over 7 up to 15 years
    DBNT = "DBNT"  # đặc biệt nghiêm trọng: over 15 years, life or death

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {CrimeCategory.ITN: 1, CrimeCategory.NT: 2, CrimeCategory.RNT: 3, CrimeCategory.DBNT: 4}
