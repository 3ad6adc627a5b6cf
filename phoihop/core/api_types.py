"""Input types of the JSON API. Strings refuse NUL bytes (PostgreSQL cannot store them,
and they have no business in a case record)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("chuỗi chứa ký tự NUL không hợp lệ")
    return value


CleanStr = Annotated[str, AfterValidator(_no_nul)]
