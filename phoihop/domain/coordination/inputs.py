"""Checks on the free text users type into coordination records, and how dates read
in the Vietnamese messages."""

from __future__ import annotations

from datetime import date

from phoihop.domain.errors import InvalidInput


def required_text(value: str | None, *, field: str, what: str) -> str:
    """The text stripped of surrounding blanks; InvalidInput naming ``field`` when
    nothing is left. ``what`` names the text in Vietnamese ("lý do từ chối")."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"Cần nhập {what}.", code="input.required", field=field)
    return text


def day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"
