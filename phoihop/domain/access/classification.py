"""State-secret levels (Law on Protection of State Secrets 2018, Art. 8)."""

from __future__ import annotations

from enum import IntEnum


class Classification(IntEnum):
    """Ordered: a clearance reaches a classification when it is at least as high."""

    NONE = 0
    CONFIDENTIAL = 1  # Mật
    SECRET = 2  # Tối mật
    TOP_SECRET = 3  # Tuyệt mật

    def reaches(self, classification: Classification) -> bool:
        return self >= classification
